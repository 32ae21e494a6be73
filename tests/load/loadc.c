/* loadc.c -- a load client for the fault tests (tests/T702-load-faults.sh).
 *
 *   loadc --port P --seconds S --paths FILE [--clients N] [--slowloris K]
 *         [--slow-addrs A] [--trickle T] [--reconnect] [--hostile]
 *         [--heavy H --heavy-target TARGET]
 *
 * Design: plain sockets and threads, one request a connection ("Connection:
 * close"), so thousands of requests go out in seconds where curl in a loop
 * would manage a few hundred. Three kinds of threads run for S seconds:
 *   - N clients send the valid requests of FILE (one target a line) in
 *     turn from 127.0.0.1 and check each answer: a status line, 200, and
 *     for /healthz a revision that never goes back by more than the
 *     server's documented staleness (LOADC_STALE_S) for this client;
 *   - with --slowloris, one thread opens K connections from 127.0.0.2
 *     (another address, so the server's per-address limit is its own; with
 *     --slow-addrs A, spread over 127.0.0.2 to 127.0.0.(A+1)) and sends
 *     half a request line on each and never more; with --trickle T, a
 *     request line and then one more byte of a header that never ends
 *     every T seconds; with --reconnect, a connection the server closes is
 *     opened again (after LOADC_RECONNECT_S), as an attacker would. It
 *     reports how long the server let connections live;
 *   - with --heavy H, H threads send TARGET from 127.0.0.1 in a loop (each
 *     waits for its answer: H heavy requests in flight at all times);
 *   - with --hostile, one thread sends, in turn, a 100 KB header, a 10 MB
 *     body, a 20 KB query string, a 1.5 KB query, invalid UTF-8 and raw
 *     bytes in the target, and counts the answers (all must be 4xx, or the
 *     connection closed; never 5xx).
 * On exit it prints "key value" lines: counts, the valid requests'
 * latencies (valid_p50_ms, valid_p99_ms, valid_max_ms, connection and
 * answer included), then one "total TARGET N COUNT" line for each
 * distinct "total" a search target answered. The open files limit is
 * raised to its hard limit (thousands of connections).
 * Exit status 0 unless it could not run at all.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#define LOADC_MAX_PATHS  64
#define LOADC_MAX_TOTALS 64
#define LOADC_STALE_S    1.0     /* api.c: a commit is served within 1 s */
#define LOADC_MAX_ANSWER (4 * 1024 * 1024)
#define LOADC_MAX_SAMPLES (1 << 20)  /* latencies kept */
#define LOADC_RECONNECT_S 0.25

typedef struct {
    char *target;
    long totals[LOADC_MAX_TOTALS];   /* distinct "total" values seen */
    unsigned long counts[LOADC_MAX_TOTALS];
    size_t ntotals;
} loadc_path;

static struct {
    unsigned port;
    double seconds;
    unsigned clients, slowloris, slow_addrs, heavy;
    double trickle;
    int hostile, reconnect;
    const char *heavy_target;
    double *samples;                  /* valid requests' latencies, ms */
    atomic_ulong nsamples;
    loadc_path paths[LOADC_MAX_PATHS];
    size_t npaths;
    double end;
    pthread_mutex_t lock;
} L = { .clients = 4, .slow_addrs = 1, .lock = PTHREAD_MUTEX_INITIALIZER };

static atomic_ulong valid_sent, valid_ok, valid_failed, valid_5xx,
    revision_back, hostile_sent, hostile_4xx, hostile_closed, hostile_5xx,
    hostile_other, slow_open, slow_refused, slow_closed_by_server,
    slow_max_life_ms, heavy_sent, heavy_ok, heavy_other;

