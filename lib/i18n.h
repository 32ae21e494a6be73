/* i18n.h -- the indexer's messages in the reader's language (gettext).
 *
 * Design: glibc's own gettext, one text domain "fouille". Translations
 * are po/LANG.po (only po/fr.po today), compiled by msgfmt at build time
 * into BUILD/locale/LANG/LC_MESSAGES/fouille.mo and installed under
 * PREFIX/share/locale. i18n_setup() takes the language from the
 * environment (LANGUAGE, LC_ALL, LC_MESSAGES, LANG, as gettext does) for
 * messages and numbers only (LC_MESSAGES, LC_NUMERIC: "7,6 fichiers/s");
 * the character type stays "C", so text handling never depends on the
 * locale, and translations are always handed out in UTF-8, like every
 * other text fouille prints. JSON output stays English, for scripts.
 *
 * Where the catalogues are: $FOUILLE_LOCALEDIR if set, else the first of
 * EXE/../share/locale (installed), EXE/../build/locale (bin/indexer in a
 * source tree) and EXE/../locale (a SANITIZE build) that holds
 * fr/LC_MESSAGES/fouille.mo, EXE being the folder of the running program.
 * Without a catalogue (or in an English locale) messages are the English
 * msgids. Mark a message with _("..."), a plural with
 * ngettext("one", "many", n) (i18n_n below).
 */
#ifndef FOUILLE_I18N_H
#define FOUILLE_I18N_H

#include <libintl.h>

#define I18N_DOMAIN "fouille"

#define _(msgid) dgettext(I18N_DOMAIN, msgid)
#define i18n_n(one, many, n) dngettext(I18N_DOMAIN, one, many, n)

/* Pick the locale and bind the text domain; call once at the start of
 * main, before any thread. */
void i18n_setup(void);

#endif
