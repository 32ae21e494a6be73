/* fdb.h -- fouille's index, a pure C interface over Xapian.
 *
 * Design: opaque handles, a status code from every call that can fail,
 * results through out-parameters. No Xapian type, exception or std:: name
 * crosses this header: the C++ side (fdb*.cc) catches everything at its
 * boundary (fdb_guard in fdb-private.h) and maps it to a status.
 *
 * Errors, one convention for the whole header: a call that can fail
 * returns an fdb_status, FDB_OK (0) on success; its comment lists the
 * other statuses it returns ("Returns: ..."), and any call may also
 * return FDB_ERR_NOMEM and FDB_ERR_INTERNAL, not listed again. The
 * message of an error is kept on the handle: fdb_last_error() returns it
 * until the next call on that handle. A call that has no handle yet
 * (fdb_open_*, fdb_file_encode, fdb_snippet) writes it into the caller's
 * `err` buffer instead (`errlen` bytes; `err` may be NULL). After an
 * error the out-parameters are NULL (or empty) and hold nothing to free.
 * Calls that cannot fail (the fdb_results_* accessors) return their value.
 *
 * Ownership, once for the whole header: a `char *` or handle handed back
 * through an out-parameter belongs to the caller and is released with the
 * matching `_free` (plain strings with free()); a `const char *` returned
 * by a function is borrowed from the handle it came from and lives until
 * that handle is freed or used again for the same call.
 *
 * Threads: a handle is used by one thread at a time. Readers each open
 * their own handle; there is one writer per index (Xapian's lock).
 *
 * The index schema (terms, values, document data) is written down once,
 * in fdb_schema.h; nothing of it shows here: files come back as typed
 * fields (fdb_doc, fdb_hit).
 */
#ifndef FOUILLE_FDB_H
#define FOUILLE_FDB_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    FDB_OK = 0,
    FDB_ERR_NOT_FOUND,   /* no index there, or no such document */
    FDB_ERR_LOCKED,      /* another writer holds the index */
    FDB_ERR_CORRUPT,     /* the index is damaged or of another Xapian version */
    FDB_ERR_MODIFIED,    /* the revision read was overwritten: reopen, retry */
    FDB_ERR_QUERY,       /* the query could not be parsed even leniently */
    FDB_ERR_INVALID,     /* a bad argument from the caller */
    FDB_ERR_NOMEM,       /* out of memory */
    FDB_ERR_IO,          /* a file system error */
    FDB_ERR_INTERNAL,    /* any other error (message in fdb_last_error) */
    FDB_ERR_FORMAT,      /* the index was written in another format of
                            fouille's schema: rebuild it (fdb_open_rebuild) */
    FDB_ERR_LIMIT,       /* the query is over a bound of fdb_search's
                            grammar (too many words, wildcards, phrases,
                            a NEAR window too wide...): the message says
                            which */
    FDB_ERR_SHARD        /* a shard of the index could not be reached
                            (fdb_shard_get): fdb_reopen goes on without
                            it, then retry; when no shard can be reached
                            at all, opening fails with it */
} fdb_status;

/* A short English name for a status ("locked", "not found"...). Static. */
const char *fdb_status_string(fdb_status st);

typedef struct fdb fdb;

/* Open the index in `dir` for reading. `dir` may also be an index in
 * shards: a stub file naming them, or a folder holding one called
 * FDB_SHARDS_STUB (bin/indexer --shards N; docs/scaling.md).
 * Returns: FDB_ERR_NOT_FOUND (no index there yet), FDB_ERR_FORMAT (an
 * index of another format: see fdb_open_rebuild), FDB_ERR_CORRUPT,
 * FDB_ERR_IO, FDB_ERR_INVALID (no folder given), FDB_ERR_SHARD (no shard
 * can be reached). */
#define FDB_SHARDS_STUB "shards"
fdb_status fdb_open_read(const char *dir, fdb **out, char *err, size_t errlen);

/* Open (creating it and its parent folders if needed) the index in `dir`
 * for writing.
 * Returns: FDB_ERR_LOCKED (another writer has it), FDB_ERR_FORMAT (an
 * index of another format: see fdb_open_rebuild), FDB_ERR_CORRUPT,
 * FDB_ERR_IO (it cannot be created), FDB_ERR_INVALID (no folder given). */
fdb_status fdb_open_write(const char *dir, fdb **out, char *err, size_t errlen);

