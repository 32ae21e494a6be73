/* extract_date.c -- dates written in file names, in metadata and at the
 * top of a document's text.
 *
 * Design: a file name is read one path component at a time, the file's own
 * name (extension removed) first, then its folders from the nearest up; the
 * first component that yields a date wins. A component is cut into tokens,
 * maximal runs of digits or of letters (any byte >= 0x80 counts as a
 * letter, so "févr" is one token); a token is "glued" when no separator
 * stands between it and the one before ("CR19" is "CR" then glued "19").
 * Patterns are tried from the most precise to the least:
 *   1. eight digits YYYYMMDD                        20220519
 *   2. YYYY MM DD, or DD MM YYYY, separated        2022-05-19, 19.05.2022
 *      (MM DD YYYY when only that order is valid)  05-19-2022
 *   3. a month name and a year anywhere in the component; the day is a
 *      1-2 digit number next to the month name or glued to letters
 *                                                  2022_CR19_mai, 19 mai 2022
 *   4. YYYY MM, separated                          lettre_2021_03
 *   5. a year alone                                rapport-2019
 * A year is 4 digits, 1900..2099, not part of a longer number. A missing
 * day or month becomes 01. Month names are French (with or without
 * accents, long and short forms) and English. Which days exist, and how a
 * date is written, is date.h's to say.
 *
 * In a document's text (extract_date_from_text), only a whole date
 * counts, and only near the top (the first TEXT_DATE_BYTES bytes, where a
 * letter or minutes state their date): a day, a month name and a year in
 * a row ("réunion du 8 juin 2023", "1er juin 2023", "June 8, 2023"), or
 * DD/MM/YYYY and DD.MM.YYYY (French order). A year or a month alone in a
 * text is too often about something else ("la loi de 1901") to date it.
 */
#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "date.h"
#include "extract.h"
#include "extract_private.h"

#define MAX_TOKENS 64
#define TEXT_DATE_BYTES 2048      /* of a text, read for its date */
#define YEAR_MIN 1900
#define YEAR_MAX 2099

typedef struct {
    const char *s;
    size_t len;
    int digit;      /* a run of digits (else of letters) */
    int glued;      /* no separator before it */
    long value;     /* digits: their value (len <= 8) */
} date_tok;

typedef struct {
    int y, m, d;
} ymd;

static const struct {
    const char *name;
    int month;
} month_names[] = {
    {"janvier", 1}, {"janv", 1}, {"january", 1}, {"jan", 1},
    {"fevrier", 2}, {"fevr", 2}, {"fev", 2}, {"february", 2}, {"feb", 2},
    {"mars", 3}, {"march", 3}, {"mar", 3},
    {"avril", 4}, {"avr", 4}, {"april", 4}, {"apr", 4},
    {"mai", 5}, {"may", 5},
    {"juin", 6}, {"june", 6}, {"jun", 6},
    {"juillet", 7}, {"juil", 7}, {"july", 7}, {"jul", 7},
    {"aout", 8}, {"august", 8}, {"aug", 8},
    {"septembre", 9}, {"sept", 9}, {"september", 9}, {"sep", 9},
    {"octobre", 10}, {"october", 10}, {"oct", 10},
    {"novembre", 11}, {"november", 11}, {"nov", 11},
    {"decembre", 12}, {"dec", 12}, {"december", 12},
};

/* A day of the calendar (date.h) whose year a file name or metadata may
 * plausibly carry. */
static int ymd_valid(ymd v)
{
    return v.y >= YEAR_MIN && v.y <= YEAR_MAX && date_valid(v.y, v.m, v.d);
}

static int ymd_put(ymd v, char out[DATE_SIZE])
{
    return ymd_valid(v) && date_format(v.y, v.m, v.d, out);
}

/* ---- tokens --------------------------------------------------------- */

static int is_letter_byte(unsigned char c)
{
    return g_ascii_isalpha(c) || c >= 0x80;
}

