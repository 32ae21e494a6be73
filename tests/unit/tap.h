/* tap.h -- the smallest TAP producer, for C unit tests run by prove.
 *
 * ok(cond, fmt, ...) prints "ok N - ..." or "not ok N - ..."; is_str()
 * compares strings and shows both on failure; done_testing() prints the
 * plan and returns the exit status (non-zero when any test failed).
 */
#ifndef FOUILLE_TAP_H
#define FOUILLE_TAP_H

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int tap_n, tap_failed;

__attribute__((format(printf, 2, 3), unused))
static int ok(int cond, const char *fmt, ...)
{
    va_list ap;
    tap_n++;
    if (!cond)
        tap_failed++;
    printf("%sok %d - ", cond ? "" : "not ", tap_n);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    putchar('\n');
    fflush(stdout);
    return cond;
}

__attribute__((unused))
static int is_str(const char *got, const char *want, const char *name)
{
    int same = (got && want) ? strcmp(got, want) == 0 : got == want;
    if (!ok(same, "%s", name))
        printf("#   got:  '%s'\n#   want: '%s'\n", got ? got : "(null)",
               want ? want : "(null)");
    return same;
}

__attribute__((unused))
static int is_int(long long got, long long want, const char *name)
{
    if (!ok(got == want, "%s", name))
        printf("#   got:  %lld\n#   want: %lld\n", got, want);
    return got == want;
}

__attribute__((unused, format(printf, 1, 2)))
static void diag(const char *fmt, ...)
{
    va_list ap;
    printf("# ");
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    putchar('\n');
}

__attribute__((unused))
static int done_testing(void)
{
    printf("1..%d\n", tap_n);
    return tap_failed ? 1 : 0;
}

#endif