/* Open the index in `dir` for writing into a fresh, empty generation of
 * the current format that replaces the index at once (its revision still
 * grows): what to do with an index fdb_open_write or fdb_open_read
 * refused with FDB_ERR_FORMAT. Every file must then be indexed again.
 * Returns: FDB_ERR_LOCKED, FDB_ERR_CORRUPT, FDB_ERR_IO, FDB_ERR_INVALID. */
fdb_status fdb_open_rebuild(const char *dir, fdb **out, char *err, size_t errlen);

/* Close the handle. For a writer, changes not yet committed are committed
 * (Xapian's behaviour); call fdb_commit first to see its status. NULL is
 * a no-op. */
void fdb_free(fdb *db);

/* The message of the last error on this handle, "" when none. Borrowed. */
const char *fdb_last_error(const fdb *db);

/* Writer: make every change so far durable and visible to readers.
 * Returns: FDB_ERR_IO, FDB_ERR_INVALID (a reader's handle). */
fdb_status fdb_commit(fdb *db);

/* Reader: move to the newest committed revision, or to the new folder of
 * a compacted or rebuilt index. *changed (may be NULL) is set to 1 when
 * it moved.
 * On an index in shards (a stub file, docs/scaling.md), each shard
 * that is up moves to its newest revision; a shard that cannot be
 * reached any more is left out, and one that is down is tried again
 * (at most every 2 s): *changed is 1 when either happened.
 * Returns: FDB_ERR_NOT_FOUND (the index is gone), FDB_ERR_CORRUPT,
 * FDB_ERR_IO, FDB_ERR_SHARD (no shard can be reached). */
fdb_status fdb_reopen(fdb *db, int *changed);

/* One shard of an index opened through a stub file, as the handle last
 * saw it. Strings borrowed from the handle until its next fdb_reopen. */
typedef struct {
    const char *name;        /* as the stub names it: PATH or HOST:PORT */
    int remote;              /* 1: served by xapian-tcpsrv */
    int up;                  /* 1: searched; 0: could not be reached */
    const char *error;       /* why it is down, NULL when up */
    long long down_since;    /* time(2) it was found down, 0 when up */
    unsigned long lost;      /* times it was lost after being up, by any
                                handle of the process */
    unsigned long pages;     /* its index documents (pages), 0 when down */
} fdb_shard_info;

/* How many shards the index has (0: one index folder, no stub), and
 * shard i's state (0 past the end). */
size_t fdb_shard_count(const fdb *db);
int fdb_shard_get(fdb *db, size_t i, fdb_shard_info *out);

/* Writer: commit, then rewrite the index compactly (about half the size
 * after a large run, and faster to read) into a new folder beside the old
 * one and switch to it atomically; the handle writes on in the new one,
 * readers follow at their next fdb_reopen. The folder replaced, and any
 * other, is removed (a reader still on it reads on from its open files
 * until its fdb_reopen). *done (may be NULL)
 * is 1 when it compacted: not for an index folder of the old layout
 * (tables directly inside), which is left as it is. After an error the
 * index is as it was, and the handle may only be freed.
 * Returns: FDB_ERR_IO, FDB_ERR_CORRUPT, FDB_ERR_INVALID (a reader's
 * handle). */
fdb_status fdb_compact(fdb *db, int *done);

/* Copy the index's spelling table (the words "did you mean" draws from,
 * with their frequencies) into a small database of its own in folder
 * `out` (created if needed), which replaces the copy there at once (the
 * folder's XAPIANDB names the new one; the one before stays for readers
 * still on it). Xapian's remote protocol carries no spelling data: a
 * server that reads this shard through xapian-tcpsrv reads its spelling
 * from this copy instead ("spelling PATH" in a stub file,
 * docs/scaling.md).
 * Returns: FDB_ERR_INVALID (no folder), FDB_ERR_IO. */
fdb_status fdb_spelling_export(fdb *db, const char *out);

/* The committed revision this handle sees (it only grows, across
 * compactions and rebuilds too), and the count of pages. Either pointer
 * may be NULL.
 * Returns: no other status. */
fdb_status fdb_info(fdb *db, unsigned long *revision, unsigned long *docs);

/* ---- Writing ------------------------------------------------------- */

/* One file of the archive with its pages. A PDF has one page a page, a
 * presentation one a slide; any other file has npages == 1. Strings are UTF-8 (the extractors
 * guarantee it); any may be NULL except path, type and the page texts. */
