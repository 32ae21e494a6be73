/* http.c -- libmicrohttpd daemon, connections, routing, common headers,
 * access log.
 *
 * Design: a thread pool on MHD's internal polling thread with epoll, on a
 * listening socket made here (no address reuse: a second server on the
 * same port fails to start). Every limit is set here explicitly.
 *
 * Connections: guard.c admits each one (MHD's accept policy callback: a
 * global cap, a per-address limit and a fair share) and shuts down those
 * that take longer than the request deadline to deliver a request header
 * (MHD's own timeout only counts idle time). Keep-alive and pipelining
 * are MHD's, bounded by HTTP_KEEPALIVE_MAX answers a connection and the
 * same deadline while waiting for the next request.
 *
 * Requests: each gets an http_exchange (its http_request first), created
 * by the URI log callback from the raw request target (before MHD
 * unescapes it, so that "%2f", "%2e%2e" and "%00" reach files.c and url.c
 * intact) and freed by the completion callback, which also writes the
 * access log line. MHD calls the access handler once the header is in
 * (a body is refused there, 413, which closes the connection) and again
 * once the request is complete: only then is it answered, so that MHD
 * keeps the connection open after the answer. A body is refused (413,
 * which closes the connection) except on a route that takes a POST
 * (routes.c): there it must be JSON (415) of at most HTTP_MAX_BODY bytes
 * (413), kept in the request for its handler.
 *
 * Heavy requests (route_heavy) are not computed in MHD's threads: the
 * connection is suspended and the request queued in jobs.c; a worker
 * builds the answer, which is held, and resumes the connection; MHD then
 * calls the handler a third time, which queues the held answer. A request
 * whose client has gone before a worker takes it is dropped uncomputed.
 * The queue is bounded (503 with Retry-After) and so are one client's
 * heavy requests (429).
 *
 * The dispatcher refuses what no handler should see: methods other than
 * GET/HEAD/OPTIONS, and POST where the route takes it (405), oversize or undecodable targets (400). OPTIONS
 * is the CORS preflight, answered here. Then the route table (routes.c)
 * names the handler: /healthz and /api/... in api.c, /archive/... and the
 * rest in files.c, and says which requests are heavy. Every reply passes
 * through http_finish(), the one place that adds CORS, nosniff, the CSP
 * on HTML, Connection: close when the connection has had its share, and
 * records status and size.
 *
 * Behind a proxy named by --trusted-proxy, X-Forwarded-For gives the
 * client's address (limits, log) and X-Forwarded-Prefix the prefix of the
 * URLs in JSON answers (proxy.c); from any other peer both are ignored.
 */
#include "http.h"

#include "clock.h"
#include "escape.h"
#include "guard.h"
#include "gzip.h"
#include "jobs.h"
#include "log.h"
#include "routes.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <jansson.h>
#include <netdb.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define HTTP_MAX_TARGET      8192   /* bytes of path + query string */
#define HTTP_CONN_LIMIT      1024   /* connections in all (fewer when the
                                       open files limit is too low) */
#define HTTP_PER_IP_LIMIT    64     /* connections from one address */
#define HTTP_FD_RESERVE      256    /* descriptors kept for files, index */
#define HTTP_TIMEOUT_S       15     /* idle: nothing read or written */
#define HTTP_REQUEST_TIMEOUT 10     /* s to deliver a whole request header */
#define HTTP_KEEPALIVE_MAX   1000   /* answers on one connection */
#define HTTP_CONN_MEMORY     (64 * 1024)
#define HTTP_GZIP_MIN        1024   /* smaller bodies go uncompressed */
#define HTTP_HEAVY_QUEUE     32     /* heavy requests waiting, at most */
#define HTTP_HEAVY_PER_CLIENT 8     /* ... queued or running for one client */
#define HTTP_RETRY_BUSY      2      /* Retry-After of a full queue (s) */
#define HTTP_RETRY_UNAVAIL   5      /* ... of other 503s (no index yet) */
#define HTTP_RETRY_429       1
#define HTTP_BODY_DRAIN      (1024 * 1024)  /* bytes of a chunked body read
                                       past HTTP_MAX_BODY for its 413 */

struct http_server {
    struct MHD_Daemon *daemon;
    const http_config *cfg;
    struct sockaddr_storage addr;
    guard *guard;
    jobs *jobs;
    unsigned port;
    unsigned test_heavy_ms;        /* FOUILLE_TEST_HEAVY_MS (tests only) */
};

/* A request and what http.c alone needs to know about it. */
typedef struct {
    http_request req;              /* first: handlers see only this */
    guard_conn *gc;                /* its connection's guard record */
    int fd;                        /* its connection's socket */
    int phase;                     /* access handler calls so far */
    int in_worker;                 /* answered by a worker: hold replies */
    struct MHD_Response *held;     /* the reply a worker made */
    unsigned held_status;
    int dropped;                   /* client gone before a worker took it */
    size_t too_large;              /* body bytes dropped past HTTP_MAX_BODY */
    const route *route;            /* of a heavy request: run by a worker */
    jobs_item job;
} http_exchange;

