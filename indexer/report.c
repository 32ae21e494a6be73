/* report.c -- the run's summary, as a line or JSON (see report.h). */
#include "report.h"
#include "i18n.h"

#include <jansson.h>
#include <string.h>

#include <glib.h>

typedef struct {
    char *path;
    char *reason;
} report_failure;

static void report_failure_free(gpointer p)
{
    report_failure *f = p;
    g_free(f->path);
    g_free(f->reason);
    g_free(f);
}

void report_init(report *r)
{
    memset(r, 0, sizeof *r);
    r->failures = g_ptr_array_new_with_free_func(report_failure_free);
}

void report_add_failure(report *r, const char *path, const char *reason)
{
    report_failure *f = g_new(report_failure, 1);
    f->path = g_strdup(path);
    f->reason = g_strdup(reason);
    g_ptr_array_add(r->failures, f);
    r->failed++;
}

unsigned report_failed_total(const report *r)
{
    return r->failed + r->failed_earlier;
}

void report_print_line(const report *r, FILE *out)
{
    fprintf(out, _("indexed %u new, %u updated, %u renamed, %u removed, %u unchanged, "
                   "%u failed (%u pages) in %.2f s"),
            r->added, r->updated, r->renamed, r->removed, r->unchanged, r->failed,
            r->pages, r->seconds);
    if (r->interrupted)
        fputs(_(", interrupted"), out);
    if (r->failed_earlier) {
        unsigned total = report_failed_total(r);
        fprintf(out, i18n_n("; %u file still fails: run with --retry-failed to try again",
                            "; %u files still fail: run with --retry-failed to try them again",
                            total), total);
    }
    fputc('\n', out);
}

/* A JSON string from bytes that may not be UTF-8. */
static json_t *report_string(const char *s)
{
    char *valid = g_utf8_make_valid(s, -1);
    json_t *j = json_string(valid);
    g_free(valid);
    return j;
}

int report_print_json(const report *r, FILE *out)
{
    json_t *list = json_array();
    GPtrArray *fl = r->failures;
    for (guint i = 0; i < fl->len; i++) {
        const report_failure *f = g_ptr_array_index(fl, i);
        json_array_append_new(list, json_pack("{s:o, s:o}", "path", report_string(f->path),
                                              "reason", report_string(f->reason)));
    }
    json_t *o = json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:f, s:b, s:o}",
                          "new", (json_int_t)r->added, "updated", (json_int_t)r->updated,
                          "renamed", (json_int_t)r->renamed, "removed", (json_int_t)r->removed,
                          "unchanged", (json_int_t)r->unchanged, "failed", (json_int_t)r->failed,
                          "failed_total", (json_int_t)report_failed_total(r),
                          "pages", (json_int_t)r->pages, "seconds", r->seconds,
                          "interrupted", r->interrupted, "failures", list);
    int rc = o ? json_dumpf(o, out, JSON_COMPACT | JSON_REAL_PRECISION(4)) : -1;
    if (rc == 0)
        fputc('\n', out);
    json_decref(o);
    return rc;
}

void report_free(report *r)
{
    if (r->failures)
        g_ptr_array_free(r->failures, TRUE);
    r->failures = NULL;
}
