/* progress.c -- progress and failure lines (see progress.h for the design).
 * Lines that stay (failures, messages, progress off a terminal) are log
 * events (lib/log.h): a warning per failed file, info for progress. While
 * a progress line is on the terminal, the progress is the log's "before"
 * hook (log_set_before): any event, from here or elsewhere, first ends
 * the line (a finished one) or clears it (the next step redraws it), so
 * the two never run together. */
#include "progress.h"
#include "clock.h"
#include "i18n.h"
#include "log.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>

#define PROGRESS_TTY_EVERY 0.1   /* seconds between redraws */
#define PROGRESS_LOG_EVERY 5.0   /* seconds between log lines */

struct progress {
    unsigned total, done;
    int tty, quiet;
    int drawn;               /* a tty line is on screen */
    double start, last;
};

progress *progress_create(unsigned total, int quiet)
{
    progress *p = g_new0(progress, 1);
    p->total = total;
    p->quiet = quiet;
    p->tty = isatty(STDERR_FILENO);
    p->start = p->last = clock_now();
    return p;
}

static void progress_clear(progress *p)
{
    if (p->drawn) {
        fputs("\r\033[K", stderr);
        p->drawn = 0;
    }
}

/* The log's hook: an event is about to be written. A finished progress
 * line stays on screen, ended; one still moving is cleared, to be redrawn
 * below the event. */
static void progress_before_log(void *ud)
{
    progress *p = ud;
    if (p->drawn && p->done == p->total) {
        fputc('\n', stderr);
        p->drawn = 0;
    }
    progress_clear(p);
}

/* "12/400 files, 3.1 files/s, about 2 min left", or in French
 * "12/400 fichiers, 3,1 fichiers/s, encore 2 min environ" */
static void progress_format(const progress *p, char *out, size_t len, double now)
{
    double elapsed = now - p->start;
    double rate = elapsed > 0 ? p->done / elapsed : 0;
    int n = snprintf(out, len, _("%u/%u files, %.1f files/s"), p->done, p->total, rate);
    if (rate > 0 && p->done < p->total && n > 0 && (size_t)n < len) {
        double left = (p->total - p->done) / rate;
        if (left < 90)
            snprintf(out + n, len - (size_t)n, _(", about %.0f s left"), left);
        else
            snprintf(out + n, len - (size_t)n, _(", about %.0f min left"), left / 60);
    }
}

static void progress_draw(progress *p, double now)
{
    char line[256];
    progress_format(p, line, sizeof line, now);
    if (p->tty) {
        fprintf(stderr, "\r\033[Kindexer: %s", line);
        p->drawn = 1;
        log_set_before(progress_before_log, p);
    } else {
        log_info("%s", line);
    }
    fflush(stderr);
    p->last = now;
}

void progress_step(progress *p)
{
    p->done++;
    if (p->quiet)
        return;
    double now = clock_now();
    double every = p->tty ? PROGRESS_TTY_EVERY : PROGRESS_LOG_EVERY;
    if (now - p->last >= every || (p->tty && p->done == p->total))
        progress_draw(p, now);
}

void progress_failure(progress *p, const char *rel, const char *reason, const char *detail)
{
    if (p->quiet)
        return;
    if (detail && *detail && strcmp(detail, reason) != 0)
        log_warning("%s: %s (%s)", rel, reason, detail);
    else
        log_warning("%s: %s", rel, reason);
    if (p->tty && p->done)
        progress_draw(p, clock_now());
}

void progress_message(progress *p, const char *msg)
{
    if (p->quiet)
        return;
    log_notice("%s", msg);
}

void progress_free(progress *p)
{
    if (!p)
        return;
    progress_clear(p);
    fflush(stderr);
    if (p->tty)
        log_set_before(NULL, NULL);
    g_free(p);
}
