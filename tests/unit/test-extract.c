/* test-extract.c -- the extractors, as the indexer sees them.
 *
 * What it guards: type detection by content; PDF pages, metadata and
 * failures (a PDF made here with cairo, truncated, encrypted, blank);
 * HTML text without scripts, styles, templates or comments, with entities
 * decoded and declared or undeclared Latin-1/Windows-1252 turned into
 * UTF-8 (fixtures in tests/fixtures); text notes in UTF-8 or
 * Windows-1252; binary and empty files refused; the title and date
 * fallbacks; dates in French and English file names.
 *
 * Fixtures are found under $FOUILLE_SRC/tests/fixtures (make test sets
 * it), else ./tests/fixtures. Generated files go to a temporary folder
 * that is removed at the end.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>

#include <cairo-pdf.h>
#include <cairo.h>
#include <glib.h>
#include <glib/gstdio.h>

#include "extract.h"
#include "tap.h"

static char *tmpdir;           /* owned; removed by cleanup() */
static GPtrArray *tmpfiles;    /* paths written there, owned */

/* ---- helpers ---------------------------------------------------------- */

static char *fixture(const char *name)
{
    const char *src = g_getenv("FOUILLE_SRC");
    return g_build_filename(src ? src : ".", "tests", "fixtures", name, NULL);
}

/* Write `len` bytes to tmpdir/name; returns the path (owned by tmpfiles). */
static const char *write_tmp(const char *name, const void *data, size_t len)
{
    char *path = g_build_filename(tmpdir, name, NULL);
    if (!g_file_set_contents(path, data, (gssize)len, NULL))
        diag("cannot write %s", path);
    g_ptr_array_add(tmpfiles, path);
    return path;
}

static const char *tmp_path(const char *name)
{
    char *path = g_build_filename(tmpdir, name, NULL);
    g_ptr_array_add(tmpfiles, path);
    return path;
}

static void cleanup(void)
{
    for (guint i = 0; i < tmpfiles->len; i++)
        g_remove(g_ptr_array_index(tmpfiles, i));
    g_ptr_array_free(tmpfiles, TRUE);
    g_rmdir(tmpdir);
    g_free(tmpdir);
}

static extract_status run(const char *path, const char *name,
                          extract_doc *doc)
{
    char err[256];
    extract_status st = extract_file(path, name, 0, doc, err, sizeof err);
    if (st != EXTRACT_OK)
        diag("%s: %s: %s", name, extract_status_string(st), err);
    return st;
}

static int contains(const char *hay, const char *needle)
{
    return hay && strstr(hay, needle) != NULL;
}

static int doc_is_empty(const extract_doc *doc)
{
    return doc->npages == 0 && !doc->pages && !doc->title && !doc->author
           && !doc->description && !doc->headings && doc->date[0] == '\0';
}

/* All the strings of a doc are valid UTF-8. */
static int doc_is_utf8(const extract_doc *doc)
{
    const char *fields[] = {doc->title, doc->author, doc->description,
                            doc->headings};
    for (size_t i = 0; i < G_N_ELEMENTS(fields); i++)
        if (fields[i] && !g_utf8_validate(fields[i], -1, NULL))
            return 0;
    for (size_t i = 0; i < doc->npages; i++)
        if (!g_utf8_validate(doc->pages[i].text, (gssize)doc->pages[i].len,
                             NULL)
            || strlen(doc->pages[i].text) != doc->pages[i].len)
            return 0;
    return 1;
}

/* ---- status strings and detection --------------------------------------- */

static void test_names(void)
{
    is_str(extract_status_string(EXTRACT_ERR_ENCRYPTED),
           "encrypted (password protected)", "status string: encrypted");
    is_str(extract_status_string(EXTRACT_ERR_NO_TEXT), "no text layer",
           "status string: no text layer");
    is_str(extract_status_string(EXTRACT_ERR_UNSUPPORTED), "unsupported type",
           "status string: unsupported");
    is_str(doc_type_name(DOC_TYPE_PDF), "pdf", "type name: pdf");
    is_str(doc_type_name(DOC_TYPE_HTML), "html", "type name: html");
    is_str(doc_type_name(DOC_TYPE_TEXT), "text", "type name: text");
    is_str(doc_type_name(DOC_TYPE_UNKNOWN), "unknown", "type name: unknown");
}

