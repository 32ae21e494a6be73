/* main.c -- bin/indexer: options, then an indexing run or a search.
 *
 *   indexer [--index DIR] [--jobs N] [--batch N] [--batch-memory BYTES]
 *           [--timeout S] [--max-memory BYTES]
 *           [--max-size BYTES] [--full] [--retry-failed] [--no-compact]
 *           [--shards N] [--spelling-copy DIR]
 *           [--allow-mass-removal] [--json] [--quiet]
 *           ARCHIVE_DIR
 *   indexer [--index DIR] --search "QUERY"
 *
 * The work lives in run.c (indexing) and lib/ (extraction, the index);
 * this file only parses options and prints the summary (report.h).
 * Options also come from FOUILLE_* variables (lib/cli.h: main() turns
 * them into words before the real arguments, main_run parses both), the
 * archive from FOUILLE_ARCHIVE; events are logged through lib/log.h.
 */
#include "cli.h"
#include "fdb.h"
#include "i18n.h"
#include "log.h"
#include "report.h"
#include "run.h"
#include "shards.h"
#include "worker.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define DEFAULT_INDEX "var/index"
#define DEFAULT_MAX_SIZE (200LL * 1024 * 1024)
#define DEFAULT_MAX_MEMORY (1024LL * 1024 * 1024)
#define DEFAULT_TIMEOUT 60
#define DEFAULT_OCR_PAGES 200
#define DEFAULT_BATCH_MEMORY (128LL * 1024 * 1024)

static void usage(FILE *out)
{
    fprintf(out,
        "Usage: indexer [OPTIONS] ARCHIVE_DIR\n"
        "       indexer [--index DIR] --search QUERY\n"
        "Index the PDFs, office documents, images, web pages and texts of\n"
        "ARCHIVE_DIR for fouille;\n"
        "scanned pages and images are read by OCR (French and English).\n"
        "\n"
        "Only new and changed files (size, modification or change time to the\n"
        "nanosecond, inode) are read; renamed files keep their pages, deleted\n"
        "ones are removed.\n"
        "\n"
        "  --index DIR         the index folder (default " DEFAULT_INDEX ")\n"
        "  --jobs N            worker processes (default: the number of cores)\n"
        "  --timeout SECONDS   per document, wall clock (default 60)\n"
        "  --max-memory BYTES  address space per worker (default 1G)\n"
        "  --max-size BYTES    skip and report larger files (default 200M)\n"
        "                      (sizes take a k, M or G suffix)\n"
        "  --batch N           commit every N files (default: by memory only)\n"
        "  --batch-memory BYTES  commit whenever the indexer (not counting its\n"
        "                      workers) holds more than BYTES (default 128M)\n"
        "  --no-ocr            do not read scans and images by OCR\n"
        "  --ocr-pages N       read at most N pages of a file by OCR (default 200;\n"
        "                      OCR also stops at 3/4 of --timeout: the pages read\n"
        "                      by then are kept)\n"
        "  --full              extract every file again\n"
        "  --retry-failed      extract again the failed files that did not change\n"
        "  --no-compact        do not compact the index after a run that wrote\n"
        "                      a tenth of its pages or more (compacting halves\n"
        "                      its size and takes about a second for 20,000 pages)\n"
        "  --shards N          split the index into N shards (by a hash of each\n"
        "                      file's path) and a stub naming them, which the\n"
        "                      server reads as one index; another N than the\n"
        "                      index has rebuilds it; 1: one index (default: as\n"
        "                      the index is now; docs/scaling.md)\n"
        "  --spelling-copy DIR after the run, copy the index's spelling table (the\n"
        "                      words of \"did you mean\") into DIR, for a server\n"
        "                      that reads this index through xapian-tcpsrv\n"
        "                      (docs/scaling.md)\n"
        "  --allow-mass-removal  remove more than half of the indexed files if\n"
        "                      they are gone (without it such a run changes\n"
        "                      nothing and exits with status 2: an empty or\n"
        "                      unmounted archive folder)\n"
        "  --json              print the summary as one JSON object on stdout\n"
        "  --quiet             no progress nor failure lines on stderr\n"
        "  --log-format F      events as text lines (default) or json objects\n"
        "  --search QUERY      print the top 10 hits: path, page, title\n"
        "  --help, --version\n"
        "\n"
        "Each option but --search can also be set in the environment, as\n"
        "FOUILLE_ and its name in capitals with _ for -: FOUILLE_INDEX,\n"
        "FOUILLE_JOBS, FOUILLE_TIMEOUT, FOUILLE_MAX_MEMORY, FOUILLE_MAX_SIZE,\n"
        "FOUILLE_BATCH, FOUILLE_BATCH_MEMORY, FOUILLE_NO_OCR, FOUILLE_OCR_PAGES,\n"
        "FOUILLE_FULL, "
        "FOUILLE_RETRY_FAILED, FOUILLE_NO_COMPACT, FOUILLE_ALLOW_MASS_REMOVAL,\n"
        "FOUILLE_JSON, "
        "FOUILLE_QUIET (flags: 1 or 0), FOUILLE_LOG_FORMAT; FOUILLE_ARCHIVE\n"
        "is the archive when none is given. The command line wins.\n"
        "\n"
        "Exit status: 0 nothing failed in this run, 1 some files failed (the\n"
        "rest is indexed) or the run was interrupted (what was done is kept),\n"
        "2 nothing could be done (bad arguments, index locked or unwritable,\n"
        "more than half of the index would go without --allow-mass-removal).\n"
        "\n"
        "Test-only environment (makes workers misbehave on files whose path\n"
        "contains the given text): FOUILLE_TEST_WORKER_HANG (sleep forever),\n"
        "FOUILLE_TEST_WORKER_ALLOC (allocate until the memory limit),\n"
        "FOUILLE_TEST_WORKER_CRASH (abort); FOUILLE_TEST_WORKER_SLOW=MS waits\n"
        "MS milliseconds before each file.\n");
}

