/* fuzz-html.c -- the HTML extractor (lib/extract_html.c) on any bytes:
 * broken markup, declared charsets that lie, invalid UTF-8, scripts.
 * Promises checked (fuzz-doc.h): every string valid UTF-8, pages present
 * on success and absent on failure, a terminated error message.
 */
#include "fuzz-doc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_extract(extract_html, data, size);
    return 0;
}
