/* extract_html.c -- text and metadata of HTML pages through libxml2.
 *
 * Design: libxml2's forgiving HTML parser builds the tree (no network, no
 * error output) and decodes entities. The charset a page declares (<meta
 * charset>, <meta http-equiv="Content-Type">) is honoured: libxml2 decodes
 * most; Windows-1252 and the labels browsers read as it (ISO-8859-1,
 * latin1, us-ascii...) are decoded here, so that ’ œ € come out right and
 * a byte the code page leaves undefined does not stop libxml2's iconv
 * midway; a page declared UTF-8 has its bad bytes replaced; a page that
 * declares nothing is UTF-8 if valid, else Windows-1252. Numeric
 * references to C1 controls (&#146;) are read as Windows-1252 too, as
 * browsers do.
 *
 * Nesting depth is not capped: libxml2 parses HTML without recursion (we
 * lift its limit of 256 levels, which would lose the rest of the page),
 * and one walk over the tree, iterative too (it follows parent/next
 * pointers, so a page nested a million deep costs no stack), collects:
 *   - the body text, into the single page: text nodes with white space
 *     collapsed, a line break around each block element and at <br>;
 *     nothing from <head> (but its <title> and <meta>), <script>,
 *     <style>, <template>, <noscript>, nor from comments;
 *   - h1..h6 (the outermost of nested ones), one a line, into headings;
 *   - <title> as browsers read it: its raw text, tags and all, with
 *     character references decoded (escape_titles);
 *   - <meta name=description|author>, and a date from <meta
 *     name|property = date, dcterms.date, dc.date, article:published_time>
 *     or else from the first <time datetime>.
 */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include "extract.h"
#include "extract_private.h"

#define CHARSET_SNIFF (64 * 1024)  /* where a charset declaration is sought */

typedef struct {
    extract_doc *doc;
    GString *body;           /* text so far; owned by the walk */
    GString *headings;       /* one heading a line; owned by the walk */
    int space, newline;      /* separators due before the next text */
    int in_head;             /* depth of <head> elements around us */
    const xmlNode *heading;  /* the open outermost heading, or NULL */
    size_t heading_start;    /* its start in body */
    int date_from_meta;      /* doc->date came from a <meta> */
} html_walk;

static const char *const block_names[] = {
    "address", "article", "aside", "blockquote", "body", "caption",
    "center", "dd", "details", "dialog", "div", "dl", "dt", "fieldset",
    "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5",
    "h6", "header", "hr", "html", "legend", "li", "main", "nav", "ol",
    "option", "p", "pre", "section", "summary", "table", "tbody", "td",
    "tfoot", "th", "thead", "tr", "ul",
};

static const char *const skipped_names[] = {
    "script", "style", "template", "noscript",
};

static const char *const date_keys[] = {
    "date", "dcterms.date", "dc.date", "article:published_time",
};

static int name_in(const char *name, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (g_ascii_strcasecmp(name, list[i]) == 0)
            return 1;
    return 0;
}

#define NAME_IN(name, list) name_in(name, list, G_N_ELEMENTS(list))

static int is_heading(const char *name)
{
    return (name[0] == 'h' || name[0] == 'H') && name[1] >= '1'
           && name[1] <= '6' && name[2] == '\0';
}

/* Clean text for a field: white space collapsed, C1 controls read as
 * Windows-1252; NULL if empty. Frees nothing. */
static char *clean_field(const char *s)
{
    char *collapsed = extract_collapse_ws(s, -1);
    if (!collapsed)
        return NULL;
    char *fixed = extract_fix_c1(collapsed);
    g_free(collapsed);
    return fixed;
}

/* An attribute's value as a g_malloc'd string, or NULL. */
static char *get_attr(const xmlNode *node, const char *name)
{
    xmlChar *v = xmlGetProp(node, (const xmlChar *)name);
    char *copy = v ? g_strdup((const char *)v) : NULL;
    xmlFree(v);
    return copy;
}

/* ---- body text ------------------------------------------------------ */

static void append_text(html_walk *w, const char *s)
{
    for (; *s; s++) {
        if (g_ascii_isspace(*s)) {
            w->space = 1;
            continue;
        }
        if (w->body->len && w->newline)
            g_string_append_c(w->body, '\n');
        else if (w->body->len && w->space)
            g_string_append_c(w->body, ' ');
        w->space = w->newline = 0;
        g_string_append_c(w->body, *s);
    }
}

