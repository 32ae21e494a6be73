/* extract_office.c -- OpenDocument and Office Open XML documents.
 *
 * Design: a ZIP package (extract_zip.c reads its parts within bounds) is
 * recognised by its content: a "mimetype" member naming an OpenDocument
 * text, spreadsheet or presentation; else a "[Content_Types].xml" with the
 * main part of a Word, Excel or PowerPoint file at its usual name
 * (word/document.xml, xl/workbook.xml, ppt/presentation.xml). Anything else
 * in a ZIP is EXTRACT_ERR_UNSUPPORTED.
 *
 * Each XML part is read once by libxml2's streaming reader (xmlTextReader:
 * no tree is built) and a small grammar per family says what its elements
 * mean: where a paragraph ends, which text is a heading (ODF text:h and
 * title frames, Word paragraph styles Heading/Titre/Title and outline
 * levels, PowerPoint title placeholders, sheet names), what is skipped
 * (ODF tracked changes, Word field codes and deleted text, Excel phonetic
 * guides), and, for Office Open XML, that only the text of its <t>
 * elements counts. Headings also stay in the text, like HTML headings.
 * Presentations give one page a slide (ODP draw:page; PPTX slides in the
 * order of ppt/presentation.xml's slide list, through its relationships,
 * else of the N of slideN.xml); documents and spreadsheets one page. Metadata come from
 * meta.xml or docProps/core.xml: title, author (ODF's initial creator
 * before its last editor), description (or subject), and the creation
 * date, else the last modification.
 *
 * Hostile XML: the reader never loads a DTD, never substitutes entities
 * (no XML_PARSE_NOENT) and keeps libxml2's default limits (no
 * XML_PARSE_HUGE); a part that declares a DTD at all is refused (office
 * formats have none, a billion-laughs file needs one), and so is one
 * nested deeper than OFFICE_MAX_DEPTH. The text kept is bounded by
 * OFFICE_MAX_TEXT, past which it is cut.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <libxml/xmlreader.h>

#include "extract.h"
#include "extract_private.h"

#define OFFICE_MAX_DEPTH 256
#define OFFICE_MAX_TEXT (64u * 1024 * 1024)
#define OFFICE_MAX_SLIDES 5000

#define NS_ODF_TEXT   "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
#define NS_ODF_TABLE  "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
#define NS_ODF_DRAW   "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
#define NS_ODF_PRES   "urn:oasis:names:tc:opendocument:xmlns:presentation:1.0"
#define NS_ODF_OFFICE "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
#define NS_ODF_META   "urn:oasis:names:tc:opendocument:xmlns:meta:1.0"
#define NS_W   "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define NS_S   "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
#define NS_A   "http://schemas.openxmlformats.org/drawingml/2006/main"
#define NS_P   "http://schemas.openxmlformats.org/presentationml/2006/main"
#define NS_R   "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define NS_RELS "http://schemas.openxmlformats.org/package/2006/relationships"
#define NS_DC  "http://purl.org/dc/elements/1.1/"
#define NS_DCTERMS "http://purl.org/dc/terms/"

typedef enum { FAM_ODF, FAM_DOCX, FAM_XLSX, FAM_PPTX } office_family;

/* Metadata slots, in order of preference within a field. */
enum { M_TITLE, M_AUTHOR, M_AUTHOR2, M_DESC, M_DESC2, M_DATE, M_DATE2, M_COUNT };

/* What the walk of the parts builds. */
typedef struct {
    GPtrArray *pages;         /* finished pages (g_malloc'd strings) */
    GString *page;            /* the page being written */
    GString *headings;        /* one a line */
    GString *heading;         /* the heading being read */
    int heading_depth;        /* depth of the element that opened it; -1 */
    int skip_depth;           /* root of a subtree skipped; -1 */
    int capture_depth;        /* OOXML: the <t> being read; -1 */
    int mark_depth;           /* per grammar: a run, a shape, a string; -1 */
    int meta_slot;            /* metadata: the slot being read; -1 */
    char *meta[M_COUNT];
    void *ud;                 /* a grammar's own state (slide order) */
    size_t total;             /* bytes of text kept */
    int full;                 /* OFFICE_MAX_TEXT reached */
} office_text;

