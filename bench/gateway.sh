#!/usr/bin/env bash
# Gateway throughput and latency with wrk on loopback, side by side in one run:
#   nginx answering a fixed 200 (same number of worker processes as gateway threads),
#   tollgated's /-/ping (answered before any check: the cost of HTTP alone),
#   tollgated enforcing a valid key, collection, IP whitelist, rate limit and quota on a mock endpoint.
# The three run in turn, ROUNDS times (the order rotating each round); the ratios are taken
# within each round and their medians reported, because on a small shared machine the
# throughput drifts by 10-30% from one round to the next.
# Usage: bench/gateway.sh BUILD_DIR [SECONDS] [CONNECTIONS] [THREADS] [ROUNDS]
set -euo pipefail
BUILD=${1:?build directory}
SECONDS_EACH=${2:-4}
CONNECTIONS=${3:-64}
THREADS=${4:-2}
ROUNDS=${5:-11}
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

run() { # round name url [header]
    local round=$1 name=$2 url=$3 out
    out=$(wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_EACH}s" --latency ${4:+-H "$4"} "$url")
    local rps p50 p99 non2xx
    rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
    p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
    p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
    non2xx=$(awk '/Non-2xx/ {print $5}' <<<"$out")
    printf '| %s | %s | %s | %s | %s | %s |\n' "$round" "$name" "$rps" "$p50" "$p99" "${non2xx:-0}"
    echo "$rps" >>"$WORK/$name.rps"
    # p99 in ms, whatever unit wrk printed
    awk -v v="$p99" 'BEGIN { u = v; gsub(/[0-9.]/, "", u); x = v + 0;
        if (u == "us") x /= 1000; else if (u == "s") x *= 1000; print x }' >>"$WORK/$name.p99"
}

median() { sort -g "$1" | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

echo "wrk: ${SECONDS_EACH}s each, $CONNECTIONS connections, 2 wrk threads; $THREADS nginx workers / gateway threads; $ROUNDS rounds"
echo
echo "| round | target | requests/s | p50 | p99 | non-2xx |"
echo "|---|---|---|---|---|---|"
targets=(nginx tollgated-ping tollgated-checked)
for round in $(seq "$ROUNDS"); do
    for i in 0 1 2; do
        case ${targets[$(((i + round) % 3))]} in
        nginx) run "$round" nginx "http://127.0.0.1:$NG/" ;;
        tollgated-ping) run "$round" tollgated-ping "http://127.0.0.1:$GW/-/ping" ;;
        tollgated-checked) run "$round" tollgated-checked "http://127.0.0.1:$GW/bench/bench/v1/hello" "apikey: $KEY" ;;
        esac
    done
done
echo
echo "| median of $ROUNDS | requests/s | p99 ms |"
echo "|---|---|---|"
for t in "${targets[@]}"; do
    printf '| %s | %s | %s |\n' "$t" "$(median "$WORK/$t.rps")" "$(median "$WORK/$t.p99")"
done
echo
# Each round's three targets run back to back, so the ratios are taken per round
# (paired) and their median reported: the machine's drift between rounds cancels out.
paste "$WORK/nginx.rps" "$WORK/tollgated-ping.rps" "$WORK/tollgated-checked.rps" |
    awk '{ print 1 - $3 / $2 }' >"$WORK/cost"
paste "$WORK/nginx.rps" "$WORK/tollgated-checked.rps" | awk '{ print $2 / $1 }' >"$WORK/vs-nginx"
awk -v cost="$(median "$WORK/cost")" -v vs="$(median "$WORK/vs-nginx")" \
    -v l="$(median "$WORK/tollgated-checked.p99")" -v costs="$(tr '\n' ' ' <"$WORK/cost")" 'BEGIN {
        printf "enforcement cost (median of the rounds: 1 - checked / no-check): %.1f%% (goal < 15%%)\n", cost * 100
        printf "  per round: %s\n", costs
        printf "checked gateway vs nginx (median of the rounds): %.2f (goal >= 0.5)\n", vs
        printf "checked gateway p99: %.2f ms (goal < 5 ms)\n", l
    }'
