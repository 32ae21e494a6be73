/* guard.h -- who may hold a connection, and for how long.
 *
 * Every connection of the server is registered when it opens (guard_open)
 * and forgotten when it closes (guard_close). In between it is either
 * waiting for a request (just accepted, or its previous answer sent) or
 * busy with one (its request header has arrived). A connection that waits
 * longer than the request deadline is shut down by the guard's own thread,
 * whatever it sends meanwhile: a client trickling a header one byte at a
 * time is closed as surely as an idle one.
 *
 * Before a connection is accepted, guard_admit decides with its peer
 * address (trusted proxies are exempt from the per-address rules):
 *   - no address holds more than per_addr connections;
 *   - past three quarters of max_conns, no address holds more than its
 *     fair share, max_conns divided among the addresses present (at least
 *     GUARD_MIN_SHARE);
 *   - at max_conns, a newcomer is let in only by closing the oldest
 *     waiting connection of the address that holds the most, when that
 *     address holds more than the newcomer's (else it is refused).
 * So a few addresses holding many slow connections cannot lock others
 * out: they lose their oldest connections to each new address.
 *
 * Ownership: the guard owns its guard_conn records; one is valid from
 * guard_open until guard_close. A connection is shut down (shutdown(2)),
 * never closed, by the guard: its owner closes it and calls guard_close.
 * Every function is thread-safe.
 */
#ifndef FOUILLE_GUARD_H
#define FOUILLE_GUARD_H

#include <sys/socket.h>

#include "proxy.h"

#define GUARD_MIN_SHARE 8

typedef struct guard guard;
typedef struct guard_conn guard_conn;

typedef struct {
    unsigned max_conns;          /* connections in all */
    unsigned per_addr;           /* connections from one address */
    double deadline;             /* seconds a waiting connection has to
                                    deliver a whole request header */
    unsigned max_requests;       /* answers on one connection, at most */
    const proxy_list *trusted;   /* exempt from per_addr and fair share;
                                    borrowed, may be NULL */
} guard_config;

/* A guard with its deadline thread started; NULL when out of memory or no
 * thread could start. The config is copied (not what it points to). */
guard *guard_create(const guard_config *cfg);

/* Stop the thread and free the guard; call it once no connection is
 * open (after the HTTP daemon stopped). NULL ok. */
void guard_free(guard *g);

/* May a connection from `sa` be accepted now? 1 or 0. May shut down
 * another connection to make room (see above). */
int guard_admit(guard *g, const struct sockaddr *sa);

/* Register an accepted connection (its socket and peer): the record, or
 * NULL when out of memory (the connection then goes unguarded). It starts
 * waiting for a request. */
guard_conn *guard_open(guard *g, int fd, const struct sockaddr *sa);

/* Forget a connection (c may be NULL). */
void guard_close(guard *g, guard_conn *c);

/* Its request header has arrived: no deadline until the answer is sent. */
void guard_busy(guard *g, guard_conn *c);

/* Its answer has been sent (or the request ended): it waits again, with a
 * new deadline. */
void guard_idle(guard *g, guard_conn *c);

/* Should the answer being made on c keep the connection open? 0 when it
 * has had max_requests answers, or when the server is past three quarters
 * of max_conns (connections are then not kept idle). c NULL: 1. */
int guard_keep_alive(guard *g, const guard_conn *c);

/* Was c shut down by the guard for its request deadline? (For the access
 * log.) */
int guard_expired(guard *g, const guard_conn *c);

/* Connections registered now (tests, logs). */
unsigned guard_count(guard *g);

#endif