static void test_detect(void)
{
    static const struct {
        const char *name, *head;
        size_t len;            /* 0: strlen(head) */
        doc_type want;
        const char *why;
    } cases[] = {
        {"a.pdf", "%PDF-1.7\n%\xE2\xE3\xCF\xD3\n", 0, DOC_TYPE_PDF,
         "%PDF- at the start is a PDF"},
        {"a.bin", "junk before\n%PDF-1.4\n", 0, DOC_TYPE_PDF,
         "%PDF- within the first KiB is a PDF, whatever the name"},
        {"a.txt", "\xEF\xBB\xBF<!-- c -->\n<!DOCTYPE html>\n<p>x", 0,
         DOC_TYPE_HTML, "BOM, comment, then <!DOCTYPE html> is HTML"},
        {"a.txt", "  <?xml version=\"1.0\"?>\n<HTML lang=fr>", 0,
         DOC_TYPE_HTML, "XML declaration then <HTML> is HTML"},
        {"page", "<meta charset=utf-8><title>x</title>", 0, DOC_TYPE_HTML,
         "<meta> first is HTML"},
        {"a.txt", "<p>Bonjour</p>", 0, DOC_TYPE_TEXT,
         "an unlisted first tag in a .txt stays text"},
        {"a.html", "<p>Bonjour</p>", 0, DOC_TYPE_HTML,
         "... but the .html name breaks the tie"},
        {"a.html", "Bonjour, la balise <html> ouvre une page.", 0,
         DOC_TYPE_TEXT, "a .html file without markup is text"},
        {"a.txt", "Compte rendu\n\nL\x92\x9Cuvre \xE9t\xE9.\n", 0,
         DOC_TYPE_TEXT, "Windows-1252 bytes are text"},
        {"a.txt", "\x7F" "ELF\x02\x01\x01\x00", 8, DOC_TYPE_UNKNOWN,
         "a NUL byte makes binary data"},
        {"a.txt", "PK\x03\x04\x14\x00\x06\x00", 8, DOC_TYPE_DOCUMENT,
         "a ZIP is an office document until extract_office says more"},
        {"scan", "\x89PNG\r\n\x1A\n\0\0\0\rIHDR", 16, DOC_TYPE_IMAGE,
         "the PNG signature is an image"},
        {"photo.txt", "\xFF\xD8\xFF\xE0\0\x10JFIF", 10, DOC_TYPE_IMAGE,
         "the JPEG signature is an image, whatever the name"},
        {"a.tif", "II*\0\x08\0\0\0", 8, DOC_TYPE_IMAGE,
         "a little-endian TIFF is an image"},
        {"a.tif", "MM\0*\0\0\0\x08", 8, DOC_TYPE_IMAGE,
         "a big-endian TIFF is an image"},
        {"a.txt", "a\x01\x02\x03\x04\x05 b", 0, DOC_TYPE_UNKNOWN,
         "many control characters make binary data"},
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        size_t len = cases[i].len ? cases[i].len : strlen(cases[i].head);
        doc_type got = extract_detect(cases[i].name,
                                      (const unsigned char *)cases[i].head,
                                      len);
        is_str(doc_type_name(got), doc_type_name(cases[i].want),
               cases[i].why);
    }
}

/* ---- HTML ---------------------------------------------------------- */

static void test_html_article(void)
{
    extract_doc doc;
    char *path = fixture("article.html");
    if (!ok(run(path, "articles/article.html", &doc) == EXTRACT_OK,
            "UTF-8 article extracted")) {
        g_free(path);
        return;
    }
    is_str(doc_type_name(doc.type), "html", "article: type html");
    is_str(doc.title, "Assemblée générale 2023",
           "article: <title> with white space collapsed");
    is_str(doc.description,
           "Compte rendu de l’assemblée générale & bilan",
           "article: meta description, &#8217; and &amp; decoded");
    is_str(doc.author, "Collectif Quartiers Solidaires",
           "article: meta author");
    is_str(doc.date, "2023-03-18",
           "article: article:published_time wins over <time>");
    is_str(doc.date_source, "metadata", "article: date from metadata");
    is_str(doc.headings,
           "Assemblée générale & bilan\nRapport démoral\nQuestions diverses",
           "article: h1..h3, one a line, entities decoded");
    is_int((long long)doc.npages, 1, "article: one page");
    is_str(doc.pages[0].text,
           "Accueil\n"
           "Assemblée générale & bilan\n"
           "Le collectif s’est réuni le 11 mars à la Maison des associations.\n"
           "Rapport démoral\n"
           "L’année a été riche\u00A0: trois ateliers, deux fêtes.\n"
           "Premier point\nSecond point\n"
           "Questions diverses\n"
           "Fin de séance.\nProchaine réunion en avril.",
           "article: body text, blocks on lines, spaces collapsed, "
           "&nbsp; kept as U+00A0");
    ok(!contains(doc.pages[0].text, "zorglub"),
       "article: nothing from <script>, <style>, <template>, <noscript>, "
       "JSON-LD or comments");
    ok(doc_is_utf8(&doc), "article: all strings are UTF-8");
    extract_doc_free(&doc);
    ok(doc_is_empty(&doc), "extract_doc_free leaves the doc empty");
    g_free(path);
}

