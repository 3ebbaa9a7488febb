/* tm-ddex-ack.c: DDEX acknowledgements from platforms, read safely
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* An acknowledgement comes from outside: it is read with no network, no DTD,
 * no entity expansion, and a size limit, and only by local names, so that the
 * ERN 4 AcknowledgementMessage (ern-c-sftp/18), its ECHO 1.7 predecessor and
 * the ERN 3 FtpAcknowledgementMessage all work (research/ddex.md §2.4). */

#define G_LOG_DOMAIN "tm-ddex-ack"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "tm-ddex-ack.h"
#include "tm-delivery-error.h"

static gboolean
named (xmlNode    *node,
       const char *name)
{
  return node->type == XML_ELEMENT_NODE && g_strcmp0 ((const char *) node->name, name) == 0;
}

static xmlNode *
first (xmlNode    *parent,
       const char *name)
{
  for (xmlNode *n = parent != NULL ? parent->children : NULL; n != NULL; n = n->next)
    if (named (n, name))
      return n;
  return NULL;
}

/* Depth-first: the first element called @name under @parent. */
static xmlNode *
find (xmlNode    *parent,
      const char *name)
{
  for (xmlNode *n = parent != NULL ? parent->children : NULL; n != NULL; n = n->next)
    {
      xmlNode *found;

      if (named (n, name))
        return n;
      if ((found = find (n, name)) != NULL)
        return found;
    }
  return NULL;
}

static char *
text_of (xmlNode *node)
{
  xmlChar *content = node != NULL ? xmlNodeGetContent (node) : NULL;
  char *text = content != NULL ? g_strstrip (g_strdup ((const char *) content)) : NULL;

  if (content != NULL)
    xmlFree (content);
  if (text != NULL && *text == '\0')
    g_clear_pointer (&text, g_free);
  return text;
}

static void
ignore_errors (void       *data,
               xmlError   *error)
{
}

/**
 * tm_ddex_read_acknowledgement:
 * @name: the file's name, for messages
 * @message_id: (out) (optional): the MessageId it answers, if it says
 *
 * Returns: where the release stands by the acknowledgement: distributed, live,
 *   or needs_attention with the platform's words
 */
TmDeliveryResult *
tm_ddex_read_acknowledgement (const char  *data,
                              gsize        length,
                              const char  *name,
                              char       **message_id,
                              GError     **error)
{
  static const char * const live[] = { "ReleaseMadeAvailableToConsumers", NULL };
  static const char * const accepted[] = {
    "SuccessfullyIngestedByReleaseDistributor", "ReleaseReceivedByReleaseDistributor",
    "ReleaseStagedForPublication", "FileOK", NULL
  };
  xmlParserCtxt *parser;
  xmlDoc *doc;
  xmlNode *root, *release, *status_node;
  g_autofree char *release_status = NULL;
  g_autofree char *file_status = NULL;
  g_autofree char *error_text = NULL;
  g_autofree char *information = NULL;
  TmDeliveryResult *result;

  if (length > TM_DDEX_ACK_MAX_BYTES)
    {
      g_set_error (error, TM_DELIVERY_ERROR, TM_DELIVERY_ERROR_UNKNOWN,
                   _("The acknowledgement %s is larger than %d KiB; it was not read."), name,
                   TM_DDEX_ACK_MAX_BYTES >> 10);
      return NULL;
    }

  parser = xmlNewParserCtxt ();
  xmlSetStructuredErrorFunc (NULL, ignore_errors);
  /* No network, no entity substitution, no DTD loading, no huge trees. */
  doc = xmlCtxtReadMemory (parser, data, (int) length, name, NULL,
                           XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  xmlSetStructuredErrorFunc (NULL, NULL);
  xmlFreeParserCtxt (parser);
  if (doc == NULL || (root = xmlDocGetRootElement (doc)) == NULL)
    {
      if (doc != NULL)
        xmlFreeDoc (doc);
      g_set_error (error, TM_DELIVERY_ERROR, TM_DELIVERY_ERROR_UNKNOWN,
                   _("The acknowledgement %s is not readable XML."), name);
      return NULL;
    }
  if (doc->intSubset != NULL || doc->extSubset != NULL)
    {
      xmlFreeDoc (doc);
      g_set_error (error, TM_DELIVERY_ERROR, TM_DELIVERY_ERROR_UNKNOWN,
                   _("The acknowledgement %s declares a DTD; acknowledgements do not, so it was "
                     "not read."), name);
      return NULL;
    }
  if (!g_str_has_suffix ((const char *) root->name, "AcknowledgementMessage")
      && !g_str_equal ((const char *) root->name, "ErnAcknowledgementStatusMessage"))
    {
      g_set_error (error, TM_DELIVERY_ERROR, TM_DELIVERY_ERROR_UNKNOWN,
                   _("%s is a %s, not an acknowledgement."), name, root->name);
      xmlFreeDoc (doc);
      return NULL;
    }

  /* ERN 4: ReleaseStatus/ReleaseStatus and …/Acknowledgement/MessageStatus/Status.
   * ERN 3: FileStatus and ErrorText at the top. */
  release = find (root, "ReleaseStatus");
  if (release != NULL)
    {
      xmlNode *ack = find (release, "Acknowledgement");

      release_status = text_of (first (release, "ReleaseStatus"));
      error_text = text_of (first (release, "ErrorText"));
      if ((status_node = find (ack, "MessageStatus")) != NULL)
        {
          file_status = text_of (first (status_node, "Status"));
          information = text_of (first (status_node, "Information"));
        }
      if (message_id != NULL)
        *message_id = text_of (first (ack, "MessageId"));
    }
  else
    {
      file_status = text_of (find (root, "FileStatus"));
      error_text = text_of (find (root, "ErrorText"));
    }
  xmlFreeDoc (doc);

  if (release_status != NULL && g_strv_contains (live, release_status))
    return tm_delivery_result_new (TM_DISTRIBUTION_STATUS_LIVE, NULL);
  if ((release_status == NULL || g_strv_contains (accepted, release_status))
      && (file_status == NULL || g_str_equal (file_status, "FileOK"))
      && (release_status != NULL || file_status != NULL))
    return tm_delivery_result_new (TM_DISTRIBUTION_STATUS_DISTRIBUTED, NULL);

  result = tm_delivery_result_new (TM_DISTRIBUTION_STATUS_NEEDS_ATTENTION, NULL);
  result->message = g_strjoin (": ", file_status != NULL && !g_str_equal (file_status, "FileOK")
                                     ? file_status
                                     : release_status != NULL ? release_status
                                                              : _("Rejected without a reason"),
                               error_text != NULL ? error_text : information, NULL);
  return result;
}
