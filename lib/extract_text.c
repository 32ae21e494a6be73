/* extract_text.c -- plain text notes (.txt, .md, ...) and Windows-1252.
 *
 * Design: text is kept as it is when it is valid UTF-8 (a UTF-8 BOM is
 * dropped); otherwise it is read as Windows-1252, the code page French
 * notes written on Windows use (Latin-1 is the same but for 0x80..0x9F,
 * where Windows puts ’ œ € …). The decoding is a table of its own rather
 * than iconv, so that the five bytes Windows-1252 leaves undefined become
 * U+FFFD instead of failing the whole file. Data with NUL bytes or many
 * control characters is binary and refused (EXTRACT_ERR_UNSUPPORTED); a
 * note of white space only is EXTRACT_ERR_EMPTY. The only metadata a note
 * carries is a Markdown title: the first "# " heading outside code fences;
 * a note that has one is read as Markdown, its syntax left out of the
 * text (markdown_plain).
 */
#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "extract.h"
#include "extract_private.h"

/* Windows-1252 0x80..0x9F; 0 where the code page defines nothing. */
static const gunichar cp1252_high[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017D, 0,
    0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178,
};

static gunichar cp1252_char(unsigned char c)
{
    if (c < 0x80 || c >= 0xA0)
        return c;
    gunichar u = cp1252_high[c - 0x80];
    return u ? u : 0xFFFD;
}

char *extract_cp1252_to_utf8(const char *buf, size_t len)
{
    GString *out = g_string_sized_new(len + len / 8 + 1);
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)buf[i];
        if (c < 0x80)
            g_string_append_c(out, (char)c);
        else
            g_string_append_unichar(out, cp1252_char(c));
    }
    return g_string_free(out, FALSE);
}

char *extract_fix_c1(const char *s)
{
    GString *out = g_string_sized_new(strlen(s) + 1);
    for (const char *p = s; *p; p++) {
        unsigned char c = (unsigned char)p[0], c2 = (unsigned char)p[1];
        if (c == 0xC2 && c2 >= 0x80 && c2 <= 0x9F) {
            g_string_append_unichar(out, cp1252_char(c2));
            p++;
        } else {
            g_string_append_c(out, (char)c);
        }
    }
    return g_string_free(out, FALSE);
}

/* Where a line's text starts once up to three spaces of indentation are
 * skipped. */
static const char *line_indent(const char *line)
{
    for (int i = 0; i < 3 && *line == ' '; i++)
        line++;
    return line;
}

/* The text of a heading between `p` and `end`, without the closing
 * sequence of #s (which must follow a space: "C#" keeps its #). */
static char *heading_text(const char *p, const char *end)
{
    while (end > p && g_ascii_isspace(end[-1]))
        end--;
    const char *hashes = end;
    while (hashes > p && hashes[-1] == '#')
        hashes--;
    if (hashes < end && (hashes == p || g_ascii_isspace(hashes[-1])))
        end = hashes;
    return extract_collapse_ws(p, (long)(end - p));
}

/* The text of the first ATX level-1 heading ("# Titre", closing #s
 * dropped), outside ``` and ~~~ fences; NULL if there is none. */
static char *markdown_title(const char *text)
{
    int fenced = 0;
    for (const char *line = text; *line;) {
        const char *eol = strchr(line, '\n');
        size_t len = eol ? (size_t)(eol - line) : strlen(line);
        const char *p = line_indent(line);
        if (strncmp(p, "```", 3) == 0 || strncmp(p, "~~~", 3) == 0) {
            fenced = !fenced;
        } else if (!fenced && p[0] == '#' && (p[1] == ' ' || p[1] == '\t')) {
            char *title = heading_text(p + 1, line + len);
            if (title)
                return title;
        }
        if (!eol)
            break;
        line = eol + 1;
    }
    return NULL;
}

/* Is the line a table's rule ("|---|:--:|")? */
static int table_rule(const char *p, const char *end)
{
    int dashes = 0;
    for (; p < end; p++) {
        if (*p == '-')
            dashes++;
        else if (*p != '|' && *p != ':' && *p != ' ' && *p != '\t')
            return 0;
    }
    return dashes >= 3;
}

