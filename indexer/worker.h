/* worker.h -- what a worker process does: read, hash and extract files.
 *
 * Design: a worker is a child of the indexer (pool.c forks it) that reads
 * jobs from a pipe and answers each on another, until its job pipe ends.
 * Workers are the only processes that read archive files, so every read
 * is under their limits. Two kinds of job:
 *   - extract: read the file once, whole (extract_read, bounded by
 *     max_size), hash those bytes (SHA-256), extract them (extract.h) and
 *     encode the index documents (fdb_file_encode), so that only a blob
 *     crosses the pipe and only the parent touches Xapian;
 *   - hash: hash the file (a new file that may be a renamed one: the plan
 *     compares its hash with those of the files gone), nothing more.
 * A failure is an answer too: the reason (extract_status_string) and a
 * detail.
 *
 * OCR (extract.h) is configured once at start: on or off, pages a file,
 * and a time budget a file of three quarters of the parent's timeout, so
 * that a long scan comes back with its first pages read instead of being
 * killed; Tesseract runs one thread and its engine is loaded at the
 * first page and kept.
 *
 * Start: the pool forks, then execs the program again (/proc/self/exe,
 * with the parent's own words, so that ps and pgrep show a worker as its
 * indexer) with WORKER_ENV in its environment: the two descriptors and
 * the options, which main() looks for before anything else
 * (worker_main_env). Tesseract's threads are OpenMP's, whose runtime reads
 * OMP_THREAD_LIMIT once, when the program is loaded: the worker's
 * environment has OMP_THREAD_LIMIT=1 (unless the user set it), since the
 * workers are the parallelism, one a core. The parent is loaded once and
 * never OCRs. When the exec fails, the forked child works as it is
 * (worker_main), without that limit.
 *
 * Limits: the address space is capped with setrlimit(RLIMIT_AS). When the
 * worker then dies of a failed allocation (GLib aborts, C++ throws, C code
 * dereferences NULL) a handler on SIGSEGV, SIGBUS, SIGABRT and SIGTRAP
 * looks at the address space in use: above three quarters of the limit,
 * it answers "out of memory" before dying; below, the signal takes its
 * course and the parent reports a crash. Under AddressSanitizer (which
 * reserves terabytes of address space, so RLIMIT_AS cannot be used) the
 * same limit is enforced on the heap through the sanitizer's malloc hook.
 * A worker dies with its parent (PR_SET_PDEATHSIG), ignores SIGINT and
 * SIGTERM (the parent decides), and leaves with _exit.
 *
 * Test hooks, read from the environment at start (documented in --help as
 * test-only): FOUILLE_TEST_WORKER_HANG, _ALLOC and _CRASH name a substring
 * of the relative path of the files on which the worker sleeps forever,
 * allocates until the limit stops it, or aborts; FOUILLE_TEST_WORKER_SLOW
 * is a delay in milliseconds before each job.
 *
 * Job frame: kind, abs path, rel path, size, mtime, mtime_ns, ctime_ns,
 * inode (the stamp, which goes into the record). Answer frame: ok
 * (1/0), hash ("" when unknown), then either the page count and the blob
 * (0 and empty for a hash job), or the reason, the detail and a flag
 * saying the worker is about to exit. The test hooks apply to both kinds.
 */
#ifndef FOUILLE_WORKER_H
#define FOUILLE_WORKER_H

typedef enum {
    WORKER_EXTRACT = 0,      /* read, hash, extract, encode */
    WORKER_HASH = 1          /* hash only */
} worker_job_kind;

typedef struct {
    long long max_memory;    /* bytes of address space, 0: no limit */
    long long max_size;      /* larger files fail as "too large" */
    int ocr;                 /* read scans and images by OCR */
    unsigned ocr_pages;      /* pages of a file read by OCR, at most */
    int timeout_s;           /* the parent's limit a file: OCR stops at 3/4 */
} worker_options;

/* The environment variable that makes the program a worker (above). */
#define WORKER_ENV "FOUILLE_WORKER_PROCESS"

/* The life of a worker process: never returns. */
void worker_main(int job_fd, int answer_fd, const worker_options *opt)
    __attribute__((noreturn));

/* WORKER_ENV's value for these descriptors and options (g_free). */
char *worker_env_value(int job_fd, int answer_fd, const worker_options *opt);

/* When WORKER_ENV is set, the life of a worker as its value says (never
 * returns; exit status 2 when the value cannot be read); else returns. */
void worker_main_env(void);

#endif
