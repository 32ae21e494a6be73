/* mkoffice.c -- write small office documents from mkpdf's text sources.
 *
 * Usage: mkoffice SOURCE OUT.odt|.ods|.odp|.docx|.xlsx|.pptx
 *
 * The source is mkpdf's (tools/mkpdf.c): optional "Title:", "Author:" and
 * "Date:" header lines, "---", then body lines. In a text document (.odt,
 * .docx) a "# " line is a heading (ODF text:h, Word style Heading1) and
 * any other non-empty line a paragraph. In a presentation (.odp, .pptx) a
 * "\f" line starts a new slide, a "# " line is the slide's title (title
 * frame or placeholder) and the other lines its body. In a spreadsheet
 * (.ods, .xlsx) a "# " line starts a sheet of that name and every other
 * line is a row whose cells are separated by " | ". The header becomes the
 * document's metadata (meta.xml, docProps/core.xml); the date at 12:00 UTC.
 *
 * The packages are minimal but well formed: the parts a reader of each
 * format's text needs (mimetype stored first for OpenDocument, manifest,
 * content types and relationships for Office Open XML), nothing for
 * layout. They exist for fouille's tests and sample archive, written by
 * libzip.
 *
 * Design: read the source (header and body lines), then one writer per
 * family builds each XML part into a memory stream (open_memstream) and
 * adds it to the ZIP. Every error is reported on stderr; exit status 1.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#define MAX_LINES 10000

typedef struct {
    const char *title, *author, *date;
    char *lines[MAX_LINES];
    size_t nlines;
} mko_source;

typedef struct {
    char *buf;
    size_t len;
    FILE *f;
} mko_part;

#define NS_OFFICE "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
#define NS_TEXT "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
#define NS_TABLE "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
#define NS_DRAW "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
#define NS_PRES "urn:oasis:names:tc:opendocument:xmlns:presentation:1.0"
#define NS_META "urn:oasis:names:tc:opendocument:xmlns:meta:1.0"
#define NS_DC "http://purl.org/dc/elements/1.1/"
#define NS_W "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define NS_S "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
#define NS_A "http://schemas.openxmlformats.org/drawingml/2006/main"
#define NS_P "http://schemas.openxmlformats.org/presentationml/2006/main"
#define NS_R "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define NS_PKG_REL "http://schemas.openxmlformats.org/package/2006/relationships"
#define REL_DOC NS_R "/officeDocument"
#define XML_DECL "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"

/* ---- the source ---------------------------------------------------------- */

static char *mko_read(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "mkoffice: %s: %s\n", path, strerror(errno));
        return NULL;
    }
    char *buf = NULL;
    size_t cap = 0;
    ssize_t n = getdelim(&buf, &cap, '\0', f);
    fclose(f);
    if (n < 0) {
        free(buf);
        buf = strdup("");
    }
    return buf;
}

static int mko_parse(char *text, mko_source *s)
{
    memset(s, 0, sizeof *s);
    int body = 0;
    for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
        size_t n = strlen(line);
        if (n && line[n - 1] == '\r')
            line[n - 1] = '\0';
        if (!body) {
            if (!strcmp(line, "---"))
                body = 1;
            else if (!strncmp(line, "Title: ", 7))
                s->title = line + 7;
            else if (!strncmp(line, "Author: ", 8))
                s->author = line + 8;
            else if (!strncmp(line, "Date: ", 6))
                s->date = line + 6;
            continue;
        }
        if (s->nlines == MAX_LINES) {
            fprintf(stderr, "mkoffice: more than %d lines\n", MAX_LINES);
            return -1;
        }
        s->lines[s->nlines++] = line;
    }
    if (!body) {
        fprintf(stderr, "mkoffice: no \"---\" line after the header\n");
        return -1;
    }
    return 0;
}

static int is_heading(const char *line) { return !strncmp(line, "# ", 2); }
static int is_break(const char *line)
{
    return !strcmp(line, "\\f") || !strcmp(line, "\f");
}

/* ---- parts -------------------------------------------------------------- */