static void close_heading(html_walk *w)
{
    char *h = clean_field(w->body->str + w->heading_start);
    if (h) {
        if (w->headings->len)
            g_string_append_c(w->headings, '\n');
        g_string_append(w->headings, h);
    }
    g_free(h);
    w->heading = NULL;
}

/* ---- metadata ------------------------------------------------------- */

static void set_field(char **field, const char *value)
{
    if (!*field)
        *field = clean_field(value);
}

static void on_meta(html_walk *w, const xmlNode *node)
{
    char *key = get_attr(node, "name");
    if (!key)
        key = get_attr(node, "property");
    char *content = get_attr(node, "content");
    if (key && content) {
        if (g_ascii_strcasecmp(key, "description") == 0)
            set_field(&w->doc->description, content);
        else if (g_ascii_strcasecmp(key, "author") == 0)
            set_field(&w->doc->author, content);
        else if (!w->date_from_meta && NAME_IN(key, date_keys)
                 && extract_date_iso(content, w->doc->date))
            w->date_from_meta = 1;
    }
    g_free(key);
    g_free(content);
}

static void on_time(html_walk *w, const xmlNode *node)
{
    if (w->doc->date[0])
        return;
    char *dt = get_attr(node, "datetime");
    if (dt)
        extract_date_iso(dt, w->doc->date);
    g_free(dt);
}

static void on_title(html_walk *w, const xmlNode *node)
{
    if (w->doc->title)
        return;
    xmlChar *t = xmlNodeGetContent(node);
    w->doc->title = t ? clean_field((const char *)t) : NULL;
    xmlFree(t);
}

/* ---- the walk ------------------------------------------------------- */

/* Called on the way down; returns whether to visit the node's children. */
static int enter(html_walk *w, const xmlNode *node)
{
    if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE) {
        if (!w->in_head && node->content)
            append_text(w, (const char *)node->content);
        return 0;
    }
    if (node->type != XML_ELEMENT_NODE)
        return node->type == XML_HTML_DOCUMENT_NODE
               || node->type == XML_DOCUMENT_NODE;
    const char *name = (const char *)node->name;
    if (NAME_IN(name, skipped_names))
        return 0;
    if (strcmp(name, "head") == 0) {
        w->in_head++;
    } else if (strcmp(name, "meta") == 0) {
        on_meta(w, node);
    } else if (strcmp(name, "title") == 0) {
        on_title(w, node);   /* the first one, wherever it is, as browsers */
        return 0;            /* a title is never shown in the page */
    } else if (strcmp(name, "time") == 0) {
        on_time(w, node);
    } else if (strcmp(name, "br") == 0) {
        w->newline = 1;
    }
    if (NAME_IN(name, block_names))
        w->newline = 1;
    if (is_heading(name) && !w->heading && !w->in_head) {
        w->heading = node;
        w->heading_start = w->body->len;
    }
    return 1;
}

/* Called on the way up, after the node's children. */
static void leave(html_walk *w, const xmlNode *node)
{
    if (node->type != XML_ELEMENT_NODE)
        return;
    const char *name = (const char *)node->name;
    if (strcmp(name, "head") == 0)
        w->in_head--;
    if (NAME_IN(name, block_names))
        w->newline = 1;
    if (node == w->heading)
        close_heading(w);
}

static void walk(html_walk *w, const xmlNode *root)
{
    const xmlNode *node = root;
    while (node) {
        if (enter(w, node) && node->children) {
            node = node->children;
            continue;
        }
        for (;;) {
            leave(w, node);
            if (node == root)
                return;
            if (node->next) {
                node = node->next;
                break;
            }
            node = node->parent;
        }
    }
}

/* ---- <title> is raw text ---------------------------------------------- */

/* Browsers read what follows <title> up to </title> as text, tags and
 * all (only character references are decoded); libxml2 parses tags in
 * it, which loses them from the title and can end <head> early. So every
 * '<' inside a title becomes "&lt;" before parsing. A "<title" inside a
 * comment or inside an element whose content browsers also read raw is
 * not a title, and is skipped with it. */
