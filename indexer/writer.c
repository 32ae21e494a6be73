/* writer.c -- the index writer thread (see writer.h for the design). */
#include "writer.h"

#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

struct writer {
    writer_store_fn store;
    void *ud;
    size_t max_bytes;
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t changed;   /* an answer queued or taken, or the end */
    GQueue queue;             /* pool_result *, owned */
    size_t bytes;             /* blobs in the queue */
    int closing;              /* writer_finish: no more answers */
    int failed;               /* a store's non-zero result */
};

/* The next answer, NULL at the end (closing and nothing queued). */
static pool_result *writer_take(writer *w)
{
    pthread_mutex_lock(&w->lock);
    while (!w->queue.length && !w->closing)
        pthread_cond_wait(&w->changed, &w->lock);
    pool_result *r = g_queue_pop_head(&w->queue);
    if (r)
        w->bytes -= r->len;
    pthread_cond_broadcast(&w->changed);
    pthread_mutex_unlock(&w->lock);
    return r;
}

static void *writer_main(void *arg)
{
    writer *w = arg;
    pool_result *r;
    while ((r = writer_take(w))) {
        int rc = w->failed ? 0 : w->store(r, w->ud);
        pool_result_clear(r);
        g_free(r);
        if (rc) {
            pthread_mutex_lock(&w->lock);
            w->failed = rc;
            pthread_cond_broadcast(&w->changed);
            pthread_mutex_unlock(&w->lock);
        }
    }
    return NULL;
}

writer *writer_start(writer_store_fn store, void *ud, size_t max_bytes)
{
    writer *w = g_new0(writer, 1);
    w->store = store;
    w->ud = ud;
    w->max_bytes = max_bytes;
    g_queue_init(&w->queue);
    pthread_mutex_init(&w->lock, NULL);
    pthread_cond_init(&w->changed, NULL);
    sigset_t block, old;
    sigemptyset(&block);
    sigaddset(&block, SIGINT);
    sigaddset(&block, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &block, &old);   /* the new thread inherits it */
    int rc = pthread_create(&w->thread, NULL, writer_main, w);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (rc != 0) {
        pthread_cond_destroy(&w->changed);
        pthread_mutex_destroy(&w->lock);
        g_free(w);
        return NULL;
    }
    return w;
}

int writer_put(writer *w, pool_result *r)
{
    pool_result *mine = g_new(pool_result, 1);
    *mine = *r;
    memset(r, 0, sizeof *r);
    pthread_mutex_lock(&w->lock);
    while (!w->failed && w->queue.length && w->bytes + mine->len > w->max_bytes)
        pthread_cond_wait(&w->changed, &w->lock);
    int failed = w->failed;
    if (!failed) {
        g_queue_push_tail(&w->queue, mine);
        w->bytes += mine->len;
        pthread_cond_broadcast(&w->changed);
    }
    pthread_mutex_unlock(&w->lock);
    if (failed) {
        pool_result_clear(mine);
        g_free(mine);
    }
    return failed;
}

int writer_finish(writer *w)
{
    if (!w)
        return 0;
    pthread_mutex_lock(&w->lock);
    w->closing = 1;
    pthread_cond_broadcast(&w->changed);
    pthread_mutex_unlock(&w->lock);
    pthread_join(w->thread, NULL);
    int failed = w->failed;
    pthread_cond_destroy(&w->changed);
    pthread_mutex_destroy(&w->lock);
    g_free(w);
    return failed;
}