#define HTTP_EXCHANGE(r) ((http_exchange *)(r))

double http_now(void)
{
    return clock_now();
}

const char *http_header(const http_request *req, const char *name)
{
    return MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, name);
}

/* ---- Requests ------------------------------------------------------ */

static http_exchange *http_exchange_new(const http_server *srv,
                                        struct MHD_Connection *conn,
                                        const char *uri)
{
    http_exchange *x = calloc(1, sizeof *x);
    http_request *req;
    const union MHD_ConnectionInfo *ci;
    size_t plen;

    if (!x)
        return NULL;
    req = &x->req;
    req->srv = srv;
    req->conn = conn;
    req->start = http_now();
    req->uri = strdup(uri ? uri : "");
    plen = req->uri ? strcspn(req->uri, "?") : 0;
    req->path = req->uri ? strndup(req->uri, plen) : NULL;
    if (!req->uri || !req->path) {
        free(req->uri);
        free(req->path);
        free(x);
        return NULL;
    }
    ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    proxy_addr_text(ci ? ci->client_addr : NULL, req->client);
    ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
    x->fd = ci ? ci->connect_fd : -1;
    ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    x->gc = ci ? ci->socket_context : NULL;
    return x;
}

static void http_exchange_free(http_exchange *x)
{
    if (x->held)
        MHD_destroy_response(x->held);
    url_args_free(x->req.args, x->req.nargs);
    free(x->req.body);
    free(x->req.uri);
    free(x->req.path);
    free(x);
}

/* From a trusted proxy: the client's address and the URL prefix. */
static void http_identify(http_request *req)
{
    const proxy_list *trusted = req->srv->cfg->trusted;

    if (!proxy_trusted(trusted, req->client))
        return;
    proxy_forwarded_for(trusted, http_header(req, "X-Forwarded-For"),
                        req->client);
    proxy_prefix(http_header(req, "X-Forwarded-Prefix"), req->url_prefix);
}

/* ---- Replies ------------------------------------------------------- */

static void http_add_cors(const http_request *req, struct MHD_Response *resp)
{
    const http_config *cfg = req->srv->cfg;
    const char *origin = http_header(req, "Origin");

    for (size_t i = 0; i < cfg->ncors; i++) {
        if (strcmp(cfg->cors[i], "*") == 0) {
            MHD_add_response_header(resp, "Access-Control-Allow-Origin", "*");
            return;
        }
    }
    if (cfg->ncors == 0)
        return;
    /* The answer depends on Origin, whether this request had one or not:
     * a cache must not hand an answer without the header to an origin
     * that is allowed. */
    MHD_add_response_header(resp, "Vary", "Origin");
    if (!origin)
        return;
    for (size_t i = 0; i < cfg->ncors; i++) {
        if (strcmp(cfg->cors[i], origin) == 0) {
            MHD_add_response_header(resp, "Access-Control-Allow-Origin",
                                    cfg->cors[i]);
            return;
        }
    }
}

/* Add the common headers, queue, destroy: every reply ends here. */
static void http_finish(http_request *req, unsigned status,
                        struct MHD_Response *resp, uint64_t bytes,
                        const char *content_type)
{
    http_exchange *x = HTTP_EXCHANGE(req);

    if (content_type) {
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE,
                                content_type);
        /* HTML and SVG can run scripts: from this server only (unless
         * the handler set a policy of its own: archive files, files.c). */
        if ((strncmp(content_type, "text/html", 9) == 0 ||
             strncmp(content_type, "image/svg+xml", 13) == 0) &&
            !MHD_get_response_header(resp, "Content-Security-Policy"))
            MHD_add_response_header(resp, "Content-Security-Policy",
                                    "default-src 'self'");
        if (strncmp(content_type, "application/json", 16) == 0)
            MHD_add_response_header(resp, "X-Fouille-API", FOUILLE_API_VERSION);
    }
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    http_add_cors(req, resp);
    if (!guard_keep_alive(req->srv->guard, x->gc))
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CONNECTION, "close");
    req->answered = 1;
    if (x->in_worker) {           /* queued by the MHD thread on resume */
        x->held = resp;
        x->held_status = status;
        req->status = status;
        req->bytes = strcmp(req->method, "HEAD") == 0 ? 0 : bytes;
        return;
    }
    if (MHD_queue_response(req->conn, status, resp) == MHD_YES) {
        req->status = status;
        req->bytes = strcmp(req->method, "HEAD") == 0 ? 0 : bytes;
    }
    MHD_destroy_response(resp);
}

void http_reply_response(http_request *req, unsigned status,
                         struct MHD_Response *resp, uint64_t bytes,
                         const char *content_type)
{
    if (!resp) {
        http_reply_error(req, 500, "out of memory");
        return;
    }
    http_finish(req, status, resp, bytes, content_type);
}

/* Does the client take gzip? Accept-Encoding: "gzip", "gzip;q=0.5", "*";
 * a q of 0 means no. */
