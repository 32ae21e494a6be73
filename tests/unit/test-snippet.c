/* test-snippet.c -- the snippet under a search hit (fdb_snippet, made as
 * fdb_search makes a hit's): which words are marked (accents, elisions,
 * stems, in French and English), where the text is cut (word boundaries,
 * never inside a UTF-8 sequence, "…" at the cuts), and that everything
 * is HTML-escaped. */
#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "fdb.h"
#include "snippet.h"
#include "tap.h"

/* The snippet of `len` bytes of text for a query, with the default
 * width; "FAILED" when fdb_snippet fails. malloc'd. */
static char *snip_len(const char *text, size_t len, const char *query)
{
    char *out = NULL;
    if (fdb_snippet(query, text, len, SNIPPET_WIDTH, &out, NULL, 0) != FDB_OK)
        return strdup("FAILED");
    return out;
}

static char *snip(const char *text, const char *query)
{
    return snip_len(text, strlen(text), query);
}

static void check(const char *text, const char *query, const char *want,
                  const char *name)
{
    char *got = snip(text, query);
    is_str(got, want, name);
    free(got);
}

static void test_marks(void)
{
    const char *comite = "comite";
    const char *assoc = "association";
    const char *script = "script";
    const char *index_ = "index";

    check("Le comité a approuvé le budget.", comite,
          "Le <mark>comité</mark> a approuvé le budget.",
          "French: an accented word is marked from an unaccented term");
    check("LE COMITÉ DIRECTEUR", comite, "LE <mark>COMITÉ</mark> DIRECTEUR",
          "French: capitals and accents fold to the term");
    check("Les statuts de l’association sont déposés.", assoc,
          "Les statuts de l’<mark>association</mark> sont déposés.",
          "French: elided word marked, the elision l’ left outside the mark");
    check("Le budget de l'association.", assoc,
          "Le budget de l&#39;<mark>association</mark>.",
          "French: ASCII apostrophe elision, escaped, outside the mark");
    check("Search engines index documents.", index_,
          "Search engines <mark>index</mark> documents.",
          "English: a plain word is marked");
    check("The <script>alert('x')</script> tag & \"co\"", script,
          "The &lt;<mark>script</mark>&gt;alert(&#39;x&#39;)&lt;/"
          "<mark>script</mark>&gt; tag &amp; &quot;co&quot;",
          "English: < > & \" ' are escaped, marks only around words");
    check("contre la marchandi-\nsation du fait", "marchandisation",
          "contre la <mark>marchandisation</mark> du fait",
          "French: a word cut by a line-end hyphen is marked and shown whole");
    check("une d\u00e9l\u00e9\u00adgation", "delegation",
          "une <mark>délégation</mark>",
          "French: a soft hyphen inside a word is dropped");
    check("Rien ici.", "", "Rien ici.", "no terms: the text as it is");
    check("Le comité et le budget.", "comite -budget",
          "Le <mark>comité</mark> et le budget.",
          "an excluded word (-budget) is not marked");
    check("Prêt à temps, l’appel à projets arrive.", "\"appel à projets\"",
          "Prêt à temps, l’<mark>appel à projets</mark> arrive.",
          "French: a phrase is one mark, its words are not marked elsewhere");
    check("The call for projects, and projects for all.", "\"projects for all\" call",
          "The <mark>call</mark> for projects, and <mark>projects for all</mark>.",
          "English: a phrase as one mark beside a word marked on its own");
}

static void test_stems(void)
{
    const char *terms = "association";
    const char *eco = "economique";

    check("Trois associations locales et une association nationale.", terms,
          "Trois <mark>associations</mark> locales et une "
          "<mark>association</mark> nationale.",
          "French: the plural and the singular meet at the stem");
    check("Les enjeux économiques du secteur.", eco,
          "Les enjeux <mark>économiques</mark> du secteur.",
          "French: accented plural matched by the stem of the folded word");
    check("Les associations locales.", "\"association\"",
          "Les associations locales.",
          "a word in a phrase is matched as it is, not by its stem");
    /* Stems are taken of a text word as written (index format 5); a word
     * whose own accents change its stem is still the word typed without
     * them (found by fuzz-snippet: "cafe" left "cafë" unmarked). */
    check("Le cafë du coin.", "cafe", "Le <mark>cafë</mark> du coin.",
          "French: a query without accents marks a word whose diaeresis changes its stem");
    check("A cafë and a café.", "cafe", "A <mark>cafë</mark> and a <mark>café</mark>.",
          "English: both spellings of a loan word are marked from the unaccented query");
}

static void test_whitespace(void)
{
    const char *t = "ordre";

    check("  Ordre\n\n du   jour :\tvote\u00a0final ", t,
          "<mark>Ordre</mark> du jour : vote final",
          "white space runs (newlines, tabs, no-break spaces) collapse");
}

