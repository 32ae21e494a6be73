/* cli.h -- options from the environment, their values, and paths of an
 * installed copy.
 *
 * Every long option --NAME of a program can also come from the variable
 * FOUILLE_NAME (upper case, '-' as '_': --max-size is FOUILLE_MAX_SIZE),
 * so a systemd unit needs no long command line. The command line wins:
 * a variable is ignored when its option is on the command line.
 *
 * cli_env_argv turns the variables into command-line words placed before
 * the real ones, so getopt_long parses both the same way and reports a
 * bad value under the option's name:
 *
 *   FOUILLE_INDEX=/var/lib/fouille/index  ->  --index=/var/lib/fouille/index
 *   FOUILLE_QUIET=1                       ->  --quiet     (0, no, false, off,
 *                                                          empty: nothing)
 *   FOUILLE_CORS="https://a.org https://b.org"
 *                                         ->  --cors=https://a.org
 *                                             --cors=https://b.org
 *                                             (options listed in `lists`)
 *
 * Ownership: the returned argv and all its strings belong to the caller,
 * who releases them with cli_argv_free once no option value (optarg) is
 * used any more; the strings survive getopt_long's reordering.
 */
#ifndef FOUILLE_CLI_H
#define FOUILLE_CLI_H

#include <getopt.h>
#include <stddef.h>

#define CLI_ENV_PREFIX "FOUILLE_"

typedef struct {
    const struct option *longopts;  /* getopt_long's table */
    const char *const *skip;        /* options never read from the
                                       environment (actions such as
                                       "help"); NULL-terminated, or NULL */
    const char *const *lists;       /* repeatable options whose variable
                                       holds several values separated by
                                       spaces; NULL-terminated, or NULL */
} cli_env;

/* The variable name of long option `name` into buf ("max-size" ->
 * "FOUILLE_MAX_SIZE"); buf, or NULL when it does not fit. */
char *cli_env_name(const char *name, char *buf, size_t size);

/* A new NULL-terminated argv: argv[0], the words made from the variables
 * (in longopts order), then argv[1..argc-1]; its length in *out_argc.
 * NULL on error with a message in err: a flag variable that is not a
 * boolean ("FOUILLE_QUIET: not a boolean: maybe"), or out of memory. */
char **cli_env_argv(const cli_env *env, int argc, char *const *argv, int *out_argc,
                    char *err, size_t errsize);

/* Release an argv from cli_env_argv (NULL: nothing). */
void cli_argv_free(char **argv);

/* The value of environment variable `name`, or NULL when it is unset or
 * empty; borrowed from the environment. For positional arguments (the
 * indexer's FOUILLE_ARCHIVE). */
const char *cli_env_value(const char *name);

/* Option values, the same rules for both programs. A count: decimal
 * digits only (no sign, no space), from lo to hi. A size in bytes: digits,
 * then k/K, M or G (powers of 1024) or nothing, at most 2^62. Each returns
 * 0 with the value in *out, or -1 with *out left alone. */
int cli_parse_count(const char *s, long long lo, long long hi, long long *out);
int cli_parse_size(const char *s, long long *out);

/* Where an installed copy keeps its data: when this executable lives in a
 * folder named "bin" (PREFIX/bin/fouille-server) and PREFIX/`rel` is a
 * folder, that path, malloc'd (free()); else NULL, as in the source tree
 * (bin/server has no share/ next to it). `rel` is e.g.
 * "share/fouille/web". */
char *cli_installed_path(const char *rel);

#endif