static int http_accepts_gzip(const http_request *req)
{
    const char *ae = http_header(req, "Accept-Encoding");
    char *copy, *save = NULL;
    int yes = 0;

    if (!ae || !(copy = strdup(ae)))
        return 0;
    for (char *tok = strtok_r(copy, ",", &save); tok && !yes;
         tok = strtok_r(NULL, ",", &save)) {
        char *params = strchr(tok, ';');
        const char *q;
        size_t n;

        if (params)
            *params++ = '\0';
        tok += strspn(tok, " \t");
        n = strcspn(tok, " \t");
        if (!((n == 4 && strncasecmp(tok, "gzip", 4) == 0) ||
              (n == 1 && tok[0] == '*')))
            continue;
        q = params ? strstr(params, "q=") : NULL;
        yes = !q || strtod(q + 2, NULL) > 0;
    }
    free(copy);
    return yes;
}

/* Hand a malloc'd body over to MHD, gzipped when worth it. */
static void http_reply_body(http_request *req, unsigned status, char *body,
                            size_t len, const char *content_type)
{
    struct MHD_Response *resp;
    char *gz;
    size_t gzlen;
    int zipped = 0;

    if (len > HTTP_GZIP_MIN && http_accepts_gzip(req) &&
        gzip_compress(body, len, &gz, &gzlen) == 0) {
        free(body);
        body = gz;
        len = gzlen;
        zipped = 1;
    }
    resp = MHD_create_response_from_buffer_with_free_callback(len, body, free);
    if (!resp) {
        free(body);
        req->answered = 1;   /* nothing to send: MHD closes the connection */
        return;
    }
    MHD_add_response_header(resp, "Vary", "Accept-Encoding");
    if (zipped)
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_ENCODING, "gzip");
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-cache");
    http_finish(req, status, resp, len, content_type);
}

/* `body` as text with a final newline, malloc'd (json_dumps allocates
 * with malloc, jansson's default), *len bytes; NULL when out of memory.
 * Six significant digits: "took_ms": 0.8, not 0.80000000000000004. */
char *http_json_text(const json_t *body, size_t *len)
{
    char *text = json_dumps(body, JSON_REAL_PRECISION(6));
    char *nl;

    if (!text)
        return NULL;
    *len = strlen(text);
    nl = realloc(text, *len + 2);
    if (!nl) {
        free(text);
        return NULL;
    }
    nl[(*len)++] = '\n';
    nl[*len] = '\0';
    return nl;
}

void http_reply_json(http_request *req, unsigned status, const json_t *body)
{
    size_t len;
    char *text = http_json_text(body, &len);

    if (!text) {
        http_reply_error(req, 500, "out of memory");
        return;
    }
    http_reply_json_text(req, status, text, len);
}

void http_reply_json_text(http_request *req, unsigned status, char *text, size_t len)
{
    http_reply_body(req, status, text, len, "application/json; charset=utf-8");
}

static const char *http_error_code(unsigned status)
{
    switch (status) {
    case 400: return "bad_request";
    case 404: return "not_found";
    case 405: return "method_not_allowed";
    case 413: return "too_large";
    case 415: return "unsupported_media_type";
    case 416: return "range_not_satisfiable";
    case 429: return "too_many_requests";
    case 503: return "unavailable";
    default:  return "internal";
    }
}

/* A response of JSON `body` (NULL: out of memory), which it releases;
 * *len gets the text's size. NULL when out of memory. */
static struct MHD_Response *http_json_response(json_t *body, size_t *len)
{
    char *text = body ? http_json_text(body, len) : NULL;
    struct MHD_Response *resp;

    json_decref(body);
    if (!text)
        return NULL;
    resp = MHD_create_response_from_buffer_with_free_callback(*len, text, free);
    if (!resp)
        free(text);
    return resp;
}

struct MHD_Response *http_error_response(unsigned status, const char *message,
                                         size_t *len)
{
    json_t *body;

    /* The message may quote client input cut anywhere: keep it valid. */
    gchar *valid = g_utf8_make_valid(message, -1);
    body = json_pack("{s:{s:s,s:s}}", "error", "code", http_error_code(status),
                     "message", valid);
    g_free(valid);
    return http_json_response(body, len);
}

/* Meilisearch's code of an error of this status, when the route does not
 * give one: its own names where it has them (payload_too_large,
 * invalid_content_type, too_many_search_requests). */
static const char *http_meili_code(unsigned status)
{
    switch (status) {
    case 413: return "payload_too_large";
    case 415: return "invalid_content_type";
    case 429: return "too_many_search_requests";
    default:  return http_error_code(status);
    }
}

/* The error body in Meilisearch's shape: {message, code, type, link}. */
static struct MHD_Response *http_meili_error_response(unsigned status,
                                                      const char *code,
                                                      const char *message,
                                                      size_t *len)
{
    gchar *valid = g_utf8_make_valid(message, -1);
    gchar *link = g_strconcat("https://docs.meilisearch.com/errors#", code, NULL);
    json_t *body = json_pack("{s:s,s:s,s:s,s:s}", "message", valid, "code", code,
                             "type", status >= 500 ? "internal" : "invalid_request",
                             "link", link);

    g_free(valid);
    g_free(link);
    return http_json_response(body, len);
}

