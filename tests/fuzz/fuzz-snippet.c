/* fuzz-snippet.c -- the snippet (fdb_snippet: lib/snippet.c cutting,
 * lib/fdb_snippet.cc matching) on any text and any query words.
 *
 * Input: one byte of width (0: the default), the query words up to the
 * first newline (each folded with norm_fold_word; the query is those
 * that are plain words, lower-case letters and digits, not stopwords,
 * at most 64 bytes), then the text.
 * Promises checked: never NULL; valid UTF-8; the only markup is <mark>
 * and </mark>, alternating, never nested, all closed; & < > " ' of the
 * text are escaped; white space collapsed (no run of two spaces, no tab
 * or newline); a text holding one of the query words as a word no
 * longer than the width gets a <mark> (a longer word fits no window);
 * snippet_build gives the same snippet when it skips the text far from
 * any word that may match (snippet_heads) as when it folds it all, with
 * the query words matched as themselves and, as relatives, any word that
 * starts with all but their last two bytes (a stem, in small); and
 * snippet_build_part on a prefix of the text gives that snippet too, or
 * NULL (more of the text is needed).
 */
#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "fdb.h"
#include "fuzz.h"
#include "norm.h"
#include "snippet.h"

typedef struct {
    GPtrArray *terms;        /* of g_malloc'd folded words */
    GString *query;          /* the same, separated by spaces */
    const char *text;
    size_t width;
    int found;               /* a word of the text that fits in the width
                                is one of the terms */
} fuzz_terms;

/* A folded word the query parser takes as one plain term. */
static int fuzz_plain_word(const char *folded)
{
    size_t n = strlen(folded);

    if (n == 0 || n > 64 || strspn(folded, "abcdefghijklmnopqrstuvwxyz0123456789") != n)
        return 0;
    for (const char *const *s = norm_stopwords(); *s; s++)
        if (strcmp(*s, folded) == 0)
            return 0;
    return 1;
}

static void fuzz_add_word(fuzz_terms *t, const char *word, size_t len)
{
    char *folded = norm_fold_word(word, (long)len);

    if (!fuzz_plain_word(folded)) {
        g_free(folded);
        return;
    }
    g_string_append_printf(t->query, "%s%s", t->query->len ? " " : "", folded);
    g_ptr_array_add(t->terms, folded);
}

static int fuzz_on_token(const norm_token *tok, void *ud)
{
    fuzz_terms *t = ud;

    for (size_t i = 0; i < t->terms->len; i++) {
        const char *term = g_ptr_array_index(t->terms, i);
        if (term && strcmp(term, tok->word) == 0 &&
            (size_t)g_utf8_strlen(t->text + tok->start,
                                  (gssize)(tok->end - tok->start)) <= t->width)
            t->found = 1;
    }
    return t->found;
}

/* The query words as snippet_build's matcher: a word itself, or a word
 * starting with its stem (all but its last two bytes, two at least). */
static size_t fuzz_stem_len(const char *term)
{
    size_t n = strlen(term);

    return n > 4 ? n - 2 : MIN(n, 2);
}

static int fuzz_match(const char *folded, const char *surface, size_t len, void *ud)
{
    const fuzz_terms *t = ud;

    (void)surface;
    (void)len;
    for (size_t i = 0; i < t->terms->len; i++)
        if (strcmp(folded, g_ptr_array_index(t->terms, i)) == 0)
            return (int)i;
    for (size_t i = 0; i < t->terms->len; i++) {
        const char *term = g_ptr_array_index(t->terms, i);
        if (strncmp(folded, term, fuzz_stem_len(term)) == 0)
            return (int)i | SNIPPET_RELATIVE;
    }
    return -1;
}

