/* cache.h -- recent answers of the API, by request, for the revision they
 * were computed on.
 *
 * Design: a least-recently-used table of answer texts keyed by the index
 * revision and the request target ("17 /api/search?q=x"), shared by the
 * worker threads under one mutex. A new revision of the index changes
 * every key, so an answer is never served for a revision it was not
 * computed on; the old entries age out. Bounded in entries and in bytes;
 * an answer larger than an eighth of the bytes is not kept.
 *
 * Ownership: cache_get hands back a malloc'd copy (the caller frees it);
 * cache_put copies what it is given.
 */
#ifndef FOUILLE_CACHE_H
#define FOUILLE_CACHE_H

#include <stddef.h>

typedef struct cache cache;

/* NULL when out of memory, or when max_entries is 0 (no cache: every
 * call below accepts NULL and does nothing). */
cache *cache_create(size_t max_entries, size_t max_bytes);
void cache_free(cache *c);

/* A copy of the answer stored under key, NUL-terminated, or NULL. */
char *cache_get(cache *c, const char *key, size_t *len);

/* Keep an answer (the oldest ones go when over the bounds). */
void cache_put(cache *c, const char *key, const char *value, size_t len);

#endif
