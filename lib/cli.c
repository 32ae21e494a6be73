/* cli.c -- environment variables as command-line words; option values;
 * installed paths.
 *
 * Design: rather than each program reading getenv() next to each option
 * (two code paths, two sets of checks), the variables are turned into
 * "--name=value" words put in front of the real arguments. getopt_long
 * then sees one command line, applies the same parsing and error
 * messages, and the real arguments still win for single-valued options
 * because they come later; for an option the command line gives at all
 * (even abbreviated, as getopt_long allows), the variable is not read,
 * which also keeps repeatable options from mixing both sources.
 * Every string of the new argv is a copy, so cli_argv_free frees them all.
 */
#include "cli.h"

#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

char *cli_env_name(const char *name, char *buf, size_t size)
{
    size_t plen = strlen(CLI_ENV_PREFIX), i;

    if (plen + strlen(name) + 1 > size)
        return NULL;
    memcpy(buf, CLI_ENV_PREFIX, plen);
    for (i = 0; name[i]; i++) {
        char c = name[i];
        buf[plen + i] = c == '-' ? '_' : (c >= 'a' && c <= 'z') ? (char)(c - 'a' + 'A') : c;
    }
    buf[plen + i] = '\0';
    return buf;
}

static int cli_in(const char *const *list, const char *name)
{
    for (; list && *list; list++)
        if (strcmp(*list, name) == 0)
            return 1;
    return 0;
}

/* Does the command line give option `o`, as --name, --name=value or an
 * abbreviation of either (getopt_long rejects ambiguous ones later)?
 * Words after "--" and the values of options are not options. */
static int cli_given(const struct option *longopts, const struct option *o,
                     int argc, char *const *argv)
{
    for (int i = 1; i < argc; i++) {
        const char *w = argv[i];
        const struct option *named = NULL;
        size_t n;

        if (strcmp(w, "--") == 0)
            return 0;
        if (strncmp(w, "--", 2) != 0)
            continue;
        w += 2;
        n = strcspn(w, "=");
        if (n == 0)
            continue;
        if (strncmp(o->name, w, n) == 0)
            return 1;
        /* Another option: skip its value when it is the next word. */
        for (const struct option *p = longopts; p->name && !named; p++)
            if (strncmp(p->name, w, n) == 0)
                named = p;
        if (named && named->has_arg == required_argument && w[n] != '=')
            i++;
    }
    return 0;
}

/* The boolean value of flag variable `var`: 1, 0, or -1 when not one. */
static int cli_bool(const char *value)
{
    static const char *const yes[] = { "1", "yes", "true", "on", NULL };
    static const char *const no[] = { "", "0", "no", "false", "off", NULL };
    for (const char *const *p = yes; *p; p++)
        if (strcasecmp(value, *p) == 0)
            return 1;
    for (const char *const *p = no; *p; p++)
        if (strcasecmp(value, *p) == 0)
            return 0;
    return -1;
}

/* A growing NULL-terminated array of owned strings. */
typedef struct {
    char **v;
    int n, cap;
} cli_words;

/* Append s (owned; NULL after a failed copy); 0, or -2: out of memory. */
static int cli_words_push(cli_words *w, char *s)
{
    if (!s)
        return -2;
    if (w->n + 2 > w->cap) {
        int cap = w->cap ? w->cap * 2 : 16;
        char **v = realloc(w->v, (size_t)cap * sizeof *v);
        if (!v) {
            free(s);
            return -2;
        }
        w->v = v;
        w->cap = cap;
    }
    w->v[w->n++] = s;
    w->v[w->n] = NULL;
    return 0;
}

/* "--name=value" (or "--name" when value is NULL), malloc'd. */
static char *cli_word(const char *name, const char *value)
{
    size_t len = strlen(name) + 3 + (value ? strlen(value) + 1 : 0);
    char *s = malloc(len);
    if (s)
        snprintf(s, len, value ? "--%s=%s" : "--%s", name, value ? value : "");
    return s;
}

/* Push the words that variable `var` (holding `value`) of option `o`
 * makes; 0, -1 for a bad value (err set), -2 when out of memory. */