/* A family's reading of its elements (ns, local name, depth). */
typedef struct {
    void (*start)(office_text *t, xmlTextReaderPtr r, const char *ns,
                  const char *name, int depth);
    void (*end)(office_text *t, const char *ns, const char *name, int depth);
    int all_text;             /* every text node counts, not only <t>'s */
} office_grammar;

/* ---- the text being built -------------------------------------------- */

static void office_text_init(office_text *t)
{
    memset(t, 0, sizeof *t);
    t->pages = g_ptr_array_new_with_free_func(g_free);
    t->page = g_string_new("");
    t->headings = g_string_new("");
    t->heading = g_string_new("");
    t->heading_depth = t->skip_depth = t->capture_depth = -1;
    t->mark_depth = t->meta_slot = -1;
}

static void office_text_free(office_text *t)
{
    g_ptr_array_free(t->pages, TRUE);
    g_string_free(t->page, TRUE);
    g_string_free(t->headings, TRUE);
    g_string_free(t->heading, TRUE);
    for (int i = 0; i < M_COUNT; i++)
        g_free(t->meta[i]);
}

static void office_put(office_text *t, const char *s)
{
    size_t n = strlen(s);
    if (t->full || t->total + n > OFFICE_MAX_TEXT) {
        t->full = 1;
        return;
    }
    t->total += n;
    g_string_append_len(t->page, s, (gssize)n);
    if (t->heading_depth >= 0)
        g_string_append_len(t->heading, s, (gssize)n);
}

static void office_add_heading(office_text *t, const char *text)
{
    char *h = extract_collapse_ws(text, -1);
    if (h && t->headings->len + strlen(h) < OFFICE_MAX_TEXT / 8) {
        g_string_append(t->headings, h);
        g_string_append_c(t->headings, '\n');
    }
    g_free(h);
}

static void office_heading_begin(office_text *t, int depth)
{
    if (t->heading_depth >= 0 || depth < 0)
        return;
    t->heading_depth = depth;
    g_string_truncate(t->heading, 0);
}

static void office_new_page(office_text *t)
{
    if (t->pages->len >= OFFICE_MAX_SLIDES)
        return;
    g_ptr_array_add(t->pages, g_string_free(t->page, FALSE));
    t->page = g_string_new("");
}

static int is_ns(const char *ns, const char *want, const char *name,
                 const char *local)
{
    return strcmp(ns, want) == 0 && strcmp(name, local) == 0;
}

/* An attribute's value by namespace and local name (xmlFree it). */
static char *office_attr(xmlTextReaderPtr r, const char *ns, const char *name)
{
    return (char *)xmlTextReaderGetAttributeNs(r, (const xmlChar *)name,
                                               (const xmlChar *)ns);
}

/* ---- the families' grammars -------------------------------------------- */

static void odf_start(office_text *t, xmlTextReaderPtr r, const char *ns,
                      const char *name, int depth)
{
    if (strcmp(ns, NS_ODF_TEXT) == 0) {
        if (strcmp(name, "h") == 0)
            office_heading_begin(t, depth);
        else if (strcmp(name, "s") == 0)
            office_put(t, " ");
        else if (strcmp(name, "tab") == 0)
            office_put(t, "\t");
        else if (strcmp(name, "line-break") == 0)
            office_put(t, "\n");
        else if (strcmp(name, "tracked-changes") == 0)
            t->skip_depth = depth;
    } else if (is_ns(ns, NS_ODF_DRAW, name, "frame")) {
        char *cls = office_attr(r, NS_ODF_PRES, "class");
        if (cls && strcmp(cls, "title") == 0)
            office_heading_begin(t, depth);
        xmlFree(cls);
    } else if (is_ns(ns, NS_ODF_TABLE, name, "table")) {
        char *sheet = office_attr(r, NS_ODF_TABLE, "name");
        if (sheet)
            office_add_heading(t, sheet);
        xmlFree(sheet);
    } else if (is_ns(ns, NS_ODF_OFFICE, name, "scripts")
               || is_ns(ns, NS_ODF_OFFICE, name, "forms")) {
        t->skip_depth = depth;
    }
}

