/* test-escape.c -- one line stays one line (lib/escape.h): control bytes
 * and bytes that are not UTF-8 are escaped, French and other UTF-8 text is
 * kept as it is, the characters a caller names are escaped too, and the
 * JSON form is the inside of a valid JSON string. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "tap.h"

static void check(const char *s, escape_form form, const char *also, const char *want,
                  const char *name)
{
    char *got = escape_line(s, form, also);
    is_str(got, want, name);
    g_free(got);
}

static void test_text(void)
{
    check("procès-verbal_2022.pdf", ESCAPE_TEXT, NULL, "procès-verbal_2022.pdf",
          "text: French accents kept");
    check("Straße 5 — ok", ESCAPE_TEXT, NULL, "Straße 5 — ok", "text: other UTF-8 kept");
    check("nom\navec retour.pdf", ESCAPE_TEXT, NULL, "nom\\x0aavec retour.pdf",
          "text: a newline is \\x0a (cannot forge a line)");
    check("a\rb\tc\x1b[31md\x7f", ESCAPE_TEXT, NULL, "a\\x0db\\x09c\\x1b[31md\\x7f",
          "text: CR, tab, ESC and DEL escaped");
    check("caf\xe9.txt", ESCAPE_TEXT, NULL, "caf\\xe9.txt",
          "text: a Latin-1 byte (not UTF-8) is \\xe9");
    check("\xc3\xa9t\xc3", ESCAPE_TEXT, NULL, "ét\\xc3",
          "text: a cut UTF-8 sequence at the end is escaped, the whole one before kept");
    check("\xed\xa0\x80", ESCAPE_TEXT, NULL, "\\xed\\xa0\\x80",
          "text: a UTF-16 surrogate encoded in UTF-8 is not UTF-8");
    check("a b\"c\\d", ESCAPE_TEXT, NULL, "a b\"c\\d",
          "text: space, quote and backslash kept unless named");
    check("/docs/a b\"c\\d", ESCAPE_TEXT, " \"\\", "/docs/a\\x20b\\x22c\\x5cd",
          "text: the characters named in `also` escaped (access log fields)");
    check("", ESCAPE_TEXT, " ", "", "text: empty stays empty");
}

/* The JSON form, put between quotes, parses back to what was given
 * (valid UTF-8) or to the text escapes of the bad bytes. */
static void check_json(const char *s, const char *want_back, const char *name)
{
    char *inside = escape_line(s, ESCAPE_JSON, " ");
    char *doc = g_strdup_printf("[\"%s\"]", inside);
    json_error_t e;
    json_t *a = json_loads(doc, 0, &e);
    const char *back = json_string_value(json_array_get(a, 0));
    ok(a != NULL, "%s: parses as JSON", name);
    is_str(back, want_back, name);
    ok(!strchr(inside, '\n'), "%s: one line", name);
    json_decref(a);
    g_free(doc);
    g_free(inside);
}

static void test_json(void)
{
    check_json("l’économie \"sociale\" \\ solidaire", "l’économie \"sociale\" \\ solidaire",
               "json: quotes, backslash and accents come back");
    check_json("ligne 1\nligne 2\tfin\x01", "ligne 1\nligne 2\tfin\x01",
               "json: newline, tab and control bytes come back");
    check_json("caf\xe9", "caf\\xe9", "json: a byte that is not UTF-8 comes back as the text \\xe9");
    check("a b", ESCAPE_JSON, " ", "a b", "json: `also` does not apply");
    check("x\x1fy", ESCAPE_JSON, NULL, "x\\u001fy", "json: other controls as \\u00NN");
}

static void test_append(void)
{
    GString *out = g_string_new("before: ");
    escape_append(out, "a\nb", ESCAPE_TEXT, NULL);
    escape_append(out, " c\xff", ESCAPE_TEXT, NULL);
    is_str(out->str, "before: a\\x0ab c\\xff", "escape_append appends, twice");
    g_string_free(out, TRUE);
}

int main(void)
{
    test_text();
    test_json();
    test_append();
    return done_testing();
}
