/* worker.c -- the worker process (see worker.h for the design). */
#include "worker.h"

#include "extract.h"
#include "fdb.h"
#include "hash.h"
#include "statm.h"
#include "wire.h"

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include <glib.h>

#ifdef __SANITIZE_ADDRESS__
/* From the sanitizer runtime (gcc ships no header for them). */
size_t __sanitizer_get_current_allocated_bytes(void);
int __sanitizer_install_malloc_and_free_hooks(
    void (*malloc_hook)(const volatile void *, size_t),
    void (*free_hook)(const volatile void *));
#endif

#define WORKER_OOM_EXIT 3
#define WORKER_ALLOC_STEP (16 * 1024 * 1024)

/* What the signal handlers need, set once at start. */
static int worker_answer_fd = -1;
static long long worker_limit;
static frame_buf worker_oom_frame;   /* the "out of memory" answer, ready */

typedef struct {
    const char *hang, *alloc, *crash;   /* test hooks (getenv, borrowed) */
    long slow_ms;
} worker_hooks;

static void worker_die_oom(void)
{
    wire_send(worker_answer_fd, &worker_oom_frame);
    _exit(WORKER_OOM_EXIT);
}

#ifdef __SANITIZE_ADDRESS__

static void worker_malloc_hook(const volatile void *ptr, size_t size)
{
    (void)ptr;
    (void)size;
    if (worker_limit && __sanitizer_get_current_allocated_bytes() > (size_t)worker_limit)
        worker_die_oom();
}

static void worker_free_hook(const volatile void *ptr)
{
    (void)ptr;
}

static void worker_set_limit(void)
{
    if (worker_limit)
        __sanitizer_install_malloc_and_free_hooks(worker_malloc_hook, worker_free_hook);
}

#else

static void worker_on_fatal(int sig)
{
    if (worker_limit && statm_bytes(STATM_SIZE) >= worker_limit / 4 * 3)
        worker_die_oom();
    signal(sig, SIG_DFL);
    raise(sig);
}

static void worker_set_limit(void)
{
    if (!worker_limit)
        return;
    static char altstack[64 * 1024];
    stack_t ss = {.ss_sp = altstack, .ss_size = sizeof altstack};
    sigaltstack(&ss, NULL);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = worker_on_fatal;
    sa.sa_flags = SA_ONSTACK;
    sigemptyset(&sa.sa_mask);
    const int fatal[] = {SIGSEGV, SIGBUS, SIGABRT, SIGTRAP};
    for (size_t i = 0; i < sizeof fatal / sizeof *fatal; i++)
        sigaction(fatal[i], &sa, NULL);
    struct rlimit rl = {(rlim_t)worker_limit, (rlim_t)worker_limit};
    setrlimit(RLIMIT_AS, &rl);
}

#endif

static void worker_failure_frame(frame_buf *b, const char *hash, const char *reason,
                                 const char *detail, int dying)
{
    wire_begin(b);
    frame_put_i64(b, 0);
    wire_put_str(b, hash);
    wire_put_str(b, reason);
    wire_put_str(b, detail);
    frame_put_i64(b, dying);
}

static int worker_hook_on(const char *substring, const char *rel)
{
    return substring && *substring && strstr(rel, substring);
}

/* The test hooks: misbehave on purpose for the files they name. */
static void worker_run_hooks(const worker_hooks *h, const char *rel)
{
    if (h->slow_ms > 0) {
        struct timespec ts = {h->slow_ms / 1000, (h->slow_ms % 1000) * 1000000L};
        nanosleep(&ts, NULL);
    }
    if (worker_hook_on(h->hang, rel))
        for (;;)
            pause();
    if (worker_hook_on(h->crash, rel))
        abort();
    if (worker_hook_on(h->alloc, rel))
        for (;;)
            memset(g_malloc(WORKER_ALLOC_STEP), 1, WORKER_ALLOC_STEP);
}

/* A job done: ok, the hash, the pages and the blob (none for a hash job). */
static void worker_ok_frame(frame_buf *b, const char *hash, size_t npages, const char *blob,
                            size_t len)
{
    wire_begin(b);
    frame_put_i64(b, 1);
    wire_put_str(b, hash);
    frame_put_i64(b, (int64_t)npages);
    frame_put_run(b, blob, len);
}

/* Encode an extracted file's index documents into the answer `b`. */
static void worker_encode(const extract_doc *doc, const char *rel, const fdb_file *stamp,
                          const char *hash, frame_buf *b)
{
    const char **texts = g_new(const char *, doc->npages);
    size_t *lens = g_new(size_t, doc->npages);
    unsigned char *ocr = g_new(unsigned char, doc->npages);
    for (size_t i = 0; i < doc->npages; i++) {
        texts[i] = doc->pages[i].text;
        lens[i] = doc->pages[i].len;
        ocr[i] = doc->pages[i].ocr != 0;
    }
    fdb_file f = {
        .path = rel, .type = doc_type_name(doc->type), .title = doc->title,
        .author = doc->author, .description = doc->description, .headings = doc->headings,
        .date = doc->date[0] ? doc->date : NULL, .date_source = doc->date_source,
        .size = stamp->size, .mtime = stamp->mtime, .mtime_ns = stamp->mtime_ns,
        .ctime_ns = stamp->ctime_ns, .inode = stamp->inode, .hash = hash,
        .npages = doc->npages, .page_text = texts, .page_len = lens, .page_ocr = ocr,
    };
    char *blob = NULL;
    size_t len = 0;
    char err[256] = "";
    fdb_status st = fdb_file_encode(&f, &blob, &len, err, sizeof err);
    if (st != FDB_OK)
        worker_failure_frame(b, hash, "internal error", err, 0);
    else
        worker_ok_frame(b, hash, doc->npages, blob, len);
    free(blob);
    g_free(texts);
    g_free(lens);
    g_free(ocr);
}

