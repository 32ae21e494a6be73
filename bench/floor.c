/* floor.c -- the search floor: queries through fdb_search in-process.
 *
 * Usage: floor [--bare|--suggest|--snippets] INDEX QUERIES_FILE [PASSES]
 *        floor --fold QUERIES_FILE
 *
 * Opens INDEX once for reading (as a server thread does), runs every
 * query of QUERIES_FILE (one a line, UTF-8; empty lines and lines
 * starting with '#' skipped) once to warm the caches, then PASSES times
 * (default 10), and prints one line a timed search:
 *
 *   PASS <tab> MILLISECONDS <tab> TOTAL_HITS <tab> QUERY <tab> CPU_MS
 *
 * CPU_MS is the thread's CPU time for the search: on a machine shared
 * with other work, the wall-clock milliseconds include time spent
 * waiting for a core, the CPU time does not.
 * The query is the one /api/search runs (10 hits, up to 5 other pages,
 * facets, spelling), without what the server adds: HTTP, snippets, JSON.
 * With --bare, only the ranked top 10 (no facets, no other pages, no
 * spelling): what those three features cost is the difference.
 * With --snippets, the hits' snippets too, as the server asks them: all
 * of /api/search's work but HTTP and JSON.
 * With --suggest, each line is typed text completed as /api/suggest
 * completes it (fdb_suggest, 10 completions, no deadline); TOTAL_HITS is
 * then the number of completions.
 * bench/run.sh turns the lines into the median and percentiles, the same
 * way as the server's took_ms. Exit status 1 on any error.
 *
 * With --fold, the queries folded as fdb_search folds them before parsing
 * (norm_fold_query), one a line: what bench/xfloor, Xapian alone, is
 * given to search fouille's index with the same terms.
 */
#include "fdb.h"
#include "norm.h"

#include <glib.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define FLOOR_MAX_QUERIES 1000

static double floor_clock_ms(clockid_t clock)
{
    struct timespec ts;
    clock_gettime(clock, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* Read the queries: *out is a malloc'd array of malloc'd strings. */
static size_t floor_read_queries(const char *path, char ***out)
{
    FILE *f = fopen(path, "r");
    char **q = calloc(FLOOR_MAX_QUERIES, sizeof *q);
    char *line = NULL;
    size_t cap = 0, n = 0;
    ssize_t len;

    if (!f || !q) {
        if (f)
            fclose(f);
        free(q);
        return 0;
    }
    while (n < FLOOR_MAX_QUERIES && (len = getline(&line, &cap, f)) >= 0) {
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            line[--len] = 0;
        if (len == 0 || line[0] == '#')
            continue;
        if (!(q[n] = strdup(line)))
            break;
        n++;
    }
    free(line);
    fclose(f);
    *out = q;
    return n;
}

/* One search like /api/search's; its time in ms, or -1 on error, and
 * its CPU time in *cpu. */
static double floor_search(fdb *db, const char *query, int bare, int snippets,
                           unsigned *total, double *cpu)
{
    fdb_query q = { .query = query, .limit = 10, .other_pages = bare ? 0 : 5,
                    .facets = !bare, .spelling = !bare, .snippets = snippets };
    fdb_results *r = NULL;
    double c0 = floor_clock_ms(CLOCK_THREAD_CPUTIME_ID);
    double t0 = floor_clock_ms(CLOCK_MONOTONIC);
    fdb_status st = fdb_search(db, &q, &r);
    double t = floor_clock_ms(CLOCK_MONOTONIC) - t0;

    *cpu = floor_clock_ms(CLOCK_THREAD_CPUTIME_ID) - c0;

    if (st != FDB_OK && st != FDB_ERR_QUERY) {
        fprintf(stderr, "floor: %s: %s\n", query, fdb_last_error(db));
        return -1;
    }
    *total = r ? fdb_results_total(r) : 0;
    fdb_results_free(r);
    return t;
}

/* One completion like /api/suggest's; its time in ms, or -1 on error,
 * the number of completions in *total and its CPU time in *cpu. */
static double floor_suggest(fdb *db, const char *typed, unsigned *total, double *cpu)
{
    char **v = NULL;
    double c0 = floor_clock_ms(CLOCK_THREAD_CPUTIME_ID);
    double t0 = floor_clock_ms(CLOCK_MONOTONIC);
    fdb_status st = fdb_suggest(db, typed, 10, 0, &v);
    double t = floor_clock_ms(CLOCK_MONOTONIC) - t0;

    *cpu = floor_clock_ms(CLOCK_THREAD_CPUTIME_ID) - c0;
    if (st != FDB_OK) {
        fprintf(stderr, "floor: %s: %s\n", typed, fdb_last_error(db));
        return -1;
    }
    *total = 0;
    while (v[*total])
        (*total)++;
    fdb_strv_free(v);
    return t;
}

/* Print each query folded; 0, or 1 when there are none. */
static int floor_fold(const char *path)
{
    char **queries = NULL;
    size_t n = floor_read_queries(path, &queries);

    for (size_t i = 0; i < n; i++) {
        char *f = norm_fold_query(queries[i]);
        puts(f ? f : "");
        g_free(f);
        free(queries[i]);
    }
    free(queries);
    return n == 0;
}

int main(int argc, char **argv)
{
    char err[512], **queries = NULL;
    fdb *db = NULL;
    int rc = 0, bare = argc > 1 && strcmp(argv[1], "--bare") == 0;
    int suggest = argc > 1 && strcmp(argv[1], "--suggest") == 0;
    int snippets = argc > 1 && strcmp(argv[1], "--snippets") == 0;

    if (argc == 3 && strcmp(argv[1], "--fold") == 0)
        return floor_fold(argv[2]);

    argc -= bare + suggest + snippets;
    argv += bare + suggest + snippets;
    if (argc < 3 || argc > 4) {
        fputs("usage: floor [--bare|--suggest|--snippets] INDEX QUERIES_FILE [PASSES]\n"
              "       floor --fold QUERIES_FILE\n", stderr);
        return 1;
    }
    int passes = argc == 4 ? atoi(argv[3]) : 10;
    size_t n = floor_read_queries(argv[2], &queries);
    if (n == 0) {
        fprintf(stderr, "floor: no queries in %s\n", argv[2]);
        return 1;
    }
    if (fdb_open_read(argv[1], &db, err, sizeof err) != FDB_OK) {
        fprintf(stderr, "floor: %s: %s\n", argv[1], err);
        rc = 1;
    }
    for (int pass = 0; rc == 0 && pass <= passes; pass++) {
        for (size_t i = 0; i < n && rc == 0; i++) {
            unsigned total = 0;
            double cpu = 0;
            double ms = suggest ? floor_suggest(db, queries[i], &total, &cpu)
                                : floor_search(db, queries[i], bare, snippets, &total, &cpu);
            if (ms < 0)
                rc = 1;
            else if (pass > 0)      /* pass 0 warms the caches */
                printf("%d\t%.4f\t%u\t%s\t%.4f\n", pass, ms, total, queries[i], cpu);
        }
    }
    fdb_free(db);
    for (size_t i = 0; i < n; i++)
        free(queries[i]);
    free(queries);
    return rc;
}
