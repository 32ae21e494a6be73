/* jobs.h -- the lane of heavy requests: a bounded queue served by a few
 * worker threads, so that costly searches wait for each other instead of
 * holding the threads that answer everything else.
 *
 * A request is admitted with jobs_reserve (which may refuse it: the queue
 * is full, or its client already has per_client requests queued or
 * running), then handed over with jobs_push; a worker calls its run
 * function, in the order pushed, gives the client's place back, then
 * calls its done function (so a client told its answer by done may send
 * the next one at once).
 *
 * Ownership: the caller owns each jobs_item and keeps it alive until its
 * done function is called; done may free it (the worker does not touch it
 * afterwards). jobs_stop, then jobs_free.
 */
#ifndef FOUILLE_JOBS_H
#define FOUILLE_JOBS_H

#include "proxy.h"

typedef struct jobs jobs;
typedef struct jobs_item jobs_item;

struct jobs_item {
    /* Called by a worker thread; `stopping` is 1 when the server stops
     * and the item must be answered without being computed. */
    void (*run)(jobs_item *item, int stopping);
    /* Called next, once the client's place is given back; may free. */
    void (*done)(jobs_item *item);
    char client[PROXY_ADDR_MAX];   /* who asked, for per_client */
    jobs_item *next;               /* private */
};

typedef enum {
    JOBS_OK = 0,
    JOBS_FULL,          /* max_queued items wait already */
    JOBS_CLIENT_FULL,   /* this client has per_client items in */
    JOBS_STOPPING       /* jobs_stop was called */
} jobs_status;

/* `workers` threads (at least 1), at most `max_queued` items waiting and
 * `per_client` queued or running from one client. NULL when out of
 * memory or no thread could start. */
jobs *jobs_create(unsigned workers, unsigned max_queued, unsigned per_client);

/* Take a place for an item of `client`; JOBS_OK means the next
 * jobs_push of such an item by this thread cannot be refused. */
jobs_status jobs_reserve(jobs *j, const char *client);

/* Queue an item whose place was reserved. */
void jobs_push(jobs *j, jobs_item *item);

/* Items waiting now (not counting running ones). */
unsigned jobs_queued(jobs *j);

/* Refuse new items, run every waiting one with stopping = 1, wait for
 * the running ones and join the workers. NULL ok. */
void jobs_stop(jobs *j);

/* Free (after jobs_stop). NULL ok. */
void jobs_free(jobs *j);

#endif
