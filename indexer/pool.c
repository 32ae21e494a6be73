/* pool.c -- worker processes and their pipes (see pool.h for the design). */
#include "pool.h"

#include "clock.h"
#include "wire.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib.h>

typedef struct {
    pid_t pid;               /* -1: this slot has no worker */
    int job_fd;              /* parent's write end */
    int answer_fd;           /* parent's read end */
    int busy;
    size_t id;               /* the job in flight */
    worker_job_kind kind;
    double deadline;         /* monotonic seconds */
} pool_worker;

struct pool {
    pool_options opt;
    pool_worker *w;          /* opt.workers slots, owned */
    char **argv;             /* the words a worker is started with, owned */
    char **env;              /* and its environment but WORKER_ENV, owned */
};

/* In the child: keep only stdin/out/err and the two pipe ends. */
static void pool_close_others(int a, int b)
{
    int lo = a < b ? a : b, hi = a < b ? b : a;
    if (lo > 3)
        close_range(3, (unsigned)lo - 1, 0);
    if (hi > lo + 1)
        close_range((unsigned)lo + 1, (unsigned)hi - 1, 0);
    close_range((unsigned)hi + 1, ~0U, 0);
}

/* The parent's own words (a worker shows as its indexer in ps), from
 * /proc/self/cmdline; "indexer" alone when it cannot be read. */
static char **pool_worker_argv(void)
{
    char *text = NULL;
    gsize len = 0;
    GPtrArray *words = g_ptr_array_new();
    if (g_file_get_contents("/proc/self/cmdline", &text, &len, NULL))
        for (gsize i = 0; i < len; i += strlen(text + i) + 1)
            g_ptr_array_add(words, g_strdup(text + i));
    if (words->len == 0)
        g_ptr_array_add(words, g_strdup("indexer"));
    g_ptr_array_add(words, NULL);
    g_free(text);
    return (char **)g_ptr_array_free(words, FALSE);
}

/* In the child: become a worker by exec (worker.h), the descriptors
 * kept open across it; returns only when the exec failed. */
static void pool_exec_worker(pool *p, int job_fd, int answer_fd, char **env)
{
    if (fcntl(job_fd, F_SETFD, 0) != 0 || fcntl(answer_fd, F_SETFD, 0) != 0)
        return;
    execve("/proc/self/exe", p->argv, env);
}

/* Start a worker in slot w: 0, or -1 with errno set. */
static int pool_spawn(pool *p, pool_worker *w)
{
    int job[2], answer[2];
    if (pipe2(job, O_CLOEXEC) != 0)
        return -1;
    if (pipe2(answer, O_CLOEXEC) != 0) {
        close(job[0]);
        close(job[1]);
        return -1;
    }
    char *value = worker_env_value(job[0], answer[1], &p->opt.worker);
    char **env = g_environ_setenv(g_strdupv(p->env), WORKER_ENV, value, TRUE);
    g_free(value);
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        pool_close_others(job[0], answer[1]);
        pool_exec_worker(p, job[0], answer[1], env);
        worker_main(job[0], answer[1], &p->opt.worker);
    }
    int saved = errno;
    g_strfreev(env);
    close(job[0]);
    close(answer[1]);
    if (pid < 0) {
        close(job[1]);
        close(answer[0]);
        errno = saved;
        return -1;
    }
    *w = (pool_worker){.pid = pid, .job_fd = job[1], .answer_fd = answer[0]};
    return 0;
}

/* Reap the worker of slot w (killing it first when `kill_it`); returns
 * its wait status. The slot is left empty. */
static int pool_reap(pool_worker *w, int kill_it)
{
    int status = 0;
    if (kill_it)
        kill(w->pid, SIGKILL);
    close(w->job_fd);
    close(w->answer_fd);
    while (waitpid(w->pid, &status, 0) < 0 && errno == EINTR)
        ;
    w->pid = -1;
    w->busy = 0;
    return status;
}

/* Replace a dead or killed worker; a slot that cannot be refilled stays
 * empty and the pool goes on with fewer workers. */
static void pool_replace(pool *p, pool_worker *w, int kill_it, int *status)
{
    int st = pool_reap(w, kill_it);
    if (status)
        *status = st;
    pool_spawn(p, w);
}

pool *pool_create(const pool_options *opt, char *err, size_t errlen)
{
    pool *p = g_new0(pool, 1);
    p->opt = *opt;
    if (p->opt.workers < 1)
        p->opt.workers = 1;
    p->w = g_new0(pool_worker, p->opt.workers);
    p->argv = pool_worker_argv();
    /* Tesseract's OpenMP threads: one a worker (worker.h). */
    p->env = g_environ_setenv(g_get_environ(), "OMP_THREAD_LIMIT", "1", FALSE);
    unsigned started = 0;
    for (unsigned i = 0; i < p->opt.workers; i++) {
        p->w[i].pid = -1;
        if (pool_spawn(p, &p->w[i]) == 0)
            started++;
        else
            snprintf(err, errlen, "cannot start a worker process: %s", g_strerror(errno));
    }
    if (!started) {
        pool_free(p);
        return NULL;
    }
    return p;
}

int pool_has_idle(const pool *p)
{
    for (unsigned i = 0; p && i < p->opt.workers; i++)
        if (p->w[i].pid > 0 && !p->w[i].busy)
            return 1;
    return 0;
}

unsigned pool_busy(const pool *p)
{
    unsigned n = 0;
    for (unsigned i = 0; p && i < p->opt.workers; i++)
        n += p->w[i].pid > 0 && p->w[i].busy;
    return n;
}

static pool_worker *pool_idle_worker(pool *p)
{
    for (unsigned i = 0; i < p->opt.workers; i++)
        if (p->w[i].pid > 0 && !p->w[i].busy)
            return &p->w[i];
    return NULL;
}

