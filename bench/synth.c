/* synth.c -- write synthetic French documents for the scaling benchmark.
 *
 * Usage: synth [--seed N] [--max-pages N] [--html PERCENT] COUNT DIR
 *
 * Writes COUNT documents into DIR/dNNN/ (250 a folder): multi-page PDFs
 * (pdfw.c) and, for --html percent of them (default 25), HTML articles.
 * Each document has a title, a date (2005 to 2024, also in its file name),
 * headings and paragraphs of sentences drawn from vocab.c, with elisions,
 * capitals and punctuation. The same seed gives the same files, byte for
 * byte; each document is seeded from (seed, number), so the first 1,000 of
 * a 10,000 run are the 1,000 of a 1,000 run.
 *
 * Design: one document at a time, text made into a line buffer then
 * either wrapped into PDF lines or written as HTML paragraphs. main() owns
 * the vocabulary; errors go to stderr with exit status 1.
 */
#include "pdfw.h"
#include "vocab.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define SYNTH_PER_DIR   250
#define SYNTH_WRAP      88      /* characters of a PDF line */
#define SYNTH_PARA_MAX  4096

typedef struct {
    unsigned max_pages;
    unsigned html_percent;
    unsigned long long seed;
} synth_options;

static const char *const synth_kinds[] = {
    "compte-rendu", "feuille-de-route", "lettre", "livret", "note",
};
static const char *const synth_kind_titles[] = {
    "Compte rendu de la réunion", "Feuille de route", "Lettre ouverte",
    "Livret", "Note",
};
static const char *const synth_months[] = {
    "janvier", "février", "mars", "avril", "mai", "juin", "juillet",
    "août", "septembre", "octobre", "novembre", "décembre",
};

/* Does the UTF-8 word start with a vowel or a mute h (for elisions)? */
static int synth_vowel(const char *w)
{
    static const char *const v[] = { "a", "e", "i", "o", "u", "h", "é",
        "è", "ê", "â", "î", "ô", "É", NULL };
    for (size_t i = 0; v[i]; i++)
        if (strncmp(w, v[i], strlen(v[i])) == 0)
            return 1;
    return 0;
}

static void synth_append(char *buf, size_t *len, size_t cap, const char *s)
{
    size_t n = strlen(s);
    if (*len + n + 1 >= cap)
        return;
    memcpy(buf + *len, s, n + 1);
    *len += n;
}

/* The elided form of a function word before a vowel ("l’", "d’"...), or
 * NULL when it does not elide. */
static const char *synth_elision(const char *w)
{
    static const char *const from[] = { "le", "la", "de", "que", "ne", "se", NULL };
    static const char *const to[] = { "l’", "l’", "d’", "qu’", "n’", "s’" };
    for (size_t i = 0; from[i]; i++)
        if (strcmp(w, from[i]) == 0)
            return to[i];
    return NULL;
}

/* One sentence of 6 to 22 words appended to buf: a capital, elisions
 * before a vowel (l’association, d’accès), commas, a final . ? or !. */
static void synth_sentence(const vocab *v, uint64_t *rng, char *buf,
                           size_t *len, size_t cap)
{
    unsigned n = 6 + vocab_below(rng, 17);
    size_t start = *len, prev_start = *len;
    const char *prev = NULL;

    for (unsigned i = 0; i < n; i++) {
        int fn = vocab_below(rng, 100) < 38;
        const char *w = fn ? vocab_function_word(v, rng) : vocab_word(v, rng);
        const char *el = prev ? synth_elision(prev) : NULL;
        if (el && synth_vowel(w)) {
            *len = prev_start;          /* "le" + "accès" -> "l’accès" */
            buf[*len] = 0;
            synth_append(buf, len, cap, el);
        } else if (i) {
            synth_append(buf, len, cap, vocab_below(rng, 12) == 0 ? ", " : " ");
        }
        prev_start = *len;
        synth_append(buf, len, cap, w);
        prev = w;
    }
    if (*len > start && buf[start] >= 'a' && buf[start] <= 'z')
        buf[start] = (char)(buf[start] - 'a' + 'A');
    unsigned end = vocab_below(rng, 20);
    synth_append(buf, len, cap, end == 0 ? " ?" : end == 1 ? " !" : ".");
}