/* An error reply; `retry_after` seconds in a Retry-After header when not
 * 0; `code` NULL for the status's. */
static void http_reply_error_va(http_request *req, unsigned status,
                                unsigned retry_after, const char *code,
                                const char *fmt, va_list ap)
{
    char msg[512];
    struct MHD_Response *resp;
    size_t len = 0;

    vsnprintf(msg, sizeof msg, fmt, ap);
    if (status >= 500)        /* the access log has the status, not why */
        log_warning("%s %s: %u %s", req->method ? req->method : "-",
                    req->path, status, msg);
    resp = req->meili_errors
        ? http_meili_error_response(status, code ? code : http_meili_code(status),
                                    msg, &len)
        : http_error_response(status, msg, &len);
    if (!resp) {
        req->answered = 1;   /* nothing to send: MHD closes the connection */
        return;
    }
    if (status == 405)
        MHD_add_response_header(resp, "Allow", route_allow(HTTP_EXCHANGE(req)->route));
    if (retry_after) {
        char secs[16];
        snprintf(secs, sizeof secs, "%u", retry_after);
        MHD_add_response_header(resp, MHD_HTTP_HEADER_RETRY_AFTER, secs);
    }
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
    http_finish(req, status, resp, len, "application/json; charset=utf-8");
}

void http_reply_error(http_request *req, unsigned status, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    http_reply_error_va(req, status, status == 503 ? HTTP_RETRY_UNAVAIL
                                     : status == 429 ? HTTP_RETRY_429 : 0,
                        NULL, fmt, ap);
    va_end(ap);
}

void http_reply_error_code(http_request *req, unsigned status, const char *code,
                           const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    http_reply_error_va(req, status, 0, code, fmt, ap);
    va_end(ap);
}

static void http_reply_busy(http_request *req, unsigned status,
                            unsigned retry_after, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void http_reply_busy(http_request *req, unsigned status,
                            unsigned retry_after, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    http_reply_error_va(req, status, retry_after, NULL, fmt, ap);
    va_end(ap);
}

/* ---- Dispatch ------------------------------------------------------ */

static void http_reply_options(http_request *req)
{
    struct MHD_Response *resp =
        MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT);

    if (!resp) {
        req->answered = 1;
        return;
    }
    const char *allow = route_allow(HTTP_EXCHANGE(req)->route);

    MHD_add_response_header(resp, "Allow", allow);
    MHD_add_response_header(resp, "Access-Control-Allow-Methods", allow);
    /* X-Meilisearch-Client: what Meilisearch's clients send (meili.c). */
    MHD_add_response_header(resp, "Access-Control-Allow-Headers",
                            "Accept, Accept-Encoding, Content-Type, Range, "
                            "If-None-Match, If-Modified-Since, X-Meilisearch-Client");
    MHD_add_response_header(resp, "Access-Control-Max-Age", "86400");
    http_finish(req, 204, resp, 0, NULL);
}

static int http_has_body(const http_request *req)
{
    const char *cl = http_header(req, MHD_HTTP_HEADER_CONTENT_LENGTH);
    const char *te = http_header(req, MHD_HTTP_HEADER_TRANSFER_ENCODING);

    return te != NULL || (cl != NULL && strspn(cl, "0") != strlen(cl));
}

/* Is the Content-Type application/json (with parameters or not)? */
static int http_is_json(const char *ct)
{
    size_t n = strlen("application/json");

    return ct && g_ascii_strncasecmp(ct, "application/json", n) == 0 &&
           (ct[n] == '\0' || ct[n] == ';' || ct[n] == ' ');
}

/* Once the header is in: a body is refused (413) but on a route that
 * takes one, by POST, where it must be JSON (415) of at most
 * HTTP_MAX_BODY bytes (413), read then by http_take_body. */
static void http_check_body(http_request *req)
{
    const route *r = HTTP_EXCHANGE(req)->route;
    const char *cl = http_header(req, MHD_HTTP_HEADER_CONTENT_LENGTH);

    if (http_has_body(req) && strcmp(req->method, "OPTIONS") != 0 &&
        !route_allows(r, req->method)) {
        http_reply_error(req, 405, "method %.32s not allowed: use %s",
                         req->method, route_allow(r));
    } else if (strcmp(req->method, "POST") != 0 || !route_takes_body(r)) {
        if (http_has_body(req))
            http_reply_error(req, 413, "request bodies are not accepted");
    } else if (!http_is_json(http_header(req, MHD_HTTP_HEADER_CONTENT_TYPE))) {
        http_reply_error(req, 415, "the body must be JSON: Content-Type: "
                         "application/json");
    } else if (cl && (strlen(cl) > 9 || strtoul(cl, NULL, 10) > HTTP_MAX_BODY)) {
        http_reply_error(req, 413, "the body is over %d bytes", HTTP_MAX_BODY);
    } else if (!(req->body = calloc(1, HTTP_MAX_BODY + 1))) {
        http_reply_error(req, 500, "out of memory");
    }
}

