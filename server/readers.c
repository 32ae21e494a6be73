/* readers.c -- one read-only index handle a worker thread, at a recent
 * revision, and the answers cache in front of them.
 *
 * Design: each request runs in one of MHD's worker threads, and each
 * worker owns one read-only index handle (a pthread key, opened on the
 * thread's first request, closed by the key's destructor when the thread
 * exits). Before a request the handle moves to the newest revision, at
 * most every READERS_REOPEN_EVERY seconds, so a commit by the indexer is
 * served within a second. A FDB_ERR_MODIFIED mid-request (the indexer
 * overwrote the revision being read) reopens the handle on the newest
 * revision and runs the job again, READERS_RETRIES times, and more while
 * the request is younger than READERS_RETRY_SECONDS (READERS_RETRIES_MAX
 * runs at most): a revision is overwritten at the writer's second commit
 * after it, so a run that starts on the newest one fails only if two
 * commits land during it. On a loaded machine, with the indexer
 * committing every few files (T730), eight runs in a row could all be
 * overtaken; a few seconds of runs are not. No index yet, or one that cannot be opened (an older format the
 * indexer has not rebuilt yet): 503 "unavailable", and every later
 * request tries again.
 *
 * An index in shards (docs/scaling.md) goes on with the shards it can
 * reach: a shard lost during a request (FDB_ERR_SHARD) is left out by
 * the reopen, and the request runs again on the others, as after
 * FDB_ERR_MODIFIED; the reopen also takes back a shard that is up again.
 * 503 only when no shard can be reached.
 *
 * Cacheable answers (those of /api/search and /api/suggest) are kept in a
 * cache (cache.h) under the index revision and the request target: the
 * same request on the same revision is answered from it, with its took_ms
 * measured anew; a new revision is never answered from an older one. The
 * cache holds the text that was sent, after one byte that says whether
 * it has a took_ms: an answer without one (a completion) is sent again
 * as it is, and only one with it is read and written anew.
 */
#include "readers.h"

#include <glib.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "cache.h"

#define READERS_REOPEN_EVERY 0.15          /* seconds between revision checks */
#define READERS_CACHE_BYTES  (32u << 20)   /* of cached answers, at most */
#define READERS_RETRIES      8      /* runs of a request the index changed under, */
#define READERS_RETRY_SECONDS 3.0   /* ... and more while it is younger than this */
#define READERS_RETRIES_MAX  64     /* ... but never more runs than this */

struct readers {
    char *index_dir;
    cache *answers;          /* NULL: no cache */
    pthread_key_t key;       /* -> reader of the calling thread */
};

/* One worker thread's view of the index. */
typedef struct {
    fdb *db;                 /* NULL until an index could be opened */
    double checked;          /* when the revision was last looked at */
} reader;

static void reader_free(void *p)
{
    reader *r = p;
    fdb_free(r->db);
    free(r);
}

readers *readers_create(const char *index_dir, size_t cache_entries)
{
    readers *rd = calloc(1, sizeof *rd);

    if (!rd)
        return NULL;
    rd->answers = cache_create(cache_entries, READERS_CACHE_BYTES);
    rd->index_dir = strdup(index_dir);
    if (!rd->index_dir || pthread_key_create(&rd->key, reader_free) != 0) {
        cache_free(rd->answers);
        free(rd->index_dir);
        free(rd);
        return NULL;
    }
    return rd;
}

void readers_free(readers *rd)
{
    if (!rd)
        return;
    pthread_key_delete(rd->key);
    cache_free(rd->answers);
    free(rd->index_dir);
    free(rd);
}

double readers_took_ms(const http_request *req)
{
    return round((http_now() - req->start) * 1e6) / 1e3;
}

/* This thread's handle at a recent revision (`fresh`: the newest, checked
 * now), or NULL after replying 503 (or 500 when memory runs out). */
static fdb *readers_db(readers *rd, http_request *req, int fresh)
{
    reader *r = pthread_getspecific(rd->key);
    double now = http_now();
    char err[256] = "";
    fdb_status st;

    if (!r) {
        r = calloc(1, sizeof *r);
        if (!r || pthread_setspecific(rd->key, r) != 0) {
            free(r);
            http_reply_error(req, 500, "out of memory");
            return NULL;
        }
    }
    if (r->db && (fresh || now - r->checked >= READERS_REOPEN_EVERY)) {
        if (fdb_reopen(r->db, NULL) != FDB_OK) {
            /* The index was replaced or removed: start again. */
            fdb_free(r->db);
            r->db = NULL;
        }
        r->checked = now;
    }
    if (!r->db) {
        st = fdb_open_read(rd->index_dir, &r->db, err, sizeof err);
        r->checked = now;
        if (st == FDB_ERR_NOT_FOUND) {
            http_reply_error(req, 503, "no index yet at %s: run bin/indexer "
                             "--index %s ARCHIVE", rd->index_dir, rd->index_dir);
            return NULL;
        }
        if (st != FDB_OK) {
            http_reply_error(req, 503, "the index cannot be opened: %s (%s)",
                             fdb_status_string(st), err);
            return NULL;
        }
    }
    return r->db;
}

