#!/usr/bin/env bash
# Gateway throughput and latency with wrk on loopback, side by side in one run:
#   nginx answering a fixed 200 (same number of worker processes as gateway threads),
#   tollgated's /-/ping (answered before any check: the cost of HTTP alone),
#   tollgated enforcing a valid key, collection, IP whitelist, rate limit and quota on a mock endpoint.
# Usage: bench/gateway.sh BUILD_DIR [SECONDS] [CONNECTIONS] [THREADS]
set -euo pipefail
BUILD=${1:?build directory}
SECONDS_EACH=${2:-10}
CONNECTIONS=${3:-64}
THREADS=${4:-2}
WORK=$(mktemp -d /tmp/tollgate-bench.XXXXXX)
trap 'kill $(jobs -p) 2>/dev/null; wait 2>/dev/null; rm -rf "$WORK"' EXIT
ctl="$BUILD/app/tollgatectl/tollgatectl"
export TOLLGATE_DB="$WORK/bench.db"

free_port() {
    local port=$1
    while (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
    echo "$port"
}

"$ctl" init --prefix bench >/dev/null
"$ctl" collection create --name Bench --path bench >/dev/null
"$ctl" endpoint create --collection Bench --name Hello --method GET --path hello \
    --mock-status 200 --mock-content-type text/plain --mock-body ok >/dev/null
"$ctl" client create --name Load >/dev/null
KEY=$("$ctl" --json profile create --client Load --name wrk --collection Bench \
    --rate 1000000000/second --quota 1000000000/month --allow-ip 127.0.0.0/8 |
    sed -n 's/^ *"key": "\(tg_[A-Za-z0-9]*\)".*/\1/p')

GW=$(free_port 18080)
ADMIN=$(free_port $((GW + 1)))
"$BUILD/app/tollgated/tollgated" --listen "127.0.0.1:$GW" --admin-listen "127.0.0.1:$ADMIN" \
    --threads "$THREADS" 2>"$WORK/gateway.log" &
NG=$(free_port $((ADMIN + 1)))
mkdir -p "$WORK/nginx"
cat >"$WORK/nginx/nginx.conf" <<CONF
worker_processes $THREADS;
daemon off;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log;
events { worker_connections 1024; }
http {
    access_log off;
    server {
        listen 127.0.0.1:$NG;
        location / { default_type text/plain; return 200 'ok'; }
    }
}
CONF
nginx -c "$WORK/nginx/nginx.conf" -p "$WORK/nginx" &
for _ in $(seq 50); do
    curl -sf "http://127.0.0.1:$GW/-/ping" >/dev/null && curl -sf "http://127.0.0.1:$NG/" >/dev/null && break
    sleep 0.1
done
[ "$(curl -s -o /dev/null -w '%{http_code}' -H "apikey: $KEY" "http://127.0.0.1:$GW/bench/bench/v1/hello")" = 200 ] ||
    { echo "the checked route does not answer 200" >&2; exit 1; }

run() { # name url [header]
    local name=$1 url=$2 out
    out=$(wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_EACH}s" --latency ${3:+-H "$3"} "$url")
    local rps p50 p90 p99 non2xx
    rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
    p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
    p90=$(awk '$1 == "90%" {print $2}' <<<"$out")
    p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
    non2xx=$(awk '/Non-2xx/ {print $5}' <<<"$out")
    printf '| %s | %s | %s | %s | %s | %s |\n' "$name" "$rps" "$p50" "$p90" "$p99" "${non2xx:-0}"
    echo "$rps" >"$WORK/$name.rps"
}

echo "wrk: ${SECONDS_EACH}s, $CONNECTIONS connections, 2 wrk threads; $THREADS nginx workers / gateway threads"
echo
echo "| target | requests/s | p50 | p90 | p99 | non-2xx |"
echo "|---|---|---|---|---|---|"
run nginx "http://127.0.0.1:$NG/"
run tollgated-ping "http://127.0.0.1:$GW/-/ping"
run tollgated-checked "http://127.0.0.1:$GW/bench/bench/v1/hello" "apikey: $KEY"
echo
awk -v n="$(cat "$WORK/nginx.rps")" -v p="$(cat "$WORK/tollgated-ping.rps")" \
    -v c="$(cat "$WORK/tollgated-checked.rps")" 'BEGIN {
        printf "enforcement cost: %.1f%% of the no-check throughput (goal < 15%%)\n", (1 - c / p) * 100
        printf "checked gateway vs nginx: %.2f (goal >= 0.5)\n", c / n
    }'