static double loadc_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A connected socket from `from` (NULL: any) to the server, or -1. */
static int loadc_connect(const char *from)
{
    struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(L.port) };
    struct timeval tv = { .tv_sec = 20 };
    int fd = socket(AF_INET, SOCK_STREAM, 0);

    if (fd < 0)
        return -1;
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    if (from) {
        struct sockaddr_in b = { .sin_family = AF_INET };
        int one = 1;
        /* The port is picked at connect(): thousands of connections from a
         * few addresses do not run out of ports. */
        setsockopt(fd, IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &one, sizeof one);
        inet_pton(AF_INET, from, &b.sin_addr);
        if (bind(fd, (struct sockaddr *)&b, sizeof b) < 0) {
            close(fd);
            return -1;
        }
    }
    inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
    if (connect(fd, (struct sockaddr *)&a, sizeof a) < 0) {
        close(fd);
        return -1;
    }
    return fd;
}

static int loadc_send_all(int fd, const char *buf, size_t len)
{
    while (len > 0) {
        ssize_t n = send(fd, buf, len, MSG_NOSIGNAL);
        if (n <= 0)
            return -1;
        buf += n;
        len -= (size_t)n;
    }
    return 0;
}

/* Read the whole answer (the server closes) into a malloc'd, NUL-
 * terminated buffer; NULL when nothing came. */
static char *loadc_read_all(int fd)
{
    size_t cap = 16384, len = 0;
    char *buf = malloc(cap + 1);
    ssize_t n;

    while (buf && len < LOADC_MAX_ANSWER &&
           (n = recv(fd, buf + len, cap - len, 0)) > 0) {
        len += (size_t)n;
        if (len == cap) {
            char *nb = realloc(buf, cap * 2 + 1);
            if (!nb)
                break;
            buf = nb;
            cap *= 2;
        }
    }
    if (!buf || len == 0) {
        free(buf);
        return NULL;
    }
    buf[len] = '\0';
    return buf;
}

/* Send `req` (`len` bytes) on a new connection; returns the status of the
 * answer, 0 when the connection closed without one, -1 when no
 * connection. *answer (may be NULL) gets the answer, malloc'd. */
static int loadc_exchange(const char *req, size_t len, char **answer)
{
    int fd = loadc_connect(NULL), status = 0;
    char *buf;

    if (fd < 0)
        return -1;
    loadc_send_all(fd, req, len);       /* the server may close early */
    buf = loadc_read_all(fd);
    close(fd);
    if (buf && strncmp(buf, "HTTP/1.", 7) == 0 && strlen(buf) > 12)
        status = atoi(buf + 9);
    if (answer)
        *answer = buf;
    else
        free(buf);
    return status;
}

static void loadc_note_total(loadc_path *p, long total)
{
    pthread_mutex_lock(&L.lock);
    size_t i;
    for (i = 0; i < p->ntotals && p->totals[i] != total; i++)
        ;
    if (i == p->ntotals && i < LOADC_MAX_TOTALS) {
        p->totals[i] = total;
        p->ntotals++;
    }
    if (i < LOADC_MAX_TOTALS)
        p->counts[i]++;
    pthread_mutex_unlock(&L.lock);
}

/* A number after `"key": ` in a JSON body, or -1. */
static long loadc_json_number(const char *body, const char *key)
{
    const char *p = strstr(body, key);
    return p ? strtol(p + strlen(key), NULL, 10) : -1;
}

