/* test-pagetext.c -- a page's text as the index stores it (index format
 * 8: lib/pagetext.c deflates it, a snippet inflates it in pieces).
 *
 * Guards: every text comes back byte for byte, whole or read in pieces
 * (French and English, accents, ligatures, NUL and invalid UTF-8 bytes);
 * a long text is stored deflated, a short one that deflating does not
 * shrink as it is; corrupt stored bytes (cut, flipped, a false length, an
 * unknown kind) are an error, never a crash nor a read past them. Then, in
 * an index: a hit's snippet, read from the stored text in pieces, is
 * byte for byte the one fdb_snippet cuts from the whole text (format 7's
 * way): a match deep inside a big page, a page with no match (the start
 * of a page of 300 KB), a word and a multi-byte UTF-8 character cut where
 * a piece ends (4, 16 and 64 KiB); the start of each page
 * (fdb_document_pages) too, and again after a rename (which copies the
 * stored bytes).
 */
#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "fdb.h"
#include "pagetext.h"
#include "tap.h"
#include "tmp-index.h"

static const char *const french =
    "Le comité de l’association a approuvé le budget de l’œuvre. Les ﬁchiers "
    "du dépôt sont sauvegardés chaque nuit ; l'économie réalisée est notable. ";
static const char *const english =
    "The committee approved the budget of the work. The files of the "
    "repository are backed up every night; the savings are notable. ";

/* Does `text` come back whole from its stored bytes? */
static int round_trip(const char *text, size_t len)
{
    size_t n, back_len;
    char *data = pagetext_encode(text, len, &n);
    char *back = pagetext_decode(data, n, &back_len);
    int same = back && back_len == len && memcmp(back, text, len) == 0;

    g_free(data);
    g_free(back);
    return same;
}

/* `times` copies of `unit`. */
static GString *repeat(const char *unit, size_t times)
{
    GString *s = g_string_new(NULL);
    for (size_t i = 0; i < times; i++)
        g_string_append(s, unit);
    return s;
}

static void test_round_trip(void)
{
    static const char odd[] = "NUL\0inside, then \xff\xfe invalid and a cut \xc3";
    GString *big = repeat(french, 2000);
    size_t n;
    char *data;

    ok(round_trip("", 0), "an empty text comes back empty");
    ok(round_trip("a", 1), "one byte comes back");
    ok(round_trip(french, strlen(french)), "French: accents, elisions, ligatures come back");
    ok(round_trip(english, strlen(english)), "English comes back");
    ok(round_trip(odd, sizeof odd - 1), "a NUL and invalid UTF-8 bytes come back as they were");
    ok(round_trip(big->str, big->len), "a French page of %zu bytes comes back", big->len);

    data = pagetext_encode(big->str, big->len, &n);
    ok(data[0] == 'Z' && n < big->len / 10,
       "a long page is stored deflated (%zu bytes for %zu)", n, big->len);
    g_free(data);
    data = pagetext_encode("le", 2, &n);
    ok(n == 3 && data[0] == 'T' && memcmp(data + 1, "le", 2) == 0,
       "a short word, which deflating would lengthen, is stored as it is");
    g_free(data);
    data = pagetext_encode("", 0, &n);
    is_int((int)n, 0, "an empty text is stored as no bytes");
    g_free(data);
    g_string_free(big, TRUE);
}

/* Read in pieces, a text is its prefixes, then itself. */
static void test_pieces(void)
{
    GString *big = repeat(english, 3000);
    size_t n, wants[] = { 1, 100, 16384, 16385, 65536, 70000, (size_t)-1 };
    char *data = pagetext_encode(big->str, big->len, &n);
    pagetext_reader r;
    int good = 1;

    pagetext_reader_init(&r, data, n);
    for (size_t i = 0; i < G_N_ELEMENTS(wants); i++) {
        if (pagetext_reader_fill(&r, wants[i]) != 0 ||
            r.have < MIN(wants[i], big->len) || memcmp(r.text, big->str, r.have) != 0 ||
            r.text[r.have] != 0)
            good = 0;
        if (wants[i] < big->len / 2 && (r.whole || r.have > wants[i] + 4096))
            good = 0;   /* no more read than asked, or a step */
    }
    ok(good, "English: each piece asked is read, a prefix of the text, no more");
    ok(r.whole && r.have == big->len, "... then the whole text, to its end");
    pagetext_reader_free(&r);
    g_free(data);
    g_string_free(big, TRUE);
}

/* Corrupt stored bytes: an error (or, for a flipped byte inside the
 * deflate stream, possibly another text of the stored length), never a
 * crash nor a read past them (ASan watches the copies made here). */
