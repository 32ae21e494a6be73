/* test-net.c -- the server's connection and request limits, without a
 * daemon: trusted proxies and what they may say (proxy.c), the guard's
 * admission rules and request deadline on real socket pairs (guard.c), and
 * the lane of heavy requests (jobs.c): order, bounds, per-client cap, and
 * stopping with items still queued. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "../../server/guard.h"
#include "../../server/jobs.h"
#include "../../server/proxy.h"
#include "tap.h"

static struct sockaddr_in v4(const char *text)
{
    struct sockaddr_in a = { .sin_family = AF_INET };
    inet_pton(AF_INET, text, &a.sin_addr);
    return a;
}

static void test_proxy(void)
{
    proxy_list *l = NULL;
    char err[128], out[PROXY_ADDR_MAX], pre[PROXY_PREFIX_MAX + 1];
    struct sockaddr_in6 m = { .sin6_family = AF_INET6 };
    struct sockaddr_in a = v4("192.0.2.7");

    ok(proxy_list_add(&l, "127.0.0.1", err, sizeof err) == 0, "an address is a proxy");
    ok(proxy_list_add(&l, "10.0.0.0/8", err, sizeof err) == 0, "so is a network");
    ok(proxy_list_add(&l, "::1", err, sizeof err) == 0, "and an IPv6 address");
    ok(proxy_list_add(&l, "10.0.0.0/33", err, sizeof err) < 0, "an IPv4 prefix over 32 is refused");
    ok(proxy_list_add(&l, "exemple.org", err, sizeof err) < 0, "a name is refused ...");
    ok(strstr(err, "exemple.org") != NULL, "... and the message names it");
    ok(proxy_trusted(l, "127.0.0.1") && proxy_trusted(l, "10.20.30.40") &&
       proxy_trusted(l, "::1"), "trusted: the address, inside the network, IPv6");
    ok(!proxy_trusted(l, "127.0.0.2") && !proxy_trusted(l, "11.0.0.1") &&
       !proxy_trusted(NULL, "127.0.0.1"), "not trusted: others, or no list");

    proxy_addr_text((struct sockaddr *)&a, out);
    is_str(out, "192.0.2.7", "IPv4 peer in text");
    inet_pton(AF_INET6, "::ffff:127.0.0.1", &m.sin6_addr);
    proxy_addr_text((struct sockaddr *)&m, out);
    is_str(out, "127.0.0.1", "an IPv4-mapped IPv6 peer is its IPv4 address");

    ok(proxy_forwarded_for(l, "192.0.2.1", out) == 0, "X-Forwarded-For with one address");
    is_str(out, "192.0.2.1", "... is the client");
    proxy_forwarded_for(l, "6.6.6.6, 192.0.2.1, 10.1.1.1", out);
    is_str(out, "192.0.2.1", "the right-most untrusted entry is the client (the left ones may be forged)");
    proxy_forwarded_for(l, " [2001:db8::1]:443 ", out);
    is_str(out, "2001:db8::1", "an IPv6 entry with brackets and port");
    proxy_forwarded_for(l, "198.51.100.4:5000", out);
    is_str(out, "198.51.100.4", "an IPv4 entry with a port");
    strcpy(out, "peer");
    ok(proxy_forwarded_for(l, "192.0.2.1, n'importe quoi", out) < 0 &&
       strcmp(out, "peer") == 0, "a garbage right-most entry: no client from it");
    ok(proxy_forwarded_for(l, "", out) < 0 && proxy_forwarded_for(l, NULL, out) < 0,
       "an empty or missing header: none");
    ok(proxy_forwarded_for(l, "10.0.0.1, 127.0.0.1", out) < 0, "only proxies: none");

    ok(proxy_prefix("/recherche", pre) == 0, "a prefix");
    is_str(pre, "/recherche", "... kept");
    proxy_prefix("/site/recherche-2/", pre);
    is_str(pre, "/site/recherche-2", "a final slash is dropped");
    ok(proxy_prefix("", pre) == 0 && !pre[0] && proxy_prefix("/", pre) == 0 && !pre[0],
       "empty and '/' are no prefix");
    ok(proxy_prefix("recherche", pre) < 0, "refused: no leading slash");
    ok(proxy_prefix("/a/../b", pre) < 0 && proxy_prefix("/a/./b", pre) < 0 &&
       proxy_prefix("/a//b", pre) < 0, "refused: '..', '.', empty segments");
    ok(proxy_prefix("/\"><script>", pre) < 0 && proxy_prefix("/a b", pre) < 0 &&
       proxy_prefix("/r%C3%A9", pre) < 0 && proxy_prefix("//evil.example", pre) < 0,
       "refused: quotes, markup, spaces, escapes, another host");
    ok(!pre[0], "... leaving no prefix");
    char longp[PROXY_PREFIX_MAX + 3];
    memset(longp, 'a', sizeof longp - 1);
    longp[0] = '/';
    longp[sizeof longp - 1] = '\0';
    ok(proxy_prefix(longp, pre) < 0, "refused: over %d bytes", PROXY_PREFIX_MAX);
    proxy_list_free(l);
}

/* A connected pair: *ours for the "server" side, the return for the peer. */
static int pair(int *ours)
{
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0)
        return -1;
    *ours = sv[0];
    return sv[1];
}

