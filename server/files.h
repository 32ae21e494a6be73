/* files.h -- the archive's files and the web folder, over HTTP.
 *
 * Ownership: files_create copies what it keeps; files_free releases it.
 */
#ifndef FOUILLE_FILES_H
#define FOUILLE_FILES_H

#include "http.h"

/* Longest raw (percent-encoded) path accepted, in bytes. */
#define FILES_MAX_PATH 4096

/* Serve `archive_dir` under /archive/ and `web_dir` at the root. Either
 * folder may be missing (its files then answer 404). NULL when out of
 * memory. */
files *files_create(const char *archive_dir, const char *web_dir);
void files_free(files *f);

/* Resolve `raw`, a percent-encoded path relative to the folder whose
 * canonical absolute path is `root` (as realpath gives it), to the
 * canonical path of a regular file inside that folder. Refused (-1): a
 * path over FILES_MAX_PATH, a backslash, an encoded '/' or '\' or NUL,
 * a malformed escape, an absolute path, an empty, "." or ".." segment
 * (encoded or not), a file that does not exist, is not a regular file
 * (directories included), or whose real path (symlinks followed) is not
 * inside root. On success 0 and *out is malloc'd (free()). No side
 * effects but the lookups: safe to call from a fuzz target. */
int files_resolve(const char *root, const char *raw, char **out);

/* The Content-Type for a file name by its extension (static string):
 * in the web folder, and in the archive, where only the types a browser
 * cannot run script with are kept and the rest is
 * application/octet-stream (files.c says which). */
const char *files_content_type(const char *name);
const char *files_archive_content_type(const char *name);

/* GET/HEAD /archive/{raw}: the file with Content-Type, Content-Length,
 * Last-Modified, ETag (304 on If-None-Match / If-Modified-Since), and a
 * single byte range (206, or 416 when unsatisfiable). 404 otherwise.
 * Every answer but a PDF's carries a sandbox Content-Security-Policy;
 * a type not served inline comes as an attachment. */
void files_serve_archive(files *f, http_request *req, const char *raw);

/* GET/HEAD of the web folder: "" is index.html. Same rules. */
void files_serve_web(files *f, http_request *req, const char *raw);

#endif