static void odf_end(office_text *t, const char *ns, const char *name, int depth)
{
    (void)depth;
    if (strcmp(ns, NS_ODF_TEXT) == 0
        && (strcmp(name, "p") == 0 || strcmp(name, "h") == 0))
        office_put(t, "\n");
    else if (is_ns(ns, NS_ODF_TABLE, name, "table-cell"))
        office_put(t, "\t");
    else if (is_ns(ns, NS_ODF_TABLE, name, "table-row"))
        office_put(t, "\n");
    else if (is_ns(ns, NS_ODF_DRAW, name, "page"))
        office_new_page(t);
}

/* A Word paragraph style that is a heading: Heading1, Titre2, Title. */
static int docx_heading_style(const char *style)
{
    static const char *const prefixes[] = {"heading", "titre", "title"};
    for (size_t i = 0; i < G_N_ELEMENTS(prefixes); i++)
        if (g_ascii_strncasecmp(style, prefixes[i], strlen(prefixes[i])) == 0)
            return 1;
    return 0;
}

/* Word: <w:p><w:pPr><w:pStyle w:val=…/>…</w:pPr><w:r><w:t>…</w:t></w:r></w:p>;
 * mark_depth is the run being read (tabs and breaks count only there). */
static void docx_start(office_text *t, xmlTextReaderPtr r, const char *ns,
                       const char *name, int depth)
{
    if (strcmp(ns, NS_W) != 0)
        return;
    if (strcmp(name, "t") == 0) {
        t->capture_depth = depth;
    } else if (strcmp(name, "r") == 0) {
        t->mark_depth = depth;
    } else if (t->mark_depth >= 0 && strcmp(name, "tab") == 0) {
        office_put(t, "\t");
    } else if (t->mark_depth >= 0
               && (strcmp(name, "br") == 0 || strcmp(name, "cr") == 0)) {
        office_put(t, "\n");
    } else if (strcmp(name, "pStyle") == 0) {
        char *style = office_attr(r, NS_W, "val");
        if (style && docx_heading_style(style))
            office_heading_begin(t, depth - 2);
        xmlFree(style);
    } else if (strcmp(name, "outlineLvl") == 0) {
        office_heading_begin(t, depth - 2);
    }
}

static void docx_end(office_text *t, const char *ns, const char *name, int depth)
{
    if (strcmp(ns, NS_W) != 0)
        return;
    if (strcmp(name, "p") == 0)
        office_put(t, "\n");
    else if (strcmp(name, "r") == 0 && depth == t->mark_depth)
        t->mark_depth = -1;
}

/* Excel: the shared strings (<si>), inline strings (<is>) and the sheet
 * names of the workbook; phonetic guides (<rPh>) skipped. */
static void xlsx_start(office_text *t, xmlTextReaderPtr r, const char *ns,
                       const char *name, int depth)
{
    if (strcmp(ns, NS_S) != 0)
        return;
    if (strcmp(name, "t") == 0) {
        t->capture_depth = depth;
    } else if (strcmp(name, "rPh") == 0) {
        t->skip_depth = depth;
    } else if (strcmp(name, "sheet") == 0) {
        char *sheet = (char *)xmlTextReaderGetAttribute(r, (const xmlChar *)"name");
        if (sheet)
            office_add_heading(t, sheet);
        xmlFree(sheet);
    }
}

static void xlsx_end(office_text *t, const char *ns, const char *name, int depth)
{
    (void)depth;
    if (strcmp(ns, NS_S) == 0 && (strcmp(name, "si") == 0 || strcmp(name, "is") == 0))
        office_put(t, "\n");
}

/* PowerPoint: <p:sp> shapes; one whose placeholder is a title is a
 * heading (mark_depth is the shape being read). */
static void pptx_start(office_text *t, xmlTextReaderPtr r, const char *ns,
                       const char *name, int depth)
{
    if (is_ns(ns, NS_A, name, "t")) {
        t->capture_depth = depth;
    } else if (is_ns(ns, NS_A, name, "br")) {
        office_put(t, "\n");
    } else if (is_ns(ns, NS_P, name, "sp")) {
        t->mark_depth = depth;
    } else if (is_ns(ns, NS_P, name, "ph") && t->mark_depth >= 0) {
        char *type = (char *)xmlTextReaderGetAttribute(r, (const xmlChar *)"type");
        if (type && (strcmp(type, "title") == 0 || strcmp(type, "ctrTitle") == 0))
            office_heading_begin(t, t->mark_depth);
        xmlFree(type);
    }
}

