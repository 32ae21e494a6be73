/* seed-index.h -- the small index the in-process API targets (fuzz-search,
 * fuzz-meili) search: four files, French and English, of every filter's
 * kinds (pdf, html, text; 2021, 2022, 2023 and no date; four folders),
 * and one failed file, and the api over it.
 */
#ifndef FOUILLE_SEED_INDEX_H
#define FOUILLE_SEED_INDEX_H

#include "api.h"

/* Files the index holds (the failed one is not a hit). */
#define SEED_INDEX_FILES 4

/* For a target's LLVMFuzzerInitialize: write the index into a new
 * temporary folder named after `target` (under $TMPDIR, else /tmp) and
 * return the api over it, owned here: at exit it is freed, the HTTP
 * double's last reply forgotten and the folder removed. Called once; a
 * failure aborts (FUZZ_CHECK). */
api *seed_api_open(const char *target);

#endif
