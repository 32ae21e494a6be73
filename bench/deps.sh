#!/bin/sh
# deps.sh -- install what `make bench` needs beyond `make deps`: the peer
# (xapian-omega's omindex), the limit (poppler-utils' pdftotext), the load
# generator (wrk), GNU time for peak memory, curl and jq for the API, perf
# and valgrind for profiling, and the Debian documentation packages that
# make the real corpus (their list lives in corpus.sh, passed as arguments).
#
# Kept apart from tools/deps.sh so that `make check` never pulls these.
# As root it runs apt-get; otherwise it prints the command and fails.
set -eu

TOOL_PKGS="xapian-omega poppler-utils wrk time curl jq linux-perf valgrind"

missing=""
for p in $TOOL_PKGS "$@"; do
    st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
    case "$st" in
        *"install ok installed"*) ;;
        *) missing="$missing $p" ;;
    esac
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
    echo "bench-deps: installing$missing"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends $missing
else
    echo "bench-deps: missing Debian packages:$missing" >&2
    echo "bench-deps: run: sudo apt-get install -y$missing" >&2
    exit 1
fi