/* Is every "…" cut at a word boundary, the text valid UTF-8? */
static void test_cuts(void)
{
    GString *text = g_string_new(NULL);
    const char *t = "trouve";
    char *got;
    const char *mark;
    glong chars;

    for (int i = 0; i < 60; i++)
        g_string_append(text, "éléphant été œuvre ");
    g_string_append(text, "ici se trouvé la clé ");
    for (int i = 0; i < 60; i++)
        g_string_append(text, "ça déçoit à côté ");
    got = snip_len(text->str, text->len, t);
    ok(g_utf8_validate(got, -1, NULL), "cut text is valid UTF-8");
    ok(g_str_has_prefix(got, "… "), "a cut start begins with '… '");
    ok(g_str_has_suffix(got, " …"), "a cut end finishes with ' …'");
    mark = strstr(got, "<mark>trouvé</mark>");
    ok(mark != NULL, "the match is in the window");
    /* The first word after "… " is whole: one of the words of the text. */
    ok(g_str_has_prefix(got + strlen("… "), "éléphant ") ||
       g_str_has_prefix(got + strlen("… "), "été ") ||
       g_str_has_prefix(got + strlen("… "), "œuvre ") ||
       g_str_has_prefix(got + strlen("… "), "ici "),
       "the start is cut at a word boundary");
    ok(g_str_has_suffix(got, " ça …") || g_str_has_suffix(got, " déçoit …") ||
       g_str_has_suffix(got, " à …") || g_str_has_suffix(got, " côté …"),
       "the end is cut at a word boundary");
    chars = g_utf8_strlen(got, -1) - (glong)strlen("<mark></mark>");
    ok(chars <= SNIPPET_WIDTH + 4 && chars >= SNIPPET_WIDTH - 30,
       "about %d characters (%ld)", SNIPPET_WIDTH, chars);
    free(got);

    got = snip_len(text->str, text->len, "");
    ok(g_str_has_prefix(got, "éléphant été"), "no match: the start of the text");

    ok(g_str_has_suffix(got, " …"), "no match: cut end marked");
    free(got);
    /* One match early, a denser cluster far past SNIPPET_AFTER_MATCH: the
     * scan stops first, so the early match is shown (the cost of a long
     * page is bounded); a cluster within reach is preferred. */
    const char *t2 = "social financement";
    g_string_assign(text, "Le financement au début. ");
    while (text->len < SNIPPET_AFTER_MATCH + 2000)
        g_string_append(text, "des mots sans rapport aucun ici ");
    g_string_append(text, "Le financement social, encore social. ");
    got = snip_len(text->str, text->len, t2);
    ok(strstr(got, "<mark>financement</mark> au début") && !strstr(got, "<mark>social</mark>"),
       "past SNIPPET_AFTER_MATCH bytes after the first match, nothing more is looked at");
    free(got);
    g_string_assign(text, "Le financement au début. ");
    for (int i = 0; i < 40; i++)
        g_string_append(text, "des mots sans rapport ");
    g_string_append(text, "Le financement social, encore social. ");
    got = snip_len(text->str, text->len, t2);
    ok(strstr(got, "<mark>financement</mark> <mark>social</mark>") != NULL,
       "within reach, the window with both words wins");
    free(got);
    /* Every word of the query seen ("financement", then "social"): no
     * window can hold more, so the scan ends SNIPPET_AFTER_ALL bytes on,
     * before a later passage that holds them more often. */
    g_string_assign(text, "Le financement social au début. ");
    while (text->len < SNIPPET_AFTER_ALL + 1000)
        g_string_append(text, "des mots sans rapport aucun ici ");
    g_string_append(text, "Financement social, financement social, social. ");
    got = snip_len(text->str, text->len, t2);
    ok(strstr(got, "<mark>financement</mark> <mark>social</mark> au début") != NULL,
       "every word seen: SNIPPET_AFTER_ALL bytes on, nothing more is looked at (%s)", got);
    free(got);
    g_string_free(text, TRUE);
}

static void test_best_window(void)
{
    GString *text = g_string_new("Budget voté. ");
    const char *t = "budget vote subvention";
    char *got;

    for (int i = 0; i < 40; i++)
        g_string_append(text, "Sans rapport aucun. ");
    g_string_append(text, "La subvention, le budget : voté. ");
    for (int i = 0; i < 40; i++)
        g_string_append(text, "Rien de plus. ");
    got = snip_len(text->str, text->len, t);
    ok(strstr(got, "<mark>subvention</mark>") != NULL,
       "the window with the most distinct terms wins over the first match");
    ok(strstr(got, "Budget voté") == NULL, "the lone first match is left out");
    free(got);
    g_string_free(text, TRUE);
}

static void test_bounds(void)
{
    size_t big = 8 * 1024 * 1024;
    char *text = malloc(big + 32);
    const char *t = "aiguille";
    char *got;

    /* 8 MiB of words, the only match at the very end: the work is bounded
     * by SNIPPET_SCAN_MAX, so the snippet is the start of the text. */
    for (size_t i = 0; i < big; i += 8)
        memcpy(text + i, "botte d ", 8);
    strcpy(text + big, "aiguille");
    got = snip(text, t);
    ok(strstr(got, "<mark>") == NULL && g_str_has_prefix(got, "botte d"),
       "a huge text is scanned only up to SNIPPET_SCAN_MAX");
    free(got);
    free(text);

    got = snip_len("", 0, t);
    is_str(got, "", "an empty text gives an empty snippet");
    free(got);
    got = snip_len("ab\xff\xfe" "cd aiguille", 15, t);
    ok(g_utf8_validate(got, -1, NULL) && strstr(got, "<mark>aiguille</mark>"),
       "invalid UTF-8 in the text is dropped, the rest marked");
    free(got);
}

int main(void)
{
    test_marks();
    test_stems();
    test_whitespace();
    test_cuts();
    test_best_window();
    test_bounds();
    return done_testing();
}
