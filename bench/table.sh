#!/usr/bin/env bash
# table.sh: what a large --codes table costs in memory (issue 15, "Large
# tables": a 100,000-row table in at most 30 MiB peak RSS).
#
#   bash bench/table.sh             ROWS defaults to 100000
#   BASE=REV RUNS=7 bash bench/table.sh
#
# It writes bench/out/big.tsv and big.json with bench/bigtable (distinct
# 7-digit codes, shuffled; -seed 1), a 20 MB logcat corpus (bench/gen, the
# prefix of compare.sh's), and runs `jmlog -c --summary none` on that corpus
# RUNS times (default 5) each: with no table, with big.tsv and with
# big.json, taking turns. It prints the median and the largest "Maximum
# resident set size" of /usr/bin/time -v, in KiB and MiB. With BASE, a build of
# REV runs too, taking its turn, and the `--summary json` of both builds
# with each table must be byte-identical. Output also in
# bench/out/table.txt. Needs go and GNU time.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "$here/.."
out=bench/out
mkdir -p "$out"
ROWS=${ROWS:-100000}
RUNS=${RUNS:-5}
SEED=${SEED:-1}
[ -x /usr/bin/time ] || { echo "table.sh: /usr/bin/time is missing (apt-get install -y time)" >&2; exit 2; }
[ "$RUNS" -ge 5 ] || echo "table.sh: RUNS=$RUNS; issue 15 asks for medians over at least 5 runs" >&2
exec > >(tee "$out/table.txt") 2>&1
. bench/lib.sh
build_tools
jmlog=$out/jmlog
base=""
[ -n "${BASE:-}" ] && base=$(build_base "$BASE")
for ext in tsv json; do
	f=$out/big-$ROWS.$ext
	[ -f "$f" ] || go run ./bench/bigtable -rows "$ROWS" -seed "$SEED" -o "$f"
done
LOG=$(corpus "$out/logcat-20MB-s$SEED.log" -kind logcat -size 20MB)
echo "== machine: $(nproc) cpus, load $(cut -d' ' -f1-3 /proc/loadavg); $(go version | cut -d' ' -f3)"
echo "== $ROWS-row tables: $(stat -c %s "$out/big-$ROWS.tsv") bytes of TSV, $(stat -c %s "$out/big-$ROWS.json") of JSON; corpus $LOG"

if [ -n "$base" ]; then
	for ext in tsv json; do
		a=$("$jmlog" -c --summary json --codes "$out/big-$ROWS.$ext" "$LOG" | sha256sum)
		b=$("$base" -c --summary json --codes "$out/big-$ROWS.$ext" "$LOG" | sha256sum)
		[ "$a" = "$b" ] && echo "summary with big.$ext: identical to BASE's" || echo "summary with big.$ext: DIFFERS from BASE's"
	done
fi

# rss CMD...: the peak RSS of one run of CMD, in KiB.
rss() {
	/usr/bin/time -v -o "$out/table-time.txt" "$@" >/dev/null
	awk -F: '/Maximum resident set size/ {gsub(/ /, "", $2); print $2}' "$out/table-time.txt"
}

declare -A got
names=(none tsv json)
bins=("$jmlog")
[ -n "$base" ] && bins+=("$base")
for ((i = 0; i < RUNS; i++)); do
	for b in "${bins[@]}"; do
		for n in "${names[@]}"; do
			args=()
			[ "$n" != none ] && args=(--codes "$out/big-$ROWS.$n")
			got["$b/$n"]+="$(rss "$b" -c --summary none "${args[@]}" "$LOG") "
		done
	done
done

# stats "K K K ...": the median and the largest, in KiB.
stats() { tr ' ' '\n' <<<"$1" | sed '/^$/d' | sort -n | awk '{a[NR] = $1} END {printf "%d %d", a[int((NR + 1) / 2)], a[NR]}'; }
echo
printf '%-10s %-6s %12s %12s %10s\n' build table "median KiB" "max KiB" "max MiB"
for b in "${bins[@]}"; do
	label=this
	[ "$b" = "$base" ] && label=$BASE
	for n in "${names[@]}"; do
		read -r med mx <<<"$(stats "${got[$b/$n]}")"
		printf '%-10s %-6s %12d %12d %10.1f\n' "$label" "$n" "$med" "$mx" "$(awk -v k="$mx" 'BEGIN {print k / 1024}')"
	done
done
read -r _ worst <<<"$(stats "${got[$jmlog/tsv]} ${got[$jmlog/json]}")"
if [ "$ROWS" != 100000 ]; then
	echo "target: issue 15's is for 100,000 rows (ROWS=$ROWS here); the largest run with either table took $worst KiB"
elif [ "$worst" -le 30720 ]; then
	echo "target (30 MiB = 30720 KiB, the largest run with either table): met, $worst KiB"
else
	echo "target (30 MiB = 30720 KiB, the largest run with either table): NOT met, $worst KiB"
fi
