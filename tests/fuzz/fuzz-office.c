/* fuzz-office.c -- the office extractor (lib/extract_office.c over
 * lib/extract_zip.c: libzip, then libxml2's streaming reader) on any
 * bytes: damaged ZIP directories, zip bombs, packages of many members,
 * XML with DTDs and entities (billion laughs), deep nesting, malformed
 * parts. Promises checked (fuzz-doc.h): every string valid UTF-8, pages
 * present on success and absent on failure, a terminated error message;
 * and a success is a document, a spreadsheet or a presentation.
 */
#include "fuzz-doc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    extract_doc doc;
    char err[256] = "";
    extract_status st = extract_office((const char *)data, size, &doc, err,
                                       sizeof err);
    fuzz_check_doc(st, &doc, err);
    if (st == EXTRACT_OK)
        FUZZ_CHECK(doc.type == DOC_TYPE_DOCUMENT || doc.type == DOC_TYPE_SPREADSHEET
                   || doc.type == DOC_TYPE_PRESENTATION,
                   "an office document is a document, spreadsheet or presentation");
    extract_doc_free(&doc);
    return 0;
}