/* <title> is raw text: the indexed title is what a browser shows (tags
 * kept as text, references decoded), the first title only, not one in a
 * comment or a script; the tags in it neither end <head> nor reach the
 * body text. */
static void test_html_title_markup(void)
{
    extract_doc doc;
    char *path = fixture("title-markup.html");
    if (!ok(run(path, "articles/titre.html", &doc) == EXTRACT_OK,
            "title with markup: extracted")) {
        g_free(path);
        return;
    }
    is_str(doc.title,
           "Compte rendu <b>gras</b> & <i>notes</i> \u2014 <p>the minutes",
           "title with markup: as the browser shows it (tags kept, "
           "&amp; and &#8212; decoded)");
    is_str(doc.description, "Résumé de la réunion",
           "title with markup: the <meta> after it is still read");
    is_str(doc.headings, "Réunion du bureau", "title with markup: headings");
    is_str(doc.pages[0].text,
           "Réunion du bureau\nLe texte du corps, the body text.",
           "title with markup: the body text has nothing of the titles");
    extract_doc_free(&doc);
    g_free(path);

    const char *raw = "<html><head><title>a <b>b</b></title></head>"
                      "<body>c</body></html>";
    const char *file = write_tmp("title.html", raw, strlen(raw));
    if (ok(run(file, "title.html", &doc) == EXTRACT_OK,
           "<title>a <b>b</b></title>: extracted")) {
        is_str(doc.title, "a <b>b</b>", "<title>a <b>b</b></title> is \"a <b>b</b>\"");
        extract_doc_free(&doc);
    }
}

static void test_html_charsets(void)
{
    extract_doc doc;
    char *path = fixture("latin1.html");
    if (ok(run(path, "latin1.html", &doc) == EXTRACT_OK,
           "ISO-8859-1 page extracted")) {
        is_str(doc.title, "Économie sociale et solidaire",
               "latin1: title É (0xC9) comes out as UTF-8");
        is_str(doc.pages[0].text,
               "Économie sociale et solidaire\n"
               "Les sociétés coopératives et l’économie du partage, à "
               "Pâques.",
               "latin1: text as UTF-8, 0x92 read as Windows-1252 ’");
        ok(doc_is_utf8(&doc), "latin1: all strings are UTF-8");
        extract_doc_free(&doc);
    }
    g_free(path);

    path = fixture("en-cp1252.html");
    if (ok(run(path, "en-cp1252.html", &doc) == EXTRACT_OK,
           "English page declared windows-1252 by http-equiv extracted")) {
        is_str(doc.title, "The collective’s “annual report”",
               "cp1252: curly quotes 0x92 0x93 0x94 in the title");
        is_str(doc.pages[0].text,
               "Café meeting — résumé of the year \uFFFD… œuvre.",
               "cp1252: undefined 0x81 becomes U+FFFD, the rest survives");
        is_str(doc.date, "2022-11-30", "cp1252: <meta name=date>");
        extract_doc_free(&doc);
    }
    g_free(path);

    path = fixture("nocharset-cp1252.html");
    if (ok(run(path, "nocharset-cp1252.html", &doc) == EXTRACT_OK,
           "page without a charset, not UTF-8, extracted")) {
        is_str(doc.title, "Lettre à l’élu", "no charset: read as cp1252");
        is_str(doc.pages[0].text, "Été 2021\u00A0: œuvre commune, 10\u00A0€.",
               "no charset: É œ € and no-break spaces");
        extract_doc_free(&doc);
    }
    g_free(path);

    static const char c1[] =
        "<html><body><p>L&#146;\xC3\xA9t\xC3\xA9 &amp; "
        "l&#x2019;hiver</p></body></html>";
    char err[256];
    if (ok(extract_html(c1, sizeof c1 - 1, &doc, err, sizeof err)
           == EXTRACT_OK, "UTF-8 page without charset extracted")) {
        is_str(doc.pages[0].text, "L’été & l’hiver",
               "&#146; is read as Windows-1252 ’, as browsers do");
        extract_doc_free(&doc);
    }
}

static void test_html_deep(void)
{
    enum { DEPTH = 20000 };
    GString *page = g_string_new("<html><body>");
    for (int i = 0; i < DEPTH; i++)
        g_string_append(page, "<div><b>");
    g_string_append(page, "profond");
    for (int i = 0; i < DEPTH; i++)
        g_string_append(page, "</b></div>");
    g_string_append(page, "<p>fin</p></body></html>");
    extract_doc doc;
    char err[256];
    extract_status st = extract_html(page->str, page->len, &doc, err,
                                     sizeof err);
    if (ok(st == EXTRACT_OK, "a page nested %d deep is extracted", 2 * DEPTH)) {
        is_str(doc.pages[0].text, "profond\nfin",
               "deep: the innermost text and what follows are kept");
        extract_doc_free(&doc);
    }
    g_string_free(page, TRUE);
}