/* A paragraph of 2 to 7 sentences, NUL-terminated in buf. */
static void synth_paragraph(const vocab *v, uint64_t *rng, char *buf, size_t cap)
{
    size_t len = 0;
    unsigned n = 2 + vocab_below(rng, 6);
    buf[0] = 0;
    for (unsigned i = 0; i < n; i++) {
        if (i)
            synth_append(buf, &len, cap, " ");
        synth_sentence(v, rng, buf, &len, cap);
    }
}

/* A heading: "Noun et noun" or "Noun word". */
static void synth_heading(const vocab *v, uint64_t *rng, char *buf, size_t cap)
{
    snprintf(buf, cap, "%s %s %s", vocab_noun(v, rng),
             vocab_below(rng, 2) ? "et" : "du", vocab_noun(v, rng));
    if (buf[0] >= 'a' && buf[0] <= 'z')
        buf[0] = (char)(buf[0] - 'a' + 'A');
}

/* Count UTF-8 characters (not bytes) of s[0..n). */
static size_t synth_chars(const char *s, size_t n)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++)
        c += ((unsigned char)s[i] & 0xC0) != 0x80;
    return c;
}

/* Wrap a paragraph into PDF lines at spaces, starting new pages as
 * needed (up to *pages_left more). */
static void synth_pdf_paragraph(pdfw *w, const char *p, unsigned *pages_left)
{
    while (*p) {
        size_t cut = strlen(p), best = 0;
        for (size_t i = 0; p[i]; i++) {
            if (p[i] == ' ') {
                if (synth_chars(p, i) > SYNTH_WRAP)
                    break;
                best = i;
            }
        }
        if (synth_chars(p, cut) > SYNTH_WRAP && best)
            cut = best;
        if (pdfw_lines_left(w) < 1) {
            if (*pages_left == 0)
                return;
            (*pages_left)--;
            pdfw_page_end(w);
            pdfw_page_begin(w);
        }
        char line[SYNTH_PARA_MAX];
        memcpy(line, p, cut);
        line[cut] = 0;
        pdfw_line(w, line, 0);
        p += cut;
        while (*p == ' ')
            p++;
    }
}

static int synth_pdf(const vocab *v, uint64_t *rng, const synth_options *o,
                     const char *path, const char *title, const char *date)
{
    unsigned pages = 1 + vocab_below(rng, o->max_pages);
    unsigned left = pages - 1;
    char buf[SYNTH_PARA_MAX];
    pdfw *w = pdfw_create(title, "Collectif des habitants", date);

    if (!w)
        return -1;
    pdfw_page_begin(w);
    pdfw_line(w, title, 1);
    for (;;) {
        if (vocab_below(rng, 4) == 0) {
            if (pdfw_lines_left(w) < 4) {
                if (left == 0)
                    break;
                left--;
                pdfw_page_end(w);
                pdfw_page_begin(w);
            }
            synth_heading(v, rng, buf, sizeof buf);
            pdfw_line(w, buf, 1);
        }
        synth_paragraph(v, rng, buf, sizeof buf);
        synth_pdf_paragraph(w, buf, &left);
        if (left == 0 && pdfw_lines_left(w) < 1)
            break;
    }
    pdfw_page_end(w);
    int rc = pdfw_write(w, path);
    pdfw_free(w);
    return rc;
}

/* Bytes of s to keep to cut it at a space before `max` bytes (whole
 * UTF-8 characters, whole words). */
static int synth_cut(const char *s, size_t max)
{
    size_t n = strlen(s), cut = 0;
    if (n <= max)
        return (int)n;
    for (size_t i = 0; i < max; i++)
        if (s[i] == ' ')
            cut = i;
    return (int)cut;
}