static void test_corrupt(void)
{
    GString *big = repeat(french, 300);
    size_t n;
    char *data = pagetext_encode(big->str, big->len, &n);
    int cut_bad = 0, flip_ok = 1;

    for (size_t k = 1; k < n; k++) {
        char *part = g_memdup2(data, k);    /* exactly k bytes: ASan sees past them */
        size_t len;
        char *text = pagetext_decode(part, k, &len);
        cut_bad += text == NULL;
        g_free(text);
        g_free(part);
    }
    ok(cut_bad == (int)n - 1, "every cut of a deflated text is an error (%zu cuts)", n - 1);

    GRand *r = g_rand_new_with_seed(8);
    for (int i = 0; i < 2000; i++) {
        char *bad = g_memdup2(data, n);
        size_t len;
        bad[g_rand_int_range(r, 0, (gint32)n)] ^= (char)(1 + g_rand_int_range(r, 0, 255));
        char *text = pagetext_decode(bad, n, &len);
        if (text && text[len] != 0)
            flip_ok = 0;
        pagetext_reader pr;
        pagetext_reader_init(&pr, bad, n);
        if (pagetext_reader_fill(&pr, 1000) == 0 && pr.have < 1000 && !pr.whole)
            flip_ok = 0;
        pagetext_reader_free(&pr);
        g_free(text);
        g_free(bad);
    }
    g_rand_free(r);
    ok(flip_ok, "2000 texts with a byte flipped: an error or a text, never a crash");

    static const char *const heads[] = {
        "X", "Xabc", "Z", "Z\x80", "Z\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01",
        "Z\x05", "Z\x00\x03\x00", "Z\xff\xff\xff\x7f\x03\x00",
    };
    int heads_bad = 0;
    for (size_t i = 0; i < G_N_ELEMENTS(heads); i++) {
        size_t len, hl = strlen(heads[i]) + (i == 6 || i == 7 ? 2 : 0);
        char *h = g_memdup2(heads[i], hl);
        char *text = pagetext_decode(h, hl, &len);
        heads_bad += text == NULL;
        g_free(text);
        g_free(h);
    }
    is_int(heads_bad, (int)G_N_ELEMENTS(heads),
           "an unknown kind, a length cut or past 64 bits, no stream, a length of 0 "
           "or beyond what the bytes can hold: errors");
    g_free(data);
    g_string_free(big, TRUE);
}

/* ---- in an index ---------------------------------------------------------- */

typedef struct {
    const char *path, *query;
    GString *text;
} page;

static void put(fdb *w, const page *p)
{
    const char *t = p->text->str;
    size_t len = p->text->len;
    fdb_file f = {.path = p->path, .type = "text", .size = 1000, .mtime = 1600000000,
                  .npages = 1, .page_text = &t, .page_len = &len};
    if (fdb_replace_file(w, &f) != FDB_OK)
        diag("replace %s: %s", p->path, fdb_last_error(w));
}

/* ASCII filler up to byte `at`, then `tail`: a word of the tail begins at
 * `at`, `back` bytes before it, or its character straddles it. */
static GString *filler_then(const char *unit, size_t at, const char *tail)
{
    GString *s = g_string_new(NULL);
    while (s->len + strlen(unit) <= at)
        g_string_append(s, unit);
    while (s->len < at)
        g_string_append_c(s, ' ');
    g_string_append(s, tail);
    return s;
}

/* The snippet fdb_snippet cuts from the whole text ("ERROR" when it fails). */
static char *whole_snippet(const char *query, const GString *text)
{
    char *out = NULL;
    if (fdb_snippet(query, text->str, text->len, 0, &out, NULL, 0) != FDB_OK)
        return g_strdup("ERROR");
    return out;
}

/* Each page's hit for its query: the snippet from the stored text equals
 * the one from the whole text. The hits' file ids go to ids[i]. */
static int same_snippets(fdb *r, const page *pages, size_t n, const char *when,
                         char ids[][32])
{
    int same = 0;
    for (size_t i = 0; i < n; i++) {
        fdb_query q = {.query = pages[i].query, .limit = 20, .snippets = 1};
        fdb_results *res = NULL;
        char *want = whole_snippet(pages[i].query, pages[i].text);
        const char *got = NULL;
        if (fdb_search(r, &q, &res) == FDB_OK)
            for (size_t k = 0; k < fdb_results_count(res); k++)
                if (strcmp(fdb_results_hit(res, k)->file.path, pages[i].path) == 0 ||
                    g_str_has_suffix(fdb_results_hit(res, k)->file.path, pages[i].path)) {
                    got = fdb_results_hit(res, k)->snippet;
                    g_strlcpy(ids[i], fdb_results_hit(res, k)->file.id, 32);
                }
        if (got && strcmp(got, want) == 0)
            same++;
        else
            diag("%s, %s: got %s\nwant %s", when, pages[i].path, got ? got : "(no hit)", want);
        free(want);
        fdb_results_free(res);
    }
    return same;
}