/* ---- text ---------------------------------------------------------- */

static void test_text(void)
{
    extract_doc doc;
    char *path = fixture("note-cp1252.txt");
    if (ok(run(path, "notes/note-cp1252.txt", &doc) == EXTRACT_OK,
           "Windows-1252 note extracted")) {
        is_str(doc_type_name(doc.type), "text", "cp1252 note: type text");
        is_str(doc.pages[0].text,
               "Note de l’assemblée\r\n\r\n"
               "L’œuvre collective a été présentée. Œuvre, cœur, été.\r\n"
               "Réf\uFFFD 12\r\n",
               "cp1252 note: ’ (0x92) œ (0x9C) Œ (0x8C) é (0xE9) as UTF-8, "
               "0x81 as U+FFFD");
        is_str(doc.title, "Note de l’assemblée",
               "cp1252 note: title is the first line");
        extract_doc_free(&doc);
    }
    g_free(path);

    path = fixture("note.md");
    if (ok(run(path, "note.md", &doc) == EXTRACT_OK, "Markdown extracted")) {
        is_str(doc.title, "Compte rendu du 19 mai 2022",
               "markdown: the first # heading outside code fences, "
               "closing # dropped");
        ok(g_str_has_prefix(doc.pages[0].text, "Préambule sans dièse\n"),
           "markdown: text kept as written");
        ok(contains(doc.pages[0].text, "\nCompte rendu du 19 mai 2022\n") &&
           contains(doc.pages[0].text, "\nSous-titre") &&
           !contains(doc.pages[0].text, "## ") && !contains(doc.pages[0].text, "```"),
           "markdown: headings without their #s, no code fence marks");
        ok(contains(doc.pages[0].text, "# pas un titre"),
           "markdown: a code block is kept as it is");
        extract_doc_free(&doc);
    }
    g_free(path);

    static const char md_inline[] =
        "# Idées\n> « **sans bénévoles**, pas de *kermesse* »\n"
        "| Quand | Quoi |\n|---|---|\n| mars | `vidéo` |\n"
        "Voir [la feuille de route](../feuille.pdf).\n";
    char err0[256];
    if (ok(extract_text(md_inline, sizeof md_inline - 1, &doc, err0, sizeof err0) == EXTRACT_OK,
           "Markdown with inline syntax extracted")) {
        const char *t = doc.pages[0].text;
        ok(contains(t, "« sans bénévoles, pas de kermesse »") && !contains(t, "*") &&
           !contains(t, ">") && !contains(t, "`") && !contains(t, "---"),
           "markdown: no emphasis, quote, code or table-rule marks left");
        ok(contains(t, "Voir la feuille de route.") && !contains(t, "feuille.pdf"),
           "markdown: a link is its text");
        ok(contains(t, "mars") && !contains(t, "|"), "markdown: table cells, no bars");
        extract_doc_free(&doc);
    }

    path = fixture("note-en.txt");
    if (ok(run(path, "note-en.txt", &doc) == EXTRACT_OK,
           "English UTF-8 note with a BOM extracted")) {
        is_str(doc.title, "Meeting notes — spring",
               "English note: first line as title, BOM stripped");
        ok(contains(doc.pages[0].text, "the co-op’s budget"),
           "English note: UTF-8 text kept");
        extract_doc_free(&doc);
    }
    g_free(path);

    char err[256];
    static const char md_csharp[] = "# Notes on C#\nbody\n";
    if (ok(extract_text(md_csharp, sizeof md_csharp - 1, &doc, err,
                        sizeof err) == EXTRACT_OK, "extract_text on memory")) {
        is_str(doc.title, "Notes on C#",
               "markdown: a # glued to a word is not a closing sequence");
        extract_doc_free(&doc);
    }
}