/* The snippet cut with skipping is the one of a full scan. */
static void fuzz_check_skipping(const fuzz_terms *t, size_t tlen)
{
    snippet_heads h;
    char *full, *fast;

    snippet_heads_init(&h);
    for (size_t i = 0; i < t->terms->len; i++) {
        const char *term = g_ptr_array_index(t->terms, i);
        snippet_heads_add(&h, term, strlen(term), 0);
        snippet_heads_add(&h, term, MIN(fuzz_stem_len(term), 2), 1);
    }
    full = snippet_build(t->text, tlen, fuzz_match, (void *)t, t->width, NULL, 0,
                         t->terms->len, NULL);
    fast = snippet_build(t->text, tlen, fuzz_match, (void *)t, t->width, NULL, 0,
                         t->terms->len, &h);
    FUZZ_CHECK(strcmp(full, fast) == 0, "skipping gives the snippet of a full scan");
    /* Its prefixes (a page inflated in pieces): the same or "read more". */
    for (size_t l = 1; l < tlen; l += 1 + l / 3) {
        char *part = snippet_build_part(t->text, l, 0, fuzz_match, (void *)t, t->width,
                                        NULL, 0, t->terms->len, &h);
        FUZZ_CHECK(!part || strcmp(part, fast) == 0,
                   "a prefix gives the snippet of the whole text, or none");
        g_free(part);
    }
    g_free(full);
    g_free(fast);
}

/* Checks the markup and returns the text without it (g_malloc'd). */
static char *fuzz_check_markup(const char *out)
{
    GString *bare = g_string_new(NULL);
    int open = 0;
    const char *p = out, *lt;

    FUZZ_CHECK(g_utf8_validate(out, -1, NULL), "a snippet is valid UTF-8");
    for (; (lt = strchr(p, '<')); p = strchr(lt, '>') + 1) {
        g_string_append_len(bare, p, lt - p);
        if (strncmp(lt, "<mark>", 6) == 0) {
            FUZZ_CHECK(!open, "marks are not nested");
            open = 1;
        } else {
            FUZZ_CHECK(strncmp(lt, "</mark>", 7) == 0, "the only tag is mark");
            FUZZ_CHECK(open, "a mark closes after it opens");
            open = 0;
        }
    }
    g_string_append(bare, p);
    FUZZ_CHECK(!open, "every mark is closed");
    FUZZ_CHECK(!strpbrk(bare->str, "\"'>"), "quotes and > are escaped");
    FUZZ_CHECK(!strstr(bare->str, "  ") && !strpbrk(bare->str, "\t\n\r"),
               "white space is collapsed");
    return g_string_free(bare, FALSE);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *in = (const char *)data + 1;
    const char *nl, *text;
    size_t width, qlen, tlen;
    fuzz_terms t;
    char *out;

    if (size < 1)
        return 0;
    width = data[0];
    nl = memchr(in, '\n', size - 1);
    qlen = nl ? (size_t)(nl - in) : 0;
    text = nl ? nl + 1 : in;
    tlen = size - 1 - (size_t)(text - in);
    t.terms = g_ptr_array_new_with_free_func(g_free);
    t.query = g_string_new(NULL);
    t.found = 0;
    t.text = text;
    t.width = width ? width : SNIPPET_WIDTH;
    for (const char *w = in, *end = in + qlen; w < end; ) {
        const char *sp = memchr(w, ' ', (size_t)(end - w));
        size_t n = sp ? (size_t)(sp - w) : (size_t)(end - w);
        fuzz_add_word(&t, w, n);
        w += n + 1;
    }
    FUZZ_CHECK(fdb_snippet(t.query->str, text, tlen, width, &out, NULL, 0) == FDB_OK,
               "a snippet is made of any text");
    FUZZ_CHECK(out != NULL, "a snippet is never NULL");
    g_free(fuzz_check_markup(out));
    fuzz_check_skipping(&t, tlen);
    norm_tokenize(text, (long)tlen, fuzz_on_token, &t);
    if (t.found)
        FUZZ_CHECK(strstr(out, "<mark>") != NULL,
                   "a text holding a query word has a mark");
    free(out);
    g_ptr_array_free(t.terms, TRUE);
    g_string_free(t.query, TRUE);
    return 0;
}