/* The start of each page (fdb_document_pages) equals fdb_snippet's with
 * no query word. */
static int same_starts(fdb *r, const page *pages, size_t n, char ids[][32])
{
    int same = 0;
    for (size_t i = 0; i < n; i++) {
        char **starts = NULL;
        char *want = whole_snippet("", pages[i].text);
        if (fdb_document_pages(r, ids[i], 1, 0, &starts) == FDB_OK && starts[0] &&
            strcmp(starts[0], want) == 0)
            same++;
        else
            diag("%s: start %s\nwant %s", pages[i].path,
                 starts && starts[0] ? starts[0] : "(none)", want);
        if (starts)
            fdb_strv_free(starts);
        free(want);
    }
    return same;
}

static void test_index(void)
{
    const char *fr = "le chef de projet reçoit les dossiers du conseil et ";
    const char *en = "the project lead receives the files of the board and ";
    page pages[] = {
        {"fr/court.txt", "association", g_string_new(french)},
        {"en/short.txt", "committee", g_string_new(english)},
        {"fr/profond.txt", "economie", filler_then(fr, 40000, "l’Économie du pays. Fin.")},
        {"en/deep.txt", "savings", filler_then(en, 200000, "the savings bank. End.")},
        /* "association" from byte 16380: the first piece ends inside it */
        {"fr/mot-coupe.txt", "association", filler_then(fr, 16380, "association loi 1901.")},
        /* "É" (2 bytes) from byte 16383 and 4095, "œ" (2 bytes) from 65535,
         * "ﬁ" (3 bytes) from 16382: each character straddles a piece's end */
        {"fr/e-coupe.txt", "economie", filler_then(fr, 16383, "Économie sociale.")},
        {"fr/e-coupe-4k.txt", "etat", filler_then(fr, 4095, "État social.")},
        {"fr/oe-coupe.txt", "oeuvre", filler_then(fr, 65535, "œuvre collective.")},
        {"fr/fi-coupe.txt", "fichier", filler_then(fr, 16382, "ﬁchier joint.")},
        /* found by its path word only: no match in its 300 KB text, whose
         * snippet is its start, after a scan of SNIPPET_SCAN_MAX bytes */
        {"en/bulletin.txt", "bulletin", filler_then(en, 300000, "End.")},
        {"fr/vide-bulletin.txt", "vide", filler_then(fr, 20000, "")},
    };
    size_t n = G_N_ELEMENTS(pages);
    char ids[G_N_ELEMENTS(pages)][32] = { { 0 } };
    tmp_index t;
    fdb *w = tmp_index_open(&t, "pagetext");

    for (size_t i = 0; i < n; i++)
        put(w, &pages[i]);
    ok(fdb_commit(w) == FDB_OK, "commit %zu pages, of 150 bytes to 300 KB", n);
    fdb *r = tmp_index_reader(t.path);
    is_int(same_snippets(r, pages, n, "stored", ids), (int)n,
           "French and English: each hit's snippet, inflated in pieces, is the one of "
           "the whole text (deep matches, words and characters cut at a piece's end, "
           "no match in 300 KB)");
    is_int(same_starts(r, pages, n, ids), (int)n,
           "each page's start (fdb_document_pages) is the one of the whole text");
    fdb_free(r);

    for (size_t i = 0; i < n; i++) {
        char *to = g_strconcat("moved/", pages[i].path, NULL);
        if (fdb_rename_file(w, pages[i].path, to) != FDB_OK)
            diag("rename %s: %s", pages[i].path, fdb_last_error(w));
        g_free(to);
    }
    ok(fdb_commit(w) == FDB_OK, "rename every file");
    r = tmp_index_reader(t.path);
    is_int(same_snippets(r, pages, n, "renamed", ids), (int)n,
           "after a rename (the stored bytes copied), the same snippets");
    is_int(same_starts(r, pages, n, ids), (int)n, "... and the same starts");
    fdb_free(r);
    fdb_free(w);
    for (size_t i = 0; i < n; i++)
        g_string_free(pages[i].text, TRUE);
    tmp_index_remove(&t);
}

int main(void)
{
    test_round_trip();
    test_pieces();
    test_corrupt();
    test_index();
    return done_testing();
}
