/* log.c -- leveled event lines, text or JSON, journald-aware.
 *
 * Design: one process-wide configuration (program, format, stream, and
 * whether the stream is the journal), set once by log_setup before any
 * thread starts and only read afterwards. Each event is formatted into a
 * GString (prefix, escaped message, newline) and written with one fwrite
 * under the stream's lock, so lines from several threads never mix and a
 * whole line reaches the kernel in one write on unbuffered stderr.
 * The message is escaped here, once (escape.h): valid UTF-8 is copied,
 * control bytes and invalid bytes are escaped (see log.h), so a hostile
 * file name can neither forge a line nor break the JSON; callers pass
 * names as they are.
 */
#include "log.h"

#include "escape.h"

#include <glib.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static struct {
    const char *program;    /* borrowed from log_setup's caller */
    log_format format;
    FILE *out;              /* borrowed; NULL: stderr */
    int journal;            /* out is the journal: "<N>" prefixes */
    log_before_fn before;   /* called before each event, or NULL */
    void *before_ud;
} log_conf = { "fouille", LOG_FORMAT_TEXT, NULL, 0, NULL, NULL };

static const char *log_level_name(log_level level)
{
    switch (level) {
    case LOG_LEVEL_ERROR: return "error";
    case LOG_LEVEL_WARNING: return "warning";
    case LOG_LEVEL_NOTICE: return "notice";
    case LOG_LEVEL_INFO: return "info";
    case LOG_LEVEL_DEBUG: return "debug";
    }
    return "info";
}

int log_format_parse(const char *name, log_format *out)
{
    if (strcmp(name, "text") == 0)
        *out = LOG_FORMAT_TEXT;
    else if (strcmp(name, "json") == 0)
        *out = LOG_FORMAT_JSON;
    else
        return -1;
    return 0;
}

/* Is `out` the stream systemd connected to the journal? JOURNAL_STREAM is
 * "DEVICE:INODE" of that stream; a child whose stderr was redirected
 * inherits the variable but not the stream, hence the comparison. */
static int log_is_journal(FILE *out)
{
    const char *js = getenv("JOURNAL_STREAM");
    unsigned long long dev, ino;
    struct stat st;

    if (!js || sscanf(js, "%llu:%llu", &dev, &ino) != 2)
        return 0;
    if (fstat(fileno(out), &st) != 0)
        return 0;
    return (unsigned long long)st.st_dev == dev &&
           (unsigned long long)st.st_ino == ino;
}

void log_setup(const char *program, log_format format, FILE *out)
{
    log_conf.program = program;
    log_conf.format = format;
    log_conf.out = out;
    log_conf.journal = log_is_journal(out ? out : stderr);
}

void log_set_before(log_before_fn fn, void *ud)
{
    log_conf.before = fn;
    log_conf.before_ud = ud;
}

/* Append `s` to `line`, escaped for the configured format (escape.h). */
static void log_escape(GString *line, const char *s)
{
    escape_append(line, s, log_conf.format == LOG_FORMAT_JSON ? ESCAPE_JSON : ESCAPE_TEXT,
                  NULL);
}

/* "2026-05-01T10:00:00.123Z" into `line`. */
static void log_append_time(GString *line)
{
    struct timespec ts;
    struct tm tm;
    char buf[32];

    clock_gettime(CLOCK_REALTIME, &ts);
    gmtime_r(&ts.tv_sec, &tm);
    strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
    g_string_append_printf(line, "%s.%03ldZ", buf, ts.tv_nsec / 1000000);
}

void log_msg(log_level level, const char *fmt, ...)
{
    FILE *out = log_conf.out ? log_conf.out : stderr;
    GString *line = g_string_sized_new(128);
    va_list ap;
    char *msg;

    va_start(ap, fmt);
    msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    if (log_conf.journal)
        g_string_append_printf(line, "<%d>", (int)level);
    if (log_conf.format == LOG_FORMAT_JSON) {
        g_string_append(line, "{\"time\":\"");
        log_append_time(line);
        g_string_append_printf(line, "\",\"level\":\"%s\",\"program\":\"",
                               log_level_name(level));
        log_escape(line, log_conf.program);
        g_string_append_printf(line, "\",\"pid\":%ld,\"message\":\"",
                               (long)getpid());
        log_escape(line, msg);
        g_string_append(line, "\"}\n");
    } else {
        log_escape(line, log_conf.program);
        g_string_append_printf(line, ": %s: ", log_level_name(level));
        log_escape(line, msg);
        g_string_append_c(line, '\n');
    }
    flockfile(out);
    if (log_conf.before)
        log_conf.before(log_conf.before_ud);
    fwrite(line->str, 1, line->len, out);
    fflush(out);
    funlockfile(out);
    g_free(msg);
    g_string_free(line, TRUE);
}