/* The cache key of a request: the revision it is answered on, the
 * shards that are down (an answer without them is another answer), its
 * URL prefix (its links depend on it) and its target. NULL when the
 * revision cannot be read. g_free(). */
static char *readers_cache_key(fdb *db, const http_request *req)
{
    unsigned long revision;
    GString *down = g_string_new("");
    fdb_shard_info s;

    if (fdb_info(db, &revision, NULL) != FDB_OK) {
        g_string_free(down, TRUE);
        return NULL;
    }
    for (size_t i = 0; fdb_shard_get(db, i, &s); i++)
        if (!s.up)
            g_string_append_printf(down, "-%zu", i);
    char *key = g_strdup_printf("%lu%s %s %s", revision, down->str,
                                req->url_prefix, req->uri);
    g_string_free(down, TRUE);
    return key;
}

/* The cache's first byte of an answer: sent as it is, or its took_ms
 * measured anew. */
#define READERS_AS_IS 'A'
#define READERS_TIMED 'T'

/* Answer from the cache when it holds this request. */
static int readers_from_cache(readers *rd, http_request *req, const char *key)
{
    size_t len;
    char *text = key ? cache_get(rd->answers, key, &len) : NULL;
    json_t *o;

    if (!text || len < 1 || (text[0] != READERS_AS_IS && text[0] != READERS_TIMED)) {
        free(text);
        return 0;
    }
    if (text[0] == READERS_AS_IS) {
        memmove(text, text + 1, len);   /* with its final NUL */
        http_reply_json_text(req, 200, text, len - 1);
        return 1;
    }
    o = json_loadb(text + 1, len - 1, 0, NULL);
    free(text);
    if (!o)
        return 0;
    json_object_set_new(o, "took_ms", json_real(readers_took_ms(req)));
    http_reply_json(req, 200, o);
    json_decref(o);
    return 1;
}

/* Reply with `out`, and keep it in the cache under `key` (when not NULL). */
static void readers_reply(readers *rd, http_request *req, const char *key, const json_t *out)
{
    size_t len;
    char *text = http_json_text(out, &len);
    char *kept;

    if (!text) {
        http_reply_error(req, 500, "out of memory");
        return;
    }
    if (key && (kept = malloc(len + 1))) {
        kept[0] = json_object_get(out, "took_ms") ? READERS_TIMED : READERS_AS_IS;
        memcpy(kept + 1, text, len);
        cache_put(rd->answers, key, kept, len + 1);
        free(kept);
    }
    http_reply_json_text(req, 200, text, len);
}

void readers_run(readers *rd, http_request *req, readers_job job,
                 const void *params, int cacheable)
{
    fdb *db = readers_db(rd, req, 0);
    json_t *out = NULL;
    unsigned status = 500;
    char msg[256] = "";
    char *key = NULL;
    fdb_status st;

    if (!db)
        return;
    if (cacheable && rd->answers) {
        key = readers_cache_key(db, req);
        if (readers_from_cache(rd, req, key)) {
            g_free(key);
            return;
        }
    }
    st = job(db, req, params, &out, &status, msg, sizeof msg);
    for (int run = 1; (st == FDB_ERR_MODIFIED || st == FDB_ERR_SHARD) &&
                      run < READERS_RETRIES_MAX &&
                      (run < READERS_RETRIES ||
                       http_now() - req->start < READERS_RETRY_SECONDS); run++) {
        if (!(db = readers_db(rd, req, 1))) {
            json_decref(out);
            g_free(key);
            return;
        }
        st = job(db, req, params, &out, &status, msg, sizeof msg);
    }
    if (st == FDB_OK && out) {
        readers_reply(rd, req, key, out);
    } else if (msg[0]) {
        http_reply_error(req, status, "%s", msg);
    } else if (st == FDB_ERR_MODIFIED) {
        http_reply_error(req, 503, "the index changed under every run of the "
                         "request: try again");
    } else if (st == FDB_ERR_SHARD) {
        http_reply_error(req, 503, "no shard of the index can be reached: %s",
                         fdb_last_error(db));
    } else {
        http_reply_error(req, 500, "index error: %s (%s)",
                         fdb_status_string(st), fdb_last_error(db));
    }
    json_decref(out);
    g_free(key);
}
