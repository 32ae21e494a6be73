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
 * "installee" gave Zinstalle). Format 6 stores a page's text alone as
 * its document data (the file's fields move to its record, once a file
 * instead of once a page; the OCR mark to value 4); docs/index-format.md
 * has the sizes. Format 7 ends a word where a letter of another script
 * comes (norm.h: "LaTeX2ε" gives "latex2" and "ε", format 6 "latex2ε"),
 * and adds the XT term of a file's whole title. Format 8 spells out
 * typographic ligatures ("ﬁ", "ﬂ"...) before stemming and in surface
 * forms (fdb_stem.cc: "ﬁle" gives Zfil as "file" does; format 7 Zfile).
 * Format 9 stores a page's text deflated by fouille (pagetext.h), which
 * Xapian keeps as it is, so that a snippet inflates a page only as far as
 * it looks (format 8 and before left the deflating to Xapian, which
 * inflated a whole page when it was read).
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
 *   XT<title>          on the first page: the file's whole title, folded,
 *                      its words joined by single spaces (title_term): a
 *                      query that is the title finds it in one look-up
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
 *   4  "1" on a page whose text was read by OCR (absent otherwise)
 * Document data: the page's original text, nothing else (for snippets
 *   and for renames), deflated by fouille (page_text_encode: pagetext.h
 *   has its bytes); Xapian's docdata table stores it as it is (its own
 *   deflate cannot shrink it). A snippet inflates it in pieces, only as
 *   far as its scan goes (page_text_reader, fdb_snippet.cc); a rename
 *   copies the stored bytes as they are.
 * Metadata: F<fileid> -> the file's record as JSON {path, size, mtime,
 *   mtime_ns, ctime_ns, inode, hash, pages} plus {failure, failed_at} for
 *   a file that could not be indexed, and the fields a hit shows for a
 *   file that was {type, title, date, date_source, author, description,
 *   headings; absent when unknown} (mtime_ns, ctime_ns and inode, the
 *   rest of the stamp that tells a change, are missing from records
 *   written before them: the indexer compares those on size and mtime and
 *   completes them, so format 2 holds both); U:<key> -> fdb_set_meta; R:base -> the revision the index had
 *   when it was compacted or rebuilt into this generation (Xapian counts
 *   again from 1 in a new one; fdb_info adds it, so the revision a reader
 *   sees never goes back); I:format -> FORMAT; A<fileid> -> the id of
 *   the path the file was renamed or moved to; W<folded word> -> the first
 *   lower-case accented form seen of it ("economie" -> "économie"), to
 *   show people words as they write them.
 * Spelling: every unprefixed (folded) word of 3 to 30 bytes without
 *   digits, its frequency the number of pages holding it, for "did you
 *   mean".
 */
#ifndef FOUILLE_FDB_SCHEMA_H
#define FOUILLE_FDB_SCHEMA_H

#include "fdb.h"
#include "pagetext.h"

#include <xapian.h>
#include <optional>
#include <string>

