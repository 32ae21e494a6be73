/* seed-index.h -- the small index the in-process API targets (fuzz-search,
 * fuzz-meili) search: four files, French and English, of every filter's
 * kinds (pdf, html, text; 2021, 2022, 2023 and no date; four folders),
 * and one failed file.
 */
#ifndef FOUILLE_SEED_INDEX_H
#define FOUILLE_SEED_INDEX_H

/* Files the index holds (the failed one is not a hit). */
#define SEED_INDEX_FILES 4

/* Make a temporary folder from `tmpl` (mkdtemp, changed in place) and
 * write the index into it; a failure aborts (FUZZ_CHECK). */
void seed_index_build(char *tmpl);

/* Remove the folder and all it holds. */
void seed_index_remove(const char *dir);

#endif
