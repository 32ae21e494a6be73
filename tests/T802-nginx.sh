#!/bin/bash
# T802 -- dist/nginx/fouille.conf: nginx -t accepts it inside a minimal
# nginx.conf (temporary prefix, pid, logs and cache), and a real nginx
# (one process, on a free loopback port) running it in front of a real
# server serves the search at /recherche/ with the prefix stripped,
# redirects /recherche, and serves /recherche/archive/ files with the
# server's ETag, browser caching, its own cache (MISS then HIT) and 304s;
# the server (trusting nginx) puts the prefix in the API's links, and
# nginx keeps its connections to the server open between requests.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-deploy.sh"
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
[ -x "$NGINX" ] || skip_all "no nginx (make deps)"

# nginx.conf PORT UPSTREAM_PORT: a minimal main configuration including a
# copy of the example whose paths and ports point into $TMP.
write_conf() {
    sed -e "s|/var/cache/nginx/fouille|$TMP/cache|" \
        -e "s|server 127.0.0.1:8080;|server 127.0.0.1:$2;|" \
        -e "s|listen 80;|listen 127.0.0.1:$1;|" -e '/listen \[::\]:80;/d' \
        "$FOUILLE_SRC/dist/nginx/fouille.conf" >"$TMP/fouille.conf"
    cat >"$TMP/nginx.conf" <<CONF
daemon off;
master_process off;
pid $TMP/nginx.pid;
error_log $TMP/error.log;
events { worker_connections 64; }
http {
    access_log $TMP/access-nginx.log;
    client_body_temp_path $TMP/client;
    proxy_temp_path $TMP/proxy;
    fastcgi_temp_path $TMP/fastcgi;
    uwsgi_temp_path $TMP/uwsgi;
    scgi_temp_path $TMP/scgi;
    include $TMP/fouille.conf;
}
CONF
}

# The example as shipped, only the cache folder moved into $TMP.
write_conf 80 8080
sed -e "s|/var/cache/nginx/fouille|$TMP/cache|" "$FOUILLE_SRC/dist/nginx/fouille.conf" >"$TMP/fouille.conf"
out=$("$NGINX" -t -p "$TMP" -c "$TMP/nginx.conf" -e "$TMP/error.log" 2>&1)
ok $? "nginx -t accepts the example as shipped"
like "$out" "test is successful" "... and says so"

printf 'server { location / { proxy_pass http://fouille/ } }\n' >"$TMP/fouille.conf"
"$NGINX" -t -p "$TMP" -c "$TMP/nginx.conf" -e "$TMP/error.log" >/dev/null 2>&1
ok "$( [ $? -ne 0 ]; echo $?)" "a broken include is refused (the check can fail)"

# A live run: server on a free port, nginx in front.
index_archive "$TMP/index" >/dev/null
start_bg "$TMP/server.err" "$SERVER" --listen 127.0.0.1:0 --index "$TMP/index" \
    --archive "$FOUILLE_SRC/archive" --web "$FOUILLE_SRC/web" --threads 2 \
    --trusted-proxy 127.0.0.1 --log "$TMP/server.log"
