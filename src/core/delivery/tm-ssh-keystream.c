/* tm-ssh-keystream.c: AES-CTR for libssh2 from keystream made in bulk
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* libssh2 1.10 encrypts a packet 16 bytes at a time, one EVP_Cipher() call
 * per AES block, and OpenSSL's AES-CTR then encrypts that one counter block
 * alone, without the pipelining that makes it fast: on this kind of machine
 * 760 MB/s, against 8 GB/s for the same cipher given 32 KiB at once (openssl
 * speed). On a near upload that was more than a third of TuneMantra's CPU
 * (docs/testing.md).
 *
 * A counter mode's keystream does not depend on the data, so it can be made
 * ahead. This is a small OpenSSL provider offering AES-128, -192 and -256 in
 * counter mode: each context wraps OpenSSL's own AES-CTR from the default
 * provider with the same key and counter, asks it for 4 KiB of keystream at a
 * time (by encrypting zeros) and XORs what it is given with the next bytes of
 * it. Nothing of AES is written here; the bytes out are the default
 * provider's, which the tests check across refills, counter carries, new
 * counters and copies.
 *
 * libssh2 asks for the cipher with EVP_aes_128_ctr(), which OpenSSL 3 fetches
 * from the default library context with that context's default properties.
 * Installing adds the optional "?tunemantra.keystream=yes" to them, so these
 * three ciphers are preferred and every other algorithm is fetched as before;
 * OpenSSL's random generator, which would prefer them too, is told to keep
 * the default provider's.
 * It is not installed where OpenSSL runs with FIPS properties (the FIPS
 * provider has to do the encrypting there) or where the default provider is
 * not available; libssh2 then encrypts as it always did. */

#include "config.h"

#include <string.h>

#include <openssl/core_dispatch.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <openssl/provider.h>
#include <openssl/rand.h>

#include "tm-ssh-keystream.h"

#define KEYSTREAM_BYTES 4096
#define AES_BLOCK       16
#define IV_BYTES        16
#define PROPERTY        "tunemantra.keystream"

typedef enum
{
  AES_128,
  AES_192,
  AES_256,
  N_KEY_SIZES
} KeySize;

static const char * const cipher_names[N_KEY_SIZES] = {
  "AES-128-CTR", "AES-192-CTR", "AES-256-CTR",
};
static const size_t key_bytes[N_KEY_SIZES] = { 16, 24, 32 };

/* The default provider's, fetched once at installation, and this provider,
 * both kept for the process. */
static EVP_CIPHER *inner_ciphers[N_KEY_SIZES];
static OSSL_PROVIDER *keystream_provider;
static int live_contexts;

typedef struct
{
  KeySize         size;
  gboolean        key_set;
  EVP_CIPHER_CTX *inner;     /* the default provider's AES-CTR, same key and counter */
  gsize           used;      /* bytes of the keystream already given out */
  guint8          stream[KEYSTREAM_BYTES];
} Keystream;

static Keystream *
keystream_new (KeySize size)
{
  Keystream *self = g_new0 (Keystream, 1);

  self->size = size;
  self->used = KEYSTREAM_BYTES;
  self->inner = EVP_CIPHER_CTX_new ();
  if (self->inner == NULL)
    g_clear_pointer (&self, g_free);
  else
    g_atomic_int_inc (&live_contexts);
  return self;
}

static void *
new_aes_128 (void *provider)
{
  return keystream_new (AES_128);
}

static void *
new_aes_192 (void *provider)
{
  return keystream_new (AES_192);
}

static void *
new_aes_256 (void *provider)
{
  return keystream_new (AES_256);
}

static void
keystream_free (void *data)
{
  Keystream *self = data;

  if (self == NULL)
    return;
  EVP_CIPHER_CTX_free (self->inner);
  OPENSSL_cleanse (self, sizeof *self);
  g_free (self);
  g_atomic_int_add (&live_contexts, -1);
}

static void *
keystream_dup (void *data)
{
  const Keystream *self = data;
  Keystream *copy = g_new (Keystream, 1);

  *copy = *self;
  g_atomic_int_inc (&live_contexts);
  copy->inner = EVP_CIPHER_CTX_new ();
  if (copy->inner == NULL || !EVP_CIPHER_CTX_copy (copy->inner, self->inner))
    {
      keystream_free (copy);
      return NULL;
    }
  return copy;
}

