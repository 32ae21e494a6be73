/* http.c -- libmicrohttpd daemon, routing, common headers, access log.
 *
 * Design: a thread pool on MHD's internal polling thread with epoll; every
 * limit (connections, per IP, timeout, memory per connection) is set here
 * explicitly. Each request gets an http_request, created by the URI log
 * callback from the raw request target (before MHD unescapes it, so that
 * "%2f", "%2e%2e" and "%00" reach files.c and url.c intact) and freed by
 * the completion callback, which also writes the access log line.
 *
 * The dispatcher refuses what no handler should see: methods other than
 * GET/HEAD/OPTIONS (405), request bodies (413), oversize or undecodable
 * targets (400). OPTIONS is the CORS preflight, answered here. Then the
 * route table (routes.c) names the handler: /healthz and /api/... in
 * api.c, /archive/... and the rest in files.c.
 * Every reply passes through http_finish(), the one place that adds CORS,
 * nosniff, the CSP on HTML, and records status and size.
 */
#include "http.h"

#include "clock.h"
#include "escape.h"
#include "gzip.h"
#include "log.h"
#include "routes.h"

#include <arpa/inet.h>
#include <glib.h>
#include <jansson.h>
#include <netdb.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>

#define HTTP_MAX_TARGET      8192   /* bytes of path + query string */
#define HTTP_CONN_LIMIT      1000
#define HTTP_PER_IP_LIMIT    64
#define HTTP_TIMEOUT_S       15
#define HTTP_CONN_MEMORY     (64 * 1024)
#define HTTP_GZIP_MIN        1024   /* smaller bodies go uncompressed */

struct http_server {
    struct MHD_Daemon *daemon;
    const http_config *cfg;
    struct sockaddr_storage addr;
};

double http_now(void)
{
    return clock_now();
}

const char *http_header(const http_request *req, const char *name)
{
    return MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, name);
}

/* ---- Requests ------------------------------------------------------ */

static http_request *http_request_new(const http_server *srv,
                                      struct MHD_Connection *conn,
                                      const char *uri)
{
    http_request *req = calloc(1, sizeof *req);
    size_t plen;

    if (!req)
        return NULL;
    req->srv = srv;
    req->conn = conn;
    req->start = http_now();
    req->uri = strdup(uri ? uri : "");
    plen = req->uri ? strcspn(req->uri, "?") : 0;
    req->path = req->uri ? strndup(req->uri, plen) : NULL;
    if (!req->uri || !req->path) {
        free(req->uri);
        free(req->path);
        free(req);
        return NULL;
    }
    return req;
}

static void http_request_free(http_request *req)
{
    url_args_free(req->args, req->nargs);
    free(req->uri);
    free(req->path);
    free(req);
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
    if (!origin)
        return;
    MHD_add_response_header(resp, "Vary", "Origin");
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
    if (MHD_queue_response(req->conn, status, resp) == MHD_YES) {
        req->status = status;
        req->bytes = strcmp(req->method, "HEAD") == 0 ? 0 : bytes;
    }
    req->answered = 1;
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
static char *http_json_text(const json_t *body, size_t *len)
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
    http_reply_body(req, status, text, len, "application/json; charset=utf-8");
}

static const char *http_error_code(unsigned status)
{
    switch (status) {
    case 400: return "bad_request";
    case 404: return "not_found";
    case 405: return "method_not_allowed";
    case 413: return "too_large";
    case 416: return "range_not_satisfiable";
    case 503: return "unavailable";
    default:  return "internal";
    }
}

struct MHD_Response *http_error_response(unsigned status, const char *message,
                                         size_t *len)
{
    json_t *body;
    char *text;
    struct MHD_Response *resp;

    /* The message may quote client input cut anywhere: keep it valid. */
    gchar *valid = g_utf8_make_valid(message, -1);
    body = json_pack("{s:{s:s,s:s}}", "error", "code", http_error_code(status),
                     "message", valid);
    g_free(valid);
    text = body ? http_json_text(body, len) : NULL;
    json_decref(body);
    if (!text)
        return NULL;
    resp = MHD_create_response_from_buffer_with_free_callback(*len, text, free);
    if (!resp)
        free(text);
    return resp;
}

void http_reply_error(http_request *req, unsigned status, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    struct MHD_Response *resp;
    size_t len = 0;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    resp = http_error_response(status, msg, &len);
    if (!resp) {
        req->answered = 1;   /* nothing to send: MHD closes the connection */
        return;
    }
    if (status == 405)
        MHD_add_response_header(resp, "Allow", "GET, HEAD, OPTIONS");
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
    http_finish(req, status, resp, len, "application/json; charset=utf-8");
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
    MHD_add_response_header(resp, "Allow", "GET, HEAD, OPTIONS");
    MHD_add_response_header(resp, "Access-Control-Allow-Methods",
                            "GET, HEAD, OPTIONS");
    MHD_add_response_header(resp, "Access-Control-Allow-Headers",
                            "Accept, Accept-Encoding, Content-Type, Range, "
                            "If-None-Match, If-Modified-Since");
    MHD_add_response_header(resp, "Access-Control-Max-Age", "86400");
    http_finish(req, 204, resp, 0, NULL);
}