typedef struct {
    const char *path;        /* relative to the archive: the file's identity */
    const char *type;        /* "pdf", "html", "text", "image", "document",
                                "spreadsheet" or "presentation" */
    const char *title;
    const char *author;
    const char *description; /* HTML <meta name=description> */
    const char *headings;    /* HTML headings, weighted above body text */
    const char *date;        /* "YYYY-MM-DD" or NULL */
    const char *date_source; /* "metadata", "filename", "text", or NULL
                                when the date is unknown */
    long long size;          /* bytes */
    long long mtime;         /* seconds since the epoch */
    long long mtime_ns;      /* the same in nanoseconds, the inode's change */
    long long ctime_ns;      /* time (ns) and the inode number: with size, */
    long long inode;         /* the file's stamp (fdb_file_info); 0 unknown */
    const char *hash;        /* content hash (hex) or NULL */
    size_t npages;           /* at least 1 */
    const char *const *page_text;
    const size_t *page_len;
    const unsigned char *page_ocr; /* 1: page i's text was read by OCR;
                                      NULL: no page was */
} fdb_file;

/* Add or replace a file: every earlier page of the same path goes, the
 * new pages come, the file record is updated. Not committed.
 * Returns: FDB_ERR_INVALID (a reader's handle, or an incomplete file),
 * FDB_ERR_IO, FDB_ERR_CORRUPT. */
fdb_status fdb_replace_file(fdb *db, const fdb_file *file);

/* Encode a file's index documents into a self-contained blob (terms,
 * values, data), without an index: the work a worker process can do.
 * *blob is malloc'd, released with free().
 * Returns: FDB_ERR_INVALID (an incomplete file); the message in `err`. */
fdb_status fdb_file_encode(const fdb_file *file, char **blob, size_t *len,
                           char *err, size_t errlen);

/* Store a blob made by fdb_file_encode: the same as fdb_replace_file.
 * Returns: FDB_ERR_INVALID (a reader's handle, or not a whole blob of
 * this format), FDB_ERR_IO, FDB_ERR_CORRUPT. */
fdb_status fdb_store_blob(fdb *db, const char *blob, size_t len);

/* Store a blob of a file the index does not hold (no record, no pages: a
 * file new in this run): as fdb_store_blob, but without looking for old
 * pages to delete. Storing a file the index holds this way leaves its old
 * pages in the index: the caller must know.
 * Returns: as fdb_store_blob. */
fdb_status fdb_add_blob(fdb *db, const char *blob, size_t len);

/* Remove a file (all its pages and its record, failed or not). Removing
 * a path that is not there is FDB_OK. Not committed.
 * Returns: FDB_ERR_INVALID (a reader's handle), FDB_ERR_IO. */
fdb_status fdb_delete_file(fdb *db, const char *path);

typedef struct fdb_file_info fdb_file_info;

/* Record that a file could not be indexed: its pages (if any) go and its
 * record says why (rec->failure), with rec's path, stamp and hash (may
 * be "" or NULL) and the time of the failure. Not committed.
 * Returns: FDB_ERR_INVALID (a reader's handle), FDB_ERR_IO. */
fdb_status fdb_record_failure(fdb *db, const fdb_file_info *rec);

/* Set the stamp (size, mtime, mtime_ns, ctime_ns, inode) of rec->path's
 * record to rec's, keeping the rest: a file renamed, or recorded before
 * stamps had nanoseconds. Not committed.
 * Returns: FDB_ERR_NOT_FOUND (the index has no such file),
 * FDB_ERR_INVALID (a reader's handle), FDB_ERR_CORRUPT, FDB_ERR_IO. */
fdb_status fdb_restamp_file(fdb *db, const fdb_file_info *rec);

/* Move a file's pages and record to a new path, keeping its text (a file
 * renamed in the archive). Its old id keeps answering (fdb_document,
 * fdb_document_pages and fdb_similar follow it to the new path, whose id
 * is the new one). Not committed.
 * Returns: FDB_ERR_NOT_FOUND (no file at old_path), FDB_ERR_INVALID (a
 * reader's handle), FDB_ERR_CORRUPT (its record cannot be read),
 * FDB_ERR_IO. */
fdb_status fdb_rename_file(fdb *db, const char *old_path, const char *new_path);