static void pptx_end(office_text *t, const char *ns, const char *name, int depth)
{
    if (is_ns(ns, NS_A, name, "p"))
        office_put(t, "\n");
    else if (is_ns(ns, NS_P, name, "sp") && depth == t->mark_depth)
        t->mark_depth = -1;
}

/* Metadata (meta.xml, docProps/core.xml): the text of a few elements. */
static const struct {
    const char *ns, *name;
    int slot;
} office_meta_fields[] = {
    {NS_DC, "title", M_TITLE},
    {NS_ODF_META, "initial-creator", M_AUTHOR},
    {NS_DC, "creator", M_AUTHOR2},
    {NS_DC, "description", M_DESC},
    {NS_DC, "subject", M_DESC2},
    {NS_ODF_META, "creation-date", M_DATE},
    {NS_DCTERMS, "created", M_DATE},
    {NS_DC, "date", M_DATE2},
    {NS_DCTERMS, "modified", M_DATE2},
};

static void meta_start(office_text *t, xmlTextReaderPtr r, const char *ns,
                       const char *name, int depth)
{
    (void)r;
    for (size_t i = 0; i < G_N_ELEMENTS(office_meta_fields); i++) {
        if (is_ns(ns, office_meta_fields[i].ns, name, office_meta_fields[i].name)) {
            t->meta_slot = office_meta_fields[i].slot;
            t->capture_depth = depth;
            g_string_truncate(t->page, 0);
        }
    }
}

static void meta_end(office_text *t, const char *ns, const char *name, int depth)
{
    (void)ns;
    (void)name;
    if (t->meta_slot < 0 || depth != t->capture_depth)
        return;
    if (!t->meta[t->meta_slot])
        t->meta[t->meta_slot] = extract_collapse_ws(t->page->str, (long)t->page->len);
    g_string_truncate(t->page, 0);
    t->meta_slot = -1;
}

/* PowerPoint's slide order: the relationships of presentation.xml (Id ->
 * Target) and its slide list (r:id, in order), in a pptx_order. */
typedef struct {
    GHashTable *rels;         /* Id -> Target (g_malloc'd both) */
    GPtrArray *ids;           /* r:id of each slide, in order */
} pptx_order;

static void order_start(office_text *t, xmlTextReaderPtr r, const char *ns,
                        const char *name, int depth)
{
    (void)depth;
    pptx_order *o = t->ud;
    if (is_ns(ns, NS_RELS, name, "Relationship")) {
        char *id = (char *)xmlTextReaderGetAttribute(r, (const xmlChar *)"Id");
        char *target = (char *)xmlTextReaderGetAttribute(r, (const xmlChar *)"Target");
        if (id && target && g_hash_table_size(o->rels) < OFFICE_MAX_SLIDES * 2)
            g_hash_table_insert(o->rels, g_strdup(id), g_strdup(target));
        xmlFree(id);
        xmlFree(target);
    } else if (is_ns(ns, NS_P, name, "sldId") && o->ids->len < OFFICE_MAX_SLIDES) {
        char *id = office_attr(r, NS_R, "id");
        if (id)
            g_ptr_array_add(o->ids, g_strdup(id));
        xmlFree(id);
    }
}

static void order_end(office_text *t, const char *ns, const char *name, int depth)
{
    (void)t;
    (void)ns;
    (void)name;
    (void)depth;
}

static const office_grammar grammar_odf = {odf_start, odf_end, 1};
static const office_grammar grammar_order = {order_start, order_end, 0};
static const office_grammar grammar_docx = {docx_start, docx_end, 0};
static const office_grammar grammar_xlsx = {xlsx_start, xlsx_end, 0};
static const office_grammar grammar_pptx = {pptx_start, pptx_end, 0};
static const office_grammar grammar_meta = {meta_start, meta_end, 0};

/* ---- the walk ------------------------------------------------------------ */

static void office_end(office_text *t, const office_grammar *g, const char *ns,
                       const char *name, int depth)
{
    if (t->skip_depth >= 0) {
        if (depth == t->skip_depth)
            t->skip_depth = -1;
        return;
    }
    g->end(t, ns, name, depth);
    if (depth == t->capture_depth)
        t->capture_depth = -1;
    if (depth == t->heading_depth) {
        office_add_heading(t, t->heading->str);
        t->heading_depth = -1;
    }
}

