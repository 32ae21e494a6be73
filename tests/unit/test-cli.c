/* test-cli.c -- options from the environment: variable names, values as
 * getopt_long words, the command line winning (also abbreviated, also for
 * repeatable options), flags as booleans, words after "--" and option
 * values not taken for options, and the installed-path lookup staying off
 * in the source tree; counts and sizes as both programs read them. */
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "tap.h"

static const struct option opts[] = {
    { "index", required_argument, NULL, 'i' },
    { "max-size", required_argument, NULL, 'm' },
    { "cors", required_argument, NULL, 'c' },
    { "quiet", no_argument, NULL, 'q' },
    { "search", required_argument, NULL, 's' },
    { "help", no_argument, NULL, 'h' },
    { NULL, 0, NULL, 0 },
};
static const char *const skip[] = { "search", "help", NULL };
static const char *const lists[] = { "cors", NULL };
static const cli_env env = { opts, skip, lists };

static const char *const vars[] = { "FOUILLE_INDEX", "FOUILLE_MAX_SIZE",
    "FOUILLE_CORS", "FOUILLE_QUIET", "FOUILLE_SEARCH", "FOUILLE_HELP", NULL };

static void clear_env(void)
{
    for (const char *const *v = vars; *v; v++)
        unsetenv(*v);
}

/* The words of cli_env_argv over `args` (argv[0] included), joined by
 * spaces, or "ERROR: message". */
static char *joined(const char **args)
{
    static char out[1024];
    char err[256] = "";
    int argc = 0, n;
    while (args[argc])
        argc++;
    char **v = cli_env_argv(&env, argc, (char *const *)args, &n, err, sizeof err);
    if (!v) {
        snprintf(out, sizeof out, "ERROR: %s", err);
        return out;
    }
    out[0] = '\0';
    for (int i = 0; i < n; i++)
        snprintf(out + strlen(out), sizeof out - strlen(out), "%s%s", i ? " " : "", v[i]);
    ok(v[n] == NULL, "argv is NULL-terminated");
    cli_argv_free(v);
    return out;
}

static void test_names(void)
{
    char buf[64];
    is_str(cli_env_name("index", buf, sizeof buf), "FOUILLE_INDEX", "index -> FOUILLE_INDEX");
    is_str(cli_env_name("max-size", buf, sizeof buf), "FOUILLE_MAX_SIZE",
           "max-size -> FOUILLE_MAX_SIZE ('-' as '_')");
    is_str(cli_env_name("log-format", buf, sizeof buf), "FOUILLE_LOG_FORMAT",
           "log-format -> FOUILLE_LOG_FORMAT");
    ok(cli_env_name("max-size", buf, 10) == NULL, "a name that does not fit: NULL");
}

static void test_values(void)
{
    const char *a[] = { "indexer", "archive", NULL };

    clear_env();
    is_str(joined(a), "indexer archive", "no variable: the command line unchanged");
    setenv("FOUILLE_INDEX", "/var/lib/fouille/index", 1);
    setenv("FOUILLE_MAX_SIZE", "50M", 1);
    is_str(joined(a), "indexer --index=/var/lib/fouille/index --max-size=50M archive",
           "variables become --name=value words before the real arguments");
    setenv("FOUILLE_MAX_SIZE", "", 1);
    is_str(joined(a), "indexer --index=/var/lib/fouille/index archive",
           "an empty variable is no option");
    setenv("FOUILLE_INDEX", "/srv/archives/procès-verbaux index", 1);
    is_str(joined(a), "indexer --index=/srv/archives/procès-verbaux index archive",
           "a value with an accent and a space stays one word");
    clear_env();
    setenv("FOUILLE_SEARCH", "association", 1);
    setenv("FOUILLE_HELP", "1", 1);
    is_str(joined(a), "indexer archive", "skipped options (actions) are never read");
}

static void test_command_line_wins(void)
{
    const char *full[] = { "indexer", "--index", "cli-index", "archive", NULL };
    const char *eq[] = { "indexer", "--index=cli-index", "archive", NULL };
    const char *abbrev[] = { "indexer", "--ind", "cli-index", "archive", NULL };
    const char *dashdash[] = { "indexer", "--", "--index", NULL };
    const char *value[] = { "indexer", "--search", "--index", NULL };
    const char *cors[] = { "server", "--cors", "https://c.example", NULL };

    clear_env();
    setenv("FOUILLE_INDEX", "env-index", 1);
    is_str(joined(full), "indexer --index cli-index archive", "--index NAME beats FOUILLE_INDEX");
    is_str(joined(eq), "indexer --index=cli-index archive", "--index=NAME beats FOUILLE_INDEX");
    is_str(joined(abbrev), "indexer --ind cli-index archive",
           "an abbreviation getopt_long accepts (--ind) beats it too");
    is_str(joined(dashdash), "indexer --index=env-index -- --index",
           "a word after -- is not an option");
    is_str(joined(value), "indexer --index=env-index --search --index",
           "an option's value (a search for \"--index\") is not an option");
    clear_env();
    setenv("FOUILLE_CORS", " https://a.example\thttps://b.example  ", 1);
    const char *none[] = { "server", NULL };
    is_str(joined(none), "server --cors=https://a.example --cors=https://b.example",
           "a list variable makes one word per value");
    is_str(joined(cors), "server --cors https://c.example",
           "a repeatable option on the command line replaces the whole list");
}

