#!/bin/sh
# deps.sh -- install what `make bench` needs beyond `make deps`: the peer
# (xapian-omega's omindex), the other peer (recollcmd's recollindex and
# recollq, whose PDF filter runs under python3), the limit (poppler-utils'
# pdftotext), the load generator (wrk), GNU time for peak memory and CPU,
# curl and jq for the API, perf and valgrind for profiling, xmllint
# (libxml2-utils) for the titles of the relevance test, xapian-tcpsrv
# (xapian-tools) for the remote shards, and the Debian documentation
# packages that make the real corpus (their list lives in corpus.sh,
# passed as arguments).
#
# Kept apart from tools/deps.sh's lists so that `make check` never pulls
# these; the installing itself is tools/deps.sh's (given extra packages,
# it installs them with its own).
set -eu

TOOL_PKGS="xapian-omega poppler-utils wrk time curl jq linux-perf valgrind
libxml2-utils recollcmd python3 xapian-tools"

exec sh "$(dirname "$0")/../tools/deps.sh" $TOOL_PKGS "$@"
