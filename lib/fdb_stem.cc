/* fdb_stem.cc -- a word's stem: taken of the word as written, then folded.
 *
 * Design: the French stemmer (Snowball) reads accents: "avancée",
 * "avancé" and "avancées" all give "avanc", but their foldings do not
 * ("avancee" gives "avance", "avance" gives "avanc"), and stemming the
 * folded word split such families. So a word is stemmed as it is written
 * (lower-cased, accents kept) and the stem is folded afterwards (norm.h):
 * "installée" and "installé" meet at "install", "économie" and
 * "économique" at "econom". The index does it with each word of the text
 * (fdb_write.cc, which knows its surface); a query with each word it is
 * given, and a query word typed without accents takes the accented form
 * the index saw of it (fdb_surface: "avancee" is stemmed as "avancée"),
 * so that the query meets the index on the same stem whether the accents
 * were typed or not. A word that does not start with a letter has no
 * stem (numbers, codes), as with Xapian's STEM_SOME; a word whose span
 * holds other characters than letters (a hyphen at a line end, an
 * apostrophe inside) is stemmed as folded.
 *
 * Typographic ligatures (U+FB00 to U+FB06: "ﬁ", "ﬂ", "ﬀ", "ﬃ", "ﬄ", "ﬅ",
 * "ﬆ"), which PDFs hold where a font joined two letters, are spelt out
 * before stemming: they are not letters to the stemmer, and "ﬁle" gave
 * the stem "file" where "file" gives "fil" (format 7 and before). œ and
 * æ are letters of their own and stay.
 */
#include "fdb-private.h"
#include "norm.h"

#include <glib.h>
#include <cstring>

namespace {

Xapian::Stem &french()
{
    static thread_local Xapian::Stem stemmer("french");
    return stemmer;
}

bool has_stem(const std::string &folded)
{
    if (folded.empty())
        return false;
    unsigned char c = (unsigned char)folded[0];
    return (c >= 'a' && c <= 'z') || c >= 0x80;
}

bool ascii(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] >= 0x80)
            return false;
    return true;
}

/* Stem a lower-case word with accents, then fold the stem; "" when the
 * word is not letters only. */
std::string stem_written(const char *lower, size_t n)
{
    for (const char *p = lower; p < lower + n; p = g_utf8_next_char(p))
        if (!g_unichar_isalpha(g_utf8_get_char(p)))
            return std::string();
    std::string st = french()(std::string(lower, n));
    char *f = norm_fold_word(st.data(), (long)st.size());
    std::string out(f ? f : "");
    g_free(f);
    return out;
}

/* Does the text hold a typographic ligature (UTF-8 EF AC 80 to EF AC 86)? */
bool has_ligature(const char *s, size_t n)
{
    for (size_t i = 0; i + 2 < n; i++)
        if ((unsigned char)s[i] == 0xEF && (unsigned char)s[i + 1] == 0xAC &&
            (unsigned char)s[i + 2] >= 0x80 && (unsigned char)s[i + 2] <= 0x86)
            return true;
    return false;
}

/* A word as written, its ligatures spelt out when it has any: `spelt`
 * holds the new form, and `surface` and `len` are pointed at it. */
void spell_surface(const char *&surface, size_t &len, std::string &spelt)
{
    if (!surface || !has_ligature(surface, len))
        return;
    spelt = fdb_spell_ligatures(surface, len);
    surface = spelt.data();
    len = spelt.size();
}

} /* namespace */

std::string fdb_spell_ligatures(const char *s, size_t n)
{
    std::string out;
    out.reserve(n + 4);
    for (const char *p = s, *end = s + n; p < end;) {
        if (end - p >= 3 && has_ligature(p, 3)) {
            gunichar d[G_UNICHAR_MAX_DECOMPOSITION_LENGTH];
            gsize k = g_unichar_fully_decompose(g_utf8_get_char(p), TRUE, d, G_N_ELEMENTS(d));
            for (gsize i = 0; i < k; i++)
                out += (char)d[i];      /* ASCII letters: f, i, l, s, t */
            p += 3;
        } else {
            out += *p++;
        }
    }
    return out;
}

bool fdb_stem_by_folding(const char *surface, size_t len)
{
    std::string spelt;
    spell_surface(surface, len, spelt);
    return !surface || ascii(surface, len);
}

std::string fdb_stem_of(const std::string &folded, const char *surface, size_t len)
{
    if (!has_stem(folded))
        return std::string();
    std::string spelt;
    spell_surface(surface, len, spelt);
    if (fdb_stem_by_folding(surface, len))
        return french()(folded);
    char *lower = g_utf8_strdown(surface, (gssize)len);
    std::string out = stem_written(lower, strlen(lower));
    g_free(lower);
    return out.empty() ? french()(folded) : out;
}

std::string fdb_stem_folded(fdb *db, const std::string &folded)
{
    if (!has_stem(folded))
        return std::string();
    std::string s = db ? fdb_surface(db, folded) : folded;
    return fdb_stem_of(folded, s.data(), s.size());
}

fdb_stemmer::fdb_stemmer(fdb *handle) : db(handle) {}

std::string fdb_stemmer::operator()(const std::string &word)
{
    std::string st = fdb_stem_folded(db, word);
    return st.empty() ? word : st;
}

std::string fdb_stemmer::get_description() const
{
    return "fouille: french, stemmed as written, then folded";
}
