/* tm-ddex-ack.c: DDEX acknowledgements from platforms, read safely
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* An acknowledgement comes from outside: it is read with no network, no DTD,
 * no entity expansion, and a size limit, and only by local names, so that the
 * ERN 4 AcknowledgementMessage (ern-c-sftp/18), its ECHO 1.7 predecessor and
 * the ERN 3 FtpAcknowledgementMessage all work (DDEX ERN Choreography for SFTP,
 * ern-c-sftp/18, and ECHO 1.7). */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "tm-ddex-ack.h"
#include "tm-delivery-error.h"
#include "tm-identifiers.h"
#include "tm-text.h"

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

/* The ICPNs (UPC/EAN) an element names in its ReleaseId, digits only. */
static char *
icpn_of (xmlNode *parent)
{
  g_autofree char *text = text_of (find (find (parent, "ReleaseId"), "ICPN"));

  return text != NULL ? tm_gtin_normalize (text) : NULL;
}

/* The same release, whether written as a UPC (12 digits) or an EAN (13). */
static gboolean
same_gtin (const char *a,
           const char *b)
{
  while (a != NULL && *a == '0')
    a++;
  while (b != NULL && *b == '0')
    b++;
  return a != NULL && b != NULL && g_str_equal (a, b);
}

static TmDeliveryResult *
result_of (const char *release_status,
           const char *file_status,
           const char *error_text,
           const char *information)
{
  static const char * const live[] = { "ReleaseMadeAvailableToConsumers", NULL };
  static const char * const accepted[] = {
    "SuccessfullyIngestedByReleaseDistributor", "ReleaseReceivedByReleaseDistributor",
    "ReleaseStagedForPublication", "FileOK", NULL
  };
  TmDeliveryResult *result;
  g_autofree char *message = NULL;

  if (release_status != NULL && g_strv_contains (live, release_status))
    return tm_delivery_result_new (TM_DISTRIBUTION_STATUS_LIVE, NULL);
  if ((release_status == NULL || g_strv_contains (accepted, release_status))
      && (file_status == NULL || g_str_equal (file_status, "FileOK"))
      && (release_status != NULL || file_status != NULL))
    return tm_delivery_result_new (TM_DISTRIBUTION_STATUS_DISTRIBUTED, NULL);

  result = tm_delivery_result_new (TM_DISTRIBUTION_STATUS_NEEDS_ATTENTION, NULL);
  message = g_strjoin (": ", file_status != NULL && !g_str_equal (file_status, "FileOK")
                             ? file_status
                             : release_status != NULL ? release_status
                                                      : _("Rejected without a reason"),
                       error_text != NULL ? error_text : information, NULL);
  result->message = tm_text_from_outside (message, 1000);
  return result;
}

static TmDeliveryResult *
not_ours (const char  *name,
          const char  *why,
          GError     **error)
{
  g_set_error (error, TM_DELIVERY_ERROR, TM_DELIVERY_ERROR_UNKNOWN,
               _("The acknowledgement %s is not about this delivery: %s."), name, why);
  return NULL;
}

/**
 * tm_ddex_read_acknowledgement:
 * @name: the file's name, for messages
 * @message_id: the MessageId of the message that was delivered
 * @upc: (nullable): the release's UPC or EAN, as the message named it
 *
 * Reads an acknowledgement and applies only what it says of @message_id (and
 * of the release @upc, where it names one): an acknowledgement of another
 * message, or of another release, is an error, as is anything that is not a
 * safe, readable acknowledgement.
 *
 * Returns: where the release stands by the acknowledgement: distributed, live,
 *   or needs_attention with the platform's words
 */
TmDeliveryResult *
tm_ddex_read_acknowledgement (const char  *data,
                              gsize        length,
                              const char  *name,
                              const char  *message_id,
                              const char  *upc,
                              GError     **error)
{
  g_autofree char *expected_upc = upc != NULL ? tm_gtin_normalize (upc) : NULL;
  xmlParserCtxt *parser;
  xmlDoc *doc;
  xmlNode *root, *chosen = NULL, *chosen_ack = NULL;
  g_autofree char *other_id = NULL;
  TmDeliveryResult *result = NULL;
  gboolean any_status = FALSE;

  g_return_val_if_fail (message_id != NULL, NULL);

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
      g_autofree char *kind = tm_text_from_outside ((const char *) root->name, 80);

      g_set_error (error, TM_DELIVERY_ERROR, TM_DELIVERY_ERROR_UNKNOWN,
                   _("%s is a %s, not an acknowledgement."), name, kind);
      xmlFreeDoc (doc);
      return NULL;
    }

  /* ERN 4: one ReleaseStatus per release, each with the Acknowledgements of the
   * messages about it. Ours is the one that names our MessageId. */
  for (xmlNode *n = root->children; n != NULL && chosen == NULL; n = n->next)
    {
      if (!named (n, "ReleaseStatus"))
        continue;
      any_status = TRUE;
      for (xmlNode *a = n->children; a != NULL; a = a->next)
        {
          g_autofree char *id = named (a, "Acknowledgement") ? text_of (first (a, "MessageId"))
                                                             : NULL;

          if (id != NULL && g_str_equal (id, message_id))
            {
              chosen = n;
              chosen_ack = a;
              break;
            }
          if (id != NULL && other_id == NULL)
            other_id = tm_text_from_outside (id, 80);
        }
    }

  if (any_status)
    {
      g_autofree char *icpn = chosen != NULL ? icpn_of (chosen) : NULL;

      if (chosen == NULL)
        {
          g_autofree char *why = other_id != NULL
                                 ? g_strdup_printf (_("it answers the message %s"), other_id)
                                 : g_strdup (_("it names no message"));
          xmlFreeDoc (doc);
          return not_ours (name, why, error);
        }
      if (icpn != NULL && expected_upc != NULL && !same_gtin (icpn, expected_upc))
        {
          g_autofree char *why = g_strdup_printf (_("it is about the release %s"), icpn);

          xmlFreeDoc (doc);
          return not_ours (name, why, error);
        }
      {
        g_autofree char *release_status = text_of (first (chosen, "ReleaseStatus"));
        g_autofree char *error_text = text_of (first (chosen, "ErrorText"));
        xmlNode *status_node = find (chosen_ack, "MessageStatus");
        g_autofree char *file_status = status_node ? text_of (first (status_node, "Status"))
                                                   : NULL;
        g_autofree char *information = status_node ? text_of (first (status_node, "Information"))
                                                   : NULL;

        result = result_of (release_status, file_status, error_text, information);
      }
    }
  else
    {
      /* ERN 3 (FtpAcknowledgementMessage): no MessageId of ours, only the
       * release it is about, which must be this one. */
      g_autofree char *icpn = icpn_of (root);
      g_autofree char *file_status = text_of (find (root, "FileStatus"));
      g_autofree char *error_text = text_of (find (root, "ErrorText"));

      if (icpn == NULL || expected_upc == NULL || !same_gtin (icpn, expected_upc))
        {
          g_autofree char *why = icpn != NULL
                                 ? g_strdup_printf (_("it is about the release %s"), icpn)
                                 : g_strdup (_("it names neither a message nor a release"));
          xmlFreeDoc (doc);
          return not_ours (name, why, error);
        }
      result = result_of (NULL, file_status, error_text, NULL);
    }

  xmlFreeDoc (doc);
  return result;
}