static FILE *part_open(mko_part *p)
{
    p->buf = NULL;
    p->len = 0;
    p->f = open_memstream(&p->buf, &p->len);
    if (p->f)
        fputs(XML_DECL, p->f);
    return p->f;
}

/* Write s with the five XML characters escaped. */
static void esc(FILE *f, const char *s, size_t n)
{
    for (size_t i = 0; i < n && s[i]; i++) {
        switch (s[i]) {
        case '&': fputs("&amp;", f); break;
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '"': fputs("&quot;", f); break;
        case '\'': fputs("&apos;", f); break;
        default: fputc(s[i], f);
        }
    }
}

static void esc_all(FILE *f, const char *s) { esc(f, s, strlen(s)); }

/* Close the part's stream and add it to z as `name`; 0 or -1. */
static int part_add(zip_t *z, const char *name, mko_part *p, int store)
{
    if (fclose(p->f) != 0)
        return -1;
    zip_source_t *src = zip_source_buffer(z, p->buf, p->len, 1);
    if (!src) {
        free(p->buf);
        return -1;
    }
    zip_int64_t i = zip_file_add(z, name, src, ZIP_FL_ENC_UTF_8);
    if (i < 0) {
        zip_source_free(src);
        return -1;
    }
    if (store)
        zip_set_file_compression(z, (zip_uint64_t)i, ZIP_CM_STORE, 0);
    return 0;
}

/* Part `n` of a family: the part named PREFIXn.xml. */
static int part_add_nth(zip_t *z, const char *prefix, int n, mko_part *p)
{
    char name[64];
    snprintf(name, sizeof name, "%s%d.xml", prefix, n);
    return part_add(z, name, p, 0);
}

/* <tag>text</tag>, the text escaped; nothing when text is NULL. */
static void text_element(FILE *f, const char *tag, const char *text)
{
    if (!text)
        return;
    fprintf(f, "<%s>", tag);
    esc_all(f, text);
    fprintf(f, "</%s>", tag);
}

/* A part holding exactly `text` (no XML declaration). */
static int add_raw(zip_t *z, const char *name, const char *text, int store)
{
    mko_part p = {NULL, 0, NULL};
    p.f = open_memstream(&p.buf, &p.len);
    if (!p.f)
        return -1;
    fputs(text, p.f);
    return part_add(z, name, &p, store);
}

/* ---- OpenDocument --------------------------------------------------------- */

static void odf_body_text(FILE *f, const mko_source *s)
{
    fputs("<office:text>", f);
    for (size_t i = 0; i < s->nlines; i++) {
        const char *l = s->lines[i];
        if (is_heading(l)) {
            fputs("<text:h text:outline-level=\"1\">", f);
            esc_all(f, l + 2);
            fputs("</text:h>\n", f);
        } else if (*l && !is_break(l)) {
            fputs("<text:p>", f);
            esc_all(f, l);
            fputs("</text:p>\n", f);
        }
    }
    fputs("</office:text>", f);
}

static void odf_body_slides(FILE *f, const mko_source *s)
{
    int n = 1, body = 0;
    fprintf(f, "<office:presentation><draw:page draw:name=\"page%d\">", n++);
    for (size_t i = 0; i < s->nlines; i++) {
        const char *l = s->lines[i];
        if ((is_break(l) || is_heading(l)) && body) {
            fputs("</draw:text-box></draw:frame>", f);
            body = 0;
        }
        if (is_break(l)) {
            fprintf(f, "</draw:page>\n<draw:page draw:name=\"page%d\">", n++);
        } else if (is_heading(l)) {
            fputs("<draw:frame presentation:class=\"title\"><draw:text-box><text:p>", f);
            esc_all(f, l + 2);
            fputs("</text:p></draw:text-box></draw:frame>", f);
        } else if (*l) {
            if (!body)
                fputs("<draw:frame presentation:class=\"outline\"><draw:text-box>", f);
            body = 1;
            fputs("<text:p>", f);
            esc_all(f, l);
            fputs("</text:p>", f);
        }
    }
    if (body)
        fputs("</draw:text-box></draw:frame>", f);
    fputs("</draw:page></office:presentation>", f);
}