/* Some bytes of the body, kept. Past HTTP_MAX_BODY (a chunked body, its
 * length unknown before) the rest is read and dropped, for a 413 once it
 * is in, up to HTTP_BODY_DRAIN bytes: -1 then (the connection is closed
 * unanswered), and where no body is taken (already refused). */
static int http_take_body(http_request *req, const char *data, size_t n)
{
    http_exchange *x = HTTP_EXCHANGE(req);

    if (!req->body)
        return -1;
    if (x->too_large || n > HTTP_MAX_BODY - req->body_len) {
        x->too_large += n;
        return x->too_large > HTTP_BODY_DRAIN ? -1 : 0;
    }
    memcpy(req->body + req->body_len, data, n);
    req->body_len += n;
    return 0;
}

/* ---- The lane of heavy requests ------------------------------------ */

/* Has the client gone (end of stream or error on its socket)? Bytes of a
 * pipelined request waiting there mean it is still here. */
int http_client_gone(http_request *req)
{
    http_exchange *x = HTTP_EXCHANGE(req);
    char c;
    ssize_t n;

    if (x->fd < 0)
        return 0;
    n = recv(x->fd, &c, 1, MSG_PEEK | MSG_DONTWAIT);
    if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK &&
                   errno != EINTR))
        x->dropped = 1;
    return x->dropped;
}

#define HTTP_JOB_EXCHANGE(item) \
    ((http_exchange *)((char *)(item) - offsetof(http_exchange, job)))

/* Tests only: a heavy request takes FOUILLE_TEST_HEAVY_MS more, spent
 * like a long search would, stopping when its client leaves. */
static void http_test_delay(http_request *req)
{
    for (unsigned ms = 0; ms < req->srv->test_heavy_ms && !http_client_gone(req);
         ms += 10)
        usleep(10000);
}

/* In a worker: compute the answer, held for http_heavy_done. */
static void http_run_heavy(jobs_item *item, int stopping)
{
    http_exchange *x = HTTP_JOB_EXCHANGE(item);
    http_request *req = &x->req;

    if (stopping)
        http_reply_busy(req, 503, HTTP_RETRY_BUSY, "the server is stopping");
    else if (!http_client_gone(req)) {    /* else dropped: not computed */
        http_test_delay(req);
        if (!x->dropped)
            route_run(x->route, req->srv->cfg, req);
    }
    if (!req->answered && !x->dropped)
        http_reply_error(req, 500, "no answer");
}

/* Then give the connection back to MHD, which calls http_on_request again
 * to send the answer. */
static void http_heavy_done(jobs_item *item)
{
    MHD_resume_connection(HTTP_JOB_EXCHANGE(item)->req.conn);  /* may free */
}

/* Queue the request for a worker, to be run on route r, or refuse it
 * (429, 503). */
static void http_defer(http_exchange *x, const route *r)
{
    http_request *req = &x->req;

    switch (jobs_reserve(req->srv->jobs, req->client)) {
    case JOBS_OK:
        x->in_worker = 1;
        x->route = r;
        x->job.run = http_run_heavy;
        x->job.done = http_heavy_done;
        memcpy(x->job.client, req->client, sizeof x->job.client);
        MHD_suspend_connection(req->conn);
        jobs_push(req->srv->jobs, &x->job);
        break;
    case JOBS_CLIENT_FULL:
        http_reply_error(req, 429, "%d costly requests of yours are already "
                         "being answered: wait for them", HTTP_HEAVY_PER_CLIENT);
        break;
    case JOBS_FULL:
        http_reply_busy(req, 503, HTTP_RETRY_BUSY, "the server is busy with "
                        "%d costly requests: try again in a moment",
                        HTTP_HEAVY_QUEUE);
        break;
    case JOBS_STOPPING:
        http_reply_busy(req, 503, HTTP_RETRY_BUSY, "the server is stopping");
        break;
    }
}

/* ---- Dispatch ------------------------------------------------------ */

static void http_dispatch(http_request *req)
{
    const http_config *cfg = req->srv->cfg;
    const char *method = req->method;
    const route *r = route_find(req->path);
    const char *query;
    const char *why;

    if (strcmp(method, "OPTIONS") != 0 && !route_allows(r, method)) {
        http_reply_error(req, 405, "method %.32s not allowed: use %s", method,
                         route_allow(r));
        return;
    }
    if (strlen(req->uri) > HTTP_MAX_TARGET) {
        http_reply_error(req, 400, "request target over %d bytes",
                         HTTP_MAX_TARGET);
        return;
    }
    if (req->path[0] != '/') {
        http_reply_error(req, 400, "request target must start with '/'");
        return;
    }
    query = req->uri + strlen(req->path);
    if (*query == '?' &&
        url_args_parse(query + 1, &req->args, &req->nargs, &why) < 0) {
        http_reply_error(req, 400, "%s", why);
        return;
    }
    if (strcmp(method, "OPTIONS") == 0)
        http_reply_options(req);
    else if (route_heavy(r, req)) {   /* the path starts with '/': r is a route */
        http_defer(HTTP_EXCHANGE(req), r);
        return;
    } else
        route_run(r, cfg, req);
    if (!req->answered)   /* a handler must answer; never leave it hanging */
        http_reply_error(req, 500, "no answer");
}

