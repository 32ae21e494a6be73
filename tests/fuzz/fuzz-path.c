/* fuzz-path.c -- the path resolution of /archive/ (files_resolve in
 * server/files.c) on any raw path, over a small tree built at start-up:
 *
 *   TMP/root/docs/cr.pdf, TMP/root/note été.txt, TMP/root/sub/deep/a.txt,
 *   TMP/root/.hidden, TMP/root/in.pdf -> docs/cr.pdf (a link inside),
 *   TMP/root/out.txt -> ../outside/secret.txt, TMP/root/outdir -> ../outside,
 *   TMP/root/loop -> loop, TMP/outside/secret.txt.
 *
 * Promises checked: whatever resolves is a canonical path (realpath gives
 * it back unchanged) strictly inside the root, and a regular file; nothing
 * outside the root ever resolves. At start-up, the plain names of the
 * tree's files do resolve, so the target cannot pass by refusing all.
 */
#define _XOPEN_SOURCE 700
#include <ftw.h>
#include <glib.h>
#include <limits.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "files.h"
#include "fuzz.h"

static char fuzz_tmp[] = "/tmp/fouille-fuzz-path.XXXXXX";
static char fuzz_root[PATH_MAX];
static size_t fuzz_root_len;

static void fuzz_write(const char *rel, const char *text)
{
    char *path = g_build_filename(fuzz_tmp, rel, NULL);
    char *dir = g_path_get_dirname(path);

    FUZZ_CHECK(g_mkdir_with_parents(dir, 0700) == 0, "a folder is made");
    FUZZ_CHECK(g_file_set_contents(path, text, -1, NULL), "a file is written");
    g_free(dir);
    g_free(path);
}

static void fuzz_link(const char *target, const char *rel)
{
    char *path = g_build_filename(fuzz_tmp, rel, NULL);
    FUZZ_CHECK(symlink(target, path) == 0, "a link is made");
    g_free(path);
}

static int fuzz_rm(const char *path, const struct stat *st, int flag,
                   struct FTW *ftw)
{
    (void)st; (void)flag; (void)ftw;
    return remove(path);
}

static void fuzz_cleanup(void)
{
    nftw(fuzz_tmp, fuzz_rm, 16, FTW_DEPTH | FTW_PHYS);
}

/* The promises, for one raw path; returns whether it resolved. */
static int fuzz_resolve(const char *raw)
{
    char *out = NULL;
    char canon[PATH_MAX];
    struct stat st;

    if (files_resolve(fuzz_root, raw, &out) != 0)
        return 0;
    FUZZ_CHECK(out != NULL, "a resolved path is handed back");
    FUZZ_CHECK(strncmp(out, fuzz_root, fuzz_root_len) == 0 &&
               out[fuzz_root_len] == '/' && out[fuzz_root_len + 1],
               "a resolved path lies strictly inside the root");
    FUZZ_CHECK(realpath(out, canon) && strcmp(canon, out) == 0,
               "a resolved path is canonical");
    FUZZ_CHECK(stat(out, &st) == 0 && S_ISREG(st.st_mode),
               "a resolved path is a regular file");
    FUZZ_CHECK(!strstr(out, "secret"), "the file outside never resolves");
    free(out);
    return 1;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    char *root;

    (void)argc; (void)argv;
    FUZZ_CHECK(mkdtemp(fuzz_tmp) != NULL, "a temporary folder");
    atexit(fuzz_cleanup);
    fuzz_write("root/docs/cr.pdf", "%PDF-1.4 compte rendu\n");
    fuzz_write("root/note été.txt", "Réunion de l’été\n");
    fuzz_write("root/sub/deep/a.txt", "deep note\n");
    fuzz_write("root/.hidden", "hidden\n");
    fuzz_write("outside/secret.txt", "secret\n");
    fuzz_link("docs/cr.pdf", "root/in.pdf");
    fuzz_link("../outside/secret.txt", "root/out.txt");
    fuzz_link("../outside", "root/outdir");
    fuzz_link("loop", "root/loop");
    root = g_build_filename(fuzz_tmp, "root", NULL);
    FUZZ_CHECK(realpath(root, fuzz_root) != NULL, "the root has a real path");
    fuzz_root_len = strlen(fuzz_root);
    g_free(root);
    FUZZ_CHECK(fuzz_resolve("docs/cr.pdf") && fuzz_resolve("in.pdf") &&
               fuzz_resolve("note%20%C3%A9t%C3%A9.txt") &&
               fuzz_resolve("sub/deep/a.txt"),
               "the tree's own files resolve");
    FUZZ_CHECK(!fuzz_resolve("out.txt") && !fuzz_resolve("outdir/secret.txt"),
               "links out do not resolve");
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *raw = g_strndup((const char *)data, size);

    fuzz_resolve(raw);
    g_free(raw);
    return 0;
}
