/* vocab.h -- a French vocabulary for synthetic documents.
 *
 * Design: a few hundred nouns, adjectives and verbs written in vocab.c
 * are inflected by simple French rules (plurals; feminine and plural
 * adjectives; present, imperfect, future and participles of -er verbs),
 * deduplicated and put in a fixed pseudo-random order, which is the
 * frequency rank: vocab_word() draws a rank from a Zipf-like law, so a few
 * words are very common and most are rare, as in real text. Function words
 * (articles, prepositions, pronouns) are drawn apart, uniformly.
 *
 * Ownership: the vocabulary is built once by vocab_create() and released
 * by vocab_free(); every string it hands out is borrowed from it.
 */
#ifndef FOUILLE_BENCH_VOCAB_H
#define FOUILLE_BENCH_VOCAB_H

#include <stddef.h>
#include <stdint.h>

typedef struct vocab vocab;

/* Build the vocabulary (the same for every run). NULL when out of memory. */
vocab *vocab_create(void);
void vocab_free(vocab *v);

/* How many distinct content words. */
size_t vocab_size(const vocab *v);

/* A content word drawn by rank (Zipf-like), a function word, a noun
 * (singular, for titles). `rng` is the caller's generator state. */
const char *vocab_word(const vocab *v, uint64_t *rng);
const char *vocab_function_word(const vocab *v, uint64_t *rng);
const char *vocab_noun(const vocab *v, uint64_t *rng);

/* The generator shared by the bench tools: splitmix64. */
uint64_t vocab_rand(uint64_t *state);
/* Uniform in [0, n). */
unsigned vocab_below(uint64_t *state, unsigned n);

#endif