static int http_has_body(const http_request *req)
{
    const char *cl = http_header(req, MHD_HTTP_HEADER_CONTENT_LENGTH);
    const char *te = http_header(req, MHD_HTTP_HEADER_TRANSFER_ENCODING);

    return te != NULL || (cl != NULL && strspn(cl, "0") != strlen(cl));
}

static void http_dispatch(http_request *req)
{
    const http_config *cfg = req->srv->cfg;
    const char *method = req->method;
    const route *r = route_find(req->path);
    const char *query;
    const char *why;

    if (strcmp(method, "OPTIONS") != 0 && !route_allows(r, method)) {
        http_reply_error(req, 405, "method %.32s not allowed: use GET, "
                         "HEAD or OPTIONS", method);
        return;
    }
    if (http_has_body(req)) {
        http_reply_error(req, 413, "request bodies are not accepted");
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
    else
        route_run(r, cfg, req);   /* the path starts with '/': r is a route */
    if (!req->answered)   /* a handler must answer; never leave it hanging */
        http_reply_error(req, 500, "no answer");
}

/* ---- MHD callbacks ------------------------------------------------- */

static void *http_on_uri(void *cls, const char *uri, struct MHD_Connection *conn)
{
    return http_request_new(cls, conn, uri);
}

static enum MHD_Result http_on_request(void *cls, struct MHD_Connection *conn,
                                       const char *url, const char *method,
                                       const char *version,
                                       const char *upload_data,
                                       size_t *upload_data_size, void **con_cls)
{
    http_request *req = *con_cls;

    (void)version;
    (void)upload_data;
    if (!req) {
        req = http_request_new(cls, conn, url);
        if (!req)
            return MHD_NO;
        *con_cls = req;
    }
    if (req->answered) {          /* a body after our answer: drop it */
        *upload_data_size = 0;
        return req->status ? MHD_YES : MHD_NO;
    }
    req->method = method;
    http_dispatch(req);
    return req->status ? MHD_YES : MHD_NO;
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

static void http_on_completed(void *cls, struct MHD_Connection *conn,
                              void **con_cls, enum MHD_RequestTerminationCode toe)
{
    const http_server *srv = cls;
    http_request *req = *con_cls;
    FILE *log = srv->cfg->log;
    char when[32];
    char host[INET6_ADDRSTRLEN] = "-";
    const union MHD_ConnectionInfo *ci;
    time_t now = time(NULL);
    struct tm tm;

    (void)toe;
    if (!req)
        return;
    *con_cls = NULL;
    ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    if (ci && ci->client_addr)
        getnameinfo(ci->client_addr,
                    ci->client_addr->sa_family == AF_INET6
                        ? sizeof(struct sockaddr_in6)
                        : sizeof(struct sockaddr_in),
                    host, sizeof host, NULL, 0, NI_NUMERICHOST);
    gmtime_r(&now, &tm);
    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
    if (log)
        http_log_access(log, srv->cfg->log_json, when, host, req,
                        (http_now() - req->start) * 1000.0);
    http_request_free(req);
}

/* ---- Daemon -------------------------------------------------------- */

/* libmicrohttpd's own messages (a client that broke off, a socket error)
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

http_server *http_start(const http_config *cfg, char *err, size_t errlen)
{
    http_server *srv = calloc(1, sizeof *srv);
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL |
                     MHD_USE_ERROR_LOG;

    if (!srv) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    srv->cfg = cfg;
    if (http_resolve(srv, cfg->listen, err, errlen) < 0) {
        free(srv);
        return NULL;
    }
    if (srv->addr.ss_family == AF_INET6)
        flags |= MHD_USE_IPv6;
    /* A pool of one is no pool: MHD warns and uses its polling thread,
     * so the option is given for two threads or more only. */
    struct MHD_OptionItem pool[] = {
        { cfg->threads > 1 ? MHD_OPTION_THREAD_POOL_SIZE : MHD_OPTION_END,
          (intptr_t)cfg->threads, NULL },
        { MHD_OPTION_END, 0, NULL },
    };
    srv->daemon = MHD_start_daemon(
        flags, 0, NULL, NULL, http_on_request, srv,
        /* First, so that the other options' messages come through it. */
        MHD_OPTION_EXTERNAL_LOGGER, http_on_mhd_message, NULL,
        MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&srv->addr,
        MHD_OPTION_ARRAY, pool,
        MHD_OPTION_CONNECTION_LIMIT, (unsigned)HTTP_CONN_LIMIT,
        MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)HTTP_PER_IP_LIMIT,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)HTTP_TIMEOUT_S,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)HTTP_CONN_MEMORY,
        MHD_OPTION_LISTENING_ADDRESS_REUSE, (unsigned)1,
        MHD_OPTION_URI_LOG_CALLBACK, http_on_uri, srv,
        MHD_OPTION_NOTIFY_COMPLETED, http_on_completed, srv,
        MHD_OPTION_END);
    if (!srv->daemon) {
        snprintf(err, errlen, "cannot listen on %s (address in use?)",
                 cfg->listen);
        free(srv);
        return NULL;
    }
    return srv;
}

unsigned http_port(const http_server *srv)
{
    const union MHD_DaemonInfo *info =
        MHD_get_daemon_info(srv->daemon, MHD_DAEMON_INFO_BIND_PORT);
    return info ? info->port : 0;
}

void http_stop(http_server *srv)
{
    if (!srv)
        return;
    MHD_stop_daemon(srv->daemon);
    free(srv);
}
