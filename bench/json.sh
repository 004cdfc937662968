#!/usr/bin/env bash
# json.sh: time `jmlog -o json` against cat on the logcat corpus, in one
# hyperfine run, and print each command's median as a ratio to cat's
# (issue 15: at most 2.5x cat).
#
#   bash bench/json.sh                         SIZE defaults to 200MB
#   SIZE=8MB bash bench/json.sh                a quick run (under a minute)
#   BEFORE=/tmp/jmlog-old bash bench/json.sh   also time another jmlog binary,
#                                              and check that its output is
#                                              byte-identical
#
# Environment: SIZE, RUNS (timed runs per command, default 5), ROUNDS
# (hyperfine runs, default 1: hyperfine times the commands one after the
# other, so on a shared machine a change of load between them skews one
# round; several rounds show it), SEED (default 1), BEFORE (a jmlog binary
# to compare with). Every command writes into a
# pipe to a second cat, as compare.sh does. Everything it writes goes to
# bench/out/ (git-ignored); the report is also saved there as
# json-SIZE.txt. The machine may be shared: the load is printed before and
# after, and the user and system CPU times of each command (the whole
# pipeline) are printed too.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "$here/.."
out=bench/out
mkdir -p "$out"

SIZE=${SIZE:-200MB}
RUNS=${RUNS:-5}
ROUNDS=${ROUNDS:-1}
SEED=${SEED:-1}
BEFORE=${BEFORE:-}

for t in go hyperfine jq mawk cmp; do
	command -v "$t" >/dev/null 2>&1 || { echo "json.sh: $t is missing (apt-get install -y hyperfine jq mawk)" >&2; exit 2; }
done
if [ -n "$BEFORE" ] && [ ! -x "$BEFORE" ]; then
	echo "json.sh: BEFORE=$BEFORE is not an executable" >&2
	exit 2
fi

exec > >(tee "$out/json-$SIZE.txt") 2>&1

. bench/lib.sh
build_tools
jmlog=$out/jmlog
# The corpus, cached as compare.sh caches it.
log=$(corpus "$out/logcat-$SIZE-s$SEED.log" -kind logcat -size "$SIZE")

echo "== jmlog -o json against cat"
echo "corpus:  $log ($(stat -c %s "$log") bytes)"
echo "commit:  $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet HEAD 2>/dev/null || echo ' (work tree has changes)')"
echo "cpus:    $(nproc); runs $RUNS (+1 warm-up), medians"
echo "load:    $(cut -d' ' -f1-3 /proc/loadavg) before (1, 5, 15 min)"

# Output check: byte-identical to BEFORE's, and one JSON object per line.
"$jmlog" -o json --summary none "$log" >"$out/json.new"
if [ -n "$BEFORE" ]; then
	"$BEFORE" -o json --summary none "$log" >"$out/json.before"
	if cmp -s "$out/json.before" "$out/json.new"; then
		echo "output:  identical to $BEFORE's ($(stat -c %s "$out/json.new") bytes)"
	else
		echo "output:  DIFFERS from $BEFORE's: $(cmp "$out/json.before" "$out/json.new" 2>&1 | head -n1)"
	fi
	rm -f "$out/json.before"
else
	echo "output:  $(stat -c %s "$out/json.new") bytes"
fi
recs=$(wc -l <"$out/json.new")
if [ "$recs" -gt 0 ] && jq -c . "$out/json.new" | wc -l | grep -qx "$recs"; then
	echo "records: $recs, each valid JSON"
else
	echo "records: NOT all valid JSON"
fi
rm -f "$out/json.new"

names=(-n cat) commands=("cat $log | cat >/dev/null")
if [ -n "$BEFORE" ]; then
	names+=(-n before) commands+=("$BEFORE -o json --summary none $log | cat >/dev/null")
fi
names+=(-n "jmlog -o json") commands+=("$jmlog -o json --summary none $log | cat >/dev/null")
for round in $(seq 1 "$ROUNDS"); do
	hyperfine --warmup 1 --runs "$RUNS" --style basic --export-json "$out/json-$round.json" "${names[@]}" "${commands[@]}" >/dev/null
	echo
	echo "round $round of $ROUNDS (load $(cut -d' ' -f1-3 /proc/loadavg) after it):"
	printf '  %-14s %10s %10s %10s %10s\n' command median/s user/s system/s "x cat"
	jq -r '(.results[] | select(.command == "cat") | .median) as $cat
		| .results[] | [.command, .median, .user, .system, .median / $cat] | @tsv' "$out/json-$round.json" |
		while IFS=$'\t' read -r name median user sys ratio; do
			mawk -v n="$name" -v m="$median" -v u="$user" -v s="$sys" -v r="$ratio" \
				'BEGIN { printf "  %-14s %10.3f %10.3f %10.3f %9.2fx\n", n, m, u, s, r }'
		done
done
echo
echo "user and system: mean CPU seconds of the whole pipeline (both cats included)"
echo "exports: $out/json-1.json .. json-$ROUNDS.json; this report: $out/json-$SIZE.txt"
