/* cache.c -- recent answers of the API (see cache.h for the design). */
#include "cache.h"

#include <glib.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    char *key;
    char *value;
    size_t len;
    GList *link;             /* its place in the recency list */
} cache_entry;

struct cache {
    pthread_mutex_t lock;
    GHashTable *entries;     /* key -> cache_entry, owns the entries */
    GQueue recency;          /* of cache_entry, most recent first */
    size_t max_entries, max_bytes, bytes;
};

static void cache_entry_free(gpointer p)
{
    cache_entry *e = p;
    g_free(e->key);
    g_free(e->value);
    g_free(e);
}

cache *cache_create(size_t max_entries, size_t max_bytes)
{
    if (max_entries == 0)
        return NULL;
    cache *c = g_new0(cache, 1);
    pthread_mutex_init(&c->lock, NULL);
    c->entries = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, cache_entry_free);
    g_queue_init(&c->recency);
    c->max_entries = max_entries;
    c->max_bytes = max_bytes;
    return c;
}

void cache_free(cache *c)
{
    if (!c)
        return;
    g_queue_clear(&c->recency);
    g_hash_table_destroy(c->entries);
    pthread_mutex_destroy(&c->lock);
    g_free(c);
}

char *cache_get(cache *c, const char *key, size_t *len)
{
    char *copy = NULL;
    if (!c)
        return NULL;
    pthread_mutex_lock(&c->lock);
    cache_entry *e = g_hash_table_lookup(c->entries, key);
    if (e) {
        g_queue_unlink(&c->recency, e->link);
        g_queue_push_head_link(&c->recency, e->link);
        copy = malloc(e->len + 1);
        if (copy) {
            memcpy(copy, e->value, e->len + 1);
            *len = e->len;
        }
    }
    pthread_mutex_unlock(&c->lock);
    return copy;
}

/* Drop the least recently used entry. */
static void cache_evict(cache *c)
{
    cache_entry *e = g_queue_pop_tail(&c->recency);
    c->bytes -= e->len + strlen(e->key);
    g_hash_table_remove(c->entries, e->key);   /* frees e */
}

void cache_put(cache *c, const char *key, const char *value, size_t len)
{
    size_t size = len + strlen(key);
    if (!c || size > c->max_bytes / 8)
        return;
    pthread_mutex_lock(&c->lock);
    if (!g_hash_table_contains(c->entries, key)) {
        cache_entry *e = g_new0(cache_entry, 1);
        e->key = g_strdup(key);
        e->value = g_malloc(len + 1);
        memcpy(e->value, value, len);
        e->value[len] = '\0';
        e->len = len;
        g_queue_push_head(&c->recency, e);
        e->link = c->recency.head;
        g_hash_table_insert(c->entries, e->key, e);
        c->bytes += size;
        while (g_hash_table_size(c->entries) > c->max_entries || c->bytes > c->max_bytes)
            cache_evict(c);
    }
    pthread_mutex_unlock(&c->lock);
}