/* ---- MHD callbacks ------------------------------------------------- */

static void *http_on_uri(void *cls, const char *uri, struct MHD_Connection *conn)
{
    return http_exchange_new(cls, conn, uri);
}

/* MHD calls this when the request header is in (phase 0), when the whole
 * request is (phase 1), and after a worker resumed the connection. */
static enum MHD_Result http_on_request(void *cls, struct MHD_Connection *conn,
                                       const char *url, const char *method,
                                       const char *version,
                                       const char *upload_data,
                                       size_t *upload_data_size, void **con_cls)
{
    http_server *srv = cls;
    http_exchange *x = *con_cls;
    http_request *req;

    (void)version;
    if (!x) {
        x = http_exchange_new(srv, conn, url);
        if (!x)
            return MHD_NO;
        *con_cls = x;
    }
    req = &x->req;
    if (x->phase == 0) {
        x->phase = 1;
        req->method = method;
        x->route = route_find(req->path);
        req->meili_errors = route_meili_errors(x->route);
        guard_busy(srv->guard, x->gc);
        http_identify(req);
        http_check_body(req);   /* may answer: MHD closes the connection after */
        return !req->answered || req->status ? MHD_YES : MHD_NO;
    }
    if (*upload_data_size && !req->answered &&
        http_take_body(req, upload_data, *upload_data_size) == 0) {
        *upload_data_size = 0;
        return MHD_YES;
    }
    if (*upload_data_size) {      /* a body after our answer: drop it */
        *upload_data_size = 0;
        return req->status ? MHD_YES : MHD_NO;
    }
    if (x->phase == 1) {
        x->phase = 2;
        if (x->too_large)
            http_reply_error(req, 413, "the body is over %d bytes", HTTP_MAX_BODY);
        else
            http_dispatch(req);
        return !req->answered || req->status ? MHD_YES : MHD_NO;
    }
    if (x->held) {                /* back from a worker */
        enum MHD_Result r = MHD_queue_response(conn, x->held_status, x->held);
        MHD_destroy_response(x->held);
        x->held = NULL;
        if (r != MHD_YES)
            req->status = 0;
        return r;
    }
    return MHD_NO;                /* dropped: close */
}

/* Connections opening and closing: the guard's records. */
static void http_on_connection(void *cls, struct MHD_Connection *conn,
                               void **socket_context,
                               enum MHD_ConnectionNotificationCode code)
{
    http_server *srv = cls;

    if (code == MHD_CONNECTION_NOTIFY_STARTED) {
        const union MHD_ConnectionInfo *fd =
            MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
        const union MHD_ConnectionInfo *ca =
            MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
        *socket_context = fd && ca ? guard_open(srv->guard, fd->connect_fd,
                                                ca->client_addr)
                                   : NULL;
    } else {
        guard_close(srv->guard, *socket_context);
        *socket_context = NULL;
    }
}

static enum MHD_Result http_on_accept(void *cls, const struct sockaddr *addr,
                                      socklen_t addrlen)
{
    http_server *srv = cls;

    (void)addrlen;
    return guard_admit(srv->guard, addr) ? MHD_YES : MHD_NO;
}

/* Write `s` to the log with control bytes, spaces, quotes, backslashes
 * and bytes that are not UTF-8 escaped (escape.h), so a hostile path can
 * neither forge log lines nor make the log invalid UTF-8. */
static void http_log_escaped(FILE *log, const char *s)
{
    char *e = escape_line(s, ESCAPE_TEXT, " \"\\");
    fputs(e, log);
    g_free(e);
}

/* One access log line: text ("TIME CLIENT METHOD PATH STATUS BYTES MSms")
 * or, with --log-format json, one JSON object with the same members. */
static void http_log_access(FILE *log, int json, const char *when, const char *host,
                            const http_request *req, double ms)
{
    const char *method = req->method ? req->method : "-";
    flockfile(log);
    if (json) {
        char *path = g_utf8_make_valid(req->path, -1);   /* JSON is UTF-8 */
        json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:i, s:I, s:f}", "time", when,
                              "client", host, "method", method, "path", path,
                              "status", (int)req->status,
                              "bytes", (json_int_t)req->bytes, "ms", ms);
        g_free(path);
        char *line = o ? json_dumps(o, JSON_COMPACT | JSON_ENSURE_ASCII) : NULL;
        if (line)
            fprintf(log, "%s\n", line);
        free(line);
        json_decref(o);
    } else {
        fprintf(log, "%s %s %s ", when, host, method);
        http_log_escaped(log, req->path);
        fprintf(log, " %u %llu %.3fms\n", req->status, (unsigned long long)req->bytes, ms);
    }
    fflush(log);
    funlockfile(log);
}