static const char *const raw_names[] = {
    "script", "style", "textarea", "xmp", "iframe", "noembed", "noframes",
    "noscript",
};

/* Does buf[at..] start with the tag name `name` (ASCII case aside),
 * followed by white space, '/', '>' or the end? */
static int tag_named(const char *buf, size_t len, size_t at, const char *name)
{
    size_t n = strlen(name);
    if (len - at < n || g_ascii_strncasecmp(buf + at, name, n) != 0)
        return 0;
    return at + n == len || g_ascii_isspace(buf[at + n]) || buf[at + n] == '/'
           || buf[at + n] == '>';
}

/* Where the end tag "</name" starts at or after `at`, or len. */
static size_t end_tag(const char *buf, size_t len, size_t at, const char *name)
{
    for (; at + 2 <= len; at++)
        if (buf[at] == '<' && buf[at + 1] == '/' && tag_named(buf, len, at + 2, name))
            return at;
    return len;
}

/* Past the '>' closing the tag that starts at `at` (quoted attribute
 * values may hold '>'), or len. */
static size_t tag_end(const char *buf, size_t len, size_t at)
{
    char quote = 0;
    for (; at < len; at++) {
        if (quote) {
            if (buf[at] == quote)
                quote = 0;
        } else if (buf[at] == '"' || buf[at] == '\'') {
            quote = buf[at];
        } else if (buf[at] == '>') {
            return at + 1;
        }
    }
    return len;
}

/* The page with the '<' of its titles' text escaped, g_malloc'd (its
 * length in *outlen), or NULL when no title holds one. */
static char *escape_titles(const char *buf, size_t len, size_t *outlen)
{
    GString *out = NULL;
    size_t copied = 0, at = 0;
    while (at < len) {
        const char *lt = memchr(buf + at, '<', len - at);
        if (!lt)
            break;
        at = (size_t)(lt - buf) + 1;
        if (len - at >= 3 && memcmp(buf + at, "!--", 3) == 0) {
            const char *close = memmem(buf + at + 3, len - at - 3, "-->", 3);
            at = close ? (size_t)(close - buf) + 3 : len;
            continue;
        }
        const char *raw = NULL;
        for (size_t i = 0; i < G_N_ELEMENTS(raw_names) && !raw; i++)
            if (tag_named(buf, len, at, raw_names[i]))
                raw = raw_names[i];
        if (raw) {
            at = end_tag(buf, len, tag_end(buf, len, at), raw);
            continue;
        }
        if (!tag_named(buf, len, at, "title"))
            continue;
        size_t start = tag_end(buf, len, at);
        size_t stop = end_tag(buf, len, start, "title");
        for (size_t i = start; i < stop; i++) {
            if (buf[i] != '<')
                continue;
            if (!out)
                out = g_string_sized_new(len + 64);
            g_string_append_len(out, buf + copied, (gssize)(i - copied));
            g_string_append(out, "&lt;");
            copied = i + 1;
        }
        at = stop;
    }
    if (!out)
        return NULL;
    g_string_append_len(out, buf + copied, (gssize)(len - copied));
    *outlen = out->len;
    return g_string_free(out, FALSE);
}

/* ---- parsing -------------------------------------------------------- */

/* The charset a page declares ("charset=" in a <meta>, looked for in its
 * first CHARSET_SNIFF bytes), lower-cased into label; 0 if none. */
static int declared_charset(const char *buf, size_t len, char *label,
                            size_t labellen)
{
    size_t span = len < CHARSET_SNIFF ? len : CHARSET_SNIFF;
    for (size_t i = 0; i + 7 <= span; i++) {
        if (g_ascii_strncasecmp(buf + i, "charset", 7) != 0)
            continue;
        size_t j = i + 7, o = 0;
        while (j < span && g_ascii_isspace(buf[j]))
            j++;
        if (j >= span || buf[j++] != '=')
            continue;
        while (j < span && (g_ascii_isspace(buf[j]) || buf[j] == '"'
                            || buf[j] == '\''))
            j++;
        while (j < span && o + 1 < labellen
               && (g_ascii_isalnum(buf[j]) || strchr("-_.:", buf[j])))
            label[o++] = g_ascii_tolower(buf[j++]);
        label[o] = '\0';
        if (o)
            return 1;
    }
    return 0;
}