int pool_submit(pool *p, size_t id, worker_job_kind kind, const walk_file *f)
{
    frame_buf b;
    wire_begin(&b);
    frame_put_i64(&b, kind);
    wire_put_str(&b, f->abs);
    wire_put_str(&b, f->rel);
    frame_put_i64(&b, f->size);
    frame_put_i64(&b, f->mtime);
    frame_put_i64(&b, f->mtime_ns);
    frame_put_i64(&b, f->ctime_ns);
    frame_put_i64(&b, f->inode);
    int rc = -1;
    /* A worker that died while idle fails the write (EPIPE): replace it
     * and try once more. */
    for (int attempt = 0; attempt < 2 && rc != 0; attempt++) {
        pool_worker *w = pool_idle_worker(p);
        if (!w)
            break;
        if (wire_send(w->job_fd, &b) == 0) {
            w->busy = 1;
            w->id = id;
            w->kind = kind;
            w->deadline = clock_now() + p->opt.timeout_s;
            rc = 0;
        } else {
            pool_replace(p, w, 1, NULL);
        }
    }
    frame_buf_free(&b);
    return rc;
}

/* The job of worker w failed (w's slot may be reused right after). */
static void pool_fail(pool_result *out, const pool_worker *w, const char *reason,
                      const char *detail)
{
    memset(out, 0, sizeof *out);
    out->id = w->id;
    out->kind = w->kind;
    out->hash = strdup("");
    out->reason = strdup(reason);
    out->detail = strdup(detail ? detail : "");
}

/* A worker's answer pipe is readable: its answer, or its death. */
static void pool_collect(pool *p, pool_worker *w, pool_result *out)
{
    unsigned char *frame;
    size_t len;
    const pool_worker job = *w;   /* pool_replace empties the slot */
    if (wire_recv(w->answer_fd, &frame, &len) != 0) {
        int status;
        pool_replace(p, w, 1, &status);
        char reason[64];
        if (WIFSIGNALED(status))
            snprintf(reason, sizeof reason, "worker crashed (signal %d)", WTERMSIG(status));
        else
            snprintf(reason, sizeof reason, "worker exited (status %d)", WEXITSTATUS(status));
        pool_fail(out, &job, reason,
                  WIFSIGNALED(status) ? strsignal(WTERMSIG(status)) : "");
        return;
    }
    w->busy = 0;
    frame_reader r;
    frame_reader_init(&r, frame, len);
    memset(out, 0, sizeof *out);
    out->id = job.id;
    out->kind = job.kind;
    out->ok = (int)frame_get_i64(&r);
    out->hash = wire_get_str(&r, NULL);
    int dying = 0;
    if (out->ok) {
        out->npages = (unsigned)frame_get_i64(&r);
        out->blob = wire_get_str(&r, &out->len);
    } else {
        out->reason = wire_get_str(&r, NULL);
        out->detail = wire_get_str(&r, NULL);
        dying = (int)frame_get_i64(&r);
    }
    free(frame);
    if (r.bad) {
        pool_result_clear(out);
        pool_fail(out, &job, "internal error", "bad answer from a worker");
        dying = 1;
    }
    if (dying)
        pool_replace(p, w, 1, NULL);
}

int pool_wait(pool *p, pool_result *out)
{
    struct pollfd *fds = g_new(struct pollfd, p->opt.workers);
    pool_worker **who = g_new(pool_worker *, p->opt.workers);
    int rc = -1;
    for (;;) {
        nfds_t n = 0;
        double first = 0;
        for (unsigned i = 0; i < p->opt.workers; i++) {
            pool_worker *w = &p->w[i];
            if (w->pid <= 0 || !w->busy)
                continue;
            if (!n || w->deadline < first)
                first = w->deadline;
            fds[n] = (struct pollfd){.fd = w->answer_fd, .events = POLLIN};
            who[n++] = w;
        }
        if (!n)
            break;
        double left = first - clock_now();
        int ms = left <= 0 ? 0 : (int)(left * 1000) + 1;
        int k = poll(fds, n, ms);
        if (k < 0) {
            rc = errno == EINTR ? 0 : -1;
            break;
        }
        for (nfds_t i = 0; i < n && rc != 1; i++)
            if (fds[i].revents) {
                pool_collect(p, who[i], out);
                rc = 1;
            }
        double now = clock_now();
        for (nfds_t i = 0; i < n && rc != 1; i++)
            if (who[i]->deadline <= now) {
                char reason[64];
                snprintf(reason, sizeof reason, "timed out after %d s", p->opt.timeout_s);
                pool_fail(out, who[i], reason, "worker killed");
                pool_replace(p, who[i], 1, NULL);
                rc = 1;
            }
        if (rc == 1)
            break;
    }
    g_free(fds);
    g_free(who);
    return rc;
}

void pool_result_clear(pool_result *r)
{
    free(r->hash);
    free(r->blob);
    free(r->reason);
    free(r->detail);
    memset(r, 0, sizeof *r);
}

void pool_free(pool *p)
{
    if (!p)
        return;
    /* Idle workers end when their job pipe closes; busy ones are killed. */
    for (unsigned i = 0; i < p->opt.workers; i++)
        if (p->w[i].pid > 0 && !p->w[i].busy) {
            close(p->w[i].job_fd);
            p->w[i].job_fd = -1;
        }
    for (unsigned i = 0; i < p->opt.workers; i++)
        if (p->w[i].pid > 0)
            pool_reap(&p->w[i], p->w[i].busy);
    g_free(p->w);
    g_strfreev(p->argv);
    g_strfreev(p->env);
    g_free(p);
}
