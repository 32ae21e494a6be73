/* i18n.c -- gettext set-up (see i18n.h for the design). */
#include "i18n.h"

#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The catalogue that tells a folder holds fouille's translations. */
#define I18N_PROBE "/fr/LC_MESSAGES/" I18N_DOMAIN ".mo"

/* The first candidate folder beside the running program that holds a
 * catalogue, into dir (len bytes); 0 if none. */
static int i18n_find_dir(char *dir, size_t len)
{
    static const char *const rel[] = {"/../share/locale", "/../build/locale", "/../locale"};
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0)
        return 0;
    exe[n] = '\0';
    char *slash = strrchr(exe, '/');
    if (!slash)
        return 0;
    *slash = '\0';
    for (size_t i = 0; i < sizeof rel / sizeof rel[0]; i++) {
        char probe[PATH_MAX + 64];
        snprintf(probe, sizeof probe, "%s%s%s", exe, rel[i], I18N_PROBE);
        if (access(probe, R_OK) == 0 && snprintf(dir, len, "%s%s", exe, rel[i]) < (int)len)
            return 1;
    }
    return 0;
}

void i18n_setup(void)
{
    char found[PATH_MAX + 32];
    const char *dir = getenv("FOUILLE_LOCALEDIR");
    setlocale(LC_MESSAGES, "");
    setlocale(LC_NUMERIC, "");
    if ((!dir || !*dir) && i18n_find_dir(found, sizeof found))
        dir = found;
    if (dir && *dir)
        bindtextdomain(I18N_DOMAIN, dir);
    bind_textdomain_codeset(I18N_DOMAIN, "UTF-8");
}