/* Walk one XML part with grammar g. */
static extract_status office_walk(const char *xml, size_t len, const char *part,
                                  const office_grammar *g, office_text *t,
                                  char *err, size_t errlen)
{
    xmlTextReaderPtr r = xmlReaderForMemory(xml, (int)len, NULL, NULL,
                                            XML_PARSE_NONET | XML_PARSE_NOERROR
                                            | XML_PARSE_NOWARNING);
    if (!r) {
        snprintf(err, errlen, "%s: cannot read its XML", part);
        return EXTRACT_ERR_CORRUPT;
    }
    const char *why = NULL;
    int rc;
    while (!why && (rc = xmlTextReaderRead(r)) == 1 && !t->full) {
        int type = xmlTextReaderNodeType(r), depth = xmlTextReaderDepth(r);
        const char *ns = (const char *)xmlTextReaderConstNamespaceUri(r);
        const char *name = (const char *)xmlTextReaderConstLocalName(r);
        ns = ns ? ns : "";
        name = name ? name : "";
        if (type == XML_READER_TYPE_DOCUMENT_TYPE)
            why = "declares a DTD, which office XML never does";
        else if (depth > OFFICE_MAX_DEPTH)
            why = "nested too deep";
        else if (type == XML_READER_TYPE_ELEMENT) {
            if (t->skip_depth < 0)
                g->start(t, r, ns, name, depth);
            if (xmlTextReaderIsEmptyElement(r))
                office_end(t, g, ns, name, depth);
        } else if (type == XML_READER_TYPE_END_ELEMENT) {
            office_end(t, g, ns, name, depth);
        } else if ((type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA
                    || type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE)
                   && t->skip_depth < 0 && (g->all_text || t->capture_depth >= 0)) {
            const char *v = (const char *)xmlTextReaderConstValue(r);
            office_put(t, v ? v : "");
        }
    }
    if (!why && rc < 0)
        why = "malformed XML";
    xmlFreeTextReader(r);
    if (why) {
        snprintf(err, errlen, "%s: %s", part, why);
        return EXTRACT_ERR_CORRUPT;
    }
    return EXTRACT_OK;
}

/* Read and walk one part; a missing part is no error when !required. */
static extract_status office_part(extract_zip *z, const char *part, int required,
                                  const office_grammar *g, office_text *t,
                                  char *err, size_t errlen)
{
    size_t len;
    extract_status st;
    char *xml = extract_zip_read(z, part, &len, &st, err, errlen);
    if (!xml) {
        if (st == EXTRACT_OK && required) {
            snprintf(err, errlen, "office document without its %s", part);
            st = EXTRACT_ERR_CORRUPT;
        }
        return st;
    }
    st = office_walk(xml, len, part, g, t, err, errlen);
    g_free(xml);
    return st;
}

/* ---- the families ---------------------------------------------------------- */

/* The OpenDocument kind named by the "mimetype" member, or UNKNOWN. */
static doc_type odf_kind(extract_zip *z)
{
    static const struct { const char *mime; doc_type type; } kinds[] = {
        {"application/vnd.oasis.opendocument.text", DOC_TYPE_DOCUMENT},
        {"application/vnd.oasis.opendocument.spreadsheet", DOC_TYPE_SPREADSHEET},
        {"application/vnd.oasis.opendocument.presentation", DOC_TYPE_PRESENTATION},
    };
    size_t len;
    extract_status st;
    char err[8];
    char *mime = extract_zip_read(z, "mimetype", &len, &st, err, sizeof err);
    doc_type type = DOC_TYPE_UNKNOWN;
    for (size_t i = 0; mime && i < G_N_ELEMENTS(kinds); i++) {
        size_t n = strlen(kinds[i].mime);
        /* "-template" and "-master" variants read the same way */
        if (len >= n && strncmp(mime, kinds[i].mime, n) == 0
            && (mime[n] == '\0' || mime[n] == '-' || g_ascii_isspace(mime[n])))
            type = kinds[i].type;
    }
    g_free(mime);
    return type;
}

/* Slide number of "ppt/slides/slideN.xml", 0 for any other name. */
static unsigned pptx_slide_number(const char *name)
{
    static const char prefix[] = "ppt/slides/slide";
    if (!name || strncmp(name, prefix, sizeof prefix - 1) != 0)
        return 0;
    const char *p = name + sizeof prefix - 1;
    char *end;
    unsigned long n = strtoul(p, &end, 10);
    if (end == p || strcmp(end, ".xml") != 0 || n == 0 || n > OFFICE_MAX_SLIDES)
        return 0;
    return (unsigned)n;
}