/* Append the inline text of a Markdown line, its syntax left out: ** __
 * * ` emphasis and code marks, [text](link) as its text, table bars as
 * spaces. */
static void markdown_inline(GString *out, const char *p, const char *end)
{
    while (p < end) {
        if ((p[0] == '*' || p[0] == '_') && p + 1 < end && p[1] == p[0]) {
            p += 2;
        } else if (*p == '*' || *p == '`') {
            p++;
        } else if (*p == '|') {
            g_string_append_c(out, ' ');
            p++;
        } else if (*p == '[' || (*p == '!' && p + 1 < end && p[1] == '[')) {
            const char *open = *p == '!' ? p + 1 : p;
            const char *close = memchr(open, ']', (size_t)(end - open));
            const char *paren = close && close + 1 < end && close[1] == '(' ?
                                memchr(close, ')', (size_t)(end - close)) : NULL;
            if (!paren) {
                g_string_append_c(out, *p++);
                continue;
            }
            markdown_inline(out, open + 1, close);
            p = paren + 1;
        } else {
            g_string_append_c(out, *p++);
        }
    }
}

/* A note with a Markdown title is read as Markdown: its text without the
 * syntax a reader of the rendered note does not see (heading #s, quote
 * marks, emphasis, code fences, link targets, table rules and bars), so
 * that neither the index nor a snippet shows "##" or "**". The lines of
 * a code block are kept as they are. */
static char *markdown_plain(const char *text)
{
    GString *out = g_string_sized_new(strlen(text));
    int fenced = 0;
    for (const char *line = text; *line;) {
        const char *eol = strchr(line, '\n');
        const char *end = eol ? eol : line + strlen(line);
        const char *p = line_indent(line);
        if (strncmp(p, "```", 3) == 0 || strncmp(p, "~~~", 3) == 0) {
            fenced = !fenced;
        } else if (fenced) {
            g_string_append_len(out, line, end - line);
            g_string_append_c(out, '\n');
        } else if (!table_rule(p, end)) {
            while (*p == '>' || (*p == ' ' && p[-1] == '>'))
                p++;
            if (*p == '#') {
                const char *h = p;
                while (h < end && *h == '#')
                    h++;
                if (h == end || *h == ' ' || *h == '\t') {
                    char *title = heading_text(h, end);
                    g_string_append(out, title ? title : "");
                    g_free(title);
                    p = end;
                }
            }
            markdown_inline(out, p, end);
            g_string_append_c(out, '\n');
        }
        if (!eol)
            break;
        line = eol + 1;
    }
    return g_string_free(out, FALSE);
}

static int only_white_space(const char *s)
{
    for (; *s; s++)
        if (!g_ascii_isspace(*s))
            return 0;
    return 1;
}

extract_status extract_text(const char *buf, size_t len, extract_doc *doc,
                            char *err, size_t errlen)
{
    if (extract_start(doc, len, err, errlen) != EXTRACT_OK)
        return EXTRACT_ERR_EMPTY;
    if (memchr(buf, '\0', len)
        || extract_detect(NULL, (const unsigned char *)buf,
                          len < 4096 ? len : 4096) == DOC_TYPE_UNKNOWN) {
        snprintf(err, errlen, "binary data (NUL or control bytes), not text");
        return EXTRACT_ERR_UNSUPPORTED;
    }
    if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
        buf += 3, len -= 3;
    char *text = g_utf8_validate_len(buf, len, NULL)
                 ? g_strndup(buf, len)
                 : extract_cp1252_to_utf8(buf, len);
    if (only_white_space(text)) {
        g_free(text);
        snprintf(err, errlen, "only white space");
        return EXTRACT_ERR_EMPTY;
    }
    doc->type = DOC_TYPE_TEXT;
    doc->title = markdown_title(text);
    if (doc->title) {
        char *plain = markdown_plain(text);
        g_free(text);
        text = plain;
    }
    extract_doc_set_page(doc, text);
    return EXTRACT_OK;
}