static int cli_env_words(const cli_env *env, const struct option *o,
                         const char *var, const char *value, cli_words *w,
                         char *err, size_t errsize)
{
    if (o->has_arg == no_argument) {
        int b = cli_bool(value);
        if (b < 0) {
            snprintf(err, errsize, "%s: not a boolean (1 or 0): %s", var, value);
            return -1;
        }
        return b ? cli_words_push(w, cli_word(o->name, NULL)) : 0;
    }
    if (!cli_in(env->lists, o->name)) {
        if (*value == '\0')
            return 0;
        return cli_words_push(w, cli_word(o->name, value));
    }
    char *copy = strdup(value), *save = NULL;
    int rc = copy ? 0 : -2;
    for (char *t = copy ? strtok_r(copy, " \t\n", &save) : NULL; t && rc == 0;
         t = strtok_r(NULL, " \t\n", &save))
        rc = cli_words_push(w, cli_word(o->name, t));
    free(copy);
    return rc;
}

char **cli_env_argv(const cli_env *env, int argc, char *const *argv, int *out_argc,
                    char *err, size_t errsize)
{
    cli_words w = { 0 };
    char var[128];

    if (cli_words_push(&w, strdup(argc > 0 ? argv[0] : "fouille")) != 0)
        goto oom;
    for (const struct option *o = env->longopts; o->name; o++) {
        const char *value;
        if (cli_in(env->skip, o->name) || !cli_env_name(o->name, var, sizeof var))
            continue;
        value = getenv(var);
        if (!value || cli_given(env->longopts, o, argc, argv))
            continue;
        switch (cli_env_words(env, o, var, value, &w, err, errsize)) {
        case 0: break;
        case -1: cli_argv_free(w.v); return NULL;
        default: goto oom;
        }
    }
    for (int i = 1; i < argc; i++)
        if (cli_words_push(&w, strdup(argv[i])) != 0)
            goto oom;
    *out_argc = w.n;
    return w.v;
oom:
    snprintf(err, errsize, "out of memory");
    cli_argv_free(w.v);
    return NULL;
}

void cli_argv_free(char **argv)
{
    if (!argv)
        return;
    for (char **p = argv; *p; p++)
        free(*p);
    free(argv);
}

#define CLI_SIZE_MAX (1LL << 62)

/* The leading decimal digits of s as a number (at most CLI_SIZE_MAX);
 * *end after them. -1 when there are none or too many. */
static long long cli_digits(const char *s, const char **end)
{
    long long v = 0;
    const char *p = s;
    for (; *p >= '0' && *p <= '9'; p++) {
        if (v > (CLI_SIZE_MAX - (*p - '0')) / 10)
            return -1;
        v = v * 10 + (*p - '0');
    }
    *end = p;
    return p == s ? -1 : v;
}

int cli_parse_count(const char *s, long long lo, long long hi, long long *out)
{
    const char *end;
    long long v = cli_digits(s, &end);
    if (v < 0 || *end || v < lo || v > hi)
        return -1;
    *out = v;
    return 0;
}

int cli_parse_size(const char *s, long long *out)
{
    const char *end;
    long long v = cli_digits(s, &end), unit = 1;
    if (v < 0)
        return -1;
    if (*end == 'k' || *end == 'K')
        unit = 1024, end++;
    else if (*end == 'M')
        unit = 1024 * 1024, end++;
    else if (*end == 'G')
        unit = 1024LL * 1024 * 1024, end++;
    if (*end || v > CLI_SIZE_MAX / unit)
        return -1;
    *out = v * unit;
    return 0;
}

const char *cli_env_value(const char *name)
{
    const char *v = getenv(name);
    return v && *v ? v : NULL;
}

char *cli_installed_path(const char *rel)
{
    char exe[PATH_MAX], *dir, *prefix, *path;
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    struct stat st;
    size_t len;

    if (n <= 0)
        return NULL;
    exe[n] = '\0';
    dir = dirname(exe);                         /* PREFIX/bin */
    if (strcmp(basename(dir), "bin") != 0)
        return NULL;
    prefix = dirname(dir);                      /* PREFIX */
    len = strlen(prefix) + strlen(rel) + 2;
    path = malloc(len);
    if (!path)
        return NULL;
    snprintf(path, len, "%s/%s", strcmp(prefix, "/") == 0 ? "" : prefix, rel);
    if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode)) {
        free(path);
        return NULL;
    }
    return path;
}