static void test_flags(void)
{
    const char *a[] = { "indexer", NULL };
    const char *yes[] = { "1", "yes", "TRUE", "on", NULL };
    const char *no[] = { "0", "no", "False", "off", "", NULL };

    clear_env();
    for (const char **v = yes; *v; v++) {
        setenv("FOUILLE_QUIET", *v, 1);
        is_str(joined(a), "indexer --quiet", *v);
    }
    for (const char **v = no; *v; v++) {
        setenv("FOUILLE_QUIET", *v, 1);
        is_str(joined(a), "indexer", **v ? *v : "(empty)");
    }
    setenv("FOUILLE_QUIET", "peut-être", 1);
    is_str(joined(a), "ERROR: FOUILLE_QUIET: not a boolean (1 or 0): peut-être",
           "a flag that is not a boolean is an error naming the variable");
    clear_env();
}

static void test_getopt(void)
{
    const char *a[] = { "indexer", "--max-size", "1k", "archive", NULL };
    char err[128];
    int n, c;
    const char *index = NULL, *size = NULL;

    setenv("FOUILLE_INDEX", "env-index", 1);
    setenv("FOUILLE_MAX_SIZE", "9G", 1);
    char **v = cli_env_argv(&env, 4, (char *const *)a, &n, err, sizeof err);
    optind = 1;
    while ((c = getopt_long(n, v, "", opts, NULL)) != -1) {
        if (c == 'i') index = optarg;
        if (c == 'm') size = optarg;
    }
    is_str(index, "env-index", "getopt_long reads the variable's value");
    is_str(size, "1k", "and the command line's value for the option it gives");
    is_str(optind < n ? v[optind] : NULL, "archive", "positional arguments stay last");
    cli_argv_free(v);
    clear_env();
}

static void test_misc(void)
{
    setenv("FOUILLE_ARCHIVE", "", 1);
    ok(cli_env_value("FOUILLE_ARCHIVE") == NULL, "an empty variable has no value");
    setenv("FOUILLE_ARCHIVE", "/srv/fouille/archive", 1);
    is_str(cli_env_value("FOUILLE_ARCHIVE"), "/srv/fouille/archive", "a set one has");
    unsetenv("FOUILLE_ARCHIVE");
    /* This test runs from build/tests/, not PREFIX/bin. */
    char *p = cli_installed_path("share/fouille/web");
    ok(p == NULL, "outside PREFIX/bin no installed path is guessed");
    free(p);
    cli_argv_free(NULL);
    ok(1, "cli_argv_free(NULL) does nothing");
}

/* Option values: a count and a size, the same rules in both programs. */
static void test_numbers(void)
{
    long long n = 7;
    ok(cli_parse_count("4", 1, 1024, &n) == 0 && n == 4, "count: 4 within 1..1024");
    ok(cli_parse_count("0", 0, 10, &n) == 0 && n == 0, "count: 0 when allowed");
    n = 7;
    static const char *const bad[] = {"", "0", "1025", "-1", "+4", " 4", "4 ", "4x",
                                      "0x10", "99999999999999999999999"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        ok(cli_parse_count(bad[i], 1, 1024, &n) == -1, "count: '%s' refused for 1..1024", bad[i]);
    is_int(n, 7, "count: a refused value leaves *out alone");
    ok(cli_parse_count("4611686018427387904", 0, LLONG_MAX, &n) == 0 && n == 1LL << 62,
       "count: 2^62 is the largest value read");
    ok(cli_parse_count("4611686018427387905", 0, LLONG_MAX, &n) == -1 &&
       cli_parse_count("999999999999999999999", 0, LLONG_MAX, &n) == -1,
       "count: past 2^62, refused without overflowing");

    ok(cli_parse_size("200M", &n) == 0 && n == 200LL * 1024 * 1024, "size: 200M");
    ok(cli_parse_size("1G", &n) == 0 && n == 1024LL * 1024 * 1024, "size: 1G");
    ok(cli_parse_size("64k", &n) == 0 && n == 65536 && cli_parse_size("64K", &n) == 0,
       "size: 64k and 64K");
    ok(cli_parse_size("1000", &n) == 0 && n == 1000, "size: bytes without a unit");
    n = 7;
    static const char *const bad_sizes[] = {"", "M", "-1M", "1.5G", "1MB", "1m", "1 G",
                                            "99999999999G", "9999999999999999999999"};
    for (size_t i = 0; i < sizeof bad_sizes / sizeof *bad_sizes; i++)
        ok(cli_parse_size(bad_sizes[i], &n) == -1, "size: '%s' refused", bad_sizes[i]);
    is_int(n, 7, "size: a refused value leaves *out alone");
}

int main(void)
{
    test_names();
    test_values();
    test_command_line_wins();
    test_flags();
    test_getopt();
    test_misc();
    test_numbers();
    return done_testing();
}
