/* jobs.c -- the lane of heavy requests (see jobs.h).
 *
 * Design: one mutex and one condition variable over a FIFO list, a count
 * of reserved places and a table of items per client (queued or running).
 * A worker runs an item, gives its client's place back, then calls its
 * done function, the last use of the item. Stopping
 * lets the workers drain the queue (each item run with stopping = 1) and
 * exit once nothing is queued or reserved.
 */
#include "jobs.h"

#include <glib.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

struct jobs {
    pthread_mutex_t lock;
    pthread_cond_t more;
    jobs_item *head, *tail;
    unsigned queued, reserved;
    unsigned max_queued, per_client;
    GHashTable *clients;           /* client text -> items in (as pointer) */
    int stopping;
    pthread_t *threads;
    unsigned nthreads;
};

static unsigned jobs_client_count(jobs *j, const char *client)
{
    return GPOINTER_TO_UINT(g_hash_table_lookup(j->clients, client));
}

static void jobs_client_add(jobs *j, const char *client, int delta)
{
    unsigned n = jobs_client_count(j, client) + (unsigned)delta;

    if (n == 0)
        g_hash_table_remove(j->clients, client);
    else
        g_hash_table_replace(j->clients, g_strdup(client), GUINT_TO_POINTER(n));
}

static void *jobs_worker(void *arg)
{
    jobs *j = arg;

    pthread_mutex_lock(&j->lock);
    for (;;) {
        jobs_item *it;
        int stopping;

        while (!j->head && !(j->stopping && j->reserved == 0))
            pthread_cond_wait(&j->more, &j->lock);
        if (!j->head)
            break;
        it = j->head;
        j->head = it->next;
        if (!j->head)
            j->tail = NULL;
        j->queued--;
        stopping = j->stopping;
        pthread_mutex_unlock(&j->lock);
        it->run(it, stopping);
        pthread_mutex_lock(&j->lock);
        jobs_client_add(j, it->client, -1);
        pthread_mutex_unlock(&j->lock);
        it->done(it);                   /* may free it */
        pthread_mutex_lock(&j->lock);
    }
    pthread_cond_broadcast(&j->more);   /* the other workers may exit too */
    pthread_mutex_unlock(&j->lock);
    return NULL;
}

jobs *jobs_create(unsigned workers, unsigned max_queued, unsigned per_client)
{
    jobs *j = calloc(1, sizeof *j);

    if (!j)
        return NULL;
    j->max_queued = max_queued;
    j->per_client = per_client;
    j->clients = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    j->threads = calloc(workers ? workers : 1, sizeof *j->threads);
    pthread_mutex_init(&j->lock, NULL);
    pthread_cond_init(&j->more, NULL);
    if (!j->threads) {
        jobs_free(j);
        return NULL;
    }
    for (unsigned i = 0; i < (workers ? workers : 1); i++) {
        if (pthread_create(&j->threads[i], NULL, jobs_worker, j) != 0) {
            jobs_stop(j);
            jobs_free(j);
            return NULL;
        }
        j->nthreads++;
    }
    return j;
}

jobs_status jobs_reserve(jobs *j, const char *client)
{
    jobs_status st = JOBS_OK;

    pthread_mutex_lock(&j->lock);
    if (j->stopping)
        st = JOBS_STOPPING;
    else if (j->queued + j->reserved >= j->max_queued)
        st = JOBS_FULL;
    else if (jobs_client_count(j, client) >= j->per_client)
        st = JOBS_CLIENT_FULL;
    else {
        j->reserved++;
        jobs_client_add(j, client, 1);
    }
    pthread_mutex_unlock(&j->lock);
    return st;
}

void jobs_push(jobs *j, jobs_item *item)
{
    pthread_mutex_lock(&j->lock);
    item->next = NULL;
    if (j->tail)
        j->tail->next = item;
    else
        j->head = item;
    j->tail = item;
    j->reserved--;
    j->queued++;
    pthread_cond_signal(&j->more);
    pthread_mutex_unlock(&j->lock);
}

unsigned jobs_queued(jobs *j)
{
    unsigned n;

    pthread_mutex_lock(&j->lock);
    n = j->queued;
    pthread_mutex_unlock(&j->lock);
    return n;
}

void jobs_stop(jobs *j)
{
    if (!j)
        return;
    pthread_mutex_lock(&j->lock);
    j->stopping = 1;
    pthread_cond_broadcast(&j->more);
    pthread_mutex_unlock(&j->lock);
    for (unsigned i = 0; i < j->nthreads; i++)
        pthread_join(j->threads[i], NULL);
    j->nthreads = 0;
}

void jobs_free(jobs *j)
{
    if (!j)
        return;
    g_hash_table_destroy(j->clients);
    pthread_cond_destroy(&j->more);
    pthread_mutex_destroy(&j->lock);
    free(j->threads);
    free(j);
}