/* Has the guard shut our side down (the peer reads end of stream)? */
static int shut(int peer)
{
    char c;
    struct timeval tv = { 0, 1000 };
    setsockopt(peer, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    return recv(peer, &c, 1, 0) == 0;
}

static void test_guard(void)
{
    guard_config cfg = { .max_conns = 16, .per_addr = 6, .deadline = 0.3,
                         .max_requests = 3 };
    guard *g = guard_create(&cfg);
    struct sockaddr_in a[4] = { v4("127.0.0.2"), v4("127.0.0.3"),
                                v4("127.0.0.4"), v4("127.0.0.5") };
    guard_conn *c[32];
    int fd[32], peer[32], n = 0, refused = 0;

    ok(g != NULL, "a guard");
    /* 6 from .2 (its limit), then a 7th refused. */
    for (int i = 0; i < 6; i++) {
        ok(guard_admit(g, (struct sockaddr *)&a[0]), "connection %d from .2 admitted", i + 1);
        peer[n] = pair(&fd[n]);
        c[n] = guard_open(g, fd[n], (struct sockaddr *)&a[0]);
        n++;
    }
    ok(!guard_admit(g, (struct sockaddr *)&a[0]), "the 7th from .2 is refused (per address)");
    /* .3 takes 6 too: 12 in all, past 3/4 of 16: the fair share is 16/2. */
    for (int i = 0; i < 6; i++) {
        peer[n] = pair(&fd[n]);
        c[n] = guard_open(g, fd[n], (struct sockaddr *)&a[1]);
        n++;
    }
    ok(guard_admit(g, (struct sockaddr *)&a[2]), "a newcomer is admitted past 3/4");
    ok(!guard_keep_alive(g, c[0]), "past 3/4, answers close their connection");
    for (int i = 0; i < 4; i++) {
        peer[n] = pair(&fd[n]);
        c[n] = guard_open(g, fd[n], (struct sockaddr *)&a[2]);
        n++;
    }
    ok(guard_count(g) == 16, "16 connections: the cap");
    /* At the cap, a newcomer evicts the longest waiting of the heaviest. */
    ok(guard_admit(g, (struct sockaddr *)&a[3]), "at the cap, a fourth address is admitted ...");
    int evicted = -1;
    for (int i = 0; i < n; i++)
        if (shut(peer[i])) {
            refused++;
            evicted = i;
        }
    ok(refused == 1 && (evicted == 0 || evicted == 6),
       "... by shutting down one connection, the oldest of a heaviest address");
    /* Its owner closes it: forget it, and use slots 1 and 2 below. */
    guard_close(g, c[evicted]);
    close(fd[evicted]);
    close(peer[evicted]);
    c[evicted] = NULL;

    /* Deadline: busy connections are left alone, waiting ones shut. */
    guard_busy(g, c[1]);
    usleep(700 * 1000);
    ok(!shut(peer[1]), "a busy connection outlives the deadline");
    ok(shut(peer[2]) && guard_expired(g, c[2]), "a waiting one is shut down at the deadline, as expired");
    guard_idle(g, c[1]);
    ok(!guard_expired(g, c[1]), "... the busy one waits again from its answer");
    usleep(700 * 1000);
    ok(shut(peer[1]), "... and is shut down past its new deadline");

    for (int i = 0; i < n; i++) {
        if (!c[i])
            continue;
        guard_close(g, c[i]);
        close(fd[i]);
        close(peer[i]);
    }
    ok(guard_count(g) == 0, "all forgotten");
    peer[0] = pair(&fd[0]);
    c[0] = guard_open(g, fd[0], (struct sockaddr *)&a[0]);
    ok(guard_keep_alive(g, c[0]), "a fresh connection is kept alive ...");
    guard_busy(g, c[0]); guard_idle(g, c[0]);
    guard_busy(g, c[0]); guard_idle(g, c[0]);
    ok(!guard_keep_alive(g, c[0]), "... until its max_requests-th answer");
    guard_close(g, c[0]);
    close(fd[0]);
    close(peer[0]);
    guard_free(g);

    /* A trusted proxy is exempt from the per-address limit. */
    proxy_list *l = NULL;
    char err[64];
    proxy_list_add(&l, "127.0.0.2", err, sizeof err);
    cfg.trusted = l;
    g = guard_create(&cfg);
    for (int i = 0; i < 8; i++) {
        peer[i] = pair(&fd[i]);
        c[i] = guard_open(g, fd[i], (struct sockaddr *)&a[0]);
    }
    ok(guard_admit(g, (struct sockaddr *)&a[0]), "a trusted proxy may hold more than per_addr");
    for (int i = 0; i < 8; i++) {
        guard_close(g, c[i]);
        close(fd[i]);
        close(peer[i]);
    }
    guard_free(g);
    proxy_list_free(l);
}

typedef struct {
    jobs_item item;
    int id;
    int stopped;
} test_job;

static pthread_mutex_t order_lock = PTHREAD_MUTEX_INITIALIZER;
static int order[16], norder;
static atomic_int gate;

static void test_run(jobs_item *it, int stopping)
{
    test_job *j = (test_job *)it;
    while (!gate && !stopping)
        usleep(1000);
    pthread_mutex_lock(&order_lock);
    order[norder++] = j->id;
    j->stopped = stopping;
    pthread_mutex_unlock(&order_lock);
}

static void *test_stop(void *q)
{
    jobs_stop(q);
    return NULL;
}

static void test_done(jobs_item *it)
{
    (void)it;
}

static void test_jobs(void)
{
    jobs *q = jobs_create(1, 3, 2);
    test_job t[8];

    memset(t, 0, sizeof t);
    for (int i = 0; i < 8; i++) {
        t[i].item.run = test_run;
        t[i].item.done = test_done;
        t[i].id = i;
        strcpy(t[i].item.client, i < 2 ? "a" : "b");
    }
    ok(jobs_reserve(q, "a") == JOBS_OK, "a place for a");
    jobs_push(q, &t[0].item);
    usleep(50 * 1000);           /* the worker takes it and waits on gate */
    ok(jobs_reserve(q, "a") == JOBS_OK, "a second for a");
    jobs_push(q, &t[1].item);
    ok(jobs_reserve(q, "a") == JOBS_CLIENT_FULL, "a third for a: per_client (2, running included)");
    ok(jobs_reserve(q, "b") == JOBS_OK, "b is let in");
    jobs_push(q, &t[2].item);
    ok(jobs_reserve(q, "b") == JOBS_OK, "b again");
    jobs_push(q, &t[3].item);
    ok(jobs_queued(q) == 3, "3 waiting, 1 running");
    ok(jobs_reserve(q, "c") == JOBS_FULL, "a fourth waiting one: the queue is full");
    gate = 1;
    usleep(100 * 1000);
    ok(norder == 4 && order[0] == 0 && order[1] == 1 && order[2] == 2 && order[3] == 3,
       "run in the order pushed");
    ok(jobs_reserve(q, "a") == JOBS_OK, "places come back once run");
    gate = 0;
    jobs_push(q, &t[4].item);
    usleep(50 * 1000);
    ok(jobs_reserve(q, "b") == JOBS_OK, "one more queued behind it");
    jobs_push(q, &t[5].item);
    pthread_t stopper;
    pthread_create(&stopper, NULL, test_stop, q);
    usleep(50 * 1000);           /* stop is under way, t[4] still running */
    gate = 1;
    pthread_join(stopper, NULL);
    ok(norder == 6 && !t[4].stopped && t[5].stopped,
       "stopping lets the running item finish and runs the queued one with stopping = 1");
    ok(jobs_reserve(q, "a") == JOBS_STOPPING, "after stop: refused");
    jobs_free(q);
}

int main(void)
{
    test_proxy();
    test_guard();
    test_jobs();
    return done_testing();
}