/* The request ended (answered, or the connection closed): log it, free
 * it, and the connection waits for its next request. A request whose
 * client left before it was computed is logged as 499 (nginx's "client
 * closed request"), one whose header did not arrive in time as 408. */
static void http_on_completed(void *cls, struct MHD_Connection *conn,
                              void **con_cls, enum MHD_RequestTerminationCode toe)
{
    const http_server *srv = cls;
    http_exchange *x = *con_cls;
    FILE *log = srv->cfg->log;
    char when[32];
    time_t now = time(NULL);
    struct tm tm;

    (void)conn;
    (void)toe;
    if (!x)
        return;
    *con_cls = NULL;
    if (x->dropped)
        x->req.status = 499;
    else if (!x->req.status && guard_expired(srv->guard, x->gc))
        x->req.status = 408;
    gmtime_r(&now, &tm);
    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
    if (log)
        http_log_access(log, srv->cfg->log_json, when, x->req.client, &x->req,
                        (http_now() - x->req.start) * 1000.0);
    guard_idle(srv->guard, x->gc);
    http_exchange_free(x);
}

/* ---- Daemon -------------------------------------------------------- */

/* libmicrohttpd's messages that only say a client closed its connection
 * (or the guard did, or the handler when the client had gone): the access
 * log has the request (status 0, 408 or 499); as warnings they would let
 * any client fill the log. */
static const char *const http_mhd_quiet[] = {
    "closed by remote side",
    "detected connection closure",
    "Socket has been disconnected",
    "Application reported internal error",
};

/* libmicrohttpd's other messages (a socket error, a refused header)
 * become warnings of our log, with a level, one line each. */
static void http_on_mhd_message(void *cls, const char *fmt, va_list ap)
{
    char msg[512];
    size_t n;

    (void)cls;
    vsnprintf(msg, sizeof msg, fmt, ap);
    n = strlen(msg);
    while (n && (msg[n - 1] == '\n' || msg[n - 1] == '\r'))
        msg[--n] = '\0';
    for (size_t i = 0; i < sizeof http_mhd_quiet / sizeof *http_mhd_quiet; i++)
        if (strstr(msg, http_mhd_quiet[i]))
            return;
    log_warning("libmicrohttpd: %s", msg);
}

/* "127.0.0.1:8080", "[::1]:8080", "localhost:0" into srv->addr. */
static int http_resolve(http_server *srv, const char *listen, char *err,
                        size_t errlen)
{
    const char *colon = strrchr(listen, ':');
    char host[256];
    struct addrinfo hints = { 0 }, *ai = NULL;
    size_t hlen;
    int rc;

    if (!colon || colon == listen || colon[1] == '\0') {
        snprintf(err, errlen, "--listen wants HOST:PORT, not '%s'", listen);
        return -1;
    }
    hlen = (size_t)(colon - listen);
    if (listen[0] == '[' && colon[-1] == ']') {
        listen++;
        hlen -= 2;
    }
    if (hlen >= sizeof host) {
        snprintf(err, errlen, "--listen: host name too long");
        return -1;
    }
    memcpy(host, listen, hlen);
    host[hlen] = '\0';
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
    rc = getaddrinfo(host, colon + 1, &hints, &ai);
    if (rc != 0) {
        snprintf(err, errlen, "--listen %s: %s", listen, gai_strerror(rc));
        return -1;
    }
    memcpy(&srv->addr, ai->ai_addr, ai->ai_addrlen);
    freeaddrinfo(ai);
    return 0;
}

/* The listening socket on srv->addr, without SO_REUSEPORT (a second
 * server on the port must fail), with SO_REUSEADDR (a restart need not
 * wait for the last connections' TIME_WAIT). -1 with the reason in err;
 * *in_use set when the address is taken. */
static int http_listen(http_server *srv, const char *listen_on, int *in_use,
                       char *err, size_t errlen)
{
    int one = 1;
    socklen_t alen = srv->addr.ss_family == AF_INET6 ? sizeof(struct sockaddr_in6)
                                                     : sizeof(struct sockaddr_in);
    int fd = socket(srv->addr.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_storage bound;
    socklen_t blen = sizeof bound;

    if (fd < 0) {
        snprintf(err, errlen, "cannot listen on %s: %s", listen_on, strerror(errno));
        return -1;
    }
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (srv->addr.ss_family == AF_INET6)   /* "[::]:P" is IPv6 only */
        setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one);
    if (bind(fd, (struct sockaddr *)&srv->addr, alen) < 0 ||
        listen(fd, SOMAXCONN) < 0) {
        int e = errno;
        if (e == EADDRINUSE) {
            if (in_use)
                *in_use = 1;
            snprintf(err, errlen, "cannot listen on %s: the address is already "
                     "in use (another server running?)", listen_on);
        } else {
            snprintf(err, errlen, "cannot listen on %s: %s", listen_on, strerror(e));
        }
        close(fd);
        return -1;
    }
    if (getsockname(fd, (struct sockaddr *)&bound, &blen) == 0)
        srv->port = ntohs(bound.ss_family == AF_INET6
                              ? ((struct sockaddr_in6 *)&bound)->sin6_port
                              : ((struct sockaddr_in *)&bound)->sin_port);
    return fd;
}