/* fdb_rename_file from one index into another (two writers' handles: a
 * file renamed into another shard of an index in shards): its pages and
 * record go to `to` under new_path, its old id's alias stays in `from`.
 * Not committed (in either). The message of an error is on `from`.
 * Returns: as fdb_rename_file. */
fdb_status fdb_move_file(fdb *from, fdb *to, const char *old_path, const char *new_path);

/* Note that the file at old_path is now at new_path (a file moved and
 * extracted again there, its old path deleted), so that its old id keeps
 * answering as after fdb_rename_file. Not committed.
 * Returns: FDB_ERR_INVALID (a reader's handle), FDB_ERR_IO. */
fdb_status fdb_note_move(fdb *db, const char *old_path, const char *new_path);

/* What the index knows of a file, as seen by fdb_files(). Borrowed, valid
 * during the callback only. Its stamp (size, mtime_ns, ctime_ns, inode)
 * tells whether the file changed without reading it; a record written
 * before stamps had nanoseconds has mtime_ns, ctime_ns and inode 0. */
struct fdb_file_info {
    const char *path;
    long long size;
    long long mtime;         /* seconds since the epoch */
    long long mtime_ns;      /* nanoseconds since the epoch, 0 unknown */
    long long ctime_ns;      /* inode change time, ns, 0 unknown */
    long long inode;         /* 0 unknown */
    const char *hash;        /* "" when unknown */
    unsigned pages;          /* 0 for a failed file */
    const char *failure;     /* NULL when indexed, else the reason */
    long long failed_at;     /* time of the failure, 0 when indexed */
    unsigned shard;          /* fdb_files: the shard that holds it
                                (fdb_shard_get), 0 for one index */
};

/* Call cb for each file the index holds (indexed or failed), in no given
 * order. A non-zero return from cb stops the walk (still FDB_OK).
 * Returns: FDB_ERR_MODIFIED (a reader, also as soon as its revision is no
 * longer the newest: reopen, walk again),
 * FDB_ERR_CORRUPT. */
typedef int (*fdb_file_cb)(const fdb_file_info *info, void *ud);
fdb_status fdb_files(fdb *db, fdb_file_cb cb, void *ud);

/* Index-wide key/value metadata (e.g. "last_update"). Keys are ASCII,
 * under 200 bytes. fdb_get_meta sets *value to a malloc'd string, or NULL
 * when the key is absent. On an index in shards, each shard has its own
 * (the indexer writes a shard only when it changed): fdb_get_meta gives
 * the greatest value, longer first, then in byte order (for a number, as
 * "last_update" is: the largest, the latest run).
 * Returns: FDB_ERR_INVALID (a bad key; fdb_set_meta: a reader's handle),
 * fdb_set_meta FDB_ERR_IO, fdb_get_meta FDB_ERR_MODIFIED. */
fdb_status fdb_set_meta(fdb *db, const char *key, const char *value);
fdb_status fdb_get_meta(fdb *db, const char *key, char **value);

/* ---- Searching ----------------------------------------------------- */

typedef enum {
    FDB_SORT_RELEVANCE = 0,
    FDB_SORT_DATE_ASC,
    FDB_SORT_DATE_DESC
} fdb_sort;

/* Asked now and then while a search runs: non-zero stops it, and it
 * answers what it found so far (FDB_PARTIAL_STOPPED). */
typedef int (*fdb_stop_fn)(void *ud);

typedef struct {
    const char *query;            /* as typed by a person, UTF-8 */
    const char *const *types;     /* doc types (above); OR-ed */
    size_t ntypes;
    const int *years;             /* OR-ed; 0 is "no known date" */
    size_t nyears;
    const char *const *folders;   /* top-level folders (collections);
                                     OR-ed */
    size_t nfolders;
    const char *from, *to;        /* "YYYY-MM-DD", inclusive, or NULL */
    fdb_sort sort;
    unsigned offset;              /* files to skip */
    unsigned limit;               /* files to return */
    unsigned other_pages;         /* other matching pages per PDF, max */
    int facets;                   /* count files by type, year and folder;
                                     each facet is counted with every
                                     filter but its own (choosing "pdf"
                                     keeps the other types and their
                                     counts) */
    int spelling;                 /* compute a "did you mean" when few hits */
    int partial;                  /* search as you type: the last word also
                                     matches the words it begins (unless
                                     the query ends with a space), the
                                     word itself first */
    int snippets;                 /* give each hit its snippet */
    double deadline;              /* clock_now() time (clock.h) past which
                                     the search stops where it is and
                                     answers what it has
                                     (FDB_PARTIAL_TIME); 0: none */
    double cpu_limit;             /* likewise after this many seconds of
                                     the calling thread's CPU time (what
                                     other requests wait for); 0: none */
    fdb_stop_fn stop;             /* NULL, or asked every few hundred
                                     pages matched (from the searching
                                     thread) */
    void *stop_ud;
} fdb_query;