static void test_refused(void)
{
    extract_doc doc;
    char err[256];
    unsigned char bin[512];
    uint32_t x = 12345;
    for (size_t i = 0; i < sizeof bin; i++) {
        x = x * 1103515245u + 12345u;
        bin[i] = (unsigned char)(x >> 16);
    }
    bin[10] = 0;
    const char *path = write_tmp("donnees.txt", bin, sizeof bin);
    is_int(extract_file(path, "donnees.txt", 0, &doc, err, sizeof err),
           EXTRACT_ERR_UNSUPPORTED, "binary data named .txt: unsupported");
    ok(err[0] != '\0' && doc_is_empty(&doc),
       "binary: a detail in err (%s), doc left empty", err);
    is_int(extract_text((const char *)bin, sizeof bin, &doc, err, sizeof err),
           EXTRACT_ERR_UNSUPPORTED, "extract_text refuses binary data itself");

    path = write_tmp("random.pdf", bin, sizeof bin);
    is_int(extract_file(path, "random.pdf", 0, &doc, err, sizeof err),
           EXTRACT_ERR_UNSUPPORTED,
           "random bytes named .pdf: unsupported (detected by content)");
    is_int(extract_pdf((const char *)bin, sizeof bin, &doc, err, sizeof err),
           EXTRACT_ERR_CORRUPT,
           "random bytes given to extract_pdf: corrupt");

    path = write_tmp("vide.txt", "", 0);
    is_int(extract_file(path, "vide.txt", 0, &doc, err, sizeof err),
           EXTRACT_ERR_EMPTY, "empty file: empty");
    path = write_tmp("blancs.txt", " \n\t\r\n", 5);
    is_int(extract_file(path, "blancs.txt", 0, &doc, err, sizeof err),
           EXTRACT_ERR_EMPTY, "white space only: empty");

    path = write_tmp("gros.txt", "Un texte de trente et un octets", 31);
    is_int(extract_file(path, "gros.txt", 30, &doc, err, sizeof err),
           EXTRACT_ERR_TOO_LARGE, "31 bytes over a limit of 30: too large");
    is_int(extract_file(path, "gros.txt", 31, &doc, err, sizeof err),
           EXTRACT_OK, "31 bytes within a limit of 31: extracted");
    extract_doc_free(&doc);

    is_int(extract_file(tmp_path("absent.txt"), "absent.txt", 0, &doc, err,
                        sizeof err),
           EXTRACT_ERR_IO, "missing file: unreadable");
    is_int(extract_file(tmpdir, "dossier", 0, &doc, err, sizeof err),
           EXTRACT_ERR_IO, "a folder: unreadable");
}

/* ---- fallbacks ------------------------------------------------------ */

static void set_mtime(const char *path, time_t t)
{
    struct timeval tv[2] = {{t, 0}, {t, 0}};
    if (utimes(path, tv) != 0)
        diag("utimes %s failed", path);
}

static void test_fallbacks(void)
{
    extract_doc doc;
    GString *line = g_string_new("\n   \n  ");
    for (int i = 0; i < 30; i++)
        g_string_append(line, "économie ");
    g_string_append(line, "\nsuite\n");
    const char *path = write_tmp("long.txt", line->str, line->len);
    set_mtime(path, 951825600);   /* 2000-02-29 12:00:00 UTC */
    if (ok(run(path, "long.txt", &doc) == EXTRACT_OK, "long line note")) {
        long n = g_utf8_strlen(doc.title, -1);
        ok(n <= 120 && n > 100, "title from a 270-character line is cut to "
           "at most 120 characters (%ld)", n);
        ok(g_str_has_prefix(doc.title, "économie économie")
           && g_str_has_suffix(doc.title, "économie"),
           "... at a word boundary, trimmed: '%s'", doc.title);
        is_str(doc.date, "", "no date in the name nor the text: unknown, "
               "not the modification time");
        ok(doc.date_source == NULL, "date_source NULL for an unknown date");
        extract_doc_free(&doc);
    }
    g_string_free(line, TRUE);

    static const char minutes[] = "Collectif Liens Associatifs\n\n"
        "Compte rendu de la réunion du 8 juin 2023\n\nPrésent·es : Fatou, Marc.\n";
    path = write_tmp("cr-reunion.txt", minutes, sizeof minutes - 1);
    set_mtime(path, 951825600);
    if (ok(run(path, "comptes-rendus/cr-reunion.txt", &doc) == EXTRACT_OK, "minutes")) {
        is_str(doc.date, "2023-06-08", "« réunion du 8 juin 2023 » dates the minutes");
        is_str(doc.date_source, "text", "date_source text");
        extract_doc_free(&doc);
    }

    static const char bare[] = "<html><head></head><body> <p> </p></body></html>";
    path = write_tmp("page.html", bare, sizeof bare - 1);
    if (ok(run(path, "archives/2022_CR19_mai.html", &doc) == EXTRACT_OK,
           "a page without title nor text is still extracted")) {
        is_str(doc.title, "2022_CR19_mai",
               "no title, no text: the name without folder and extension");
        is_str(doc.date, "2022-05-19", "date from the name");
        is_str(doc.date_source, "filename", "date_source filename");
        is_int((long long)doc.npages, 1, "one (empty) page");
        extract_doc_free(&doc);
    }
}