ok $? "the server starts"
up=${BASE##*:}
# start_nginx: nginx on a free port; 0 once it answers. The port can
# still be taken between the choice and the bind: then another is tried.
start_nginx() {
    port=$(free_port)
    write_conf "$port" "$up"
    "$NGINX" -p "$TMP" -c "$TMP/nginx.conf" -e "$TMP/error.log" 2>>"$TMP/error.log" &
    NGINX_PID=$!
    for _ in $(seq 1 100); do
        (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && return 0
        kill -0 "$NGINX_PID" 2>/dev/null || return 1
        sleep 0.05
    done
    kill "$NGINX_PID" 2>/dev/null
    return 1
}
for _try in 1 2 3; do start_nginx && break; done
at_exit "kill $NGINX_PID"
P=http://127.0.0.1:$port

get() { curl -s -o "$TMP/body" -D "$TMP/headers" -w '%{http_code}' "$@"; }
hdr() { grep -i "^$1:" "$TMP/headers" | head -1 | sed 's/^[^:]*: *//' | tr -d '\r'; }

is "$(get "$P/recherche")" 301 "/recherche redirects ..."
like "$(hdr Location)" '/recherche/$' "... to /recherche/"
is "$(get "$P/recherche/healthz")" 200 "/recherche/healthz reaches the server's /healthz (prefix stripped)"
is "$(get "$P/recherche/")" 200 "/recherche/ serves the search page"
cmp -s "$TMP/body" "$FOUILLE_SRC/web/index.html"
ok $? "... the server's index.html"
is "$(get "$P/recherche/api/search?q=association")" 200 "the API answers under the prefix"
total=$(jq -r '.total' "$TMP/body" 2>/dev/null)
ok "$( [ "${total:-0}" -gt 0 ] 2>/dev/null; echo $?)" "... with results for « association » ($total)"

# nginx tells the server the prefix (X-Forwarded-Prefix, believed from
# the trusted 127.0.0.1): the API's links lead to the files through nginx.
url=$(jq -r '.hits[0].url' "$TMP/body" | sed 's/#.*//')
like "$url" '^/recherche/archive/' "the API's links carry the prefix ($url)"
is "$(get "$P$url")" 200 "... and lead to the file through nginx"
# Upstream keep-alive: nginx reuses its connections to the server, which
# keeps them open (no connection closed after each answer).
for _ in 1 2 3 4 5 6; do get "$P/recherche/healthz" >/dev/null; done
is "$(ss -Htn state time-wait "( dport = :$up or sport = :$up )" | wc -l | tr -d ' ')" 0 \
   "upstream keep-alive: no connection to the server was closed"
ok "$( [ "$(ss -Htn state established "( dport = :$up )" | wc -l)" -ge 1 ]; echo $?)" \
   "... one stays open, idle, for the next request"

# The page works under a prefix: its links to its own files, to the API
# and to the archive are relative (app.js turns the API's "/archive/…"
# links into "./archive/…").
get "$P/recherche/" >/dev/null
abs=$(grep -oE '(href|src|action)="/[^"]*"' "$TMP/body" | tr '\n' ' ')
is "$abs" "" "the page links its own files relatively"
is "$(get "$P/recherche/app.js")" 200 "... and they are there under the prefix"
is "$(grep -cE "[\`'\"]/api/" "$TMP/body")" 0 "app.js calls the API relatively"
is "$(get "$P/recherche/opensearch.xml")" 200 "opensearch.xml under the prefix"
is "$(grep -cE 'template="/' "$TMP/body")" 0 "... with relative templates"

pdf=$(cd "$FOUILLE_SRC/archive" && find . -name '*.pdf' | head -1 | sed 's|^\./||')
is "$(get "$P/recherche/archive/$pdf")" 200 "an archived PDF is served under /recherche/archive/"
cmp -s "$TMP/body" "$FOUILLE_SRC/archive/$pdf"
ok $? "... byte for byte"
etag=$(hdr ETag)
ok "$( [ -n "$etag" ]; echo $?)" "... with the server's ETag ($etag)"
like "$(hdr Cache-Control)" 'max-age=600' "... cacheable by browsers for 10 minutes"
is "$(hdr X-Cache-Status)" MISS "... fetched from the server the first time"
get "$P/recherche/archive/$pdf" >/dev/null
is "$(hdr X-Cache-Status)" HIT "... and from nginx's cache the second time"
is "$(get -H "If-None-Match: $etag" "$P/recherche/archive/$pdf")" 304 "If-None-Match with that ETag: 304"

kill "$NGINX_PID" 2>/dev/null; wait "$NGINX_PID" 2>/dev/null
stop_bg
ok $? "the server stops cleanly"

done_testing
