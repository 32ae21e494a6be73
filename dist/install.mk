# install.mk -- make install / make uninstall, included by the Makefile.
#
#   make install   [PREFIX=/usr/local] [DESTDIR=]
#   make uninstall [PREFIX=/usr/local] [DESTDIR=]
#
# Installs, under DESTDIR + PREFIX:
#   bin/fouille-indexer, bin/fouille-server   bin/indexer and bin/server,
#                                             renamed so they cannot clash
#   share/fouille/web/                        the search page (the server
#                                             finds it from its own path)
#   share/fouille/fouille.env                 example of /etc/default/fouille
#   share/fouille/nginx-fouille.conf          example nginx site
#   share/man/man1/fouille-*.1                the manual pages
#   share/locale/LANG/LC_MESSAGES/fouille.mo  the indexer's translations
#   lib/systemd/system/fouille-*              the systemd units, with
#                                             /usr/local/ rewritten to PREFIX/
# Nothing outside PREFIX is written (no /etc, no users, no systemctl): the
# README's "Deploy" section does those steps. uninstall removes exactly
# these files and the share/fouille folder.

PREFIX  ?= /usr/local
DESTDIR ?=
INSTALL ?= install
BINDIR   = $(PREFIX)/bin
DATADIR  = $(PREFIX)/share/fouille
MAN1DIR  = $(PREFIX)/share/man/man1
UNITDIR  = $(PREFIX)/lib/systemd/system
LOCALEDIR = $(PREFIX)/share/locale

INSTALL_UNITS := fouille-server.service fouille-indexer.service \
                 fouille-indexer.path fouille-indexer.timer fouille-shard@.service
INSTALL_MANS  := fouille-indexer.1 fouille-server.1
# The units and the env file name paths under /usr/local/; rewritten.
INSTALL_SUBST  = sed 's|/usr/local/|$(PREFIX)/|g'

.PHONY: install uninstall
install: $(BIN)/indexer $(BIN)/server $(LOCALE_MO)
	@test -n "$(PREFIX)" || { echo "install: PREFIX is empty" >&2; exit 1; }
	$(INSTALL) -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)/web \
	    $(DESTDIR)$(MAN1DIR) $(DESTDIR)$(UNITDIR)
	$(INSTALL) -m 755 $(BIN)/indexer $(DESTDIR)$(BINDIR)/fouille-indexer
	$(INSTALL) -m 755 $(BIN)/server $(DESTDIR)$(BINDIR)/fouille-server
	cd web && find . -type f ! -name '.*' | while read -r f; do \
	    $(INSTALL) -D -m 644 "$$f" "$(DESTDIR)$(DATADIR)/web/$$f" || exit 1; done
	$(INSTALL_SUBST) dist/systemd/fouille.env >$(DESTDIR)$(DATADIR)/fouille.env
	$(INSTALL) -m 644 dist/nginx/fouille.conf $(DESTDIR)$(DATADIR)/nginx-fouille.conf
	$(INSTALL) -m 644 $(INSTALL_MANS:%=dist/man/%) $(DESTDIR)$(MAN1DIR)/
	for mo in $(LOCALE_MO); do \
	    $(INSTALL) -D -m 644 "$$mo" "$(DESTDIR)$(LOCALEDIR)/$${mo#$(BUILD)/locale/}" || exit 1; done
	for u in $(INSTALL_UNITS); do \
	    $(INSTALL_SUBST) dist/systemd/$$u >$(DESTDIR)$(UNITDIR)/$$u || exit 1; done
	chmod 644 $(DESTDIR)$(DATADIR)/fouille.env $(INSTALL_UNITS:%=$(DESTDIR)$(UNITDIR)/%)

uninstall:
	@test -n "$(PREFIX)" || { echo "uninstall: PREFIX is empty" >&2; exit 1; }
	rm -f $(DESTDIR)$(BINDIR)/fouille-indexer $(DESTDIR)$(BINDIR)/fouille-server
	rm -f $(INSTALL_MANS:%=$(DESTDIR)$(MAN1DIR)/%)
	rm -f $(INSTALL_UNITS:%=$(DESTDIR)$(UNITDIR)/%)
	rm -f $(LOCALE_MO:$(BUILD)/locale/%=$(DESTDIR)$(LOCALEDIR)/%)
	rm -rf $(DESTDIR)$(DATADIR)