static int
keystream_set_ctx_params (void            *data,
                          const OSSL_PARAM params[])
{
  Keystream *self = data;
  const OSSL_PARAM *p;
  size_t length;

  /* Padding means nothing to a stream; other parameters are not ours. */
  p = OSSL_PARAM_locate_const (params, OSSL_CIPHER_PARAM_KEYLEN);
  if (p != NULL && (!OSSL_PARAM_get_size_t (p, &length) || length != key_bytes[self->size]))
    return 0;
  /* A position inside the keystream cannot be set. */
  if (OSSL_PARAM_locate_const (params, OSSL_CIPHER_PARAM_NUM) != NULL)
    return 0;
  return 1;
}

/* Counter mode decrypts by encrypting: both directions start here. */
static int
keystream_init (void                *data,
                const unsigned char *key,
                size_t               key_length,
                const unsigned char *iv,
                size_t               iv_length,
                const OSSL_PARAM     params[])
{
  Keystream *self = data;
  /* Given again, the cipher would reset the context and lose a key set before. */
  const EVP_CIPHER *cipher = EVP_CIPHER_CTX_get0_cipher (self->inner) == NULL
                             ? inner_ciphers[self->size] : NULL;

  if ((key != NULL && key_length != key_bytes[self->size])
      || (iv != NULL && iv_length != IV_BYTES))
    return 0;
  if (!EVP_EncryptInit_ex2 (self->inner, cipher, key, iv, NULL))
    return 0;
  if (key != NULL)
    self->key_set = TRUE;
  /* Whatever was made ahead belonged to the old key or counter. */
  OPENSSL_cleanse (self->stream, sizeof self->stream);
  self->used = KEYSTREAM_BYTES;
  return keystream_set_ctx_params (self, params);
}

static gboolean
refill (Keystream *self)
{
  static const guint8 zeros[KEYSTREAM_BYTES];
  int length = 0;

  if (!EVP_EncryptUpdate (self->inner, self->stream, &length, zeros, KEYSTREAM_BYTES)
      || length != KEYSTREAM_BYTES)
    return FALSE;
  self->used = 0;
  return TRUE;
}

/* @in and @out may be the same buffer, as with OpenSSL's own. */
static inline void
xor_stream (guint8       *out,
            const guint8 *in,
            const guint8 *stream,
            gsize         length)
{
  gsize i = 0;

  for (; i + sizeof (guint64) <= length; i += sizeof (guint64))
    {
      guint64 a, b;

      memcpy (&a, in + i, sizeof a);
      memcpy (&b, stream + i, sizeof b);
      a ^= b;
      memcpy (out + i, &a, sizeof a);
    }
  for (; i < length; i++)
    out[i] = in[i] ^ stream[i];
}

/* Any length, across refills. */
static G_GNUC_NO_INLINE int
keystream_cipher_any (Keystream           *self,
                      unsigned char       *out,
                      size_t              *out_length,
                      size_t               out_size,
                      const unsigned char *in,
                      size_t               in_length)
{
  gsize done = 0;

  if (!self->key_set || out_size < in_length)
    return 0;
  while (done < in_length)
    {
      gsize n;

      if (self->used == KEYSTREAM_BYTES && !refill (self))
        return 0;
      n = MIN (in_length - done, KEYSTREAM_BYTES - self->used);
      xor_stream (out + done, in + done, self->stream + self->used, n);
      self->used += n;
      done += n;
    }
  *out_length = in_length;
  return 1;
}

static int
keystream_cipher (void                *data,
                  unsigned char       *out,
                  size_t              *out_length,
                  size_t               out_size,
                  const unsigned char *in,
                  size_t               in_length)
{
  Keystream *self = data;

  /* libssh2's call, one block inside what was made, without the loop. */
  if (G_LIKELY (in_length == AES_BLOCK && out_size >= AES_BLOCK && self->key_set
                && self->used <= KEYSTREAM_BYTES - AES_BLOCK))
    {
      xor_stream (out, in, self->stream + self->used, AES_BLOCK);
      self->used += AES_BLOCK;
      *out_length = AES_BLOCK;
      return 1;
    }
  return keystream_cipher_any (self, out, out_length, out_size, in, in_length);
}