/* The labels browsers read as Windows-1252 (WHATWG Encoding), and those
 * of UTF-8. */
static const char *const cp1252_labels[] = {
    "ansi_x3.4-1968", "ascii", "cp1252", "cp819", "csisolatin1", "ibm819",
    "iso-8859-1", "iso-ir-100", "iso8859-1", "iso88591", "iso_8859-1",
    "iso_8859-1:1987", "l1", "latin1", "us-ascii", "windows-1252",
    "x-cp1252",
};
static const char *const utf8_labels[] = {
    "unicode-1-1-utf-8", "unicode11utf8", "unicode20utf8", "utf-8", "utf8",
    "x-unicode20utf8",
};

/* libxml2 reports some errors (bad bytes for the declared charset) on its
 * generic channel whatever the options say; this handler says nothing. */
static void quiet(void *ctx, const char *msg, ...)
{
    (void)ctx;
    (void)msg;
}

static htmlDocPtr parse_as(const char *buf, size_t len, const char *enc)
{
    /* XML_PARSE_HUGE lifts the parser's depth limit of 256, past which it
     * drops the rest of the page; its parse and our walk are iterative. */
    const int opts = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR
                     | HTML_PARSE_NOWARNING | HTML_PARSE_NONET
                     | XML_PARSE_HUGE;
    size_t escaped_len = 0;
    char *escaped = escape_titles(buf, len, &escaped_len);
    if (escaped) {
        buf = escaped;
        len = escaped_len;
    }
    xmlGenericErrorFunc old = xmlGenericError;
    void *old_ctx = xmlGenericErrorContext;
    xmlSetGenericErrorFunc(NULL, quiet);
    htmlDocPtr hd = len <= INT_MAX ? htmlReadMemory(buf, (int)len, NULL, enc, opts) : NULL;
    xmlSetGenericErrorFunc(old_ctx, old);
    g_free(escaped);
    return hd;
}

/* Parse with the right charset: Windows-1252 (and the labels that mean
 * it, or no label on bytes that are not UTF-8) is decoded here, UTF-8 is
 * repaired if need be, any other declared charset is left to libxml2. An
 * explicit encoding makes libxml2 ignore the page's <meta>. */
static htmlDocPtr parse(const char *buf, size_t len)
{
    char label[32];
    int declared = declared_charset(buf, len, label, sizeof label);
    int cp1252 = declared && NAME_IN(label, cp1252_labels);
    int utf8 = declared && NAME_IN(label, utf8_labels);
    if (declared && !cp1252 && !utf8)
        return parse_as(buf, len, NULL);
    if (!cp1252 && g_utf8_validate_len(buf, len, NULL))
        return parse_as(buf, len, "UTF-8");
    char *text = utf8 ? g_utf8_make_valid(buf, (gssize)len)
                      : extract_cp1252_to_utf8(buf, len);
    htmlDocPtr hd = parse_as(text, strlen(text), "UTF-8");
    g_free(text);
    return hd;
}

extract_status extract_html(const char *buf, size_t len, extract_doc *doc,
                            char *err, size_t errlen)
{
    if (extract_start(doc, len, err, errlen) != EXTRACT_OK)
        return EXTRACT_ERR_EMPTY;
    if (len > INT_MAX / 2) {
        snprintf(err, errlen, "%zu bytes, too large for the HTML parser",
                 len);
        return EXTRACT_ERR_TOO_LARGE;
    }
    htmlDocPtr hd = parse(buf, len);
    if (!hd) {
        snprintf(err, errlen, "the HTML parser gave up");
        return EXTRACT_ERR_CORRUPT;
    }
    html_walk w = {
        .doc = doc,
        .body = g_string_new(NULL),
        .headings = g_string_new(NULL),
    };
    walk(&w, (const xmlNode *)hd);
    xmlFreeDoc(hd);

    char *body = g_string_free(w.body, FALSE);
    char *valid = g_utf8_make_valid(body, -1);
    extract_doc_set_page(doc, extract_fix_c1(valid));
    g_free(valid);
    g_free(body);
    doc->headings = g_string_free(w.headings, w.headings->len == 0);
    if (doc->date[0])
        doc->date_source = "metadata";
    doc->type = DOC_TYPE_HTML;
    return EXTRACT_OK;
}
