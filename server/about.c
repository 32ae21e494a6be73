/* about.c -- the archive's own description (see about.h for the design). */
#include "about.h"

#include "clock.h"
#include "log.h"

#include <glib.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define ABOUT_CHECK_EVERY 1.0   /* seconds between looks at the file */

struct about {
    char *path;                 /* ARCHIVE/.fouille.json */
    pthread_mutex_t lock;       /* guards the members below */
    double checked;             /* when the file was last looked at */
    long long mtime_ns, size;   /* of the file read; size -1: none */
    json_t *value;              /* the description, never NULL */
};

about *about_create(const char *archive_dir)
{
    about *a = calloc(1, sizeof *a);
    if (!a)
        return NULL;
    a->path = g_build_filename(archive_dir, ABOUT_FILE, NULL);
    a->value = json_object();
    a->size = -1;
    a->checked = -ABOUT_CHECK_EVERY;
    if (!a->value) {
        about_free(a);
        return NULL;
    }
    pthread_mutex_init(&a->lock, NULL);
    return a;
}

void about_free(about *a)
{
    if (!a)
        return;
    if (a->value)
        pthread_mutex_destroy(&a->lock);
    json_decref(a->value);
    g_free(a->path);
    free(a);
}

/* The members of `in` that about.h describes, checked; never NULL unless
 * out of memory. */
static json_t *about_clean(json_t *in)
{
    json_t *out = json_object(), *v;
    const char *key;
    for (const char *const *k = (const char *const[]){"title", "description", NULL}; *k; k++)
        if (json_is_string(v = json_object_get(in, *k)))
            json_object_set(out, *k, v);
    json_t *cols = json_object_get(in, "collections"), *clean = json_object();
    json_object_foreach(cols, key, v)
        if (json_is_string(v) && *key && !strchr(key, '/'))
            json_object_set(clean, key, v);
    json_object_set_new(out, "collections", clean);
    return out;
}

/* Read the file again (a changed one); the lock is held. */
static void about_reload(about *a, const struct stat *st)
{
    json_error_t err;
    json_t *in = NULL, *clean = NULL;
    if (st->st_size <= ABOUT_MAX_BYTES)
        in = json_load_file(a->path, JSON_REJECT_DUPLICATES, &err);
    else
        snprintf(err.text, sizeof err.text, "over %d bytes", ABOUT_MAX_BYTES);
    if (in && !json_is_object(in))
        snprintf(err.text, sizeof err.text, "not a JSON object");
    if (json_is_object(in))
        clean = about_clean(in);
    else
        log_warning("%s: %s: the archive's description is left out", a->path, err.text);
    json_decref(in);
    json_decref(a->value);
    a->value = clean ? clean : json_object();
}

json_t *about_get(about *a)
{
    pthread_mutex_lock(&a->lock);
    double now = clock_now();
    if (now - a->checked >= ABOUT_CHECK_EVERY) {
        struct stat st;
        a->checked = now;
        if (stat(a->path, &st) != 0 || !S_ISREG(st.st_mode)) {
            if (a->size != -1) {
                json_decref(a->value);
                a->value = json_object();
            }
            a->size = -1;
        } else {
            long long mt = (long long)st.st_mtim.tv_sec * 1000000000LL + st.st_mtim.tv_nsec;
            if (mt != a->mtime_ns || (long long)st.st_size != a->size) {
                a->mtime_ns = mt;
                a->size = (long long)st.st_size;
                about_reload(a, &st);
            }
        }
    }
    json_t *v = a->value ? json_deep_copy(a->value) : NULL;
    pthread_mutex_unlock(&a->lock);
    return v;
}