/* Read one file once (extract_read), hash its bytes, extract and encode
 * them (with its stamp, from the walk) into the answer frame `b`. */
static void worker_extract(const char *abs, const char *rel, const fdb_file *stamp,
                           const worker_options *opt, frame_buf *b)
{
    char hash[HASH_HEX_LEN + 1] = "";
    char err[512] = "";
    char *buf;
    size_t n;
    extract_status es = extract_read(abs, opt->max_size, &buf, &n, err, sizeof err);
    if (es != EXTRACT_OK) {
        worker_failure_frame(b, "", extract_status_string(es), err, 0);
        return;
    }
    hash_bytes(buf, n, hash);
    extract_doc doc;
    es = extract_buffer(buf, n, rel, &doc, err, sizeof err);
    g_free(buf);
    if (es != EXTRACT_OK) {
        worker_failure_frame(b, hash, extract_status_string(es), err, 0);
        return;
    }
    worker_encode(&doc, rel, stamp, hash, b);
    extract_doc_free(&doc);
}

/* Hash one file (a possible rename) into the answer frame `b`. */
static void worker_hash(const char *abs, frame_buf *b)
{
    char hash[HASH_HEX_LEN + 1] = "";
    char err[512] = "";
    if (hash_file(abs, hash, err, sizeof err) != 0)
        worker_failure_frame(b, "", extract_status_string(EXTRACT_ERR_IO), err, 0);
    else
        worker_ok_frame(b, hash, 0, "", 0);
}

static void worker_setup_ocr(const worker_options *opt)
{
    extract_ocr_options ocr = extract_ocr_defaults();
    ocr.enabled = opt->ocr;
    ocr.max_pages = opt->ocr_pages;
    if (opt->timeout_s > 0)
        ocr.file_ms = (unsigned)opt->timeout_s * 750u;
    extract_ocr_configure(&ocr);
}

void worker_main(int job_fd, int answer_fd, const worker_options *opt)
{
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    signal(SIGINT, SIG_IGN);
    signal(SIGTERM, SIG_IGN);
    signal(SIGPIPE, SIG_DFL);
    worker_answer_fd = answer_fd;
    worker_limit = opt->max_memory;
    worker_failure_frame(&worker_oom_frame, "", "out of memory", "", 1);
    worker_set_limit();
    worker_setup_ocr(opt);
    const char *slow = getenv("FOUILLE_TEST_WORKER_SLOW");
    worker_hooks hooks = {
        getenv("FOUILLE_TEST_WORKER_HANG"), getenv("FOUILLE_TEST_WORKER_ALLOC"),
        getenv("FOUILLE_TEST_WORKER_CRASH"), slow ? atol(slow) : 0,
    };
    for (;;) {
        unsigned char *frame;
        size_t len;
        if (wire_recv(job_fd, &frame, &len) != 0)
            _exit(0);
        frame_reader r;
        frame_reader_init(&r, frame, len);
        int64_t kind = frame_get_i64(&r);
        char *abs = wire_get_str(&r, NULL);
        char *rel = wire_get_str(&r, NULL);
        fdb_file stamp = {0};
        stamp.size = frame_get_i64(&r);
        stamp.mtime = frame_get_i64(&r);
        stamp.mtime_ns = frame_get_i64(&r);
        stamp.ctime_ns = frame_get_i64(&r);
        stamp.inode = frame_get_i64(&r);
        free(frame);
        frame_buf answer;
        if (r.bad || (kind != WORKER_EXTRACT && kind != WORKER_HASH)) {
            worker_failure_frame(&answer, "", "internal error", "bad job message", 1);
            r.bad = 1;
        } else {
            worker_run_hooks(&hooks, rel);
            if (kind == WORKER_HASH)
                worker_hash(abs, &answer);
            else
                worker_extract(abs, rel, &stamp, opt, &answer);
        }
        free(abs);
        free(rel);
        int sent = wire_send(answer_fd, &answer);
        frame_buf_free(&answer);
        if (sent != 0 || r.bad)
            _exit(sent != 0 ? 1 : 2);
    }
}

char *worker_env_value(int job_fd, int answer_fd, const worker_options *opt)
{
    return g_strdup_printf("%d %d %lld %lld %d %u %d", job_fd, answer_fd, opt->max_memory,
                           opt->max_size, opt->ocr, opt->ocr_pages, opt->timeout_s);
}

void worker_main_env(void)
{
    const char *v = getenv(WORKER_ENV);
    if (!v)
        return;
    int job_fd, answer_fd, end = 0;
    worker_options opt;
    if (sscanf(v, "%d %d %lld %lld %d %u %d%n", &job_fd, &answer_fd, &opt.max_memory,
               &opt.max_size, &opt.ocr, &opt.ocr_pages, &opt.timeout_s, &end) != 7 ||
        v[end] != '\0' || job_fd < 0 || answer_fd < 0) {
        fprintf(stderr, "indexer: %s: not a worker's settings: %s\n", WORKER_ENV, v);
        _exit(2);
    }
    worker_main(job_fd, answer_fd, &opt);
}
