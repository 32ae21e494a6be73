/* main.c -- bin/server: options, signals, wiring.
 *
 * Design: parse the options, build the modules (api over the index, files
 * over the archive and web folders), start the http daemon, then wait in
 * sigwait() for SIGINT or SIGTERM, which are blocked in every thread (the
 * daemon's threads inherit the mask), and stop: the daemon first (it
 * joins its workers, whose index handles close as they exit), then the
 * modules, then the log.
 * Options also come from FOUILLE_* variables (lib/cli.h); events are
 * logged through lib/log.h (text or JSON, journald levels). The open
 * files limit is raised to its hard limit first: each connection is a
 * descriptor, and the server takes up to 1024 (http.c).
 * Exit status: 0 after a signal, 2 for a usage error or when the address
 * is already in use (a second server on a port), 1 otherwise.
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "api.h"
#include "cli.h"
#include "files.h"
#include "http.h"
#include "log.h"
#include "proxy.h"

#define MAIN_MAX_CORS 32

typedef struct {
    const char *listen, *index, *archive, *web, *log;
    unsigned threads;
    unsigned cache;       /* answers kept, 0: none */
    unsigned time_limit;  /* of a search, milliseconds */
    double request_timeout;   /* seconds, 0: http.c's default */
    proxy_list *trusted;  /* owned: --trusted-proxy, NULL: none */
    const char *cors[MAIN_MAX_CORS];
    size_t ncors;
    log_format log_format;
    char **args;          /* owned: the argv with the variables, which
                             the strings above point into */
    char *web_installed;  /* owned: PREFIX/share/fouille/web, or NULL */
} main_options;

static void main_usage(FILE *out)
{
    fputs("usage: server [--listen HOST:PORT] [--index DIR] [--archive DIR]\n"
          "              [--web DIR] [--threads N] [--cors ORIGIN]... [--log FILE]\n"
          "              [--log-format text|json] [--cache N] [--time-limit MS]\n"
          "              [--trusted-proxy ADDR]... [--request-timeout SECONDS]\n"
          "Serve the fouille search API, the archive and the web front page.\n"
          "  --listen HOST:PORT  address to listen on (127.0.0.1:8080; port 0: any)\n"
          "  --index DIR         the index built by bin/indexer (var/index),\n"
          "                      or a stub file of shards (docs/scaling.md)\n"
          "  --archive DIR       the archived files, served under /archive/ (archive)\n"
          "  --web DIR           the front page and its files (web; installed:\n"
          "                      PREFIX/share/fouille/web)\n"
          "  --threads N         worker threads (number of cores)\n"
          "  --cors ORIGIN       allow this origin (repeatable; * for any)\n"
          "  --cache N           keep the N most recent answers of /api/search\n"
          "                      and /api/suggest, per index revision (1024;\n"
          "                      0: none)\n"
          "  --time-limit MS     a search stops after MS milliseconds and\n"
          "                      answers what it found, marked partial (300)\n"
          "  --log FILE          append the access log there (stderr)\n"
          "  --log-format F      events and access log as text lines (default)\n"
          "                      or json objects\n"
          "  --trusted-proxy ADDR  a reverse proxy (address or ADDR/BITS;\n"
          "                      repeatable) whose X-Forwarded-For gives the\n"
          "                      client's address and X-Forwarded-Prefix the\n"
          "                      prefix of the URLs in answers\n"
          "  --request-timeout S a connection has S seconds (10) to send a\n"
          "                      whole request header, then it is closed\n"
          "  --help, --version\n"
          "Each option can also be set in the environment: FOUILLE_LISTEN,\n"
          "FOUILLE_INDEX, FOUILLE_ARCHIVE, FOUILLE_WEB, FOUILLE_THREADS,\n"
          "FOUILLE_CORS (origins separated by spaces), FOUILLE_LOG,\n"
          "FOUILLE_LOG_FORMAT, FOUILLE_CACHE, FOUILLE_TIME_LIMIT,\n"
          "FOUILLE_TRUSTED_PROXY (addresses separated by spaces),\n"
          "FOUILLE_REQUEST_TIMEOUT; the command line wins.\n", out);
}

