/* guard.c -- who may hold a connection, and for how long (see guard.h).
 *
 * Design: one mutex over a table of addresses (GHashTable, text form as
 * key), each with the list of its connections in the order they opened,
 * and one list of all connections for the deadline thread. The thread
 * wakes every GUARD_TICK seconds (less with a short deadline) and shuts
 * down each connection that has waited past its deadline; the event loop
 * that owns the socket then sees the end of the stream and closes it.
 * All decisions are O(connections) at worst, a few thousand at most.
 */
#include "guard.h"

#include <glib.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define GUARD_TICK 0.25          /* seconds between deadline sweeps */

typedef struct guard_addr guard_addr;

struct guard_conn {
    guard_conn *prev, *next;       /* all connections */
    guard_conn *aprev, *anext;     /* this address's, oldest first */
    guard_addr *addr;
    int fd;
    double waiting_since;          /* 0: busy with a request */
    unsigned answers;
    int shut;                      /* shut down by the guard */
    int expired;                   /* ... for its deadline */
};

struct guard_addr {
    char key[PROXY_ADDR_MAX];
    int trusted;
    unsigned n;                    /* its connections */
    guard_conn *head, *tail;
};

struct guard {
    guard_config cfg;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    pthread_t thread;
    int stop;
    GHashTable *addrs;             /* key -> guard_addr */
    guard_conn *head;
    unsigned total;                /* connections registered */
    unsigned shut;                 /* ... of which shut down, not closed yet */
};

static double guard_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Shut c down (once); the lock is held. */
static void guard_shut(guard *g, guard_conn *c, int expired)
{
    if (c->shut)
        return;
    shutdown(c->fd, SHUT_RDWR);
    c->shut = 1;
    c->expired = expired;
    g->shut++;
}

static void *guard_thread(void *arg)
{
    guard *g = arg;
    double tick = g->cfg.deadline / 4 < GUARD_TICK ? g->cfg.deadline / 4 : GUARD_TICK;

    pthread_mutex_lock(&g->lock);
    while (!g->stop) {
        double now = guard_now(), wake = now + tick;
        struct timespec ts = { .tv_sec = (time_t)wake,
                               .tv_nsec = (long)((wake - (double)(time_t)wake) * 1e9) };

        for (guard_conn *c = g->head; c; c = c->next)
            if (c->waiting_since > 0 && now - c->waiting_since > g->cfg.deadline)
                guard_shut(g, c, 1);
        pthread_cond_timedwait(&g->wake, &g->lock, &ts);
    }
    pthread_mutex_unlock(&g->lock);
    return NULL;
}

guard *guard_create(const guard_config *cfg)
{
    guard *g = calloc(1, sizeof *g);
    pthread_condattr_t attr;

    if (!g)
        return NULL;
    g->cfg = *cfg;
    if (g->cfg.deadline <= 0)
        g->cfg.deadline = 1;
    g->addrs = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, free);
    pthread_mutex_init(&g->lock, NULL);
    pthread_condattr_init(&attr);
    pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
    pthread_cond_init(&g->wake, &attr);
    pthread_condattr_destroy(&attr);
    if (pthread_create(&g->thread, NULL, guard_thread, g) != 0) {
        g_hash_table_destroy(g->addrs);
        pthread_cond_destroy(&g->wake);
        pthread_mutex_destroy(&g->lock);
        free(g);
        return NULL;
    }
    return g;
}

void guard_free(guard *g)
{
    if (!g)
        return;
    pthread_mutex_lock(&g->lock);
    g->stop = 1;
    pthread_cond_signal(&g->wake);
    pthread_mutex_unlock(&g->lock);
    pthread_join(g->thread, NULL);
    while (g->head) {             /* none when used as documented */
        guard_conn *c = g->head;
        g->head = c->next;
        free(c);
    }
    g_hash_table_destroy(g->addrs);
    pthread_cond_destroy(&g->wake);
    pthread_mutex_destroy(&g->lock);
    free(g);
}

/* The fair share of an address when `naddrs` addresses hold connections
 * (the lock is held). */
static unsigned guard_share(const guard *g, unsigned naddrs)
{
    unsigned share = g->cfg.max_conns / (naddrs ? naddrs : 1);
    return share < GUARD_MIN_SHARE ? GUARD_MIN_SHARE : share;
}

/* Make room for a newcomer holding `mine` connections: shut down the
 * longest-waiting connection of the address holding the most, if it holds
 * more than mine + 1. 1 when done (the lock is held). */
