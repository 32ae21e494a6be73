/* extract_image.c -- a PNG, JPEG or TIFF image read by OCR, as one page.
 *
 * Design: Leptonica (which Tesseract uses anyway) reads the header first,
 * so that an image of zero pixels is refused as damaged and one larger
 * than EXTRACT_OCR_MAX_PIXELS as too large before anything is decoded;
 * then it decodes the image from memory (the first frame of a multi-page
 * TIFF), turns it into 8-bit grey and hands it to extract_ocr.c. The
 * resolution written in the file is passed on when it is plausible, else
 * 300 dpi is assumed (a photographed tract has none). An image with no
 * text, or read while OCR is off, is EXTRACT_ERR_NO_TEXT. Leptonica's
 * own messages are silenced by extract_ocr.c when the engine starts and
 * here, before the first image.
 */
#include <stdio.h>
#include <string.h>

#include <glib.h>
#include <leptonica/allheaders.h>

#include "extract.h"
#include "extract_private.h"

#define IMAGE_MIN_DPI 70
#define IMAGE_MAX_DPI 2400

/* The image decoded as 8-bit grey, or NULL with a status and err. */
static PIX *image_read_gray(const char *buf, size_t len, extract_status *st,
                            char *err, size_t errlen)
{
    l_int32 format, w = 0, h = 0, bps, spp, iscmap;
    const l_uint8 *data = (const l_uint8 *)buf;
    setMsgSeverity(L_SEVERITY_NONE);
    if (pixReadHeaderMem(data, len, &format, &w, &h, &bps, &spp, &iscmap) != 0
        || w < 1 || h < 1) {
        snprintf(err, errlen, "damaged image (%dx%d pixels)", (int)w, (int)h);
        *st = EXTRACT_ERR_CORRUPT;
        return NULL;
    }
    if ((double)w * h > EXTRACT_OCR_MAX_PIXELS) {
        snprintf(err, errlen, "image of %dx%d pixels, over %.0f million",
                 (int)w, (int)h, EXTRACT_OCR_MAX_PIXELS / 1e6);
        *st = EXTRACT_ERR_TOO_LARGE;
        return NULL;
    }
    PIX *pix = pixReadMem(data, len);
    PIX *gray = pix ? pixConvertTo8(pix, 0) : NULL;
    pixDestroy(&pix);
    if (!gray) {
        snprintf(err, errlen, "damaged image: cannot decode it");
        *st = EXTRACT_ERR_CORRUPT;
    }
    return gray;
}

extract_status extract_image(const char *buf, size_t len, extract_doc *doc,
                             char *err, size_t errlen)
{
    memset(doc, 0, sizeof *doc);
    if (!extract_ocr_enabled()) {
        snprintf(err, errlen, "an image, and OCR is off");
        return EXTRACT_ERR_NO_TEXT;
    }
    extract_status st = EXTRACT_OK;
    PIX *gray = image_read_gray(buf, len, &st, err, errlen);
    if (!gray)
        return st;
    int dpi = pixGetXRes(gray);
    if (dpi < IMAGE_MIN_DPI || dpi > IMAGE_MAX_DPI)
        dpi = EXTRACT_OCR_DPI;
    extract_ocr_budget budget;
    extract_ocr_budget_start(&budget);
    char *text = NULL;
    int rc = extract_ocr_pix(&budget, gray, dpi, &text, err, errlen);
    pixDestroy(&gray);
    if (rc != 0)
        return EXTRACT_ERR_NO_TEXT;
    char *check = extract_collapse_ws(text, -1);
    if (!check) {
        g_free(text);
        snprintf(err, errlen, "OCR found no text in the image");
        return EXTRACT_ERR_NO_TEXT;
    }
    g_free(check);
    extract_doc_set_page(doc, text);
    doc->pages[0].ocr = 1;
    doc->type = DOC_TYPE_IMAGE;
    return EXTRACT_OK;
}
