/* log.h -- one line per event on stderr, with a level, as text or JSON.
 *
 * Both programs log through here, so that journalctl, a terminal and a log
 * collector all read the same events:
 *
 *   text:  "indexer: warning: a.pdf: not a PDF"
 *   json:  {"time":"2026-05-01T10:00:00.123Z","level":"warning",
 *           "program":"indexer","pid":42,"message":"a.pdf: not a PDF"}
 *
 * When stderr is the journal (systemd sets JOURNAL_STREAM to its
 * "device:inode"), each line starts with the sd-daemon priority prefix
 * "<4>", so journalctl knows the level (journalctl -p warning).
 *
 * Ownership: the module keeps a borrowed pointer to the program name and
 * the stream given to log_setup; both must outlive the logging. Calls are
 * thread-safe (one locked write per line); log_setup is not: call it
 * before starting threads.
 */
#ifndef FOUILLE_LOG_H
#define FOUILLE_LOG_H

#include <stdio.h>

/* The syslog(3) priorities, as journald reads them. */
typedef enum {
    LOG_LEVEL_ERROR = 3,
    LOG_LEVEL_WARNING = 4,
    LOG_LEVEL_NOTICE = 5,
    LOG_LEVEL_INFO = 6,
    LOG_LEVEL_DEBUG = 7,
} log_level;

typedef enum {
    LOG_FORMAT_TEXT,
    LOG_FORMAT_JSON,
} log_format;

/* "text" or "json" into *out; 0, or -1 (and *out unchanged) for anything
 * else. */
int log_format_parse(const char *name, log_format *out);

/* Log as `program` ("indexer"), in `format`, to `out` (NULL: stderr).
 * Before any call, the module logs as "fouille", text, to stderr. */
void log_setup(const char *program, log_format format, FILE *out);

/* A function that log_msg calls before writing each event, with the
 * stream locked (NULL: none). A line that something else keeps redrawn
 * on the same stream (the indexer's progress line on a terminal) ends
 * itself there, so that an event never runs into it. Like log_setup, set
 * it before threads start, or from the only thread that logs. */
typedef void (*log_before_fn)(void *ud);
void log_set_before(log_before_fn fn, void *ud);

/* One event: the printf-style message, without a trailing newline (one is
 * added). So that one event stays one line whatever a file name holds,
 * control bytes are written as \xNN in text (\n, \t, \u00NN escapes in
 * JSON), and bytes that are not UTF-8 as \xNN in both. */
__attribute__((format(printf, 2, 3)))
void log_msg(log_level level, const char *fmt, ...);

#define log_error(...) log_msg(LOG_LEVEL_ERROR, __VA_ARGS__)
#define log_warning(...) log_msg(LOG_LEVEL_WARNING, __VA_ARGS__)
#define log_notice(...) log_msg(LOG_LEVEL_NOTICE, __VA_ARGS__)
#define log_info(...) log_msg(LOG_LEVEL_INFO, __VA_ARGS__)
#define log_debug(...) log_msg(LOG_LEVEL_DEBUG, __VA_ARGS__)

#endif