static int
keystream_final (void          *data,
                 unsigned char *out,
                 size_t        *out_length,
                 size_t         out_size)
{
  Keystream *self = data;

  *out_length = 0;
  return self->key_set;
}

static int
keystream_get_ctx_params (void       *data,
                          OSSL_PARAM  params[])
{
  Keystream *self = data;
  OSSL_PARAM *p;

  p = OSSL_PARAM_locate (params, OSSL_CIPHER_PARAM_KEYLEN);
  if (p != NULL && !OSSL_PARAM_set_size_t (p, key_bytes[self->size]))
    return 0;
  p = OSSL_PARAM_locate (params, OSSL_CIPHER_PARAM_IVLEN);
  if (p != NULL && !OSSL_PARAM_set_size_t (p, IV_BYTES))
    return 0;
  /* The keystream starts on a block at every new counter. */
  p = OSSL_PARAM_locate (params, OSSL_CIPHER_PARAM_NUM);
  if (p != NULL && !OSSL_PARAM_set_uint (p, self->used % AES_BLOCK))
    return 0;
  /* The inner counter runs ahead of what was given out: not told rather than wrong. */
  if (OSSL_PARAM_locate (params, OSSL_CIPHER_PARAM_IV) != NULL
      || OSSL_PARAM_locate (params, OSSL_CIPHER_PARAM_UPDATED_IV) != NULL)
    return 0;
  return 1;
}

static const OSSL_PARAM *
keystream_gettable_ctx_params (void *context,
                               void *provider)
{
  static const OSSL_PARAM gettable[] = {
    OSSL_PARAM_size_t (OSSL_CIPHER_PARAM_KEYLEN, NULL),
    OSSL_PARAM_size_t (OSSL_CIPHER_PARAM_IVLEN, NULL),
    OSSL_PARAM_uint (OSSL_CIPHER_PARAM_NUM, NULL),
    OSSL_PARAM_END
  };

  return gettable;
}

static const OSSL_PARAM *
keystream_settable_ctx_params (void *context,
                               void *provider)
{
  static const OSSL_PARAM settable[] = {
    OSSL_PARAM_size_t (OSSL_CIPHER_PARAM_KEYLEN, NULL),
    OSSL_PARAM_uint (OSSL_CIPHER_PARAM_PADDING, NULL),
    OSSL_PARAM_END
  };

  return settable;
}

/* What the cipher is, as the default provider says it for counter mode. */
static int
get_params (OSSL_PARAM params[],
            KeySize    size)
{
  static const char * const zero[] = {
    OSSL_CIPHER_PARAM_AEAD, OSSL_CIPHER_PARAM_CUSTOM_IV, OSSL_CIPHER_PARAM_CTS,
    OSSL_CIPHER_PARAM_TLS1_MULTIBLOCK, OSSL_CIPHER_PARAM_HAS_RAND_KEY,
  };
  OSSL_PARAM *p;

  p = OSSL_PARAM_locate (params, OSSL_CIPHER_PARAM_MODE);
  if (p != NULL && !OSSL_PARAM_set_uint (p, EVP_CIPH_CTR_MODE))
    return 0;
  p = OSSL_PARAM_locate (params, OSSL_CIPHER_PARAM_KEYLEN);
  if (p != NULL && !OSSL_PARAM_set_size_t (p, key_bytes[size]))
    return 0;
  p = OSSL_PARAM_locate (params, OSSL_CIPHER_PARAM_IVLEN);
  if (p != NULL && !OSSL_PARAM_set_size_t (p, IV_BYTES))
    return 0;
  /* A stream: one byte in, one byte out. */
  p = OSSL_PARAM_locate (params, OSSL_CIPHER_PARAM_BLOCK_SIZE);
  if (p != NULL && !OSSL_PARAM_set_size_t (p, 1))
    return 0;
  for (gsize i = 0; i < G_N_ELEMENTS (zero); i++)
    {
      p = OSSL_PARAM_locate (params, zero[i]);
      if (p != NULL && !OSSL_PARAM_set_int (p, 0))
        return 0;
    }
  return 1;
}

