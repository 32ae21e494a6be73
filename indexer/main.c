/* main.c -- bin/indexer: options, then an indexing run or a search.
 *
 *   indexer [--index DIR] [--max-size BYTES] [--quiet] ARCHIVE_DIR
 *   indexer [--index DIR] --search "QUERY"
 *
 * The work lives in run.c (indexing) and lib/ (extraction, the index);
 * this file only parses options and prints.
 */
#include "fdb.h"
#include "run.h"

#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_INDEX "var/index"
#define DEFAULT_MAX_SIZE (200LL * 1024 * 1024)

static void usage(FILE *out)
{
    fprintf(out,
        "Usage: indexer [OPTIONS] ARCHIVE_DIR\n"
        "       indexer [--index DIR] --search QUERY\n"
        "Index the PDFs, web pages and texts of ARCHIVE_DIR for fouille.\n"
        "\n"
        "  --index DIR        the index folder (default " DEFAULT_INDEX ")\n"
        "  --max-size BYTES   skip and report larger files (default 200 MiB)\n"
        "  --search QUERY     print the top 10 hits: path, page, title\n"
        "  --quiet            no line per failed file\n"
        "  --help, --version\n"
        "\n"
        "Exit status: 0 all indexed, 1 some files failed (the rest is\n"
        "indexed), 2 nothing could be done.\n");
}

/* One line a hit: path, page (PDFs) or "-", title; tab-separated. */
static void print_hit(const fdb_hit *h)
{
    json_t *m = json_loads(h->meta, 0, NULL);
    const char *path = json_string_value(json_object_get(m, "path"));
    const char *title = json_string_value(json_object_get(m, "title"));
    if (h->page)
        printf("%s\t%u\t%s\n", path ? path : "?", h->page, title ? title : "");
    else
        printf("%s\t-\t%s\n", path ? path : "?", title ? title : "");
    json_decref(m);
}

static int print_search(const char *index, const char *query)
{
    char err[512];
    fdb *db = NULL;
    fdb_status st = fdb_open_read(index, &db, err, sizeof err);
    if (st != FDB_OK) {
        fprintf(stderr, "indexer: cannot open the index %s: %s\n", index, err);
        return 2;
    }
    fdb_query q = {.query = query, .limit = 10};
    fdb_results *r = NULL;
    st = fdb_search(db, &q, &r);
    if (st != FDB_OK) {
        fprintf(stderr, "indexer: search failed: %s\n", fdb_last_error(db));
        fdb_free(db);
        return 2;
    }
    for (size_t i = 0; i < fdb_results_count(r); i++)
        print_hit(fdb_results_hit(r, i));
    fdb_results_free(r);
    fdb_free(db);
    return 0;
}

static int parse_size(const char *s, long long *out)
{
    char *end;
    long long v = strtoll(s, &end, 10);
    if (end == s || v < 0)
        return -1;
    if (*end == 'k' || *end == 'K')
        v *= 1024, end++;
    else if (*end == 'M')
        v *= 1024 * 1024, end++;
    else if (*end == 'G')
        v *= 1024LL * 1024 * 1024, end++;
    if (*end)
        return -1;
    *out = v;
    return 0;
}

int main(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"index", required_argument, NULL, 'i'},
        {"max-size", required_argument, NULL, 'm'},
        {"search", required_argument, NULL, 's'},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0},
    };
    run_options opt = {.index = DEFAULT_INDEX, .max_size = DEFAULT_MAX_SIZE};
    const char *search = NULL;
    int c;
    while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        switch (c) {
        case 'i': opt.index = optarg; break;
        case 'm':
            if (parse_size(optarg, &opt.max_size) != 0) {
                fprintf(stderr, "indexer: --max-size: not a size: %s\n", optarg);
                return 2;
            }
            break;
        case 's': search = optarg; break;
        case 'q': opt.quiet = 1; break;
        case 'h': usage(stdout); return 0;
        case 'V': printf("indexer (fouille) %s\n", FOUILLE_VERSION); return 0;
        default: usage(stderr); return 2;
        }
    }
    if (search)
        return optind == argc ? print_search(opt.index, search) : (usage(stderr), 2);
    if (optind != argc - 1) {
        usage(stderr);
        return 2;
    }
    opt.archive = argv[optind];
    run_summary sum;
    int rc = run_index(&opt, &sum);
    if (rc != 2)
        printf("indexed %u files (%u pages), %u failed, %u removed, in %.2f s\n",
               sum.files, sum.pages, sum.failed, sum.removed, sum.seconds);
    return rc;
}
