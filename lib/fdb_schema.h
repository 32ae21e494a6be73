/* fdb_schema.h -- THE SCHEMA of fouille's Xapian index, written down once;
 * C++ only (fdb*.cc), never included from C. The write side (fdb_write.cc)
 * and the search side (fdb_search.cc, fdb_snippet.cc) both take their
 * prefixes, value slots and document-data keys from here, and read and
 * write a page's data and a file's record through the functions below
 * only; nothing outside lib/ sees any of it (fdb.h hands out typed fields).
 *
 * Format: the index stores the FORMAT it was written in (metadata
 * I:format). An index of another format is not read (FDB_ERR_FORMAT); the
 * indexer rebuilds it (fdb_open_rebuild). Format 1 (no I:format key) had
 * Q<fileid>-<page>, M<yyyymm> and D<yyyymmdd> terms and value slots 3
 * (size) and 4 (type) that nothing read; format 2 dropped them. Format 3
 * added the folder (XC terms, in the facet slot) and Ynone for undated
 * documents. Format 4 gives a PDF's title its weight (x5) on its first
 * page only (x1 on the others: a manual's title no longer wins every one
 * of its pages), and splits path words where letters meet digits as well
 * ("2022_CR19_mai" also gives "cr", "19": `CR mai` finds it). Format 5
 * stems a word as written and folds the stem (fdb_stem.cc: "installée"
 * and "installé" both give Zinstall; format 4 stemmed the folded word,
 * "installee" gave Zinstalle).
 *
 * One Xapian document per PDF page, and one per HTML page or text file.
 * The file is the unit of identity: its id is 16 hex digits of the SHA-1
 * of its path relative to the archive.
 *
 * Boolean terms (Omega's prefixes where they fit):
 *   XF<fileid>         every page of the file: delete, collapse, "other pages"
 *   T<type>            pdf | html | text | image   (the type filter)
 *   Y<yyyy>            the year of the document's date (the year filter);
 *                      Ynone when the document has no known date
 *   XC<folder>         the file's top-level folder, its collection (none
 *                      for a file at the archive's root)
 * Free-text terms, made from words folded by norm.h (case, accents,
 * ligatures, elisions, line-end hyphens), then stemmed by Snowball
 * "french" as written, the stem then folded (fdb_stem.cc; stems carry
 * the STEM prefix, Xapian's Z, before the field's), with positions for
 * phrases:
 *   (none)   page text; plus the title (x5 on the first page, x1 on a
 *            PDF's other pages), headings (x3), description (x2), author
 *            and path words (x1) so that a plain query finds them
 *   S        title words        -> query field title: / titre:
 *   A        author words       -> author: / auteur:
 *   XP       path words         -> path: / chemin:
 * Values:
 *   0  date "YYYYMMDD" (sorting, from/to ranges)
 *   1  file id (collapse key: one hit per file)
 *   2  page number (sortable_serialise; the slide of a presentation; 0
 *      for other files than PDFs and presentations)
 *   3  "type year fileid folder" (the facets' one read per page; year
 *      "none" when undated, folder "" at the archive's root)
 * Document data: one line of JSON with the file's fields (the DATA_* keys
 *   below: path, title, type, date, date_source, size, mtime, pages, page,
 *   author, description, headings, hash; absent when unknown; "ocr": true
 *   on a page whose text was read by OCR, absent otherwise), a newline,
 *   then the page's original text (for snippets and for renames).
 * Metadata: F<fileid> -> the file's record as JSON {path, size, mtime,
 *   mtime_ns, ctime_ns, inode, hash, pages} plus {failure, failed_at} for
 *   a file that could not be indexed (mtime_ns, ctime_ns and inode, the
 *   rest of the stamp that tells a change, are missing from records
 *   written before them: the indexer compares those on size and mtime and
 *   completes them, so format 2 holds both); U:<key> -> fdb_set_meta; R:base -> the revision the index had
 *   when it was compacted or rebuilt into this generation (Xapian counts
 *   again from 1 in a new one; fdb_info adds it, so the revision a reader
 *   sees never goes back); I:format -> FORMAT; A<fileid> -> the id of
 *   the path the file was renamed or moved to; W<folded word> -> the first
 *   lower-case accented form seen of it ("economie" -> "économie"), to
 *   show people words as they write them.
 * Spelling: every unprefixed (folded) word, for "did you mean".
 */
