/* about.h -- what the archive's maintainer says of it, without touching
 * code: the file .fouille.json at the archive's root (hidden, so it is
 * never indexed nor served as an archived file), for example
 *
 *   {"title": "Archive du Collectif Liens Associatifs",
 *    "description": "Comptes rendus, feuilles de route, lettres…",
 *    "collections": {"comptes-rendus": "Comptes rendus de réunion",
 *                    "lettre-mensuelle": "La lettre mensuelle"}}
 *
 * Every member is optional: "title" and "description" are strings,
 * "collections" maps a top-level folder to its human title; anything else
 * is left out. /api/stats hands it out as its "archive" member, and the
 * search page shows it on its front page.
 *
 * Design: the file is read again when its modification time or size
 * changes (looked at, at most once a second, under a mutex: any thread
 * may ask); it is bounded (ABOUT_MAX_BYTES); a file that is not such JSON
 * is logged once per change and counts as none.
 */
#ifndef FOUILLE_ABOUT_H
#define FOUILLE_ABOUT_H

#include <jansson.h>

#define ABOUT_FILE ".fouille.json"
#define ABOUT_MAX_BYTES (64 * 1024)

typedef struct about about;

/* The description of the archive in `archive_dir` (copied). NULL when out
 * of memory. Release with about_free. */
about *about_create(const char *archive_dir);
void about_free(about *a);

/* A new reference to the description, a JSON object with the members
 * above that are valid ({} when there is no file); json_decref it. NULL
 * only when out of memory. */
json_t *about_get(about *a);

#endif