static size_t tokenize(const char *s, size_t len, date_tok *toks, size_t max)
{
    size_t n = 0, i = 0;
    int glued = 0;
    while (i < len && n < max) {
        unsigned char c = (unsigned char)s[i];
        int digit = g_ascii_isdigit(c);
        if (!digit && !is_letter_byte(c)) {
            glued = 0;
            i++;
            continue;
        }
        size_t start = i;
        while (i < len && (digit ? g_ascii_isdigit(s[i])
                                 : is_letter_byte((unsigned char)s[i])))
            i++;
        date_tok *t = &toks[n++];
        t->s = s + start;
        t->len = i - start;
        t->digit = digit;
        t->glued = glued && n > 1;
        t->value = 0;
        for (size_t k = 0; digit && k < t->len && k < 9; k++)
            t->value = t->value * 10 + (s[start + k] - '0');
        glued = 1;
    }
    return n;
}

static int is_small(const date_tok *t)
{
    return t->digit && t->len <= 2;
}

static int is_year(const date_tok *t)
{
    return t->digit && t->len == 4 && t->value >= YEAR_MIN
           && t->value <= YEAR_MAX;
}

/* Lower-case ASCII of a letter token, accents dropped (é è ê É, û Û in
 * UTF-8, their combining forms, and Latin-1 é É û Û); 0 if it does not fit
 * or holds another non-ASCII letter. */
static int fold_month(const date_tok *t, char *out, size_t outlen)
{
    size_t o = 0;
    for (size_t i = 0; i < t->len; i++) {
        unsigned char c = (unsigned char)t->s[i];
        unsigned char c2 = i + 1 < t->len ? (unsigned char)t->s[i + 1] : 0;
        char f;
        if (c < 0x80) {
            f = g_ascii_tolower((char)c);
        } else if (c == 0xC3 && (c2 == 0xA9 || c2 == 0x89 || c2 == 0xA8
                                 || c2 == 0xAA)) {
            f = 'e', i++;
        } else if (c == 0xC3 && (c2 == 0xBB || c2 == 0x9B)) {
            f = 'u', i++;
        } else if (c == 0xCC && c2 >= 0x80 && c2 <= 0x82) {
            i++;            /* combining grave, acute, circumflex */
            continue;
        } else if (c == 0xE9 || c == 0xC9) {
            f = 'e';
        } else if (c == 0xFB || c == 0xDB) {
            f = 'u';
        } else {
            return 0;
        }
        if (o + 1 >= outlen)
            return 0;
        out[o++] = f;
    }
    out[o] = '\0';
    return 1;
}

static int month_of(const date_tok *t)
{
    char word[16];
    if (t->digit || !fold_month(t, word, sizeof word))
        return 0;
    for (size_t k = 0; k < G_N_ELEMENTS(month_names); k++)
        if (strcmp(word, month_names[k].name) == 0)
            return month_names[k].month;
    return 0;
}

/* ---- patterns, most precise first ----------------------------------- */

static int find_yyyymmdd(const date_tok *t, size_t n, char out[11])
{
    for (size_t i = 0; i < n; i++) {
        if (!t[i].digit || t[i].len != 8)
            continue;
        ymd v = {(int)(t[i].value / 10000), (int)(t[i].value / 100 % 100),
                 (int)(t[i].value % 100)};
        if (ymd_put(v, out))
            return 1;
    }
    return 0;
}

/* Tokens i, i+1, i+2 are separated numbers. */
static int separated_triple(const date_tok *t, size_t n, size_t i)
{
    return i + 2 < n && t[i].digit && t[i + 1].digit && t[i + 2].digit
           && !t[i + 1].glued && !t[i + 2].glued;
}

static int find_numeric_date(const date_tok *t, size_t n, char out[11])
{
    for (size_t i = 0; i + 2 < n; i++) {
        if (!separated_triple(t, n, i))
            continue;
        const date_tok *a = &t[i], *b = &t[i + 1], *c = &t[i + 2];
        if (is_year(a) && is_small(b) && is_small(c)
            && ymd_put((ymd){(int)a->value, (int)b->value, (int)c->value},
                        out))
            return 1;
        if (is_small(a) && is_small(b) && is_year(c)
            && (ymd_put((ymd){(int)c->value, (int)b->value, (int)a->value},
                         out)
                || ymd_put((ymd){(int)c->value, (int)a->value,
                                  (int)b->value}, out)))
            return 1;
    }
    return 0;
}

static long first_year(const date_tok *t, size_t n, size_t *at)
{
    for (size_t i = 0; i < n; i++)
        if (is_year(&t[i])) {
            *at = i;
            return t[i].value;
        }
    return 0;
}

