/* escape.c -- one-line escaping (see escape.h for the design). */
#include "escape.h"

#include <string.h>

/* Append the ASCII byte c, escaped when it has to be. */
static void escape_ascii(GString *out, unsigned char c, escape_form form, const char *also)
{
    int json = form == ESCAPE_JSON;
    if (json && (c == '"' || c == '\\'))
        g_string_append_printf(out, "\\%c", c);
    else if (json && c == '\n')
        g_string_append(out, "\\n");
    else if (json && c == '\t')
        g_string_append(out, "\\t");
    else if (c < 0x20 || c == 0x7f)
        g_string_append_printf(out, json ? "\\u%04x" : "\\x%02x", c);
    else if (!json && also && strchr(also, c))
        g_string_append_printf(out, "\\x%02x", c);
    else
        g_string_append_c(out, (char)c);
}

void escape_append(GString *out, const char *s, escape_form form, const char *also)
{
    while (*s) {
        unsigned char c = (unsigned char)*s;
        if (c < 0x80) {
            escape_ascii(out, c, form, also);
            s++;
            continue;
        }
        gunichar u = g_utf8_get_char_validated(s, -1);
        if (u == (gunichar)-1 || u == (gunichar)-2) {
            g_string_append_printf(out, form == ESCAPE_JSON ? "\\\\x%02x" : "\\x%02x", c);
            s++;
        } else {
            const char *next = g_utf8_next_char(s);
            g_string_append_len(out, s, next - s);
            s = next;
        }
    }
}

char *escape_line(const char *s, escape_form form, const char *also)
{
    GString *out = g_string_sized_new(strlen(s) + 16);
    escape_append(out, s, form, also);
    return g_string_free(out, FALSE);
}
