/* fuzz-image.c -- the image extractor (lib/extract_image.c, Leptonica's
 * PNG, JPEG and TIFF decoders, then OCR) on any bytes: truncated files,
 * headers that lie about their size (0x0, giga-pixels), junk after a
 * signature. Promises checked (fuzz-doc.h): every string valid UTF-8,
 * pages present on success and absent on failure, a terminated error
 * message; and a success is one page of type image, marked ocr.
 * OCR is bounded to one page of 2 s so that a decodable input stays fast;
 * the engine is released at exit (Tesseract complains otherwise).
 */
#include <stdlib.h>

#include "fuzz-doc.h"

static void fuzz_image_stop(void)
{
    extract_ocr_shutdown();
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    extract_ocr_options o = extract_ocr_defaults();
    o.max_pages = 1;
    o.page_ms = 2000;
    extract_ocr_configure(&o);
    atexit(fuzz_image_stop);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    extract_doc doc;
    char err[256] = "";
    extract_status st = extract_image((const char *)data, size, &doc, err,
                                      sizeof err);
    fuzz_check_doc(st, &doc, err);
    if (st == EXTRACT_OK)
        FUZZ_CHECK(doc.npages == 1 && doc.pages[0].ocr
                   && doc.type == DOC_TYPE_IMAGE,
                   "an image is one page of type image, read by OCR");
    extract_doc_free(&doc);
    return 0;
}