/* ---- PDF ------------------------------------------------------------ */

/* A PDF of `npages` pages with the given lines (NULL ends a page), and
 * metadata unless title is NULL. Returns 1 on success. */
static int make_pdf(const char *path, const char *const *lines, int npages,
                    const char *title)
{
    cairo_surface_t *s = cairo_pdf_surface_create(path, 595, 842);
    if (title) {
        cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, title);
        cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_AUTHOR,
                                       "Collectif Fouille");
        cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE,
                                       "2021-11-05T10:30:00+01:00");
    }
    cairo_t *cr = cairo_create(s);
    cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL,
                           CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, 14);
    for (int p = 0; p < npages; p++) {
        for (int y = 80; *lines; lines++, y += 24) {
            cairo_move_to(cr, 60, y);
            cairo_show_text(cr, *lines);
        }
        lines++;
        cairo_show_page(cr);
    }
    cairo_destroy(cr);
    cairo_surface_finish(s);
    int good = cairo_surface_status(s) == CAIRO_STATUS_SUCCESS;
    cairo_surface_destroy(s);
    return good;
}

/* A one-page PDF whose /Encrypt asks for a password nobody knows: its /U
 * entry does not match the empty user password. */
static const char *write_encrypted_pdf(void)
{
    static const char *const objs[] = {
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
        "<< /Filter /Standard /V 1 /R 2 /P -4\n"
        "   /O <0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF>\n"
        "   /U <FEDCBA9876543210FEDCBA9876543210FEDCBA9876543210FEDCBA9876543210> >>",
    };
    GString *pdf = g_string_new("%PDF-1.4\n");
    size_t off[G_N_ELEMENTS(objs)];
    for (size_t i = 0; i < G_N_ELEMENTS(objs); i++) {
        off[i] = pdf->len;
        g_string_append_printf(pdf, "%zu 0 obj\n%s\nendobj\n", i + 1, objs[i]);
    }
    size_t xref = pdf->len;
    g_string_append_printf(pdf, "xref\n0 %zu\n0000000000 65535 f \n",
                           G_N_ELEMENTS(objs) + 1);
    for (size_t i = 0; i < G_N_ELEMENTS(objs); i++)
        g_string_append_printf(pdf, "%010zu 00000 n \n", off[i]);
    g_string_append_printf(pdf,
        "trailer\n<< /Size %zu /Root 1 0 R /Encrypt 4 0 R\n"
        "   /ID [<00112233445566778899AABBCCDDEEFF> "
        "<00112233445566778899AABBCCDDEEFF>] >>\nstartxref\n%zu\n%%%%EOF\n",
        G_N_ELEMENTS(objs) + 1, xref);
    const char *path = write_tmp("chiffre.pdf", pdf->str, pdf->len);
    g_string_free(pdf, TRUE);
    return path;
}

static void test_pdf(void)
{
    static const char *const lines[] = {
        "Compte rendu de l’assemblée générale", "Économie sociale et solidaire",
        NULL,
        "Deuxième page : les coopératives d’habitants", NULL,
        "Troisième page, fin du document", NULL,
    };
    extract_doc doc;
    char err[256];
    const char *path = tmp_path("bulletin.pdf");
    if (!ok(make_pdf(path, lines, 3, "Bulletin de l’association"),
            "cairo wrote a 3-page PDF"))
        return;
    if (ok(run(path, "bulletins/bulletin.pdf", &doc) == EXTRACT_OK,
           "PDF extracted")) {
        is_str(doc_type_name(doc.type), "pdf", "pdf: type pdf");
        is_int((long long)doc.npages, 3, "pdf: one extract_page per page");
        ok(contains(doc.pages[0].text, "Compte rendu de l’assemblée générale")
           && contains(doc.pages[0].text, "Économie sociale et solidaire"),
           "pdf: page 1 text with accents and ’");
        ok(contains(doc.pages[1].text,
                    "Deuxième page : les coopératives d’habitants")
           && !contains(doc.pages[1].text, "Économie"),
           "pdf: page 2 holds its own text only");
        ok(contains(doc.pages[2].text, "Troisième page, fin du document"),
           "pdf: page 3 text");
        is_str(doc.title, "Bulletin de l’association", "pdf: title metadata");
        is_str(doc.author, "Collectif Fouille", "pdf: author metadata");
        is_str(doc.date, "2021-11-05", "pdf: creation date");
        is_str(doc.date_source, "metadata", "pdf: date from metadata");
        ok(doc_is_utf8(&doc), "pdf: all strings are UTF-8");
        extract_doc_free(&doc);
    }

    gchar *bytes = NULL;
    gsize len = 0;
    if (g_file_get_contents(path, &bytes, &len, NULL) && len > 300) {
        const char *cut = write_tmp("tronque.pdf", bytes, 300);
        is_int(extract_file(cut, "tronque.pdf", 0, &doc, err, sizeof err),
               EXTRACT_ERR_CORRUPT, "the first 300 bytes of a PDF: corrupt");
        ok(doc_is_empty(&doc), "truncated: doc left empty (%s)", err);
    }
    g_free(bytes);

    static const char *const blank[] = {NULL};
    const char *scan = tmp_path("scan.pdf");
    if (ok(make_pdf(scan, blank, 1, NULL), "cairo wrote a blank page")) {
        is_int(extract_file(scan, "scan.pdf", 0, &doc, err, sizeof err),
               EXTRACT_ERR_NO_TEXT, "a PDF with only an empty page: no text");
        ok(doc_is_empty(&doc), "no text: doc left empty (%s)", err);
    }

    static const char *const some_blank[] = {NULL, "Annexe", NULL};
    const char *half = tmp_path("annexe.pdf");
    if (ok(make_pdf(half, some_blank, 2, NULL), "cairo wrote 2 pages")
        && ok(run(half, "annexe.pdf", &doc) == EXTRACT_OK,
              "a PDF with one blank page of two is extracted")) {
        is_int((long long)doc.npages, 2, "the blank page still counts");
        is_str(doc.pages[0].text, "", "... as an empty string");
        is_str(doc.title, "Annexe", "no title metadata: the first line");
        extract_doc_free(&doc);
    }

    is_int(extract_file(write_encrypted_pdf(), "chiffre.pdf", 0, &doc, err,
                        sizeof err),
           EXTRACT_ERR_ENCRYPTED, "a password-protected PDF: encrypted");
    ok(doc_is_empty(&doc), "encrypted: doc left empty (%s)", err);
}