/* Width of a snippet, in characters of the original text. */
#define FDB_SNIPPET_WIDTH 240

/* A file as the index knows it. Strings are UTF-8, borrowed (see each
 * function); an optional one is NULL when unknown. */
typedef struct {
    const char *id;               /* the file's stable id: 16 hex digits */
    const char *path;             /* relative to the archive */
    const char *type;             /* "pdf", "html", "text", "image",
                                     "document", "spreadsheet",
                                     "presentation" */
    const char *title;            /* optional */
    const char *date;             /* "YYYY-MM-DD", optional */
    const char *date_source;      /* where the date came from: "metadata",
                                     "filename" or "text"; optional */
    const char *author;           /* optional */
    const char *description;      /* optional (HTML meta description) */
    long long size;               /* bytes */
    long long mtime;              /* the date it was added: the file's
                                     mtime when it was indexed
                                     (seconds since the epoch) */
    unsigned pages;               /* its page count (1 but for PDFs and
                                     presentations) */
} fdb_doc;

/* One hit: a file and its best page. */
typedef struct {
    fdb_doc file;
    unsigned page;                /* 1-based for PDFs and presentations
                                     (the slide), 0 otherwise */
    int ocr;                      /* 1: that page's text was read by OCR
                                     (a scanned page, an image) */
    const unsigned *other_pages;  /* other matching pages of a PDF or
                                     presentation,
                                     ascending; none otherwise */
    size_t nother_pages;
    double score;                 /* 0..1, relative to the best hit */
    const char *snippet;          /* HTML (see fdb_snippet), or NULL when
                                     the query did not ask for snippets */
} fdb_hit;

typedef struct fdb_results fdb_results;

/* Run a query. The query is folded by norm.h exactly as the text was at
 * index time; a query that does not parse as typed is retried with its
 * operators taken as words, so a half-typed query still answers. One hit
 * per file: for a PDF, its best page. *out is released with
 * fdb_results_free; what it hands out (hits, their strings and snippets,
 * facets, the suggestion) is borrowed from it.
 *
 * The cost of a search is bounded whatever the query (fdb_budget.cc has
 * the numbers): a query over the grammar's bounds is FDB_ERR_LIMIT; a
 * wildcard matching too many words searches its most frequent ones
 * (FDB_PARTIAL_WILDCARD); past q->deadline or q->cpu_limit, or when
 * q->stop says so, the search answers with what it found by then.
 * Returns: FDB_ERR_LIMIT (over the grammar's bounds), FDB_ERR_QUERY (not
 * even the lenient reading parses), FDB_ERR_INVALID (no query, a limit
 * over 1000, a from/to that is not YYYY-MM-DD), FDB_ERR_MODIFIED (reopen
 * and search again), FDB_ERR_CORRUPT, FDB_ERR_IO. */
fdb_status fdb_search(fdb *db, const fdb_query *q, fdb_results **out);

/* What made a search answer less than the whole query would find: 0 when
 * nothing did, else FDB_PARTIAL_* bits. Hits, total and facets of a
 * partial answer are right for what was looked at. */
#define FDB_PARTIAL_WILDCARD 1u   /* a wildcard was cut to its most
                                     frequent words */
#define FDB_PARTIAL_TIME     2u   /* the deadline or CPU limit passed */
#define FDB_PARTIAL_STOPPED  4u   /* q->stop asked to stop */
#define FDB_PARTIAL_SHARDS   8u   /* a shard of the index is down: the
                                     answer is that of the others
                                     (fdb_shard_get says which) */
unsigned fdb_results_partial(const fdb_results *r);

/* Files matching in all (exact when the query asked for facets and
 * matched at most 20,000 pages, else Xapian's estimate), hits returned,
 * and one hit. */
unsigned fdb_results_total(const fdb_results *r);
size_t fdb_results_count(const fdb_results *r);
const fdb_hit *fdb_results_hit(const fdb_results *r, size_t i);

