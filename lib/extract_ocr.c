/* extract_ocr.c -- text out of pixels, through Tesseract's C API.
 *
 * Design: one Tesseract engine per process, created at the first page to
 * read and kept for the next files (loading the French and English models
 * takes a good part of a second; a worker process reads many files), one
 * page at a time. The extractors hand it pixels: 8-bit grey rows (a PDF
 * page rendered by extract_pdf.c) or a Leptonica image (extract_image.c).
 * Cost is bounded three ways, all set by extract_ocr_configure: pages a
 * file (max_pages), milliseconds a page (Tesseract's own deadline, through
 * the ETEXT_DESC monitor the C API exposes), and milliseconds a file
 * (file_ms: a page starts only when time is left, and gets no more than
 * what is left), so that a long scan ends inside the worker's time limit
 * with its first pages read. Pixels are bounded by the callers
 * (EXTRACT_OCR_MAX_PIXELS). Tesseract is told to write its diagnostics
 * nowhere; its threads are OpenMP's, which reads OMP_THREAD_LIMIT when the
 * program starts: the indexer starts its workers with it set to 1
 * (indexer/worker.h), the workers being the parallelism already.
 *
 * A page whose words Tesseract reads with a low mean confidence is taken
 * as no text (OCR_MIN_CONFIDENCE), so that a photograph does not fill the
 * index with noise.
 *
 * Settings are process-wide (a worker is single-threaded and configures
 * once at start); the engine is not shared between threads.
 */
#include <stdio.h>
#include <string.h>

#include <glib.h>
#include <leptonica/allheaders.h>
#include <tesseract/capi.h>

#include "extract.h"
#include "extract_private.h"

#define OCR_DEFAULT_PAGES 200
#define OCR_DEFAULT_PAGE_MS 30000
#define OCR_DEFAULT_LANGUAGES "fra+eng"
/* A page read with a mean word confidence under this (0-100) is taken as
 * no text: what Tesseract makes of a photograph or a pattern ("a“.", at
 * confidence 0); clean print reads at 90 and more, poor scans at 60. */
#define OCR_MIN_CONFIDENCE 30

static extract_ocr_options ocr_opt = {
    1, OCR_DEFAULT_PAGES, OCR_DEFAULT_PAGE_MS, 0, OCR_DEFAULT_LANGUAGES,
};
static char *ocr_languages;       /* our copy of ocr_opt.languages */
static TessBaseAPI *ocr_api;      /* NULL until the first page */
static int ocr_broken;            /* the engine could not start */

extract_ocr_options extract_ocr_defaults(void)
{
    extract_ocr_options d = {
        1, OCR_DEFAULT_PAGES, OCR_DEFAULT_PAGE_MS, 0, OCR_DEFAULT_LANGUAGES,
    };
    return d;
}

void extract_ocr_shutdown(void)
{
    if (ocr_api) {
        TessBaseAPIEnd(ocr_api);
        TessBaseAPIDelete(ocr_api);
    }
    ocr_api = NULL;
    ocr_broken = 0;
}

void extract_ocr_configure(const extract_ocr_options *opt)
{
    extract_ocr_shutdown();
    g_free(ocr_languages);
    ocr_languages = g_strdup(opt->languages && *opt->languages
                             ? opt->languages : OCR_DEFAULT_LANGUAGES);
    ocr_opt = *opt;
    ocr_opt.languages = ocr_languages;
}

int extract_ocr_enabled(void)
{
    return ocr_opt.enabled && ocr_opt.max_pages > 0;
}

void extract_ocr_budget_start(extract_ocr_budget *b)
{
    b->pages = 0;
    b->start_us = g_get_monotonic_time();
}