/* Each cell of a " | "-separated row, through fn. */
static void row_cells(FILE *f, const char *row,
                      void (*fn)(FILE *, const char *, size_t, int), int rownum)
{
    const char *p = row;
    for (;;) {
        const char *sep = strstr(p, " | ");
        size_t n = sep ? (size_t)(sep - p) : strlen(p);
        fn(f, p, n, rownum);
        if (!sep)
            break;
        p = sep + 3;
    }
}

static void ods_cell(FILE *f, const char *cell, size_t n, int rownum)
{
    (void)rownum;
    fputs("<table:table-cell office:value-type=\"string\"><text:p>", f);
    esc(f, cell, n);
    fputs("</text:p></table:table-cell>", f);
}

static void odf_body_sheets(FILE *f, const mko_source *s)
{
    int open = 0, n = 1;
    fputs("<office:spreadsheet>", f);
    for (size_t i = 0; i < s->nlines; i++) {
        const char *l = s->lines[i];
        if (is_heading(l) || !open) {
            if (open)
                fputs("</table:table>\n", f);
            fputs("<table:table table:name=\"", f);
            if (is_heading(l))
                esc_all(f, l + 2);
            else
                fprintf(f, "Feuille%d", n);
            fputs("\">", f);
            open = 1;
            n++;
            if (is_heading(l))
                continue;
        }
        if (!*l)
            continue;
        fputs("<table:table-row>", f);
        row_cells(f, l, ods_cell, 0);
        fputs("</table:table-row>\n", f);
    }
    if (open)
        fputs("</table:table>", f);
    fputs("</office:spreadsheet>", f);
}

static int odf_write(zip_t *z, const mko_source *s, const char *kind)
{
    char mime[96];
    snprintf(mime, sizeof mime, "application/vnd.oasis.opendocument.%s", kind);
    if (add_raw(z, "mimetype", mime, 1) != 0)
        return -1;
    mko_part p;
    FILE *f = part_open(&p);
    if (!f)
        return -1;
    fprintf(f, "<manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:"
            "xmlns:manifest:1.0\" manifest:version=\"1.2\">"
            "<manifest:file-entry manifest:full-path=\"/\" manifest:media-type=\"%s\"/>"
            "<manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/>"
            "<manifest:file-entry manifest:full-path=\"meta.xml\" manifest:media-type=\"text/xml\"/>"
            "</manifest:manifest>\n", mime);
    if (part_add(z, "META-INF/manifest.xml", &p, 0) != 0 || !(f = part_open(&p)))
        return -1;
    fputs("<office:document-content xmlns:office=\"" NS_OFFICE "\" xmlns:text=\"" NS_TEXT
          "\" xmlns:table=\"" NS_TABLE "\" xmlns:draw=\"" NS_DRAW
          "\" xmlns:presentation=\"" NS_PRES "\" office:version=\"1.2\"><office:body>", f);
    if (!strcmp(kind, "text"))
        odf_body_text(f, s);
    else if (!strcmp(kind, "presentation"))
        odf_body_slides(f, s);
    else
        odf_body_sheets(f, s);
    fputs("</office:body></office:document-content>\n", f);
    if (part_add(z, "content.xml", &p, 0) != 0 || !(f = part_open(&p)))
        return -1;
    fputs("<office:document-meta xmlns:office=\"" NS_OFFICE "\" xmlns:meta=\"" NS_META
          "\" xmlns:dc=\"" NS_DC "\" office:version=\"1.2\"><office:meta>"
          "<meta:generator>fouille tools/mkoffice</meta:generator>", f);
    text_element(f, "dc:title", s->title);
    text_element(f, "meta:initial-creator", s->author);
    if (s->date)
        fprintf(f, "<meta:creation-date>%.10sT12:00:00</meta:creation-date>", s->date);
    fputs("</office:meta></office:document-meta>\n", f);
    return part_add(z, "meta.xml", &p, 0);
}

/* ---- Office Open XML ------------------------------------------------------- */