static void *loadc_client(void *arg)
{
    size_t i = (size_t)arg;
    long max_rev = -1;
    double max_rev_at = 0;
    char req[8192];

    while (loadc_now() < L.end) {
        loadc_path *p = &L.paths[i++ % L.npaths];
        int n = snprintf(req, sizeof req, "GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                         "Connection: close\r\n\r\n", p->target);
        char *answer = NULL, *body;
        int status;

        double t0 = loadc_now();
        valid_sent++;
        status = loadc_exchange(req, (size_t)n, &answer);
        unsigned long k = atomic_fetch_add(&L.nsamples, 1);
        if (L.samples && k < LOADC_MAX_SAMPLES)
            L.samples[k] = (loadc_now() - t0) * 1000.0;
        body = answer ? strstr(answer, "\r\n\r\n") : NULL;
        if (status != 200 || !body) {
            valid_failed++;
            if (status >= 500)
                valid_5xx++;
            fprintf(stderr, "loadc: %s -> %d\n", p->target, status);
            free(answer);
            continue;
        }
        valid_ok++;
        if (strncmp(p->target, "/api/search", 11) == 0) {
            loadc_note_total(p, loadc_json_number(body, "\"total\": "));
        } else if (strcmp(p->target, "/healthz") == 0) {
            long rev = loadc_json_number(body, "\"revision\": ");
            double now = loadc_now();
            if (rev > max_rev) {
                max_rev = rev;
                max_rev_at = now;
            } else if (rev < max_rev && now - max_rev_at > LOADC_STALE_S) {
                revision_back++;
                fprintf(stderr, "loadc: revision %ld after %ld, %.2f s later\n",
                        rev, max_rev, now - max_rev_at);
            }
        }
        free(answer);
    }
    return NULL;
}

/* One slow connection: its socket (-1: none), when it opened, when it
 * sends its next byte, and how many header bytes it sent. */
typedef struct {
    int fd;
    double opened, next;
    size_t sent;
} loadc_slow;

static void loadc_slow_open(loadc_slow *c, unsigned i)
{
    static const char half[] = "GET /heal";
    static const char line[] = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n";
    char from[32];

    snprintf(from, sizeof from, "127.0.0.%u", 2 + i % L.slow_addrs);
    c->fd = loadc_connect(from);
    c->opened = loadc_now();
    c->next = c->opened + L.trickle;
    c->sent = 0;
    if (c->fd >= 0 && (L.trickle > 0 ? loadc_send_all(c->fd, line, sizeof line - 1)
                                     : loadc_send_all(c->fd, half, sizeof half - 1)) == 0) {
        slow_open++;
        return;
    }
    slow_refused++;
    if (c->fd >= 0)
        close(c->fd);
    c->fd = -1;
}

/* c was closed by the server: count it, note how long it lived. */
static void loadc_slow_closed(loadc_slow *c, double now)
{
    unsigned long life = (unsigned long)((now - c->opened) * 1000.0);

    slow_closed_by_server++;
    if (life > slow_max_life_ms)
        slow_max_life_ms = life;
    close(c->fd);
    c->fd = -1;
    c->opened = now;          /* reopened from LOADC_RECONNECT_S on */
}

static void *loadc_slowloris(void *arg)
{
    static const char header[] = "X-Slow: 1\r\n";
    unsigned n = L.slowloris;
    loadc_slow *conns = calloc(n, sizeof *conns);
    struct pollfd *pfd = calloc(n, sizeof *pfd);
    char c;

    (void)arg;
    for (unsigned i = 0; conns && pfd && i < n; i++)
        loadc_slow_open(&conns[i], i);
    while (conns && pfd && loadc_now() < L.end) {
        double now;

        for (unsigned i = 0; i < n; i++) {
            pfd[i].fd = conns[i].fd;
            pfd[i].events = POLLIN;
            pfd[i].revents = 0;
        }
        poll(pfd, n, 50);
        now = loadc_now();
        for (unsigned i = 0; i < n; i++) {
            loadc_slow *s = &conns[i];
            if (s->fd < 0) {
                if (L.reconnect && now - s->opened >= LOADC_RECONNECT_S)
                    loadc_slow_open(s, i);
                continue;
            }
            /* Closed by the server (a deadline, a refusal) reads as EOF. */
            if ((pfd[i].revents & (POLLIN | POLLHUP | POLLERR)) &&
                recv(s->fd, &c, 1, MSG_DONTWAIT) <= 0) {
                loadc_slow_closed(s, now);
                continue;
            }
            if (L.trickle > 0 && now >= s->next) {
                if (send(s->fd, header + s->sent % (sizeof header - 1), 1,
                         MSG_NOSIGNAL | MSG_DONTWAIT) == 1)
                    s->sent++;
                s->next += L.trickle;
            }
        }
    }
    for (unsigned i = 0; conns && i < n; i++) {
        if (conns[i].fd < 0)
            continue;
        if (recv(conns[i].fd, &c, 1, MSG_DONTWAIT) == 0)
            loadc_slow_closed(&conns[i], loadc_now());
        else
            close(conns[i].fd);
    }
    free(conns);
    free(pfd);
    return NULL;
}

/* A heavy request in a loop: one in flight per thread. */
static void *loadc_heavy(void *arg)
{
    char req[8192];
    int n = snprintf(req, sizeof req, "GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                     "Connection: close\r\n\r\n", L.heavy_target);

    (void)arg;
    while (loadc_now() < L.end) {
        int status = loadc_exchange(req, (size_t)n, NULL);
        heavy_sent++;
        if (status == 200)
            heavy_ok++;
        else {
            heavy_other++;
            fprintf(stderr, "loadc: heavy -> %d\n", status);
            usleep(100000);
        }
    }
    return NULL;
}

/* The hostile request number k, malloc'd, *len bytes. */
static char *loadc_hostile_request(unsigned k, size_t *len)
{
    static const char head[] = "Host: 127.0.0.1\r\nConnection: close\r\n";
    size_t big = 100 * 1024;
    char *pad = malloc(big + 1), *req = NULL;

    if (!pad)
        return NULL;
    memset(pad, 'a', big);
    pad[big] = '\0';
    switch (k % 6) {
    case 0:   /* a header of 100 KB */
        *len = (size_t)asprintf(&req, "GET /hostile/header HTTP/1.1\r\n%sX-Big: %s\r\n\r\n", head, pad);
        break;
    case 1:   /* a body announced at 10 MB, 100 KB of it sent */
        *len = (size_t)asprintf(&req, "GET /hostile/body HTTP/1.1\r\n%sContent-Length: 10000000\r\n\r\n%s", head, pad);
        break;
    case 2:   /* a query string of 20 KB */
        pad[20 * 1024] = '\0';
        *len = (size_t)asprintf(&req, "GET /api/suggest?q=%s HTTP/1.1\r\n%s\r\n", pad, head);
        break;
    case 3:   /* a query of 1.5 KB, over the 1 KB bound of q */
        pad[1536] = '\0';
        *len = (size_t)asprintf(&req, "GET /api/suggest?q=%s HTTP/1.1\r\n%s\r\n", pad, head);
        break;
    case 4:   /* invalid UTF-8, encoded */
        *len = (size_t)asprintf(&req, "GET /api/suggest?q=caf%%E9%%FF%%C3 HTTP/1.1\r\n%s\r\n", head);
        break;
    default:  /* raw bytes and a way out in the target */
        *len = (size_t)asprintf(&req, "GET /hostile/\xff\xfe/../..%%2f..%%00 HTTP/1.1\r\n%s\r\n", head);
        break;
    }
    free(pad);
    return req;
}

static void *loadc_hostile(void *arg)
{
    (void)arg;
    for (unsigned k = 0; loadc_now() < L.end; k++) {
        size_t len = 0;
        char *req = loadc_hostile_request(k, &len);
        int status;

        if (!req)
            continue;
        hostile_sent++;
        status = loadc_exchange(req, len, NULL);
        free(req);
        if (status >= 400 && status < 500)
            hostile_4xx++;
        else if (status <= 0)
            hostile_closed++;
        else {
            if (status >= 500)
                hostile_5xx++;
            else
                hostile_other++;
            fprintf(stderr, "loadc: hostile %u -> %d\n", k % 6, status);
        }
    }
    return NULL;
}

static int loadc_read_paths(const char *file)
{
    FILE *f = fopen(file, "r");
    char line[4096];

    if (!f)
        return -1;
    while (L.npaths < LOADC_MAX_PATHS && fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = '\0';
        if (line[0] == '/')
            L.paths[L.npaths++].target = strdup(line);
    }
    fclose(f);
    return L.npaths ? 0 : -1;
}

static int loadc_cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* The valid requests' latencies: p50, p99, max (ms). */
static void loadc_latencies(void)
{
    unsigned long n = L.nsamples < LOADC_MAX_SAMPLES ? L.nsamples : LOADC_MAX_SAMPLES;

    if (!L.samples || n == 0) {
        printf("valid_p50_ms 0\nvalid_p99_ms 0\nvalid_max_ms 0\n");
        return;
    }
    qsort(L.samples, n, sizeof *L.samples, loadc_cmp);
    printf("valid_p50_ms %.1f\nvalid_p99_ms %.1f\nvalid_max_ms %.1f\n",
           L.samples[n / 2], L.samples[(n * 99) / 100], L.samples[n - 1]);
}

static void loadc_report(void)
{
#define P(name) printf(#name " %lu\n", (unsigned long)name)
    P(valid_sent); P(valid_ok); P(valid_failed); P(valid_5xx); P(revision_back);
    P(hostile_sent); P(hostile_4xx); P(hostile_closed); P(hostile_5xx);
    P(hostile_other); P(slow_open); P(slow_refused); P(slow_closed_by_server);
    P(slow_max_life_ms); P(heavy_sent); P(heavy_ok); P(heavy_other);
#undef P
    loadc_latencies();
    for (size_t i = 0; i < L.npaths; i++)
        for (size_t k = 0; k < L.paths[i].ntotals; k++)
            printf("total %s %ld %lu\n", L.paths[i].target,
                   L.paths[i].totals[k], L.paths[i].counts[k]);
}

int main(int argc, char **argv)
{
    static const struct option opts[] = {
        { "port", required_argument, NULL, 'p' },
        { "seconds", required_argument, NULL, 's' },
        { "paths", required_argument, NULL, 'f' },
        { "clients", required_argument, NULL, 'c' },
        { "slowloris", required_argument, NULL, 'l' },
        { "hostile", no_argument, NULL, 'H' },
        { "slow-addrs", required_argument, NULL, 'A' },
        { "trickle", required_argument, NULL, 'T' },
        { "reconnect", no_argument, NULL, 'R' },
        { "heavy", required_argument, NULL, 'y' },
        { "heavy-target", required_argument, NULL, 'Y' },
        { NULL, 0, NULL, 0 }
    };
    const char *paths = NULL;
    pthread_t th[66 + 64];
    struct rlimit rl;
    size_t nth = 0;
    int c;

    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'p': L.port = (unsigned)atoi(optarg); break;
        case 's': L.seconds = atof(optarg); break;
        case 'f': paths = optarg; break;
        case 'c': L.clients = (unsigned)atoi(optarg); break;
        case 'l': L.slowloris = (unsigned)atoi(optarg); break;
        case 'H': L.hostile = 1; break;
        case 'A': L.slow_addrs = (unsigned)atoi(optarg); break;
        case 'T': L.trickle = atof(optarg); break;
        case 'R': L.reconnect = 1; break;
        case 'y': L.heavy = (unsigned)atoi(optarg); break;
        case 'Y': L.heavy_target = optarg; break;
        default: return 2;
        }
    }
    if (!L.port || L.seconds <= 0 || !paths || L.clients < 1 || L.clients > 64 ||
        L.slow_addrs < 1 || L.slow_addrs > 200 || L.heavy > 64 ||
        (L.heavy && !L.heavy_target) || loadc_read_paths(paths) < 0) {
        fprintf(stderr, "usage: loadc --port P --seconds S --paths FILE "
                "[--clients N<=64] [--slowloris K] [--slow-addrs A<=200] "
                "[--trickle T] [--reconnect] [--hostile] "
                "[--heavy H<=64 --heavy-target TARGET]\n");
        return 2;
    }
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
        rl.rlim_cur = rl.rlim_max;
        setrlimit(RLIMIT_NOFILE, &rl);
    }
    L.samples = malloc(LOADC_MAX_SAMPLES * sizeof *L.samples);
    L.end = loadc_now() + L.seconds;
    if (L.slowloris)
        pthread_create(&th[nth++], NULL, loadc_slowloris, NULL);
    if (L.hostile)
        pthread_create(&th[nth++], NULL, loadc_hostile, NULL);
    for (unsigned i = 0; i < L.heavy; i++)
        pthread_create(&th[nth++], NULL, loadc_heavy, NULL);
    for (unsigned i = 0; i < L.clients; i++)
        pthread_create(&th[nth++], NULL, loadc_client, (void *)(size_t)i);
    for (size_t i = 0; i < nth; i++)
        pthread_join(th[i], NULL);
    loadc_report();
    free(L.samples);
    return 0;
}