static int synth_html(const vocab *v, uint64_t *rng, const char *path,
                      const char *title, const char *date)
{
    char buf[SYNTH_PARA_MAX];
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    synth_paragraph(v, rng, buf, sizeof buf);
    int desc = synth_cut(buf, 160);
    fprintf(f, "<!DOCTYPE html>\n<html lang=\"fr\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<title>%s</title>\n<meta name=\"description\" content=\"%.*s\">\n"
            "<meta name=\"date\" content=\"%s\">\n</head>\n<body>\n<h1>%s</h1>\n"
            "<p>%s</p>\n", title, desc, buf, date, title, buf);
    unsigned sections = 1 + vocab_below(rng, 5);
    for (unsigned s = 0; s < sections; s++) {
        synth_heading(v, rng, buf, sizeof buf);
        fprintf(f, "<h2>%s</h2>\n", buf);
        unsigned paras = 1 + vocab_below(rng, 4);
        for (unsigned i = 0; i < paras; i++) {
            synth_paragraph(v, rng, buf, sizeof buf);
            fprintf(f, "<p>%s</p>\n", buf);
        }
    }
    fputs("</body>\n</html>\n", f);
    return fclose(f);
}

/* Document number i: its kind, date, title, folder and file. */
static int synth_document(const vocab *v, const synth_options *o,
                          const char *dir, unsigned long i)
{
    uint64_t rng = o->seed * 0x100000001B3ULL + i;
    unsigned kind = vocab_below(&rng, sizeof synth_kinds / sizeof synth_kinds[0]);
    unsigned year = 2005 + vocab_below(&rng, 20), month = vocab_below(&rng, 12);
    unsigned day = 1 + vocab_below(&rng, 28);
    int html = vocab_below(&rng, 100) < o->html_percent;
    char date[16], title[256], sub[4096], path[4352];

    snprintf(date, sizeof date, "%04u-%02u-%02u", year, month + 1, day);
    snprintf(title, sizeof title, "%s du %u %s %u : %s", synth_kind_titles[kind],
             day, synth_months[month], year, vocab_noun(v, &rng));
    snprintf(sub, sizeof sub, "%s/d%03lu", dir, i / SYNTH_PER_DIR);
    if (i % SYNTH_PER_DIR == 0 && mkdir(sub, 0777) != 0 && errno != EEXIST)
        return -1;
    snprintf(path, sizeof path, "%s/%s-%s-%06lu.%s", sub, synth_kinds[kind],
             date, i, html ? "html" : "pdf");
    return html ? synth_html(v, &rng, path, title, date)
                : synth_pdf(v, &rng, o, path, title, date);
}

static void synth_usage(FILE *out)
{
    fputs("usage: synth [--seed N] [--max-pages N] [--html PERCENT] COUNT DIR\n",
          out);
}

int main(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "seed", required_argument, NULL, 's' },
        { "max-pages", required_argument, NULL, 'p' },
        { "html", required_argument, NULL, 'H' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    synth_options o = { .max_pages = 8, .html_percent = 25, .seed = 1 };
    int c;

    while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        switch (c) {
        case 's': o.seed = strtoull(optarg, NULL, 10); break;
        case 'p': o.max_pages = (unsigned)strtoul(optarg, NULL, 10); break;
        case 'H': o.html_percent = (unsigned)strtoul(optarg, NULL, 10); break;
        case 'h': synth_usage(stdout); return 0;
        default: synth_usage(stderr); return 1;
        }
    }
    if (optind != argc - 2 || o.max_pages == 0 || o.html_percent > 100) {
        synth_usage(stderr);
        return 1;
    }
    unsigned long count = strtoul(argv[optind], NULL, 10);
    const char *dir = argv[optind + 1];
    if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
        fprintf(stderr, "synth: %s: %s\n", dir, strerror(errno));
        return 1;
    }
    vocab *v = vocab_create();
    if (!v) {
        fprintf(stderr, "synth: out of memory\n");
        return 1;
    }
    int rc = 0;
    for (unsigned long i = 0; i < count && rc == 0; i++) {
        if (synth_document(v, &o, dir, i) != 0) {
            fprintf(stderr, "synth: document %lu in %s: %s\n", i, dir,
                    strerror(errno));
            rc = 1;
        }
    }
    vocab_free(v);
    return rc;
}