/* The day that goes with the month name at t[k]: a small number right
 * before or after it, else one glued to letters ("CR19"); 1 if none. */
static int day_near_month(const date_tok *t, size_t n, size_t k, ymd v)
{
    size_t near[2] = {k + 1, k - 1};
    for (int j = 0; j < 2; j++) {
        size_t i = near[j];
        if (i < n && is_small(&t[i])) {
            v.d = (int)t[i].value;
            if (ymd_valid(v))
                return v.d;
        }
    }
    for (size_t i = 0; i < n; i++) {
        if (!is_small(&t[i]))
            continue;
        int glued = (i > 0 && t[i].glued && !t[i - 1].digit)
                    || (i + 1 < n && t[i + 1].glued && !t[i + 1].digit);
        v.d = (int)t[i].value;
        if (glued && ymd_valid(v))
            return v.d;
    }
    return 1;
}

static int find_month_name(const date_tok *t, size_t n, char out[11])
{
    size_t yi;
    long year = first_year(t, n, &yi);
    if (!year)
        return 0;
    for (size_t k = 0; k < n; k++) {
        int month = month_of(&t[k]);
        if (!month)
            continue;
        ymd v = {(int)year, month, 1};
        v.d = day_near_month(t, n, k, v);
        return ymd_put(v, out);
    }
    return 0;
}

static int find_year_month(const date_tok *t, size_t n, char out[11])
{
    for (size_t i = 0; i + 1 < n; i++)
        if (is_year(&t[i]) && is_small(&t[i + 1]) && !t[i + 1].glued
            && ymd_put((ymd){(int)t[i].value, (int)t[i + 1].value, 1}, out))
            return 1;
    return 0;
}

static int find_year(const date_tok *t, size_t n, char out[11])
{
    size_t yi;
    long year = first_year(t, n, &yi);
    return year && ymd_put((ymd){(int)year, 1, 1}, out);
}

static int date_from_component(const char *s, size_t len, char out[11])
{
    date_tok toks[MAX_TOKENS];
    size_t n = tokenize(s, len, toks, MAX_TOKENS);
    return find_yyyymmdd(toks, n, out) || find_numeric_date(toks, n, out)
           || find_month_name(toks, n, out) || find_year_month(toks, n, out)
           || find_year(toks, n, out);
}

/* Length of `base` without an extension: a last dot followed by 1 to 5
 * letters or digits, at least one a letter ("19.05.2022" keeps its dots). */
static size_t strip_extension(const char *base, size_t len)
{
    const char *dot = memrchr(base, '.', len);
    if (!dot || dot == base)
        return len;
    size_t ext = len - (size_t)(dot - base) - 1;
    int letter = 0;
    if (ext < 1 || ext > 5)
        return len;
    for (const char *p = dot + 1; p < base + len; p++) {
        if (!g_ascii_isalnum(*p))
            return len;
        letter |= g_ascii_isalpha(*p);
    }
    return letter ? (size_t)(dot - base) : len;
}

int extract_date_from_name(const char *name, char out[11])
{
    if (!name)
        return 0;
    size_t end = strlen(name);
    int last = 1;
    while (end > 0) {
        const char *slash = memrchr(name, '/', end);
        size_t start = slash ? (size_t)(slash - name) + 1 : 0;
        size_t len = end - start;
        if (last)
            len = strip_extension(name + start, len);
        last = 0;
        if (len && date_from_component(name + start, len, out))
            return 1;
        end = slash ? (size_t)(slash - name) : 0;
    }
    return 0;
}

/* ---- metadata ------------------------------------------------------- */

/* Does s start with `shape` ('d' a digit, anything else itself), followed
 * by something else than a digit? */
static int iso_shape(const char *s, const char *shape)
{
    size_t i;
    for (i = 0; shape[i]; i++)
        if (shape[i] == 'd' ? !g_ascii_isdigit(s[i]) : s[i] != shape[i])
            return 0;
    return !g_ascii_isdigit(s[i]);
}

int extract_date_iso(const char *s, char out[11])
{
    static const char *const shapes[] = {"dddd-dd-dd", "dddd-dd", "dddd"};
    if (!s)
        return 0;
    while (g_ascii_isspace(*s))
        s++;
    for (size_t k = 0; k < G_N_ELEMENTS(shapes); k++) {
        if (!iso_shape(s, shapes[k]))
            continue;
        char full[DATE_SIZE] = "0000-01-01";   /* what is missing is 01 */
        ymd v;
        memcpy(full, s, strlen(shapes[k]));
        return date_parse(full, &v.y, &v.m, &v.d) && ymd_put(v, out);
    }
    return 0;
}

