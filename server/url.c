/* url.c -- the URL text codecs the server needs, nothing more.
 *
 * Design: the server reads the raw request URI (libmicrohttpd's own
 * unescaping would turn "%2f" into "/" and cut "%00" short before we could
 * refuse them), so decoding happens here, once, with every failure
 * reported: a malformed escape, a NUL byte or invalid UTF-8 in an argument
 * is the client's error (400), never something to repair silently.
 */
#include "url.h"

#include <glib.h>
#include <stdlib.h>
#include <string.h>

static int url_hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

int url_decode(const char *in, size_t len, int plus_space, char **out,
               size_t *outlen)
{
    char *buf = malloc(len + 1);
    size_t n = 0;

    if (!buf)
        return -1;
    for (size_t i = 0; i < len; i++) {
        if (in[i] == '%') {
            if (len - i < 3 || url_hexval(in[i + 1]) < 0 ||
                url_hexval(in[i + 2]) < 0) {
                free(buf);
                return -1;
            }
            buf[n++] = (char)(url_hexval(in[i + 1]) * 16 +
                              url_hexval(in[i + 2]));
            i += 2;
        } else if (plus_space && in[i] == '+') {
            buf[n++] = ' ';
        } else {
            buf[n++] = in[i];
        }
    }
    buf[n] = '\0';
    *out = buf;
    *outlen = n;
    return 0;
}

static int url_unreserved(unsigned char c)
{
    return g_ascii_isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~';
}

char *url_encode_path(const char *path)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t len = strlen(path);
    char *out = malloc(len * 3 + 1);
    size_t n = 0;

    if (!out)
        return NULL;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)path[i];
        if (url_unreserved(c) || c == '/') {
            out[n++] = (char)c;
        } else {
            out[n++] = '%';
            out[n++] = hex[c >> 4];
            out[n++] = hex[c & 15];
        }
    }
    out[n] = '\0';
    return out;
}

/* Decode one name or value; *why says what was wrong. */
static char *url_decode_text(const char *in, size_t len, const char **why)
{
    char *s;
    size_t n;

    if (url_decode(in, len, 1, &s, &n) < 0) {
        *why = "malformed percent-escape in the query string";
        return NULL;
    }
    /* g_utf8_validate refuses NUL bytes within the given length. */
    if (!g_utf8_validate(s, (gssize)n, NULL)) {
        *why = strlen(s) != n ? "NUL byte in the query string"
                              : "invalid UTF-8 in the query string";
        free(s);
        return NULL;
    }
    return s;
}

int url_args_parse(const char *query, url_arg **args, size_t *nargs,
                   const char **why)
{
    url_arg *v = NULL;
    size_t n = 0, cap = 0;
    const char *p = query;

    while (*p) {
        size_t plen = strcspn(p, "&");
        const char *eq = memchr(p, '=', plen);
        size_t nlen = eq ? (size_t)(eq - p) : plen;

        if (plen > 0) {
            if (n == cap) {
                size_t ncap = cap ? cap * 2 : 8;
                url_arg *nv = realloc(v, ncap * sizeof *nv);
                if (!nv) {
                    *why = "out of memory";
                    goto fail;
                }
                v = nv;
                cap = ncap;
            }
            v[n].name = url_decode_text(p, nlen, why);
            if (!v[n].name)
                goto fail;
            v[n].value = eq ? url_decode_text(eq + 1, plen - nlen - 1, why)
                            : strdup("");
            if (!v[n].value) {
                free(v[n].name);
                if (!eq)
                    *why = "out of memory";
                goto fail;
            }
            n++;
        }
        p += plen;
        if (*p == '&')
            p++;
    }
    *args = v;
    *nargs = n;
    return 0;
fail:
    url_args_free(v, n);
    return -1;
}

void url_args_free(url_arg *args, size_t nargs)
{
    for (size_t i = 0; i < nargs; i++) {
        free(args[i].name);
        free(args[i].value);
    }
    free(args);
}
