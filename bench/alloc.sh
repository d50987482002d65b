#!/bin/sh
# bench/alloc.sh [ROUNDS] — the allocator beside LEMON 1.3's NetworkSimplex
# (issue 16, docs/performance.md). For 15,000 people × 150 sessions and
# 150,000 × 1,500 (the deterministic instances of
# courses.TestWriteAllocationBenchInstances) it runs, ROUNDS times (default
# 5) and interleaved so that the machine's load falls on both alike:
#   - bench/lemon/network_simplex on the grouped, pruned network exported
#     by `wachsam-allocate -network` (process CPU around run() alone),
#   - the standalone allocator cmd/wachsam-allocate with -timing on the
#     problem file (process CPU of the simplex alone, the same clock as
#     LEMON's, and of the whole solve: build + simplex + read),
#   - both whole processes under /usr/bin/time (user+sys CPU, max RSS),
# checks that both find the same number placed and the same total cost, and
# prints the medians with ratios. Needs Debian's liblemon-dev and GNU time;
# not part of `make test`.
set -eu
rounds=${1:-5}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cd "$root"
go build -o "$work/wachsam-allocate" ./cmd/wachsam-allocate
go test -c -o "$work/courses.test" ./courses
make -s -C bench/lemon
lemon=bench/lemon/network_simplex
WACHSAM_ALLOC_BENCH_DIR=$work "$work/courses.test" -test.run '^TestWriteAllocationBenchInstances$' >/dev/null

# field FILE NAME: the number after NAME in FILE ("name value" or "name": value).
field() { sed -n "s/^ *\"\{0,1\}$2\"\{0,1\}:\{0,1\} \([0-9.]*\).*/\1/p" "$1" | head -n 1; }
# cpu_rss FILE: "user+sys max_rss_kB" from GNU time's -f '%U %S %M'.
cpu_rss() { tail -n 1 "$1" | awk '{ printf "%.3f %d\n", $1 + $2, $3 }'; }
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

for n in 15000 150000; do
	"$work/wachsam-allocate" -network "$work/net-$n.dimacs" "$work/alloc-$n.json"
done
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
for round in $(seq "$rounds"); do
	for n in 15000 150000; do
		/usr/bin/time -f '%U %S %M' -o "$work/time" "$lemon" "$work/net-$n.dimacs" >"$work/lemon.out"
		field "$work/lemon.out" solve_cpu_seconds >>"$work/$n.lemon-solve"
		cpu_rss "$work/time" | cut -d' ' -f1 >>"$work/$n.lemon-cpu"
		cpu_rss "$work/time" | cut -d' ' -f2 >>"$work/$n.lemon-rss"
		/usr/bin/time -f '%U %S %M' -o "$work/time" "$work/wachsam-allocate" -timing "$work/alloc-$n.json" >"$work/go.out" 2>"$work/go.timing"
		field "$work/go.timing" simplex_seconds >>"$work/$n.go-simplex"
		field "$work/go.timing" solve_seconds >>"$work/$n.go-solve"
		cpu_rss "$work/time" | cut -d' ' -f1 >>"$work/$n.go-cpu"
		cpu_rss "$work/time" | cut -d' ' -f2 >>"$work/$n.go-rss"
		for what in placed total_cost; do
			ours=$(field "$work/go.out" $what)
			theirs=$(field "$work/lemon.out" $what)
			if [ "$ours" != "$theirs" ]; then
				echo "MISMATCH at $n people: $what wachsam $ours, LEMON $theirs" >&2
				exit 1
			fi
		done
		echo "round $round, $n people: placed $(field "$work/go.out" placed), total cost $(field "$work/go.out" total_cost) on both sides" >&2
	done
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg); medians of $rounds rounds"
printf '%-8s | %-28s | %-28s | %-28s | %-26s\n' people "simplex CPU s: wachsam/LEMON" "Solve CPU s: wachsam/LEMON" "process CPU s: wachsam/LEMON" "max RSS MB: wachsam/LEMON"
for n in 15000 150000; do
	gx=$(median <"$work/$n.go-simplex") gs=$(median <"$work/$n.go-solve") ls=$(median <"$work/$n.lemon-solve")
	gc=$(median <"$work/$n.go-cpu") lc=$(median <"$work/$n.lemon-cpu")
	gr=$(median <"$work/$n.go-rss") lr=$(median <"$work/$n.lemon-rss")
	awk -v n="$n" -v gx="$gx" -v gs="$gs" -v ls="$ls" -v gc="$gc" -v lc="$lc" -v gr="$gr" -v lr="$lr" 'BEGIN {
		printf "%-8s | %.3f / %.3f = %5.2f×       | %.3f / %.3f = %5.2f×       | %.3f / %.3f = %5.2f×       | %4.0f / %4.0f = %5.2f×\n",
			n, gx, ls, gx / ls, gs, ls, gs / ls, gc, lc, gc / lc, gr / 1024, lr / 1024, gr / lr }'
done
echo "simplex: run() of LEMON's NetworkSimplex and our minimum-cost flow on the same network, both from a built graph;"
echo "Solve: ours also builds the network from the problem and reads the allocation off the flow (validation is in parsing)."
