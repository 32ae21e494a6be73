/* test-log.c -- event lines: text with program and level; JSON that
 * parses, with the level, program, pid and message; one line per event
 * whatever the message holds (newlines, quotes, French accents kept,
 * bytes that are not UTF-8 escaped); the journald "<N>" prefix only when
 * the stream is the one JOURNAL_STREAM names; the "before" hook runs
 * ahead of each event's line (a progress line ends first). */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "log.h"
#include "tap.h"

/* What the log wrote to a fresh stream for one event. */
static char *capture(log_format fmt, log_level level, const char *msg)
{
    static char buf[1024];
    FILE *f = tmpfile();
    size_t n;

    log_setup("indexer", fmt, f);
    log_msg(level, "%s", msg);
    rewind(f);
    n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    log_setup("test-log", LOG_FORMAT_TEXT, NULL);
    return buf;
}

static int lines(const char *s)
{
    int n = 0;
    for (; *s; s++)
        n += *s == '\n';
    return n;
}

static void test_parse(void)
{
    log_format f = LOG_FORMAT_TEXT;
    ok(log_format_parse("json", &f) == 0 && f == LOG_FORMAT_JSON, "\"json\" parses");
    ok(log_format_parse("text", &f) == 0 && f == LOG_FORMAT_TEXT, "\"text\" parses");
    ok(log_format_parse("syslog", &f) == -1 && f == LOG_FORMAT_TEXT,
       "anything else is refused and leaves the format alone");
}

static void test_text(void)
{
    unsetenv("JOURNAL_STREAM");
    is_str(capture(LOG_FORMAT_TEXT, LOG_LEVEL_WARNING, "procès-verbal.pdf: not a PDF"),
           "indexer: warning: procès-verbal.pdf: not a PDF\n",
           "text: program, level, message (accents kept)");
    is_str(capture(LOG_FORMAT_TEXT, LOG_LEVEL_INFO, "indexed 12 files"),
           "indexer: info: indexed 12 files\n", "text: info level");
    is_str(capture(LOG_FORMAT_TEXT, LOG_LEVEL_ERROR, "a\nindexer: error: forged"),
           "indexer: error: a\\x0aindexer: error: forged\n",
           "text: a newline in a file name cannot forge a second line");
    is_str(capture(LOG_FORMAT_TEXT, LOG_LEVEL_WARNING, "caf\xe9.txt"),
           "indexer: warning: caf\\xe9.txt\n", "text: a Latin-1 byte is written as \\xe9");
}

static void check_json(const char *line, const char *level, const char *msg,
                       const char *name)
{
    json_error_t e;
    json_t *o = json_loads(line, 0, &e);
    ok(o != NULL, "%s: parses as JSON", name);
    ok(lines(line) == 1 && line[strlen(line) - 1] == '\n', "%s: one line", name);
    is_str(json_string_value(json_object_get(o, "level")), level, "level");
    is_str(json_string_value(json_object_get(o, "program")), "indexer", "program");
    is_str(json_string_value(json_object_get(o, "message")), msg, "message");
    is_int(json_integer_value(json_object_get(o, "pid")), getpid(), "pid");
    const char *t = json_string_value(json_object_get(o, "time"));
    ok(t && strlen(t) == 24 && t[10] == 'T' && t[19] == '.' && t[23] == 'Z',
       "time is ISO 8601 UTC with milliseconds: %s", t ? t : "(none)");
    json_decref(o);
}

static void test_json(void)
{
    unsetenv("JOURNAL_STREAM");
    check_json(capture(LOG_FORMAT_JSON, LOG_LEVEL_INFO, "listening on 127.0.0.1:8080 (port 8080)"),
               "info", "listening on 127.0.0.1:8080 (port 8080)", "plain message");
    check_json(capture(LOG_FORMAT_JSON, LOG_LEVEL_WARNING,
                       "l\xe2\x80\x99\xc3\xa9t\xc3\xa9 \"2023\"\\notes\n\tsuite"),
               "warning", "l\xe2\x80\x99\xc3\xa9t\xc3\xa9 \"2023\"\\notes\n\tsuite",
               "quotes, backslash, newline, tab and UTF-8 round-trip");
    check_json(capture(LOG_FORMAT_JSON, LOG_LEVEL_ERROR, "caf\xe9\x01.txt"),
               "error", "caf\\xe9\x01.txt", "a Latin-1 byte becomes the text \\xe9");
}

static void test_journal(void)
{
    FILE *f = tmpfile(), *other = tmpfile();
    struct stat st;
    char js[64], buf[256];
    size_t n;

    fstat(fileno(f), &st);
    snprintf(js, sizeof js, "%llu:%llu", (unsigned long long)st.st_dev,
             (unsigned long long)st.st_ino);
    setenv("JOURNAL_STREAM", js, 1);
    log_setup("server", LOG_FORMAT_TEXT, f);
    log_warning("index %s: no such folder", "/var/lib/fouille/index");
    log_setup("server", LOG_FORMAT_TEXT, other);
    log_warning("redirected");
    log_setup("test-log", LOG_FORMAT_TEXT, NULL);
    unsetenv("JOURNAL_STREAM");

    rewind(f);
    n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    is_str(buf, "<4>server: warning: index /var/lib/fouille/index: no such folder\n",
           "under journald a warning starts with <4>");
    rewind(other);
    n = fread(buf, 1, sizeof buf - 1, other);
    buf[n] = '\0';
    is_str(buf, "server: warning: redirected\n",
           "a stream that is not the one JOURNAL_STREAM names gets no prefix");
    fclose(f);
    fclose(other);
}

/* A hook that ends a pretend progress line on the log's stream. */
static FILE *hook_stream;
static int hook_calls;

static void hook_end_line(void *ud)
{
    hook_calls++;
    fputs((const char *)ud, hook_stream);
}

static void test_before_hook(void)
{
    char buf[256];
    FILE *f = tmpfile();
    hook_stream = f;
    log_setup("indexer", LOG_FORMAT_TEXT, f);
    fputs("indexer: 16/16 files, 7.6 files/s", f);
    log_set_before(hook_end_line, (void *)"\n");
    log_info("compacted the index");
    log_set_before(NULL, NULL);
    log_info("réunion terminée");
    rewind(f);
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    log_setup("test-log", LOG_FORMAT_TEXT, NULL);
    is_str(buf, "indexer: 16/16 files, 7.6 files/s\nindexer: info: compacted the index\n"
                "indexer: info: réunion terminée\n",
           "the hook ends the progress line before the event; unset, it is not called");
    ok(hook_calls == 1, "the hook ran once");
}

int main(void)
{
    test_parse();
    test_text();
    test_json();
    test_journal();
    test_before_hook();
    return done_testing();
}