/* ---- text ------------------------------------------------------------ */

/* The separator between tokens a and b (b follows a): its first byte, or
 * ' ' when only white space stands between; 0 when more than one
 * non-space byte does. */
static char text_sep(const date_tok *a, const date_tok *b)
{
    char sep = ' ';
    for (const char *p = a->s + a->len; p < b->s; p++) {
        if (g_ascii_isspace(*p))
            continue;
        if (sep != ' ')
            return 0;
        sep = *p;
    }
    return sep;
}

/* The year at t[y] ends there: nothing glued after it ("2023a"). */
static int text_year_ends(const date_tok *t, size_t n, size_t y)
{
    return y + 1 >= n || !t[y + 1].glued;
}

/* A day token: 1-2 digits, or "1er". *next is the token after it. */
static int text_day(const date_tok *t, size_t n, size_t i, size_t *next)
{
    if (i >= n || !is_small(&t[i]) || t[i].value < 1 || t[i].value > 31)
        return 0;
    *next = i + 1;
    if (*next < n && t[*next].glued && !t[*next].digit && t[*next].len == 2
        && g_ascii_strncasecmp(t[*next].s, "er", 2) == 0 && t[i].value == 1)
        (*next)++;
    return (int)t[i].value;
}

/* "8 juin 2023", "1er juin 2023", "8 June 2023" at t[i]. */
static int text_day_month_year(const date_tok *t, size_t n, size_t i, char out[11])
{
    size_t m;
    int d = text_day(t, n, i, &m);
    if (!d || m + 1 >= n || t[m].glued || t[m + 1].glued || !is_year(&t[m + 1]))
        return 0;
    int month = month_of(&t[m]);
    char s1 = text_sep(&t[m - 1], &t[m]), s2 = text_sep(&t[m], &t[m + 1]);
    return month && s1 == ' ' && (s2 == ' ' || s2 == '.') && text_year_ends(t, n, m + 1)
           && ymd_put((ymd){(int)t[m + 1].value, month, d}, out);
}

/* "June 8, 2023" at t[i] (the month name). */
static int text_month_day_year(const date_tok *t, size_t n, size_t i, char out[11])
{
    int month = month_of(&t[i]);
    size_t y;
    if (!month || i + 2 >= n || t[i + 1].glued)
        return 0;
    int d = text_day(t, n, i + 1, &y);
    char s2 = y < n ? text_sep(&t[y - 1], &t[y]) : 0;
    return d && y < n && is_year(&t[y]) && (s2 == ',' || s2 == ' ') && text_year_ends(t, n, y)
           && text_sep(&t[i], &t[i + 1]) == ' '
           && ymd_put((ymd){(int)t[y].value, month, d}, out);
}

/* "08/06/2023", "8.6.2023" at t[i]: day, month, year, one separator. */
static int text_numeric(const date_tok *t, size_t n, size_t i, char out[11])
{
    if (!separated_triple(t, n, i) || !is_small(&t[i]) || !is_small(&t[i + 1])
        || !is_year(&t[i + 2]))
        return 0;
    char s1 = text_sep(&t[i], &t[i + 1]), s2 = text_sep(&t[i + 1], &t[i + 2]);
    return s1 == s2 && (s1 == '/' || s1 == '.') && text_year_ends(t, n, i + 2)
           && ymd_put((ymd){(int)t[i + 2].value, (int)t[i + 1].value,
                             (int)t[i].value}, out);
}

int extract_date_from_text(const char *text, size_t len, char out[11])
{
    if (!text)
        return 0;
    if (len > TEXT_DATE_BYTES)
        len = TEXT_DATE_BYTES;
    date_tok *toks = g_new(date_tok, len / 2 + 1);
    size_t n = tokenize(text, len, toks, len / 2 + 1);
    int found = 0;
    for (size_t i = 0; i < n && !found; i++)
        found = text_day_month_year(toks, n, i, out)
                || text_month_day_year(toks, n, i, out)
                || text_numeric(toks, n, i, out);
    g_free(toks);
    return found;
}
