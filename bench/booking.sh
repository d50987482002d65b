#!/bin/sh
# bench/booking.sh [STAFF] — booking over HTTP beside pgbench (issue 16,
# docs/performance.md). On a fresh PostgreSQL database it starts
# `wachsam serve`, runs `wachsam loadtest` (STAFF members of staff, default
# 1000, imported over the API; after one unreported warm-up rush, each
# rush lets all of them book once, spread over 100 sessions or all on one,
# with 50 and 200 concurrent clients) and
# then pgbench with the minimal booking transaction (lock the session, count
# its bookings, insert one; prepared) on the same sessions of the same
# database, and prints a table with the ratio. Exits non-zero when a
# booking fails or any step does. Not part of `make test`.
#
#   WACHSAM_BENCH_POSTGRES_URL  server to use (default
#       postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable); a
#       database wachsam_bench_PID is created there and dropped afterwards.
#   WACHSAM_BENCH_SECONDS       pgbench duration per rush (default 15)
set -eu
staff=${1:-1000}
seconds=${WACHSAM_BENCH_SECONDS:-15}
admin_url=${WACHSAM_BENCH_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable}
db=wachsam_bench_$$
db_url=$(printf '%s' "$admin_url" | sed "s|/[^/?]*\(?.*\)\{0,1\}\$|/$db\1|")
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
port=$((20000 + $$ % 20000))
server=
cleanup() {
	[ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
	psql -q "$admin_url" -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1 || true
	rm -rf "$work"
}
trap cleanup EXIT INT TERM

cd "$root"
go build -o "$work/wachsam" ./cmd/wachsam
psql -q "$admin_url" -c "CREATE DATABASE $db" >/dev/null

export WACHSAM_DATABASE_URL="$db_url" WACHSAM_LISTEN="127.0.0.1:$port" WACHSAM_BASE_URL="http://127.0.0.1:$port" \
	WACHSAM_ALLOW_LOCALHOST_BASE_URL=true
"$work/wachsam" serve >"$work/serve.log" 2>&1 &
server=$!
for _ in $(seq 100); do
	curl -fs "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break
	sleep 0.2
done
curl -fs "http://127.0.0.1:$port/readyz" >/dev/null || { cat "$work/serve.log"; exit 1; }

echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
"$work/wachsam" loadtest -url "http://127.0.0.1:$port" -staff "$staff" -clients 50,200 -sessions 100 \
	-pgbench-dir "$work" >"$work/loadtest.md"
cat "$work/loadtest.md"
echo "load after wachsam: $(cut -d' ' -f1-3 /proc/loadavg)"

# pgbench may not open more connections than the server allows (wachsam's
# own pool of 20 stays open beside it).
maxconn=$(psql -Atq "$db_url" -c "SHOW max_connections")
printf '\n| rush | clients | wachsam bookings/s | wachsam p50 / p99 | pgbench tx/s (clients) | pgbench p99 | ratio |\n|---|---|---|---|---|---|---|\n' >"$work/table.md"
for kind in spread hot; do
	for clients in 50 200; do
		pc=$(( clients < maxconn - 30 ? clients : maxconn - 30 ))
		pgbench -n -M prepared -c "$pc" -j 2 -T "$seconds" -r -l --log-prefix="$work/pgb" -f "$work/$kind-$clients.sql" "$db_url" >"$work/pgb.out" 2>&1 ||
			{ cat "$work/pgb.out"; exit 1; }
		tps=$(sed -n 's/^tps = \([0-9.]*\).*/\1/p' "$work/pgb.out" | head -n 1)
		# per-transaction latency (µs, third field) from the logs
		p99=$(cat "$work"/pgb.* | awk '{ print $3 }' | sort -n | awk '{ v[NR] = $1 } END { i = int(NR * 0.99); if (i < 1) i = 1; printf "%.1f ms", v[i] / 1000 }')
		rm -f "$work"/pgb.*
		line=$(grep "^| $kind | $clients |" "$work/loadtest.md")
		rate=$(printf '%s' "$line" | awk -F'|' '{ gsub(/ /, "", $6); print $6 }')
		p50=$(printf '%s' "$line" | awk -F'|' '{ gsub(/^ +| +$/, "", $7); print $7 }')
		wp99=$(printf '%s' "$line" | awk -F'|' '{ gsub(/^ +| +$/, "", $8); print $8 }')
		ratio=$(awk -v a="$rate" -v b="$tps" 'BEGIN { printf "%.0f %%", 100 * a / b }')
		printf '| %s | %s | %s | %s / %s | %.0f (%s) | %s | %s |\n' "$kind" "$clients" "$rate" "$p50" "$wp99" "$tps" "$pc" "$p99" "$ratio" >>"$work/table.md"
	done
done
cat "$work/table.md"
echo "load after pgbench: $(cut -d' ' -f1-3 /proc/loadavg)"