/* Facets: `facet` is "type" (most files first), "year" (newest first,
 * then "none" for the files without a known date) or "folder" (the
 * top-level folders, by name; files at the archive's root are in none).
 * Fills *name and *count for entry i; returns 0 past the end. */
int fdb_results_facet(const fdb_results *r, const char *facet, size_t i,
                      const char **name, unsigned *count);

/* The corrected query when the query found little and the correction
 * finds more, else NULL. Borrowed. */
const char *fdb_results_suggestion(const fdb_results *r);

/* The words left out of the query (folded, NULL-terminated, borrowed;
 * empty when none): words no file holds, or, when the words together
 * found nothing and the answer holds the files with most of them, those
 * the best of them lacks (docs/ranking.md). */
const char *const *fdb_results_ignored(const fdb_results *r);

void fdb_results_free(fdb_results *r);

/* Up to max completions of a half-typed last word: `prefix` is what was
 * typed; the answers are whole queries (the typed start plus a completed
 * last word), most frequent first. *out is a malloc'd NULL-terminated
 * array of malloc'd strings: free with fdb_strv_free. `deadline` (wall
 * clock, clock.h's clock_now(); 0: none) bounds the work: past it, the
 * completions found so far.
 * Returns: FDB_ERR_MODIFIED, FDB_ERR_CORRUPT. */
fdb_status fdb_suggest(fdb *db, const char *prefix, unsigned max, double deadline,
                       char ***out);
void fdb_strv_free(char **v);

/* One file by id (as in fdb_hit.file.id), or by the id it had before a
 * rename or move (out->id is then its id now). *out's strings are borrowed
 * from the handle until its next fdb_document call or fdb_free.
 * Returns: FDB_ERR_NOT_FOUND (no such file, or not an id),
 * FDB_ERR_MODIFIED, FDB_ERR_CORRUPT. */
fdb_status fdb_document(fdb *db, const char *id, fdb_doc *out);

/* The start of each page of file `id`, in page order, at most `max`
 * pages: the first `width` characters (0: FDB_SNIPPET_WIDTH) of its text
 * as HTML, the way fdb_snippet makes a snippet with no query word in it
 * (collapsed, escaped, cut at a word with "…"). *out is a malloc'd
 * NULL-terminated array of malloc'd strings, page 1 first (fdb_strv_free);
 * a page without text gives "".
 * Returns: FDB_ERR_NOT_FOUND (no such file, or not an id),
 * FDB_ERR_MODIFIED, FDB_ERR_CORRUPT. */
fdb_status fdb_document_pages(fdb *db, const char *id, unsigned max, size_t width,
                              char ***out);

/* Up to `limit` (at most 100) other files like file `id`, most alike
 * first: the terms that set the file's pages apart from the rest of the
 * index, as Xapian's relevance-set expansion finds them (Enquire::get_eset
 * with the file's pages as the relevant set; plain words only), their
 * best FDB_SIMILAR_TERMS OR-ed into a query that leaves the file out.
 * Hits as fdb_search's, without snippets nor other pages; no facets.
 * Bounded: the terms of the file's first 64 pages, a search of 0.1 s of
 * CPU at most (then partial: FDB_PARTIAL_TIME).
 * Returns: FDB_ERR_NOT_FOUND (no such file, or not an id),
 * FDB_ERR_INVALID (a limit over 100), FDB_ERR_MODIFIED, FDB_ERR_CORRUPT. */
#define FDB_SIMILAR_TERMS 20
fdb_status fdb_similar(fdb *db, const char *id, unsigned limit, fdb_results **out);

/* The snippet of `len` bytes of UTF-8 `text` for `query`, as fdb_search
 * makes a hit's: about `width` characters (0: FDB_SNIPPET_WIDTH) from the
 * passage holding the most distinct words of the query (less those it
 * excludes: -word, NOT), cut at word boundaries with "…" where text was
 * left out, white space collapsed, HTML-escaped, each word matching a
 * query word (folded as norm.h folds, or by its French stem) wrapped in
 * <mark>…</mark>. No match: the start of the text. The query is read
 * without an index, so a wildcard marks nothing. *out is malloc'd
 * (free()).
 * Returns: FDB_ERR_INVALID (no text but a length); the message in `err`. */
fdb_status fdb_snippet(const char *query, const char *text, size_t len,
                       size_t width, char **out, char *err, size_t errlen);

#ifdef __cplusplus
}
#endif

#endif
