/* date.h -- calendar days, the one definition of "a valid date".
 *
 * Design: a date is a day of the proleptic Gregorian calendar (GLib's
 * GDate decides which days exist: 2024-02-29 does, 2023-02-29 does not)
 * with a year from 1 to 9999, written "YYYY-MM-DD" everywhere fouille
 * shows or takes one (extracted documents, the index, the API's from/to),
 * and kept in the index as the sort key "YYYYMMDD". Every module that
 * reads, checks or writes a date does it through here, so that the
 * indexer, the index and the server agree on what a date is.
 *
 * Functions return 1 for yes and 0 for no; nothing is allocated.
 */
#ifndef FOUILLE_DATE_H
#define FOUILLE_DATE_H

#ifdef __cplusplus
extern "C" {
#endif

#define DATE_SIZE 11       /* "YYYY-MM-DD" and its NUL */
#define DATE_KEY_SIZE 9    /* "YYYYMMDD" and its NUL */

/* Is year-month-day a real day (1 <= year <= 9999)? */
int date_valid(int year, int month, int day);

/* Is `s` exactly "YYYY-MM-DD" (ten characters, digits where digits
 * belong: "2022-01-2-" is not) naming a real day? Its parts go to the
 * out-parameters that are not NULL, only on success. */
int date_parse(const char *s, int *year, int *month, int *day);

/* Write the real day year-month-day as "YYYY-MM-DD" into out; 0 (out
 * left alone) when it is not a real day. */
int date_format(int year, int month, int day, char out[DATE_SIZE]);

/* The index's sort key of the date `s` ("2022-05-19" -> "20220519");
 * 0 (key left alone) when `s` is NULL or not a date for date_parse. */
int date_to_key(const char *s, char key[DATE_KEY_SIZE]);

#ifdef __cplusplus
}
#endif

#endif