static int
get_params_aes_128 (OSSL_PARAM params[])
{
  return get_params (params, AES_128);
}

static int
get_params_aes_192 (OSSL_PARAM params[])
{
  return get_params (params, AES_192);
}

static int
get_params_aes_256 (OSSL_PARAM params[])
{
  return get_params (params, AES_256);
}

static const OSSL_PARAM *
gettable_params (void *provider)
{
  static const OSSL_PARAM gettable[] = {
    OSSL_PARAM_uint (OSSL_CIPHER_PARAM_MODE, NULL),
    OSSL_PARAM_size_t (OSSL_CIPHER_PARAM_KEYLEN, NULL),
    OSSL_PARAM_size_t (OSSL_CIPHER_PARAM_IVLEN, NULL),
    OSSL_PARAM_size_t (OSSL_CIPHER_PARAM_BLOCK_SIZE, NULL),
    OSSL_PARAM_int (OSSL_CIPHER_PARAM_AEAD, NULL),
    OSSL_PARAM_int (OSSL_CIPHER_PARAM_CUSTOM_IV, NULL),
    OSSL_PARAM_int (OSSL_CIPHER_PARAM_CTS, NULL),
    OSSL_PARAM_int (OSSL_CIPHER_PARAM_TLS1_MULTIBLOCK, NULL),
    OSSL_PARAM_int (OSSL_CIPHER_PARAM_HAS_RAND_KEY, NULL),
    OSSL_PARAM_END
  };

  return gettable;
}

