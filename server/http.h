/* http.h -- the HTTP front of bin/server: daemon, routing, replies.
 *
 * Handlers (api.c, files.c) receive an http_request and answer it with
 * exactly one http_reply_* call; the http module adds the common headers
 * (CORS, security headers on HTML, gzip), records status and size for the
 * access log, and owns every response object. Strings in http_request are
 * owned by the request and live until the request completes.
 */
#ifndef FOUILLE_HTTP_H
#define FOUILLE_HTTP_H

#include <jansson.h>
#include <microhttpd.h>
#include <stdint.h>
#include <stdio.h>

#include "proxy.h"
#include "url.h"

typedef struct {
    struct MHD_Connection *conn;
    const char *method;      /* "GET", "HEAD", "OPTIONS", or "POST" on a
                                route that takes one, by the time a
                                handler sees it */
    char *uri;               /* raw request target, as sent: "/a%20b?q=x" */
    char *path;              /* its path part, still percent-encoded */
    url_arg *args;           /* decoded query arguments, in order */
    size_t nargs;
    double start;            /* monotonic seconds, for took_ms and the log */
    char client[PROXY_ADDR_MAX];   /* the client's address: the peer's, or
                                      X-Forwarded-For's from a trusted proxy */
    char url_prefix[PROXY_PREFIX_MAX + 1];   /* put before every URL of a
                                      JSON answer: "" or X-Forwarded-Prefix
                                      from a trusted proxy ("/recherche") */
    unsigned status;         /* set by the reply, 0 until then */
    uint64_t bytes;          /* body bytes sent (0 for HEAD and 304) */
    int answered;
    char *body;              /* a POST's body (JSON, at most HTTP_MAX_BODY
                                bytes, NUL-terminated), or NULL */
    size_t body_len;
    int meili_errors;        /* errors in Meilisearch's shape (meili.c) */
    const struct http_server *srv;   /* the server answering it */
} http_request;

/* The version of the JSON API: every JSON answer carries it in the header
 * X-Fouille-API, and /api/stats in "api_version". A change that could
 * break an app (a member removed or changing meaning) makes it 2. */
#define FOUILLE_API_VERSION "1"

/* The value of request header `name`, or NULL. Borrowed from MHD. */
const char *http_header(const http_request *req, const char *name);

/* Has the client of req gone (its connection closed)? Then the request
 * is abandoned: whatever answers it, the log says 499. For a long job to
 * stop early. */
int http_client_gone(http_request *req);

/* Seconds on a monotonic clock. */
double http_now(void);

/* Reply with a JSON body (serialised here; `body` stays the caller's). */
void http_reply_json(http_request *req, unsigned status, const json_t *body);

/* The text http_reply_json sends for `body` (malloc'd, *len bytes), or
 * NULL when out of memory; and sending such a text (the reply takes it:
 * freed here whatever happens). */
char *http_json_text(const json_t *body, size_t *len);
void http_reply_json_text(http_request *req, unsigned status, char *text, size_t len);

/* Reply {"error": {"code": ..., "message": ...}} (on a route answering
 * in Meilisearch's shape, {"message", "code", "type", "link"}); the code follows from
 * the status (400 bad_request, 404 not_found, 405 method_not_allowed,
 * 413 too_large, 416 range_not_satisfiable, 429 too_many_requests, 503
 * unavailable, 500 internal). 429 and 503 carry a Retry-After. `fmt` is
 * printf-like. */
void http_reply_error(http_request *req, unsigned status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* The same with the error's code given (Meilisearch's codes, such as
 * "invalid_search_filter", on a route answering in its shape). */
void http_reply_error_code(http_request *req, unsigned status, const char *code,
                           const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* The largest request body a route that takes one (POST) accepts: past
 * it, 413. */
#define HTTP_MAX_BODY (16 * 1024)

/* The JSON error body as a response of its own, for a handler that must
 * add headers to it (416 and its Content-Range); *len gets the body size.
 * NULL when out of memory. */
struct MHD_Response *http_error_response(unsigned status, const char *message,
                                         size_t *len);

/* Queue a response built by the handler (files), `bytes` long; the http
 * module adds the common headers, queues it and destroys it. A NULL
 * response (out of memory) becomes a 500. */
void http_reply_response(http_request *req, unsigned status,
                         struct MHD_Response *resp, uint64_t bytes,
                         const char *content_type);

typedef struct api api;
typedef struct files files;

typedef struct {
    const char *listen;        /* "HOST:PORT", "[V6]:PORT"; port 0 = any */
    unsigned threads;          /* threads answering requests, and as many
                                  more for heavy ones; at least 1 */
    double request_timeout;    /* seconds to receive a whole request
                                  header (HTTP_REQUEST_TIMEOUT if 0) */
    const proxy_list *trusted; /* trusted proxies, NULL: none */
    const char *const *cors;   /* allowed origins, "*" for any */
    size_t ncors;
    FILE *log;                 /* access log, borrowed */
    int log_json;              /* access log lines as JSON objects */
    api *api;                  /* borrowed */
    files *files;              /* borrowed */
} http_config;

typedef struct http_server http_server;

/* Start the daemon. On error NULL, with the reason in err and, when
 * `in_use` is not NULL, *in_use set to 1 if the address is taken by
 * another program (else 0). The config (and what it points to) must
 * outlive the server. */
http_server *http_start(const http_config *cfg, int *in_use, char *err,
                        size_t errlen);

/* The port actually bound (useful with port 0). */
unsigned http_port(const http_server *srv);

/* Stop the daemon (waits for the worker threads) and free it. NULL ok. */
void http_stop(http_server *srv);

#endif