#ifndef FOUILLE_FDB_SCHEMA_H
#define FOUILLE_FDB_SCHEMA_H

#include "fdb.h"

#include <xapian.h>
#include <optional>
#include <string>

namespace fdb_schema {

/* The format this code reads and writes. */
const unsigned FORMAT = 5;

/* Term prefixes. */
const char *const GROUP = "XF";     /* XF<fileid>: every page of a file */
const char *const TYPE = "T";       /* Tpdf, Thtml, Ttext */
const char *const YEAR = "Y";       /* Y2022, Ynone */
const char *const YEAR_NONE = "none"; /* the year of an undated document */
const char *const FOLDER = "XC";    /* XCcomptes-rendus: a collection */
const char *const TITLE = "S";      /* title words (title:) */
const char *const AUTHOR = "A";     /* author words (author:) */
const char *const PATH = "XP";      /* path words (path:) */
const char STEM = 'Z';              /* Xapian's prefix of a stemmed term */

/* Value slots. */
const Xapian::valueno V_DATE = 0;   /* "YYYYMMDD": sorting and ranges */
const Xapian::valueno V_FILEID = 1; /* collapse key: one hit per file */
const Xapian::valueno V_PAGE = 2;   /* sortable_serialise(page) */
const Xapian::valueno V_FACET = 3;  /* "<type> <yyyy|none> <fileid> <folder>" */

/* The top-level folder of a path relative to the archive ("" for a file
 * at its root): the file's collection. */
std::string path_folder(const std::string &path);
/* Longer folder names get no XC term (Xapian's terms end at 245 bytes):
 * they are counted in the facet but cannot be chosen as a filter. */
const size_t MAX_FOLDER_TERM = 200;

/* Metadata keys. */
const char *const META_FILE = "F";  /* F<fileid>: the file's record */
const char *const META_USER = "U:"; /* U:<key>: fdb_set_meta */
const char *const META_SURFACE = "W"; /* W<folded>: an accented form */
const char *const META_REV_BASE = "R:base"; /* revisions of the generations
                                               before this one */
const char *const META_FORMAT = "I:format"; /* FORMAT, in decimal */
const char *const META_ALIAS = "A"; /* A<fileid>: the id the file took when
                                       it was renamed or moved, so that
                                       its old id keeps answering */
const unsigned MAX_ALIAS_HOPS = 16; /* renames followed, at most */

/* A page's document data, decoded: the file's fields, the page, and the
 * page's original text. Absent optional fields are unknown. */
struct page_data {
    std::string path, type;
    std::optional<std::string> title, date, date_source, author,
        description, headings, hash;
    long long size = 0, mtime = 0;
    unsigned pages = 0, page = 0;
    bool ocr = false;                  /* the page's text was read by OCR */
    std::string text;
};

/* The document data of page `page` (1-based for PDFs, else 0) of a file,
 * whose text is page_text[i]. */
std::string page_data_encode(const fdb_file *f, unsigned page, size_t i);

/* Decode document data; with_text false leaves out the page text. False
 * when it is not data of this schema. */
bool page_data_decode(const std::string &data, page_data &out, bool with_text);

/* The fields of decoded page data, as fdb.h shows a file: strings
 * borrowed from `p`; `id` is the file id (borrowed too). */
void page_data_doc(const page_data &p, const std::string &id, fdb_doc &out);

/* The same file as an fdb_file under another path, to encode it again
 * (a rename): strings borrowed from `p`; the page texts are the caller's. */
void page_data_file(const page_data &p, const char *path, fdb_file &out);

/* A file's record (metadata F<fileid>). Its stamp (size, mtime_ns,
 * ctime_ns, inode) tells whether the file changed; records written before
 * the stamp had nanoseconds lack the last three (decoded as 0). */
struct file_record {
    std::string path, hash;
    long long size = 0, mtime = 0;
    long long mtime_ns = 0, ctime_ns = 0, inode = 0;
    unsigned pages = 0;
    std::optional<std::string> failure;
    long long failed_at = 0;
};

std::string file_record_encode(const file_record &r);
bool file_record_decode(const std::string &text, file_record &out);

} /* namespace fdb_schema */

#endif
