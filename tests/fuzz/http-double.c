/* http-double.c -- records replies instead of sending them (see
 * http-double.h).
 *
 * Design: the same contract as server/http.c (one reply a request, JSON
 * errors {"error": {"code", "message"}}, the body serialised by jansson),
 * but the body is kept in one static buffer for the caller to check.
 * Single-threaded, like libFuzzer's loop. Response objects built by
 * handlers (files.c) are destroyed at once; only their status is kept.
 */
#include "http-double.h"
#include "clock.h"

#include <glib.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static unsigned double_status;
static char *double_body;          /* malloc'd, owned here */

static void double_record(http_request *req, unsigned status, char *body)
{
    free(double_body);
    double_body = body;
    double_status = status;
    req->status = status;
    req->answered = 1;
}

double http_now(void)
{
    return clock_now();
}

/* No request headers in-process. */
const char *http_header(const http_request *req, const char *name)
{
    (void)req;
    (void)name;
    return NULL;
}

/* In-process, the client never leaves. */
int http_client_gone(http_request *req)
{
    (void)req;
    return 0;
}

char *http_json_text(const json_t *body, size_t *len)
{
    char *text = json_dumps(body, JSON_REAL_PRECISION(6));
    *len = text ? strlen(text) : 0;
    return text;
}

void http_reply_json_text(http_request *req, unsigned status, char *text, size_t len)
{
    (void)len;
    double_record(req, status, text);
}

void http_reply_json(http_request *req, unsigned status, const json_t *body)
{
    size_t len;
    http_reply_json_text(req, status, http_json_text(body, &len), len);
}

/* {"error": {"status", "message", "code"}}: the code (Meilisearch's
 * "invalid_search_filter"...) only when the handler gave one. */
static char *double_error_text(unsigned status, const char *code,
                               const char *message)
{
    gchar *valid = g_utf8_make_valid(message, -1);
    json_t *body = json_pack("{s:{s:I,s:s,s:s*}}", "error", "status",
                             (json_int_t)status, "message", valid, "code", code);
    char *text = body ? json_dumps(body, 0) : NULL;

    json_decref(body);
    g_free(valid);
    return text;
}

/* An error reply, its message made from `fmt` and `ap`; `code` NULL for
 * none (http.c's http_reply_error_va). */
static void double_reply_error_va(http_request *req, unsigned status, const char *code,
                                  const char *fmt, va_list ap)
{
    char msg[512];

    vsnprintf(msg, sizeof msg, fmt, ap);
    double_record(req, status, double_error_text(status, code, msg));
}

void http_reply_error(http_request *req, unsigned status, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    double_reply_error_va(req, status, NULL, fmt, ap);
    va_end(ap);
}

void http_reply_error_code(http_request *req, unsigned status, const char *code,
                           const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    double_reply_error_va(req, status, code, fmt, ap);
    va_end(ap);
}

struct MHD_Response *http_error_response(unsigned status, const char *message,
                                         size_t *len)
{
    char *text = double_error_text(status, NULL, message);
    struct MHD_Response *resp;

    if (!text)
        return NULL;
    *len = strlen(text);
    resp = MHD_create_response_from_buffer_with_free_callback(*len, text, free);
    if (!resp)
        free(text);
    return resp;
}

void http_reply_response(http_request *req, unsigned status,
                         struct MHD_Response *resp, uint64_t bytes,
                         const char *content_type)
{
    (void)content_type;
    if (resp)
        MHD_destroy_response(resp);
    double_record(req, resp ? status : 500, NULL);
    req->bytes = bytes;
}

http_request *http_double_request(const char *target)
{
    http_request *req = calloc(1, sizeof *req);
    const char *query = strchr(target, '?');
    const char *why;

    if (!req)
        return NULL;
    req->method = "GET";
    req->start = http_now();
    req->uri = strdup(target);
    req->path = query ? strndup(target, (size_t)(query - target))
                      : strdup(target);
    if (!req->uri || !req->path ||
        (query && url_args_parse(query + 1, &req->args, &req->nargs, &why) < 0)) {
        http_double_request_free(req);
        return NULL;
    }
    return req;
}

void http_double_request_free(http_request *req)
{
    if (!req)
        return;
    url_args_free(req->args, req->nargs);
    free(req->uri);
    free(req->path);
    free(req);
}

unsigned http_double_status(void)
{
    return double_status;
}

const char *http_double_body(void)
{
    return double_body;
}

void http_double_reset(void)
{
    free(double_body);
    double_body = NULL;
    double_status = 0;
}
