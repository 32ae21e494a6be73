/* http-double.h -- a test double of server/http.c's replies, so that the
 * handlers of api.c and files.c run in-process (fuzz targets) without a
 * daemon or a socket.
 *
 * Ownership: the double keeps the last reply's body (malloc'd) until the
 * next reply or http_double_reset; callers only borrow it.
 */
#ifndef FOUILLE_HTTP_DOUBLE_H
#define FOUILLE_HTTP_DOUBLE_H

#include "http.h"

/* A request for `target` ("/api/search?q=x"), as http.c builds it: path
 * split off, query arguments decoded by url_args_parse. Returns NULL when
 * url_args_parse refuses the query string (the server answers 400 then,
 * before any handler runs). Free with http_double_request_free. */
http_request *http_double_request(const char *target);
void http_double_request_free(http_request *req);

/* The status and body of the last reply (0 and NULL when none). */
unsigned http_double_status(void);
const char *http_double_body(void);

/* Forget the last reply. */
void http_double_reset(void);

#endif