/* One line a hit: path, page (PDFs) or "-", title; tab-separated. */
static void print_hit(const fdb_hit *h)
{
    const char *title = h->file.title ? h->file.title : "";
    if (h->page)
        printf("%s\t%u\t%s\n", h->file.path, h->page, title);
    else
        printf("%s\t-\t%s\n", h->file.path, title);
}

static int print_search(const char *index, const char *query)
{
    char err[512];
    fdb *db = NULL;
    fdb_status st = fdb_open_read(index, &db, err, sizeof err);
    if (st != FDB_OK) {
        log_error(_("cannot open the index %s: %s"), index, err);
        return 2;
    }
    fdb_query q = {.query = query, .limit = 10};
    fdb_results *r = NULL;
    st = fdb_search(db, &q, &r);
    if (st != FDB_OK) {
        log_error("search failed: %s", fdb_last_error(db));
        fdb_free(db);
        return 2;
    }
    for (size_t i = 0; i < fdb_results_count(r); i++)
        print_hit(fdb_results_hit(r, i));
    fdb_results_free(r);
    fdb_free(db);
    return 0;
}

static const struct option longopts[] = {
    {"index", required_argument, NULL, 'i'},
    {"max-size", required_argument, NULL, 'm'},
    {"max-memory", required_argument, NULL, 'M'},
    {"jobs", required_argument, NULL, 'j'},
    {"batch", required_argument, NULL, 'b'},
    {"batch-memory", required_argument, NULL, 'B'},
    {"timeout", required_argument, NULL, 't'},
    {"no-ocr", no_argument, NULL, 'O'},
    {"ocr-pages", required_argument, NULL, 'P'},
    {"full", no_argument, NULL, 'f'},
    {"retry-failed", no_argument, NULL, 'r'},
    {"no-compact", no_argument, NULL, 'C'},
    {"spelling-copy", required_argument, NULL, 'S'},
    {"shards", required_argument, NULL, 'N'},
    {"allow-mass-removal", no_argument, NULL, 'A'},
    {"json", no_argument, NULL, 'J'},
    {"search", required_argument, NULL, 's'},
    {"quiet", no_argument, NULL, 'q'},
    {"log-format", required_argument, NULL, 'F'},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, 'V'},
    {NULL, 0, NULL, 0},
};