static int guard_evict(guard *g, unsigned mine)
{
    GHashTableIter it;
    gpointer key, value;
    guard_addr *heaviest = NULL;
    guard_conn *victim = NULL;

    g_hash_table_iter_init(&it, g->addrs);
    while (g_hash_table_iter_next(&it, &key, &value)) {
        guard_addr *a = value;
        if (!heaviest || a->n > heaviest->n)
            heaviest = a;
    }
    if (!heaviest || heaviest->n <= mine + 1)
        return 0;
    for (guard_conn *c = heaviest->head; c; c = c->anext)
        if (!c->shut && c->waiting_since > 0 &&
            (!victim || c->waiting_since < victim->waiting_since))
            victim = c;
    if (!victim)
        return 0;
    guard_shut(g, victim, 0);
    return 1;
}

int guard_admit(guard *g, const struct sockaddr *sa)
{
    char key[PROXY_ADDR_MAX];
    guard_addr *a;
    unsigned mine, live, naddrs;
    int trusted, yes = 1;

    proxy_addr_text(sa, key);
    trusted = proxy_trusted(g->cfg.trusted, key);
    pthread_mutex_lock(&g->lock);
    a = g_hash_table_lookup(g->addrs, key);
    mine = a ? a->n : 0;
    naddrs = g_hash_table_size(g->addrs) + (a ? 0 : 1);
    live = g->total - g->shut;
    if (!trusted && mine >= g->cfg.per_addr)
        yes = 0;
    else if (!trusted && live >= g->cfg.max_conns - g->cfg.max_conns / 4 &&
             mine >= guard_share(g, naddrs))
        yes = 0;
    else if (live >= g->cfg.max_conns)
        yes = guard_evict(g, mine);
    pthread_mutex_unlock(&g->lock);
    return yes;
}

guard_conn *guard_open(guard *g, int fd, const struct sockaddr *sa)
{
    guard_conn *c = calloc(1, sizeof *c);
    guard_addr *a;
    char key[PROXY_ADDR_MAX];

    if (!c)
        return NULL;
    proxy_addr_text(sa, key);
    c->fd = fd;
    c->waiting_since = guard_now();
    pthread_mutex_lock(&g->lock);
    a = g_hash_table_lookup(g->addrs, key);
    if (!a) {
        a = calloc(1, sizeof *a);
        if (!a) {
            pthread_mutex_unlock(&g->lock);
            free(c);
            return NULL;
        }
        strcpy(a->key, key);
        a->trusted = proxy_trusted(g->cfg.trusted, key);
        g_hash_table_insert(g->addrs, a->key, a);
    }
    c->addr = a;
    c->aprev = a->tail;
    if (a->tail)
        a->tail->anext = c;
    else
        a->head = c;
    a->tail = c;
    a->n++;
    c->next = g->head;
    if (g->head)
        g->head->prev = c;
    g->head = c;
    g->total++;
    pthread_mutex_unlock(&g->lock);
    return c;
}

void guard_close(guard *g, guard_conn *c)
{
    guard_addr *a;

    if (!c)
        return;
    pthread_mutex_lock(&g->lock);
    a = c->addr;
    if (c->aprev)
        c->aprev->anext = c->anext;
    else
        a->head = c->anext;
    if (c->anext)
        c->anext->aprev = c->aprev;
    else
        a->tail = c->aprev;
    if (c->prev)
        c->prev->next = c->next;
    else
        g->head = c->next;
    if (c->next)
        c->next->prev = c->prev;
    g->total--;
    if (c->shut)
        g->shut--;
    if (--a->n == 0)
        g_hash_table_remove(g->addrs, a->key);   /* frees a */
    pthread_mutex_unlock(&g->lock);
    free(c);
}

void guard_busy(guard *g, guard_conn *c)
{
    if (!c)
        return;
    pthread_mutex_lock(&g->lock);
    c->waiting_since = 0;
    pthread_mutex_unlock(&g->lock);
}

void guard_idle(guard *g, guard_conn *c)
{
    if (!c)
        return;
    pthread_mutex_lock(&g->lock);
    c->waiting_since = guard_now();
    c->answers++;
    pthread_mutex_unlock(&g->lock);
}

int guard_keep_alive(guard *g, const guard_conn *c)
{
    int keep;

    if (!c)
        return 1;
    pthread_mutex_lock(&g->lock);
    keep = c->answers + 1 < g->cfg.max_requests &&
           g->total - g->shut < g->cfg.max_conns - g->cfg.max_conns / 4;
    pthread_mutex_unlock(&g->lock);
    return keep;
}

int guard_expired(guard *g, const guard_conn *c)
{
    int expired;

    if (!c)
        return 0;
    pthread_mutex_lock(&g->lock);
    expired = c->expired;
    pthread_mutex_unlock(&g->lock);
    return expired;
}

unsigned guard_count(guard *g)
{
    unsigned n;

    pthread_mutex_lock(&g->lock);
    n = g->total;
    pthread_mutex_unlock(&g->lock);
    return n;
}
