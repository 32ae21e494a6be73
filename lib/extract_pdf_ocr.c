/* extract_pdf_ocr.c -- a PDF page without a text layer, read by OCR.
 *
 * Design: extract_pdf.c asks here only for a page whose text layer is
 * empty, so a born-digital PDF costs nothing more than before. Such a page
 * is read only when it shows at least one image (a scan is an image; a
 * blank page or a separator is not worth rendering), and when the file's
 * OCR budget allows (extract_ocr.c). The page is rendered by poppler with
 * cairo at EXTRACT_OCR_DPI on white, at a lower resolution when that
 * would exceed EXTRACT_OCR_MAX_PIXELS (a poster, a hostile page size),
 * turned into 8-bit grey (what Tesseract binarises anyway: a quarter of
 * the memory) and handed to Tesseract. A page of zero size, or one cairo
 * cannot allocate, is left without text.
 */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include <cairo.h>
#include <glib.h>
#include <poppler.h>

#include "extract.h"
#include "extract_private.h"

#define CAIRO_MAX_SIDE 32767   /* cairo's largest image surface side */

static int page_shows_image(PopplerPage *page)
{
    GList *images = poppler_page_get_image_mapping(page);
    int any = images != NULL;
    poppler_page_free_image_mapping(images);
    return any;
}

/* The page rendered at `scale` (pixels a point) as grey rows; NULL when
 * cairo cannot allocate it. */
static unsigned char *render_gray(PopplerPage *page, int w, int h,
                                  double scale)
{
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
    if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(s);
        return NULL;
    }
    cairo_t *cr = cairo_create(s);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_scale(cr, scale, scale);
    poppler_page_render(page, cr);
    cairo_destroy(cr);
    cairo_surface_flush(s);

    unsigned char *gray = g_try_malloc((size_t)w * (size_t)h);
    const unsigned char *data = cairo_image_surface_get_data(s);
    int stride = cairo_image_surface_get_stride(s);
    for (int y = 0; gray && data && y < h; y++) {
        const uint32_t *row = (const uint32_t *)(data + (size_t)y * stride);
        unsigned char *out = gray + (size_t)y * w;
        for (int x = 0; x < w; x++) {
            uint32_t p = row[x];
            unsigned r = (p >> 16) & 0xFF, g = (p >> 8) & 0xFF, b = p & 0xFF;
            out[x] = (unsigned char)((r * 299 + g * 587 + b * 114) / 1000);
        }
    }
    cairo_surface_destroy(s);
    return gray;
}

int extract_pdf_ocr_page(PopplerPage *page, extract_ocr_budget *budget,
                         char **text)
{
    *text = NULL;
    if (!page || !extract_ocr_budget_allows(budget) || !page_shows_image(page))
        return 0;
    double wpt = 0, hpt = 0;
    poppler_page_get_size(page, &wpt, &hpt);
    if (!(wpt > 0) || !(hpt > 0) || !isfinite(wpt * hpt))
        return 0;
    double scale = EXTRACT_OCR_DPI / 72.0;
    if (wpt * hpt * scale * scale > EXTRACT_OCR_MAX_PIXELS)
        scale = sqrt(EXTRACT_OCR_MAX_PIXELS / (wpt * hpt));
    double wd = floor(wpt * scale), hd = floor(hpt * scale);
    if (wd < 1 || hd < 1 || wd > CAIRO_MAX_SIDE || hd > CAIRO_MAX_SIDE)
        return 0;
    int w = (int)wd, h = (int)hd;
    unsigned char *gray = render_gray(page, w, h, scale);
    if (!gray)
        return 0;
    char err[200];
    int dpi = (int)lround(scale * 72.0);
    int rc = extract_ocr_gray(budget, gray, w, h, w, dpi, text, err, sizeof err);
    g_free(gray);
    return rc == 0;
}