/* Parse argv (the variables' words included) and run. */
static int main_run(int argc, char **argv)
{
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    run_options opt = {.index = DEFAULT_INDEX, .max_size = DEFAULT_MAX_SIZE,
                       .max_memory = DEFAULT_MAX_MEMORY, .timeout_s = DEFAULT_TIMEOUT,
                       .ocr = 1, .ocr_pages = DEFAULT_OCR_PAGES,
                       .batch_memory = DEFAULT_BATCH_MEMORY,
                       .jobs = cores > 0 ? (unsigned)cores : 1};
    const char *search = NULL, *env_archive = cli_env_value("FOUILLE_ARCHIVE");
    log_format log_fmt = LOG_FORMAT_TEXT;
    int json = 0;
    long long n;
    int c;
    while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        switch (c) {
        case 'i': opt.index = optarg; break;
        case 'm':
            if (cli_parse_size(optarg, &opt.max_size) != 0) {
                fprintf(stderr, "indexer: --max-size: not a size: %s\n", optarg);
                return 2;
            }
            break;
        case 'M':
            if (cli_parse_size(optarg, &opt.max_memory) != 0 || opt.max_memory < 16 * 1024 * 1024) {
                fprintf(stderr, "indexer: --max-memory: not a size of at least 16M: %s\n", optarg);
                return 2;
            }
            break;
        case 'j':
            if (cli_parse_count(optarg, 1, 1024, &n) != 0) {
                fprintf(stderr, "indexer: --jobs: not a number from 1 to 1024: %s\n", optarg);
                return 2;
            }
            opt.jobs = (unsigned)n;
            break;
        case 'b':
            if (cli_parse_count(optarg, 1, 1000000, &n) != 0) {
                fprintf(stderr, "indexer: --batch: not a number of files: %s\n", optarg);
                return 2;
            }
            opt.batch = (unsigned)n;
            break;
        case 'B':
            if (cli_parse_size(optarg, &opt.batch_memory) != 0 ||
                opt.batch_memory < 16 * 1024 * 1024) {
                fprintf(stderr, "indexer: --batch-memory: not a size of at least 16M: %s\n",
                        optarg);
                return 2;
            }
            break;
        case 't':
            if (cli_parse_count(optarg, 1, 86400, &n) != 0) {
                fprintf(stderr, "indexer: --timeout: not a number of seconds: %s\n", optarg);
                return 2;
            }
            opt.timeout_s = (int)n;
            break;
        case 'O': opt.ocr = 0; break;
        case 'P':
            if (cli_parse_count(optarg, 1, 100000, &n) != 0) {
                fprintf(stderr, "indexer: --ocr-pages: not a number of pages: %s\n", optarg);
                return 2;
            }
            opt.ocr_pages = (unsigned)n;
            break;
        case 'f': opt.full = 1; break;
        case 'r': opt.retry_failed = 1; break;
        case 'C': opt.no_compact = 1; break;
        case 'S': opt.spelling_copy = optarg; break;
        case 'N':
            if (cli_parse_count(optarg, 1, SHARDS_MAX, &n) != 0) {
                fprintf(stderr, "indexer: --shards: not a number from 1 to %d: %s\n",
                        SHARDS_MAX, optarg);
                return 2;
            }
            opt.shards = (unsigned)n;
            break;
        case 'A': opt.allow_mass_removal = 1; break;
        case 'J': json = 1; break;
        case 's': search = optarg; break;
        case 'q': opt.quiet = 1; break;
        case 'F':
            if (log_format_parse(optarg, &log_fmt) != 0) {
                fprintf(stderr, "indexer: --log-format: not text or json: %s\n", optarg);
                return 2;
            }
            break;
        case 'h': usage(stdout); return 0;
        case 'V': printf("indexer (fouille) %s\n", FOUILLE_VERSION); return 0;
        default: usage(stderr); return 2;
        }
    }
    log_setup("indexer", log_fmt, NULL);
    if (search)
        return optind == argc ? print_search(opt.index, search) : (usage(stderr), 2);
    if (optind == argc - 1) {
        opt.archive = argv[optind];
    } else if (optind == argc && env_archive) {
        opt.archive = env_archive;
    } else {
        usage(stderr);
        return 2;
    }
    report rep;
    report_init(&rep);
    int rc = run_index(&opt, &rep);
    if (rc != 2) {
        if (json)
            report_print_json(&rep, stdout);
        else
            report_print_line(&rep, stdout);
    }
    report_free(&rep);
    return rc;
}

int main(int argc, char **argv)
{
    /* A worker the pool started (worker.h) never gets further. */
    worker_main_env();
    static const char *const env_skip[] = {"search", "help", "version", NULL};
    const cli_env env = {longopts, env_skip, NULL};
    char err[256];
    int n;
    i18n_setup();
    char **args = cli_env_argv(&env, argc, argv, &n, err, sizeof err);
    if (!args) {
        fprintf(stderr, "indexer: %s\n", err);
        return 2;
    }
    int rc = main_run(n, args);
    cli_argv_free(args);
    return rc;
}
