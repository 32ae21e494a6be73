/* url.h -- percent-decoding, percent-encoding and query-string parsing.
 *
 * Ownership: every url_* function that hands back memory through an
 * out-parameter gives it to the caller (free() for strings, url_args_free
 * for argument lists).
 */
#ifndef FOUILLE_URL_H
#define FOUILLE_URL_H

#include <stddef.h>

/* One decoded query-string argument: name and value are NUL-terminated,
 * valid UTF-8, and hold no NUL byte. */
typedef struct {
    char *name;
    char *value;
} url_arg;

/* Decode `len` bytes of `in` ("%41" -> "A"; with plus_space, "+" -> " ")
 * into a malloc'd, NUL-terminated *out of *outlen bytes. The result may
 * hold NUL bytes: callers check *outlen against strlen. Returns 0, or -1
 * for a malformed escape ("%4", "%zz") or out of memory. */
int url_decode(const char *in, size_t len, int plus_space, char **out,
               size_t *outlen);

/* Percent-encode a path for use in a URL: every byte but the unreserved
 * ones (A-Z a-z 0-9 - . _ ~) and '/' is escaped. malloc'd, NULL when out
 * of memory. */
char *url_encode_path(const char *path);

/* Split a raw query string ("a=1&b=%C3%A9", no leading '?') into decoded
 * arguments, in order. Empty pieces ("a=1&&b=2") are skipped; a piece
 * without '=' has the value "". Returns 0 with *args (malloc'd, *nargs
 * entries), or -1 with *why set to a static English reason: a malformed
 * escape, a NUL byte, invalid UTF-8, or out of memory. */
int url_args_parse(const char *query, url_arg **args, size_t *nargs,
                   const char **why);

void url_args_free(url_arg *args, size_t nargs);

#endif