/* Connections in all: HTTP_CONN_LIMIT, fewer when the open files limit
 * leaves no room for them. */
static unsigned http_conn_limit(void)
{
    struct rlimit rl;
    rlim_t room;

    if (getrlimit(RLIMIT_NOFILE, &rl) != 0 || rl.rlim_cur == RLIM_INFINITY ||
        rl.rlim_cur >= HTTP_CONN_LIMIT + HTTP_FD_RESERVE)
        return HTTP_CONN_LIMIT;
    room = rl.rlim_cur > 2 * HTTP_FD_RESERVE ? rl.rlim_cur - HTTP_FD_RESERVE
                                             : rl.rlim_cur / 2;
    log_warning("at most %u connections: the open files limit is %llu "
                "(raise it to %d for %d)", (unsigned)room,
                (unsigned long long)rl.rlim_cur, HTTP_CONN_LIMIT + HTTP_FD_RESERVE,
                HTTP_CONN_LIMIT);
    return (unsigned)room;
}

static void http_free(http_server *srv)
{
    jobs_free(srv->jobs);
    guard_free(srv->guard);
    free(srv);
}

http_server *http_start(const http_config *cfg, int *in_use, char *err,
                        size_t errlen)
{
    http_server *srv = calloc(1, sizeof *srv);
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL |
                     MHD_USE_ERROR_LOG | MHD_ALLOW_SUSPEND_RESUME;
    unsigned threads = cfg->threads ? cfg->threads : 1;
    /* A pool of one is no pool: MHD warns and uses its polling thread,
     * so the option is given for two threads or more only. */
    struct MHD_OptionItem pool[] = {
        { threads > 1 ? MHD_OPTION_THREAD_POOL_SIZE : MHD_OPTION_END,
          (intptr_t)threads, NULL },
        { MHD_OPTION_END, 0, NULL },
    };
    guard_config gcfg = { .per_addr = HTTP_PER_IP_LIMIT,
                          .max_requests = HTTP_KEEPALIVE_MAX,
                          .trusted = cfg->trusted };
    int fd;

    if (in_use)
        *in_use = 0;
    if (!srv) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    srv->cfg = cfg;
    if (getenv("FOUILLE_TEST_HEAVY_MS"))
        srv->test_heavy_ms = (unsigned)strtoul(getenv("FOUILLE_TEST_HEAVY_MS"), NULL, 10);
    gcfg.max_conns = http_conn_limit();
    gcfg.deadline = cfg->request_timeout > 0 ? cfg->request_timeout
                                             : HTTP_REQUEST_TIMEOUT;
    srv->guard = guard_create(&gcfg);
    srv->jobs = jobs_create(threads, HTTP_HEAVY_QUEUE, HTTP_HEAVY_PER_CLIENT);
    if (!srv->guard || !srv->jobs) {
        snprintf(err, errlen, "out of memory");
        http_free(srv);
        return NULL;
    }
    if (http_resolve(srv, cfg->listen, err, errlen) < 0 ||
        (fd = http_listen(srv, cfg->listen, in_use, err, errlen)) < 0) {
        jobs_stop(srv->jobs);
        http_free(srv);
        return NULL;
    }
    if (srv->addr.ss_family == AF_INET6)
        flags |= MHD_USE_IPv6;
    srv->daemon = MHD_start_daemon(
        flags, 0, http_on_accept, srv, http_on_request, srv,
        /* First, so that the other options' messages come through it. */
        MHD_OPTION_EXTERNAL_LOGGER, http_on_mhd_message, NULL,
        MHD_OPTION_LISTEN_SOCKET, fd,
        MHD_OPTION_ARRAY, pool,
        /* The guard keeps to gcfg.max_conns; MHD's own limit, split among
         * its threads, must not be met first. */
        MHD_OPTION_CONNECTION_LIMIT, 2 * gcfg.max_conns,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)HTTP_TIMEOUT_S,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)HTTP_CONN_MEMORY,
        MHD_OPTION_URI_LOG_CALLBACK, http_on_uri, srv,
        MHD_OPTION_NOTIFY_COMPLETED, http_on_completed, srv,
        MHD_OPTION_NOTIFY_CONNECTION, http_on_connection, srv,
        MHD_OPTION_END);
    if (!srv->daemon) {
        snprintf(err, errlen, "cannot start the HTTP daemon on %s", cfg->listen);
        close(fd);
        jobs_stop(srv->jobs);
        http_free(srv);
        return NULL;
    }
    return srv;
}

unsigned http_port(const http_server *srv)
{
    return srv->port;
}

/* The workers first (every queued request is answered and its connection
 * resumed: MHD must not stop with suspended connections), then MHD, then
 * the guard. */
void http_stop(http_server *srv)
{
    if (!srv)
        return;
    jobs_stop(srv->jobs);
    MHD_stop_daemon(srv->daemon);
    http_free(srv);
}
