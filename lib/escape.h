/* escape.h -- keeping one line one line: the one escaping of the strings
 * from outside (file names, request paths) that fouille writes into log
 * lines.
 *
 * Design: a string is copied with its valid UTF-8 characters as they are
 * (accents stay readable), and every byte that could break the line or
 * the encoding written as an escape instead: control bytes (C0 and DEL),
 * bytes that are not UTF-8, and the ASCII characters the caller names
 * (the access log's field separator and quotes). Two forms:
 *   ESCAPE_TEXT   "\xNN" for each such byte;
 *   ESCAPE_JSON   the inside of a JSON string: \" \\ \n \t, \u00NN for
 *                 other control bytes, and "\\xNN" for a byte that is not
 *                 UTF-8 (JSON holds characters, not bytes, so the escape
 *                 itself is written as text).
 * A string is escaped once, where the line is written (log.c, the access
 * log), never before: its callers hand over the string as it is.
 */
#ifndef FOUILLE_ESCAPE_H
#define FOUILLE_ESCAPE_H

#include <glib.h>

typedef enum {
    ESCAPE_TEXT,
    ESCAPE_JSON,
} escape_form;

/* Append `s` to `out`, escaped in `form`; each ASCII character of `also`
 * (NULL: none; ignored in JSON) is escaped as well. */
void escape_append(GString *out, const char *s, escape_form form, const char *also);

/* A g_malloc'd copy of `s` escaped as escape_append does; g_free. */
char *escape_line(const char *s, escape_form form, const char *also);

#endif