/* ---- dates in file names --------------------------------------------- */

static void test_dates(void)
{
    static const struct {
        const char *name, *want;   /* want NULL: no date */
    } cases[] = {
        {"2022-05-19_CR.pdf", "2022-05-19"},
        {"20220519.pdf", "2022-05-19"},
        {"2022_05_19-bureau.txt", "2022-05-19"},
        {"2022-05", "2022-05-01"},
        {"2022_CR19_mai.pdf", "2022-05-19"},
        {"mai-2022.html", "2022-05-01"},
        {"lettre_2021_03.txt", "2021-03-01"},
        {"CR 19 février 2022.pdf", "2022-02-19"},
        {"compte-rendu_fevrier_2022.pdf", "2022-02-01"},
        {"14_juillet_1989.txt", "1989-07-14"},
        {"1er août 2020.txt", "2020-08-01"},
        {"AOUT-2020.txt", "2020-08-01"},
        {"Décembre 2019.pdf", "2019-12-01"},
        {"De\xCC\x81" "cembre 2019.pdf", "2019-12-01"},  /* NFD é */
        {"bulletin-sept-2018.pdf", "2018-09-01"},
        {"bulletin_janv2023.pdf", "2023-01-01"},
        {"19.05.2022 réunion.txt", "2022-05-19"},
        {"minutes 05-19-2022.txt", "2022-05-19"},
        {"report_May_2021.pdf", "2021-05-01"},
        {"newsletter-march-2020.html", "2020-03-01"},
        {"annual-report-2019.pdf", "2019-01-01"},
        {"archives/2018/notes.txt", "2018-01-01"},
        {"2018/CR_2019_mars.txt", "2019-03-01"},
        {"marseille_2020.txt", "2020-01-01"},
        {"mars_2020.txt", "2020-03-01"},
        {"2020-02-29.txt", "2020-02-29"},
        {"2021-02-29.txt", "2021-02-01"},   /* no such day: year and month */
        {"notes.txt", NULL},
        {"CR-mai.txt", NULL},
        {"facture_123456.pdf", NULL},
        {"tel_0612345678.txt", NULL},
        {"1850_archives.txt", NULL},
        {"19.05.22.txt", NULL},
        {"20221345.pdf", NULL},
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        char out[11] = "";
        int found = extract_date_from_name(cases[i].name, out);
        char label[160];
        snprintf(label, sizeof label, "date in name '%s'", cases[i].name);
        if (cases[i].want)
            is_str(found ? out : NULL, cases[i].want, label);
        else
            ok(!found, "%s: none (got %s)", label, found ? out : "none");
    }
}

/* ---- dates at the top of a text ------------------------------------- */