/* Milliseconds the next page may take: 0 when it may not start. */
static unsigned budget_page_ms(const extract_ocr_budget *b)
{
    if (!extract_ocr_enabled() || b->pages >= ocr_opt.max_pages)
        return 0;
    unsigned ms = ocr_opt.page_ms ? ocr_opt.page_ms : G_MAXINT;
    if (ocr_opt.file_ms) {
        gint64 spent = (g_get_monotonic_time() - b->start_us) / 1000;
        if (spent >= (gint64)ocr_opt.file_ms)
            return 0;
        if ((gint64)ms > (gint64)ocr_opt.file_ms - spent)
            ms = (unsigned)((gint64)ocr_opt.file_ms - spent);
    }
    return ms;
}

int extract_ocr_budget_allows(const extract_ocr_budget *b)
{
    return budget_page_ms(b) > 0;
}

/* The engine, started on first use; NULL (with err) when it cannot. */
static TessBaseAPI *ocr_engine(char *err, size_t errlen)
{
    if (ocr_api)
        return ocr_api;
    if (ocr_broken) {
        snprintf(err, errlen, "OCR engine unavailable (languages %s)",
                 ocr_opt.languages);
        return NULL;
    }
    setMsgSeverity(L_SEVERITY_NONE);
    TessBaseAPI *api = TessBaseAPICreate();
    TessBaseAPISetVariable(api, "debug_file", "/dev/null");
    if (TessBaseAPIInit3(api, NULL, ocr_opt.languages) != 0) {
        TessBaseAPIDelete(api);
        ocr_broken = 1;
        snprintf(err, errlen, "OCR engine cannot load languages %s "
                 "(tesseract-ocr-fra, tesseract-ocr-eng)", ocr_opt.languages);
        return NULL;
    }
    TessBaseAPISetVariable(api, "debug_file", "/dev/null");
    ocr_api = api;
    return api;
}

/* Recognise the image set on the engine within `ms`; the text, valid
 * UTF-8 (g_malloc'd, "" when nothing was read or not with confidence). */
static char *ocr_recognize(TessBaseAPI *api, unsigned ms, int dpi)
{
    if (dpi > 0)
        TessBaseAPISetSourceResolution(api, dpi);
    ETEXT_DESC *monitor = TessMonitorCreate();
    TessMonitorSetDeadlineMSecs(monitor, ms > (unsigned)G_MAXINT
                                         ? G_MAXINT : (int)ms);
    char *text = NULL;
    if (TessBaseAPIRecognize(api, monitor) == 0
        && TessBaseAPIMeanTextConf(api) >= OCR_MIN_CONFIDENCE) {
        char *raw = TessBaseAPIGetUTF8Text(api);
        text = g_utf8_make_valid(raw ? raw : "", -1);
        TessDeleteText(raw);
    }
    TessMonitorDelete(monitor);
    TessBaseAPIClear(api);
    return text ? text : g_strdup("");
}

int extract_ocr_gray(extract_ocr_budget *b, const unsigned char *gray,
                     int width, int height, int stride, int dpi,
                     char **text, char *err, size_t errlen)
{
    *text = NULL;
    unsigned ms = budget_page_ms(b);
    if (ms == 0) {
        snprintf(err, errlen, "OCR budget spent");
        return -1;
    }
    if (width < 1 || height < 1
        || (double)width * height > EXTRACT_OCR_MAX_PIXELS) {
        snprintf(err, errlen, "no image to read (%dx%d pixels)", width, height);
        return -1;
    }
    TessBaseAPI *api = ocr_engine(err, errlen);
    if (!api)
        return -1;
    b->pages++;
    TessBaseAPISetImage(api, gray, width, height, 1, stride);
    *text = ocr_recognize(api, ms, dpi);
    return 0;
}

int extract_ocr_pix(extract_ocr_budget *b, struct Pix *pix, int dpi,
                    char **text, char *err, size_t errlen)
{
    *text = NULL;
    unsigned ms = budget_page_ms(b);
    if (ms == 0) {
        snprintf(err, errlen, "OCR is off");
        return -1;
    }
    TessBaseAPI *api = ocr_engine(err, errlen);
    if (!api)
        return -1;
    b->pages++;
    TessBaseAPISetImage2(api, pix);
    *text = ocr_recognize(api, ms, dpi);
    return 0;
}