static gint cmp_uint(gconstpointer a, gconstpointer b)
{
    unsigned x = *(const unsigned *)a, y = *(const unsigned *)b;
    return (x > y) - (x < y);
}

/* The slides' part names in the presentation's order (see pptx_order),
 * or NULL when its slide list or relationships are missing, or name a
 * part that is not there: then the order of the file names is used. */
static GPtrArray *pptx_slide_order(extract_zip *z)
{
    pptx_order o = {g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free),
                    g_ptr_array_new_with_free_func(g_free)};
    GPtrArray *parts = g_ptr_array_new_with_free_func(g_free);
    office_text t;
    char err[200];
    office_text_init(&t);
    t.ud = &o;
    int ok = office_part(z, "ppt/_rels/presentation.xml.rels", 1, &grammar_order,
                         &t, err, sizeof err) == EXTRACT_OK
             && office_part(z, "ppt/presentation.xml", 1, &grammar_order, &t, err,
                            sizeof err) == EXTRACT_OK;
    for (guint i = 0; ok && i < o.ids->len; i++) {
        const char *target = g_hash_table_lookup(o.rels, g_ptr_array_index(o.ids, i));
        char *part = !target ? NULL : target[0] == '/' ? g_strdup(target + 1)
                                                       : g_strconcat("ppt/", target, NULL);
        ok = part && extract_zip_has(z, part);
        if (part)
            g_ptr_array_add(parts, part);
    }
    office_text_free(&t);
    g_hash_table_destroy(o.rels);
    g_ptr_array_free(o.ids, TRUE);
    if (!ok || parts->len == 0) {
        g_ptr_array_free(parts, TRUE);
        return NULL;
    }
    return parts;
}

/* The slides' part names in the order of N in ppt/slides/slideN.xml. */
static GPtrArray *pptx_slide_files(extract_zip *z)
{
    GArray *nums = g_array_new(FALSE, FALSE, sizeof(unsigned));
    for (size_t i = 0; i < extract_zip_count(z); i++) {
        unsigned n = pptx_slide_number(extract_zip_name(z, i));
        if (n)
            g_array_append_val(nums, n);
    }
    g_array_sort(nums, cmp_uint);
    GPtrArray *parts = g_ptr_array_new_with_free_func(g_free);
    for (guint i = 0; i < nums->len; i++)
        g_ptr_array_add(parts, g_strdup_printf("ppt/slides/slide%u.xml",
                                               g_array_index(nums, unsigned, i)));
    g_array_free(nums, TRUE);
    return parts;
}

/* Each slide is a page. */
static extract_status pptx_slides(extract_zip *z, office_text *t, char *err,
                                  size_t errlen)
{
    GPtrArray *parts = pptx_slide_order(z);
    if (!parts)
        parts = pptx_slide_files(z);
    extract_status st = EXTRACT_OK;
    for (guint i = 0; st == EXTRACT_OK && i < parts->len; i++) {
        st = office_part(z, g_ptr_array_index(parts, i), 1, &grammar_pptx, t,
                         err, errlen);
        office_new_page(t);
    }
    g_ptr_array_free(parts, TRUE);
    return st;
}

/* Every worksheet's inline strings. */
static extract_status xlsx_sheets(extract_zip *z, office_text *t, char *err,
                                  size_t errlen)
{
    extract_status st = EXTRACT_OK;
    for (size_t i = 0; st == EXTRACT_OK && i < extract_zip_count(z); i++) {
        const char *name = extract_zip_name(z, i);
        if (name && g_str_has_prefix(name, "xl/worksheets/")
            && g_str_has_suffix(name, ".xml") && !strchr(name + 14, '/'))
            st = office_part(z, name, 1, &grammar_xlsx, t, err, errlen);
    }
    return st;
}