namespace fdb_schema {

/* The format this code reads and writes. */
const unsigned FORMAT = 9;

/* Term prefixes. */
const char *const GROUP = "XF";     /* XF<fileid>: every page of a file */
const char *const TYPE = "T";       /* Tpdf, Thtml, Ttext */
const char *const YEAR = "Y";       /* Y2022, Ynone */
const char *const YEAR_NONE = "none"; /* the year of an undated document */
const char *const FOLDER = "XC";    /* XCcomptes-rendus: a collection */
const char *const TITLE = "S";      /* title words (title:) */
const char *const AUTHOR = "A";     /* author words (author:) */
const char *const PATH = "XP";      /* path words (path:) */
const char *const WHOLE_TITLE = "XT"; /* XT<title words>: title_term */
const char STEM = 'Z';              /* Xapian's prefix of a stemmed term */

/* Value slots. */
const Xapian::valueno V_DATE = 0;   /* "YYYYMMDD": sorting and ranges */
const Xapian::valueno V_FILEID = 1; /* collapse key: one hit per file */
const Xapian::valueno V_PAGE = 2;   /* sortable_serialise(page) */
const Xapian::valueno V_FACET = 3;  /* "<type> <yyyy|none> <fileid> <folder>" */
const Xapian::valueno V_OCR = 4;    /* "1": the page's text was read by OCR */

/* The top-level folder of a path relative to the archive ("" for a file
 * at its root): the file's collection. */
std::string path_folder(const std::string &path);
/* Longer folder names get no XC term (Xapian's terms end at 245 bytes):
 * they are counted in the facet but cannot be chosen as a filter. */
const size_t MAX_FOLDER_TERM = 200;

/* The XT term of a whole title given as its folded words joined by single
 * spaces ("documentation developers reference 12 18"): the same for a
 * file's title when indexed and for a query's words when searched. A
 * title longer than MAX_TITLE_TERM bytes is cut there (the same cut on
 * both sides); "" for no words. */
std::string title_term(const std::string &folded_words);
const size_t MAX_TITLE_TERM = 200;

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
const char *const META_REPLACED = "R:replaced"; /* set in a generation
                                       once compaction replaced it: a
                                       reader that cannot see the folder's
                                       XAPIANDB (a remote shard) opens
                                       the index again */

/* A file's record (metadata F<fileid>). Its stamp (size, mtime_ns,
 * ctime_ns, inode) tells whether the file changed; records written before
 * the stamp had nanoseconds lack the last three (decoded as 0). A file
 * that was indexed has its type and the fields its hits show (absent
 * optional ones are unknown); a failed one its failure. */
struct file_record {
    std::string path, hash, type;
    std::optional<std::string> title, date, date_source, author,
        description, headings;
    long long size = 0, mtime = 0;
    long long mtime_ns = 0, ctime_ns = 0, inode = 0;
    unsigned pages = 0;
    std::optional<std::string> failure;
    long long failed_at = 0;
};

std::string file_record_encode(const file_record &r);
bool file_record_decode(const std::string &text, file_record &out);

/* A record's path, stamp, hash, pages and failure only (the fields hits
 * show are left empty): what a run compares with the walk, for every file
 * of the index. Read by a scanner that decodes those values and skips the
 * others (titles, headings: most of a record's bytes) without building an
 * object; a text it does not expect (nested values, a number that is not
 * an integer, a non-string path) goes to file_record_decode, whose
 * answers it gives in every case. */
bool file_stamp_decode(const std::string &text, file_record &out);

/* The fields of a record, as fdb.h shows a file: strings borrowed from
 * `r`; `id` is the file id (borrowed too). */
void file_record_doc(const file_record &r, const std::string &id, fdb_doc &out);

/* The same file as an fdb_file under another path, to encode it again
 * (a rename): strings borrowed from `r`; the page texts are the caller's. */
void file_record_file(const file_record &r, const char *path, fdb_file &out);

/* A page's text as its document data stores it, and back. Every reader
 * and writer of a page's text goes through these (fdb_write.cc,
 * fdb_search.cc, fdb_snippet.cc). page_text_decode gives the whole text,
 * or false (out empty) when the stored bytes are corrupt. */
std::string page_text_encode(const char *text, size_t len);
bool page_text_decode(const std::string &data, std::string &out);

/* A page's text read in pieces from its document data (borrowed: it must
 * outlive the reader): fill(want) reads on until at least `want` bytes of
 * the text are read, or all of it (whole()); false when the stored bytes
 * are corrupt (then nothing is read: size() 0). */
class page_text_reader {
public:
    explicit page_text_reader(const std::string &data);
    ~page_text_reader();
    page_text_reader(const page_text_reader &) = delete;
    page_text_reader &operator=(const page_text_reader &) = delete;
    bool fill(size_t want);
    const char *text() const { return r.text ? r.text : ""; }
    size_t size() const { return r.have; }
    bool whole() const { return r.whole; }
private:
    pagetext_reader r;
};

} /* namespace fdb_schema */

#endif
