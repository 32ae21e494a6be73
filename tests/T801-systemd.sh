#!/bin/bash
# T801 -- the systemd units: systemd-analyze verify accepts the installed
# units (ExecStart pointing at the DESTDIR install, their man pages found
# through MANPATH) without a word, and a broken copy is refused (so the
# check can fail); the hardening holds (systemd-analyze security: exposure
# at most 3.0); the settings the deployment relies on are there: indexer
# status 1 is a success, the index is writable only by the indexer, both
# units share the index path and read /etc/default/fouille, the path unit
# watches the archive and starts the indexer; the shard unit (a template,
# xapian-tcpsrv serving one shard, docs/scaling.md) verifies too, serves
# read-only the shard its instance names, on the address and port of its
# environment file.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-deploy.sh"
command -v systemd-analyze >/dev/null || skip_all "no systemd-analyze (make deps)"

ROOT=$TMP/root
deploy_install "$ROOT" /usr >"$TMP/install.log" 2>&1
ok $? "make install" || sed 's/^/# /' "$TMP/install.log"

# Copies whose binaries are the DESTDIR ones: verify checks that they exist.
mkdir -p "$TMP/units"
for u in "$ROOT"/usr/lib/systemd/system/*; do
    sed "s|=/usr/bin/fouille-|=$ROOT/usr/bin/fouille-|" "$u" >"$TMP/units/${u##*/}"
done
cd "$TMP/units" || exit 1
UNITS="fouille-server.service fouille-indexer.service fouille-indexer.path fouille-indexer.timer"
# The shard unit runs /usr/bin/xapian-tcpsrv (xapian-tools, make
# deps-test): verified as an instance when it is installed.
if [ -x /usr/bin/xapian-tcpsrv ]; then
    cp fouille-shard@.service fouille-shard@3-1.service
    UNITS="$UNITS fouille-shard@3-1.service"
else
    diag "no /usr/bin/xapian-tcpsrv (make deps-test): the shard unit is not verified"
fi

out=$(MANPATH=$ROOT/usr/share/man systemd-analyze verify $UNITS 2>&1)
ok $? "systemd-analyze verify accepts the units ($(echo $UNITS | wc -w))"
is "$out" "" "... without any warning"

sed 's/^ProtectSystem=strict/ProtectSystm=strict/; s/^SuccessExitStatus=1/SuccessExitStatus=un/' \
    fouille-indexer.service >"$TMP/broken.service"
out=$(systemd-analyze verify --man=no "$TMP/broken.service" 2>&1)
like "$out" "ProtectSystm" "a misspelt key in a copy is reported (the check can fail)"

for s in fouille-server.service fouille-indexer.service fouille-shard@.service; do
    systemd-analyze security --offline=yes --threshold=30 "$s" >"$TMP/security.out" 2>&1
    ok $? "$s: exposure level at most 3.0 (systemd-analyze security)" ||
        grep -E 'Overall' "$TMP/security.out" | sed 's/^/# /'
done

server=$(cat fouille-server.service)
indexer=$(cat fouille-indexer.service)
path=$(cat fouille-indexer.path)
like "$indexer" '^Type=oneshot$' "the indexer is a oneshot service"
like "$indexer" '^SuccessExitStatus=1$' "its exit status 1 (some files failed) is a success"
like "$indexer" '^StateDirectory=fouille$' "it writes its index in /var/lib/fouille"
unlike "$server" '^(StateDirectory|ReadWritePaths)=' "the server may not write the index (no StateDirectory, no ReadWritePaths)"
for k in '^ProtectSystem=strict$' '^ProtectHome=yes$' '^PrivateTmp=yes$' \
         '^NoNewPrivileges=yes$' '^Restart=on-failure$' '^User=fouille$' \
         '^SystemCallFilter=@system-service$' '^MemoryDenyWriteExecute=yes$' \
         '^RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX$'; do
    like "$server" "$k" "server: $k"
done
is "$(grep -h '^Environment=FOUILLE_INDEX=' fouille-server.service fouille-indexer.service | sort -u)" \
   "Environment=FOUILLE_INDEX=/var/lib/fouille/index" "both services use the same index"
is "$(grep -c '^EnvironmentFile=-/etc/default/fouille$' fouille-server.service fouille-indexer.service | cut -d: -f2 | sort -u)" \
   1 "both read /etc/default/fouille when it exists"
like "$path" '^PathChanged=/srv/fouille/archive$' "the path unit watches the archive folder"
like "$path" '^Unit=fouille-indexer.service$' "... and starts the indexer"
like "$(cat fouille-indexer.timer)" '^OnCalendar=hourly$' "the timer runs it every hour"

shard=$(cat fouille-shard@.service)
like "$shard" '^ExecStart=/usr/bin/xapian-tcpsrv --quiet --interface \$\{FOUILLE_SHARD_INTERFACE\} --port \$\{FOUILLE_SHARD_PORT\} \$\{FOUILLE_SHARD_DIR\}$' \
     "the shard unit runs xapian-tcpsrv on its address, port and folder"
unlike "$shard" 'writable' "... read-only (no --writable)"
like "$shard" '^Environment=FOUILLE_SHARD_DIR=/var/lib/fouille/index/shard-%i$' \
     "... the shard the instance names, in the indexer's index folder"
like "$shard" '^Environment=FOUILLE_SHARD_INTERFACE=127.0.0.1$' "... listening on loopback unless told otherwise"
like "$shard" '^EnvironmentFile=-/etc/default/fouille-shard-%i$' "... settings per instance"
unlike "$shard" '^(StateDirectory|ReadWritePaths)=' "... and may not write the index"
for k in '^ProtectSystem=strict$' '^NoNewPrivileges=yes$' '^Restart=on-failure$' '^User=fouille$' \
         '^ReadOnlyPaths=-/var/lib/fouille$'; do
    like "$shard" "$k" "shard: $k"
done

done_testing