/* Read the text parts of a package of type *type (set here for OOXML). */
static extract_status office_read(extract_zip *z, doc_type *type, office_text *t,
                                  const char **meta_part, char *err, size_t errlen)
{
    *meta_part = "docProps/core.xml";
    *type = odf_kind(z);
    if (*type != DOC_TYPE_UNKNOWN) {
        *meta_part = "meta.xml";
        return office_part(z, "content.xml", 1, &grammar_odf, t, err, errlen);
    }
    if (!extract_zip_has(z, "[Content_Types].xml")) {
        snprintf(err, errlen, "a ZIP archive, not an office document");
        return EXTRACT_ERR_UNSUPPORTED;
    }
    if (extract_zip_has(z, "word/document.xml")) {
        *type = DOC_TYPE_DOCUMENT;
        return office_part(z, "word/document.xml", 1, &grammar_docx, t, err, errlen);
    }
    if (extract_zip_has(z, "xl/workbook.xml")) {
        *type = DOC_TYPE_SPREADSHEET;
        extract_status st = office_part(z, "xl/workbook.xml", 1, &grammar_xlsx, t,
                                        err, errlen);
        if (st == EXTRACT_OK)
            st = office_part(z, "xl/sharedStrings.xml", 0, &grammar_xlsx, t,
                             err, errlen);
        return st == EXTRACT_OK ? xlsx_sheets(z, t, err, errlen) : st;
    }
    if (extract_zip_has(z, "ppt/presentation.xml")) {
        *type = DOC_TYPE_PRESENTATION;
        return pptx_slides(z, t, err, errlen);
    }
    snprintf(err, errlen, "an Office Open XML package that is neither Word, "
             "Excel nor PowerPoint");
    return EXTRACT_ERR_UNSUPPORTED;
}

/* Slot a's value, else slot b's, taken out of m (the caller owns it). */
static char *take_meta(office_text *m, int a, int b)
{
    int slot = m->meta[a] ? a : b;
    char *v = m->meta[slot];
    m->meta[slot] = NULL;
    return v;
}

/* Fill doc's metadata from the metadata part (its errors ignored: a
 * document whose metadata are damaged keeps its text). */
static void office_metadata(extract_zip *z, const char *part, extract_doc *doc)
{
    office_text m;
    char err[200];
    office_text_init(&m);
    office_part(z, part, 0, &grammar_meta, &m, err, sizeof err);
    doc->title = take_meta(&m, M_TITLE, M_TITLE);
    doc->author = take_meta(&m, M_AUTHOR, M_AUTHOR2);
    doc->description = take_meta(&m, M_DESC, M_DESC2);
    const char *date = m.meta[M_DATE] ? m.meta[M_DATE] : m.meta[M_DATE2];
    if (date && extract_date_iso(date, doc->date))
        doc->date_source = "metadata";
    office_text_free(&m);
}

/* Move the pages built into doc (valid UTF-8); 0 when none has text. */
static int office_take_pages(office_text *t, doc_type type, extract_doc *doc)
{
    if (type != DOC_TYPE_PRESENTATION || t->pages->len == 0 || t->page->len)
        office_new_page(t);
    int any = 0;
    doc->npages = t->pages->len;
    doc->pages = g_new0(extract_page, doc->npages);
    for (size_t i = 0; i < doc->npages; i++) {
        char *text = g_utf8_make_valid(g_ptr_array_index(t->pages, i), -1);
        char *check = extract_collapse_ws(text, -1);
        any |= check != NULL;
        g_free(check);
        doc->pages[i].text = text;
        doc->pages[i].len = strlen(text);
    }
    if (t->headings->len)
        doc->headings = g_utf8_make_valid(t->headings->str, -1);
    return any;
}

extract_status extract_office(const char *buf, size_t len, extract_doc *doc,
                              char *err, size_t errlen)
{
    memset(doc, 0, sizeof *doc);
    extract_status st;
    extract_zip *z = extract_zip_open(buf, len, &st, err, errlen);
    if (!z)
        return st;
    office_text t;
    office_text_init(&t);
    doc_type type = DOC_TYPE_UNKNOWN;
    const char *meta_part = NULL;
    st = office_read(z, &type, &t, &meta_part, err, errlen);
    if (st == EXTRACT_OK) {
        int any = office_take_pages(&t, type, doc);
        office_metadata(z, meta_part, doc);
        doc->type = type;
        if (!any && !doc->title) {
            snprintf(err, errlen, "an office document without text");
            st = EXTRACT_ERR_EMPTY;
        }
    }
    office_text_free(&t);
    extract_zip_free(z);
    if (st != EXTRACT_OK)
        extract_doc_free(doc);
    return st;
}