/* [Content_Types].xml, _rels/.rels and docProps/core.xml. */
static int ooxml_package(zip_t *z, const mko_source *s, const char *main_part,
                         const char *main_type, const char *overrides)
{
    mko_part p;
    FILE *f = part_open(&p);
    if (!f)
        return -1;
    fprintf(f, "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
            "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
            "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
            "<Override PartName=\"/%s\" ContentType=\"application/vnd.openxmlformats-officedocument.%s\"/>"
            "<Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>"
            "%s</Types>\n", main_part, main_type, overrides);
    if (part_add(z, "[Content_Types].xml", &p, 0) != 0 || !(f = part_open(&p)))
        return -1;
    fprintf(f, "<Relationships xmlns=\"" NS_PKG_REL "\">"
            "<Relationship Id=\"rId1\" Type=\"" REL_DOC "\" Target=\"%s\"/>"
            "<Relationship Id=\"rId2\" Type=\"" NS_PKG_REL "/metadata/core-properties\" "
            "Target=\"docProps/core.xml\"/></Relationships>\n", main_part);
    if (part_add(z, "_rels/.rels", &p, 0) != 0 || !(f = part_open(&p)))
        return -1;
    fputs("<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/"
          "metadata/core-properties\" xmlns:dc=\"" NS_DC "\" xmlns:dcterms=\"http://purl.org/"
          "dc/terms/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">", f);
    text_element(f, "dc:title", s->title);
    text_element(f, "dc:creator", s->author);
    if (s->date)
        fprintf(f, "<dcterms:created xsi:type=\"dcterms:W3CDTF\">%.10sT12:00:00Z"
                "</dcterms:created>", s->date);
    fputs("</cp:coreProperties>\n", f);
    return part_add(z, "docProps/core.xml", &p, 0);
}

/* Part n of a family (a slide, a worksheet) of the main part in folder
 * `dir`: its relationship in the main part's rels, its Override (content
 * type) appended to `overrides` for ooxml_package. */
static void ooxml_member(FILE *rels, char *overrides, size_t cap, int n,
                         const char *dir, const char *folder, const char *name,
                         const char *rel, const char *type)
{
    size_t len = strlen(overrides);
    fprintf(rels, "<Relationship Id=\"rId%d\" Type=\"" NS_R "/%s\" "
            "Target=\"%s/%s%d.xml\"/>", n, rel, folder, name, n);
    snprintf(overrides + len, cap - len,
             "<Override PartName=\"/%s/%s/%s%d.xml\" ContentType=\"application/"
             "vnd.openxmlformats-officedocument.%s\"/>", dir, folder, name, n, type);
}

static void docx_para(FILE *f, const char *text, int heading)
{
    fputs("<w:p>", f);
    if (heading)
        fputs("<w:pPr><w:pStyle w:val=\"Heading1\"/></w:pPr>", f);
    fputs("<w:r><w:t xml:space=\"preserve\">", f);
    esc_all(f, text);
    fputs("</w:t></w:r></w:p>\n", f);
}

static int docx_write(zip_t *z, const mko_source *s)
{
    if (ooxml_package(z, s, "word/document.xml",
                      "wordprocessingml.document.main+xml", "") != 0)
        return -1;
    mko_part p;
    FILE *f = part_open(&p);
    if (!f)
        return -1;
    fputs("<w:document xmlns:w=\"" NS_W "\"><w:body>", f);
    for (size_t i = 0; i < s->nlines; i++) {
        const char *l = s->lines[i];
        if (*l && !is_break(l))
            docx_para(f, is_heading(l) ? l + 2 : l, is_heading(l));
    }
    fputs("</w:body></w:document>\n", f);
    return part_add(z, "word/document.xml", &p, 0);
}

static void pptx_shape(FILE *f, int id, int title)
{
    fprintf(f, "<p:sp><p:nvSpPr><p:cNvPr id=\"%d\" name=\"%s\"/><p:cNvSpPr/><p:nvPr>",
            id, title ? "Titre" : "Texte");
    fputs(title ? "<p:ph type=\"title\"/>" : "<p:ph idx=\"1\"/>", f);
    fputs("</p:nvPr></p:nvSpPr><p:spPr/><p:txBody><a:bodyPr/>", f);
}

/* One slide from lines [from, to). */
static int pptx_slide(zip_t *z, const mko_source *s, size_t from, size_t to, int n)
{
    mko_part p;
    FILE *f = part_open(&p);
    if (!f)
        return -1;
    fputs("<p:sld xmlns:p=\"" NS_P "\" xmlns:a=\"" NS_A "\" xmlns:r=\"" NS_R "\">"
          "<p:cSld><p:spTree>", f);
    int body = 0, id = 2;
    for (size_t i = from; i < to; i++) {
        const char *l = s->lines[i];
        if (!*l)
            continue;
        if (is_heading(l) || !body) {
            if (body)
                fputs("</p:txBody></p:sp>", f);
            pptx_shape(f, id++, is_heading(l));
            body = !is_heading(l);
        }
        fputs("<a:p><a:r><a:t>", f);
        esc_all(f, is_heading(l) ? l + 2 : l);
        fputs("</a:t></a:r></a:p>", f);
        if (is_heading(l))
            fputs("</p:txBody></p:sp>", f);
    }
    if (body)
        fputs("</p:txBody></p:sp>", f);
    fputs("</p:spTree></p:cSld></p:sld>\n", f);
    return part_add_nth(z, "ppt/slides/slide", n, &p);
}

static int pptx_write(zip_t *z, const mko_source *s)
{
    int n = 0;
    size_t from = 0;
    char overrides[8192] = "";
    mko_part pres, rels;
    FILE *fp = part_open(&pres), *fr = part_open(&rels);
    if (!fp || !fr)
        return -1;
    fputs("<p:presentation xmlns:p=\"" NS_P "\" xmlns:r=\"" NS_R "\"><p:sldIdLst>", fp);
    fputs("<Relationships xmlns=\"" NS_PKG_REL "\">", fr);
    for (size_t i = 0; i <= s->nlines; i++) {
        if (i < s->nlines && !is_break(s->lines[i]))
            continue;
        n++;
        if (pptx_slide(z, s, from, i, n) != 0)
            return -1;
        fprintf(fp, "<p:sldId id=\"%d\" r:id=\"rId%d\"/>", 255 + n, n);
        ooxml_member(fr, overrides, sizeof overrides, n, "ppt", "slides", "slide",
                     "slide", "presentationml.slide+xml");
        from = i + 1;
    }
    fputs("</p:sldIdLst></p:presentation>\n", fp);
    fputs("</Relationships>\n", fr);
    if (part_add(z, "ppt/presentation.xml", &pres, 0) != 0
        || part_add(z, "ppt/_rels/presentation.xml.rels", &rels, 0) != 0)
        return -1;
    return ooxml_package(z, s, "ppt/presentation.xml",
                         "presentationml.presentation.main+xml", overrides);
}

/* XLSX: every cell a shared string; the strings part and the column of
 * the cell being written, shared with xlsx_cell (row_cells' callback). */
typedef struct {
    FILE *sst;
    int count, col;
} xlsx_strings;

static xlsx_strings *xlsx_cur;

static void xlsx_cell(FILE *f, const char *cell, size_t n, int rownum)
{
    fprintf(f, "<c r=\"%c%d\" t=\"s\"><v>%d</v></c>", 'A' + (xlsx_cur->col++ % 26),
            rownum, xlsx_cur->count++);
    fputs("<si><t xml:space=\"preserve\">", xlsx_cur->sst);
    esc(xlsx_cur->sst, cell, n);
    fputs("</t></si>", xlsx_cur->sst);
}

/* Sheet n from lines [from, to). */
static int xlsx_sheet(zip_t *z, const mko_source *s, size_t from, size_t to, int n)
{
    mko_part p;
    FILE *f = part_open(&p);
    if (!f)
        return -1;
    fputs("<worksheet xmlns=\"" NS_S "\"><sheetData>", f);
    int row = 1;
    for (size_t i = from; i < to; i++) {
        if (!*s->lines[i])
            continue;
        fprintf(f, "<row r=\"%d\">", row);
        xlsx_cur->col = 0;
        row_cells(f, s->lines[i], xlsx_cell, row++);
        fputs("</row>", f);
    }
    fputs("</sheetData></worksheet>\n", f);
    return part_add_nth(z, "xl/worksheets/sheet", n, &p);
}

static int xlsx_write(zip_t *z, const mko_source *s)
{
    mko_part wb, rels, sst;
    xlsx_strings strings = {part_open(&sst), 0, 0};
    FILE *fw = part_open(&wb), *fr = part_open(&rels);
    if (!fw || !fr || !strings.sst)
        return -1;
    xlsx_cur = &strings;
    fputs("<sst xmlns=\"" NS_S "\">", strings.sst);
    fputs("<workbook xmlns=\"" NS_S "\" xmlns:r=\"" NS_R "\"><sheets>", fw);
    fputs("<Relationships xmlns=\"" NS_PKG_REL "\">", fr);
    int n = 0;
    char overrides[8192] = "";
    size_t i = 0;
    do {
        const char *name = NULL;
        if (i < s->nlines && is_heading(s->lines[i]))
            name = s->lines[i++] + 2;
        size_t from = i;
        while (i < s->nlines && !is_heading(s->lines[i]))
            i++;
        n++;
        fputs("<sheet name=\"", fw);
        if (name)
            esc_all(fw, name);
        else
            fprintf(fw, "Feuille%d", n);
        fprintf(fw, "\" sheetId=\"%d\" r:id=\"rId%d\"/>", n, n);
        ooxml_member(fr, overrides, sizeof overrides, n, "xl", "worksheets", "sheet",
                     "worksheet", "spreadsheetml.worksheet+xml");
        if (xlsx_sheet(z, s, from, i, n) != 0)
            return -1;
    } while (i < s->nlines);
    fputs("</sheets></workbook>\n", fw);
    fputs("</Relationships>\n", fr);
    fputs("</sst>\n", strings.sst);
    if (part_add(z, "xl/workbook.xml", &wb, 0) != 0
        || part_add(z, "xl/_rels/workbook.xml.rels", &rels, 0) != 0
        || part_add(z, "xl/sharedStrings.xml", &sst, 0) != 0)
        return -1;
    return ooxml_package(z, s, "xl/workbook.xml", "spreadsheetml.sheet.main+xml",
                         overrides);
}

/* ---- main ---------------------------------------------------------------------- */

static int mko_write(const char *out, const mko_source *s)
{
    const char *dot = strrchr(out, '.');
    if (!dot) {
        fprintf(stderr, "mkoffice: %s: no extension\n", out);
        return -1;
    }
    int err;
    zip_t *z = zip_open(out, ZIP_CREATE | ZIP_TRUNCATE, &err);
    if (!z) {
        fprintf(stderr, "mkoffice: %s: cannot create (libzip error %d)\n", out, err);
        return -1;
    }
    int rc;
    if (!strcmp(dot, ".odt"))
        rc = odf_write(z, s, "text");
    else if (!strcmp(dot, ".ods"))
        rc = odf_write(z, s, "spreadsheet");
    else if (!strcmp(dot, ".odp"))
        rc = odf_write(z, s, "presentation");
    else if (!strcmp(dot, ".docx"))
        rc = docx_write(z, s);
    else if (!strcmp(dot, ".xlsx"))
        rc = xlsx_write(z, s);
    else if (!strcmp(dot, ".pptx"))
        rc = pptx_write(z, s);
    else {
        fprintf(stderr, "mkoffice: %s: not .odt .ods .odp .docx .xlsx .pptx\n", out);
        rc = -1;
    }
    if (rc != 0) {
        zip_discard(z);
        fprintf(stderr, "mkoffice: %s: cannot write a part\n", out);
        return -1;
    }
    if (zip_close(z) != 0) {
        fprintf(stderr, "mkoffice: %s: %s\n", out, zip_strerror(z));
        zip_discard(z);
        return -1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: mkoffice SOURCE OUT.odt|.ods|.odp|.docx|.xlsx|.pptx\n");
        return 2;
    }
    char *text = mko_read(argv[1]);
    if (!text)
        return 1;
    mko_source s;
    int rc = mko_parse(text, &s);
    if (rc == 0)
        rc = mko_write(argv[2], &s);
    free(text);
    if (rc)
        remove(argv[2]);
    return rc ? 1 : 0;
}