/* The same functions for the three key sizes, but for the two that know the size. */
#define KEYSTREAM_DISPATCH(size) \
  { \
    { OSSL_FUNC_CIPHER_NEWCTX, (void (*) (void)) new_##size }, \
    { OSSL_FUNC_CIPHER_FREECTX, (void (*) (void)) keystream_free }, \
    { OSSL_FUNC_CIPHER_DUPCTX, (void (*) (void)) keystream_dup }, \
    { OSSL_FUNC_CIPHER_ENCRYPT_INIT, (void (*) (void)) keystream_init }, \
    { OSSL_FUNC_CIPHER_DECRYPT_INIT, (void (*) (void)) keystream_init }, \
    { OSSL_FUNC_CIPHER_UPDATE, (void (*) (void)) keystream_cipher }, \
    { OSSL_FUNC_CIPHER_FINAL, (void (*) (void)) keystream_final }, \
    { OSSL_FUNC_CIPHER_CIPHER, (void (*) (void)) keystream_cipher }, \
    { OSSL_FUNC_CIPHER_GET_PARAMS, (void (*) (void)) get_params_##size }, \
    { OSSL_FUNC_CIPHER_GETTABLE_PARAMS, (void (*) (void)) gettable_params }, \
    { OSSL_FUNC_CIPHER_GET_CTX_PARAMS, (void (*) (void)) keystream_get_ctx_params }, \
    { OSSL_FUNC_CIPHER_SET_CTX_PARAMS, (void (*) (void)) keystream_set_ctx_params }, \
    { OSSL_FUNC_CIPHER_GETTABLE_CTX_PARAMS, (void (*) (void)) keystream_gettable_ctx_params }, \
    { OSSL_FUNC_CIPHER_SETTABLE_CTX_PARAMS, (void (*) (void)) keystream_settable_ctx_params }, \
    { 0, NULL } \
  }

static const OSSL_DISPATCH aes_128_functions[] = KEYSTREAM_DISPATCH (aes_128);
static const OSSL_DISPATCH aes_192_functions[] = KEYSTREAM_DISPATCH (aes_192);
static const OSSL_DISPATCH aes_256_functions[] = KEYSTREAM_DISPATCH (aes_256);

#define ALGORITHM_PROPERTIES "provider=" TM_SSH_KEYSTREAM_PROVIDER "," PROPERTY "=yes"

static const OSSL_ALGORITHM ciphers[] = {
  { "AES-128-CTR", ALGORITHM_PROPERTIES, aes_128_functions, "AES-128-CTR, keystream made ahead" },
  { "AES-192-CTR", ALGORITHM_PROPERTIES, aes_192_functions, "AES-192-CTR, keystream made ahead" },
  { "AES-256-CTR", ALGORITHM_PROPERTIES, aes_256_functions, "AES-256-CTR, keystream made ahead" },
  { NULL, NULL, NULL, NULL }
};

static const OSSL_ALGORITHM *
query_operation (void *provider,
                 int   operation,
                 int  *no_cache)
{
  *no_cache = 0;
  return operation == OSSL_OP_CIPHER ? ciphers : NULL;
}

static const OSSL_DISPATCH provider_functions[] = {
  { OSSL_FUNC_PROVIDER_QUERY_OPERATION, (void (*) (void)) query_operation },
  { 0, NULL }
};

static int
provider_init (const OSSL_CORE_HANDLE  *handle,
               const OSSL_DISPATCH     *in,
               const OSSL_DISPATCH    **out,
               void                   **provider)
{
  *out = provider_functions;
  *provider = (void *) handle;
  return 1;
}

static gpointer
install_once (gpointer data)
{
  const char *reason;

  OPENSSL_init_crypto (OPENSSL_INIT_LOAD_CONFIG, NULL);
  if (EVP_default_properties_is_fips_enabled (NULL))
    return GINT_TO_POINTER (FALSE);

  for (guint i = 0; i < N_KEY_SIZES; i++)
    {
      inner_ciphers[i] = EVP_CIPHER_fetch (NULL, cipher_names[i], "provider=default");
      if (inner_ciphers[i] == NULL)
        goto fail;
    }
  /* Loading a provider by name ends OpenSSL's loading of the default one
   * when nothing is loaded yet: it was (the fetch above), and stays. */
  if (!OSSL_PROVIDER_add_builtin (NULL, TM_SSH_KEYSTREAM_PROVIDER, provider_init))
    goto fail;
  keystream_provider = OSSL_PROVIDER_load (NULL, TM_SSH_KEYSTREAM_PROVIDER);
  if (keystream_provider == NULL)
    goto fail;
  /* OpenSSL's random generator (CTR-DRBG on AES-256-CTR) fetches its cipher
   * with the default properties too, and would take this one: libssh2 asks it
   * for a packet's few bytes of padding, each time with a new counter, and
   * each would cost a context's 4 KiB of keystream. It keeps the default
   * provider's. This must come before its first use;
   * after, it is refused, and that costs speed only. */
  if (!RAND_set_DRBG_type (NULL, NULL, "provider=default", NULL, NULL))
    {
      g_debug ("OpenSSL's random generator was made before: it may use this keystream");
      ERR_clear_error ();
    }
  if (!EVP_set_default_properties (NULL, "?" PROPERTY "=yes"))
    goto fail;
  g_debug ("libssh2's AES-CTR comes from keystream made %d bytes at a time", KEYSTREAM_BYTES);
  return GINT_TO_POINTER (TRUE);

fail:
  reason = ERR_reason_error_string (ERR_peek_last_error ());
  g_debug ("AES-CTR stays OpenSSL's own: %s", reason != NULL ? reason : "no reason given");
  g_clear_pointer (&keystream_provider, OSSL_PROVIDER_unload);
  for (guint i = 0; i < N_KEY_SIZES; i++)
    g_clear_pointer (&inner_ciphers[i], EVP_CIPHER_free);
  ERR_clear_error ();
  return GINT_TO_POINTER (FALSE);
}

/* Once per process, before libssh2 sets up its first cipher. TRUE when
 * libssh2's AES-CTR now comes from here. */
gboolean
tm_ssh_keystream_install (void)
{
  static GOnce once = G_ONCE_INIT;

  g_once (&once, install_once, NULL);
  return GPOINTER_TO_INT (once.retval);
}

/* For tests: how many of this provider's contexts exist now. */
guint
tm_ssh_keystream_count_contexts (void)
{
  return (guint) g_atomic_int_get (&live_contexts);
}