/* 0 to run, 1 to exit successfully (help, version), -1 on a usage error. */
static int main_parse(int argc, char **argv, main_options *o)
{
    static const struct option longopts[] = {
        { "listen", required_argument, NULL, 'l' },
        { "index", required_argument, NULL, 'i' },
        { "archive", required_argument, NULL, 'a' },
        { "web", required_argument, NULL, 'w' },
        { "threads", required_argument, NULL, 't' },
        { "cors", required_argument, NULL, 'c' },
        { "log", required_argument, NULL, 'L' },
        { "log-format", required_argument, NULL, 'F' },
        { "cache", required_argument, NULL, 'C' },
        { "time-limit", required_argument, NULL, 'T' },
        { "trusted-proxy", required_argument, NULL, 'P' },
        { "request-timeout", required_argument, NULL, 'R' },
        { "help", no_argument, NULL, 'h' },
        { "version", no_argument, NULL, 'V' },
        { NULL, 0, NULL, 0 }
    };
    static const char *const env_skip[] = { "help", "version", NULL };
    static const char *const env_lists[] = { "cors", "trusted-proxy", NULL };
    const cli_env env = { longopts, env_skip, env_lists };
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    char err[256];
    long long n;
    int c;

    *o = (main_options){ .listen = "127.0.0.1:8080", .index = "var/index",
                         .archive = "archive", .web = "web",
                         .threads = cores > 0 ? (unsigned)cores : 1,
                         .cache = 1024, .time_limit = 300 };
    o->web_installed = cli_installed_path("share/fouille/web");
    if (o->web_installed)
        o->web = o->web_installed;
    o->args = cli_env_argv(&env, argc, argv, &argc, err, sizeof err);
    if (!o->args) {
        fprintf(stderr, "server: %s\n", err);
        return -1;
    }
    argv = o->args;
    while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        switch (c) {
        case 'l': o->listen = optarg; break;
        case 'i': o->index = optarg; break;
        case 'a': o->archive = optarg; break;
        case 'w': o->web = optarg; break;
        case 'L': o->log = optarg; break;
        case 'F':
            if (log_format_parse(optarg, &o->log_format) != 0) {
                fprintf(stderr, "server: --log-format wants text or json\n");
                return -1;
            }
            break;
        case 't':
            if (cli_parse_count(optarg, 1, 1024, &n) != 0) {
                fprintf(stderr, "server: --threads wants 1 to 1024\n");
                return -1;
            }
            o->threads = (unsigned)n;
            break;
        case 'C':
            if (cli_parse_count(optarg, 0, 1000000, &n) != 0) {
                fprintf(stderr, "server: --cache wants 0 to 1000000\n");
                return -1;
            }
            o->cache = (unsigned)n;
            break;
        case 'T':
            if (cli_parse_count(optarg, 1, 60000, &n) != 0) {
                fprintf(stderr, "server: --time-limit wants 1 to 60000 (ms)\n");
                return -1;
            }
            o->time_limit = (unsigned)n;
            break;
        case 'P':
            if (proxy_list_add(&o->trusted, optarg, err, sizeof err) < 0) {
                fprintf(stderr, "server: --trusted-proxy: %s\n", err);
                return -1;
            }
            break;
        case 'R':
            if (cli_parse_count(optarg, 1, 3600, &n) != 0) {
                fprintf(stderr, "server: --request-timeout wants 1 to 3600 (seconds)\n");
                return -1;
            }
            o->request_timeout = (double)n;
            break;
        case 'c':
            if (o->ncors == MAIN_MAX_CORS) {
                fprintf(stderr, "server: at most %d --cors\n", MAIN_MAX_CORS);
                return -1;
            }
            o->cors[o->ncors++] = optarg;
            break;
        case 'h': main_usage(stdout); return 1;
        case 'V': printf("fouille server %s\n", FOUILLE_VERSION); return 1;
        default: main_usage(stderr); return -1;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "server: unexpected argument '%s'\n", argv[optind]);
        main_usage(stderr);
        return -1;
    }
    return 0;
}

/* Raise the soft limit of open files to the hard one (connections are
 * descriptors). */
static void main_raise_nofile(void)
{
    struct rlimit rl;

    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
        rl.rlim_cur = rl.rlim_max;
        setrlimit(RLIMIT_NOFILE, &rl);
    }
}

/* Run the server until SIGINT/SIGTERM; the exit status. */
static int main_serve(const main_options *o, FILE *log)
{
    http_config cfg = { .listen = o->listen, .threads = o->threads,
                        .cors = o->cors, .ncors = o->ncors, .log = log,
                        .log_json = o->log_format == LOG_FORMAT_JSON,
                        .request_timeout = o->request_timeout,
                        .trusted = o->trusted };
    http_server *srv = NULL;
    char err[256];
    sigset_t stop;
    int sig = 0, status = 1, in_use = 0;

    cfg.api = api_create(o->index, o->archive, o->cache);
    if (cfg.api)
        api_set_time_limit(cfg.api, o->time_limit / 1000.0);
    cfg.files = files_create(o->archive, o->web);
    if (!cfg.api || !cfg.files) {
        log_error("out of memory");
        goto out;
    }
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);
    signal(SIGPIPE, SIG_IGN);
    main_raise_nofile();
    srv = http_start(&cfg, &in_use, err, sizeof err);
    if (!srv) {
        log_error("%s", err);
        if (in_use)
            status = 2;
        goto out;
    }
    log_info("listening on %s (port %u), index %s", o->listen, http_port(srv),
             o->index);
    sigwait(&stop, &sig);
    log_info("%s, stopping", strsignal(sig));
    status = 0;
out:
    http_stop(srv);
    files_free(cfg.files);
    api_free(cfg.api);
    return status;
}

int main(int argc, char **argv)
{
    main_options o;
    FILE *log = stderr;
    int rc = main_parse(argc, argv, &o);

    if (rc == 0) {
        log_setup("server", o.log_format, NULL);
        if (o.log && !(log = fopen(o.log, "a"))) {
            log_error("--log %s: %s", o.log, strerror(errno));
            rc = 1;
        } else {
            rc = main_serve(&o, log);
        }
        if (log && log != stderr)
            fclose(log);
    } else {
        rc = rc > 0 ? 0 : 2;
    }
    cli_argv_free(o.args);
    free(o.web_installed);
    proxy_list_free(o.trusted);
    return rc;
}