static void test_text_dates(void)
{
    static const struct {
        const char *text, *want;   /* want NULL: no date */
    } cases[] = {
        {"Compte rendu de la réunion du 8 juin 2023", "2023-06-08"},
        {"Paris, le 1er juin 2023\nMadame, Monsieur,", "2023-06-01"},
        {"Réunion du 14 Juillet 1989.", "1989-07-14"},
        {"Assemblée générale du 3 févr. 2022", "2022-02-03"},
        {"du 12 au 14 décembre 2019", "2019-12-14"},
        {"Minutes of the meeting held on June 8, 2023", "2023-06-08"},
        {"Meeting of 8 June 2023", "2023-06-08"},
        {"Réunion du 08/06/2023 à 18 h", "2023-06-08"},
        {"Le 8.6.2023, à Lyon", "2023-06-08"},
        {"Une association loi de 1901", NULL},
        {"Lettre de mai 2023 aux adhérent·es", NULL},
        {"Le 31 juin 2023", NULL},              /* no such day */
        {"Tél. 06 12 34 56 78, salle 8 juin", NULL},
        {"Les 2/3 des 2023 membres", NULL},
        {"Version 8.6.2023a", NULL},
        {"", NULL},
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        char out[11] = "";
        int found = extract_date_from_text(cases[i].text, strlen(cases[i].text), out);
        char label[200];
        snprintf(label, sizeof label, "date in text '%s'", cases[i].text);
        if (cases[i].want)
            is_str(found ? out : NULL, cases[i].want, label);
        else
            ok(!found, "%s: none (got %s)", label, found ? out : "none");
    }
    GString *far = g_string_new(NULL);
    for (int i = 0; i < 400; i++)
        g_string_append(far, "texte ");
    g_string_append(far, "réunion du 8 juin 2023");
    char out[11] = "";
    ok(!extract_date_from_text(far->str, far->len, out),
       "a date after the first 2 KiB does not date the text (got %s)", out);
    g_string_free(far, TRUE);
}

/* extract_read reads a file once, whole; extract_buffer needs nothing
 * more: the file may be gone by then (a PDF is not opened again by path). */
static void test_read_once(void)
{
    static const char *const lines[] = {"Procès-verbal du conseil", NULL};
    extract_doc doc;
    char err[256], *buf = NULL;
    size_t len = 0;
    char *path = g_build_filename(tmpdir, "lu-une-fois.pdf", NULL);
    if (!ok(make_pdf(path, lines, 1, NULL), "cairo wrote a 1-page PDF")) {
        g_free(path);
        return;
    }
    gsize size = 0;
    char *want = NULL;
    g_file_get_contents(path, &want, &size, NULL);
    is_int(extract_read(path, 0, &buf, &len, err, sizeof err), EXTRACT_OK, "read: ok");
    ok(buf && len == size && memcmp(buf, want, len) == 0 && buf[len] == '\0',
       "read: the whole file, NUL-terminated");
    g_remove(path);
    if (ok(extract_buffer(buf, len, "conseil/pv.pdf", &doc, err, sizeof err) == EXTRACT_OK,
           "a PDF extracted from its bytes after its file was removed (%s)", err)) {
        ok(doc.type == DOC_TYPE_PDF && doc.npages == 1 &&
           contains(doc.pages[0].text, "Procès-verbal du conseil"),
           "bytes: the PDF's page and text");
        is_str(doc.title, "Procès-verbal du conseil", "bytes: the fallbacks run too");
    }
    extract_doc_free(&doc);
    g_free(buf);
    g_free(want);
    g_free(path);

    const char *big = write_tmp("gros.pdf", "%PDF-1.4 trente et un octets..", 31);
    buf = (char *)"untouched";
    is_int(extract_read(big, 30, &buf, &len, err, sizeof err), EXTRACT_ERR_TOO_LARGE,
           "read: over max_size, too large");
    ok(buf == NULL && len == 0, "read: nothing read for a file too large");
    const char *empty = write_tmp("vide.pdf", "", 0);
    ok(extract_read(empty, 0, &buf, &len, err, sizeof err) == EXTRACT_OK && len == 0,
       "read: an empty file reads as 0 bytes");
    is_int(extract_buffer(buf, len, "vide.pdf", &doc, err, sizeof err), EXTRACT_ERR_EMPTY,
           "buffer: 0 bytes are an empty file");
    g_free(buf);
}

int main(void)
{
    tmpdir = g_dir_make_tmp("test-extract-XXXXXX", NULL);
    if (!tmpdir) {
        printf("Bail out! no temporary folder\n");
        return 1;
    }
    tmpfiles = g_ptr_array_new_with_free_func(g_free);
    test_names();
    test_detect();
    test_html_article();
    test_html_title_markup();
    test_html_charsets();
    test_html_deep();
    test_text();
    test_refused();
    test_fallbacks();
    test_pdf();
    test_dates();
    test_text_dates();
    test_read_once();
    cleanup();
    return done_testing();
}
