/* shards.h -- an index in N shards, on the indexer's side.
 *
 * Design: `bin/indexer --shards N` splits the index into N index folders
 * inside the index folder, shard-N-1 .. shard-N-N, and a stub file
 * (FDB_SHARDS_STUB, "shards") naming them, which the server reads as one
 * index (lib/fdb_shards.cc). A file goes to shard shards_of(path, N): a
 * stable hash of its path (FNV-1a, 64 bits, of its bytes, mod N), so all
 * the pages of a file are in one shard and a file stays in its shard
 * from run to run. Each shard is an ordinary index folder: written,
 * committed, compacted on its own, with a copy of its spelling table
 * beside it (shard-N-K.spelling) for a server that reads it through
 * xapian-tcpsrv. N = 1 is one index in the index folder itself, as
 * before shards.
 *
 * Another N than the index has now is a rebuild: the new shards are
 * written beside the old layout, which the server goes on reading; once
 * a run has gone through (shards_settle), the stub names the new shards
 * (or, for N = 1, goes) and the old layout is removed. A run interrupted
 * before leaves the old layout served and the new one half written: the
 * next run with the same N goes on with it.
 */
#ifndef FOUILLE_SHARDS_H
#define FOUILLE_SHARDS_H

#include <stddef.h>

#define SHARDS_MAX 64

/* How many shards the index at `index` has now: the "auto shard-" lines
 * of its stub, 1 without one. */
unsigned shards_count(const char *index);

/* The shard (0 .. n-1) of a file, by its path in the archive. */
unsigned shards_of(const char *path, unsigned n);

/* The folder of shard k (0-based) of an index in n shards: `index`
 * itself when n is 1. g_free(). */
char *shards_dir(const char *index, unsigned n, unsigned k);

/* The folder of the copy of shard k's spelling table (n > 1). g_free(). */
char *shards_spelling_dir(const char *index, unsigned n, unsigned k);

/* After a run that went through with n shards: make the index folder
 * that of n shards (the stub written, atomically, or removed for n = 1),
 * then remove what another layout left there. 0, or -1 with `err`. */
int shards_settle(const char *index, unsigned n, char *err, size_t errlen);

#endif
