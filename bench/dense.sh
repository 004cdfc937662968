#!/usr/bin/env bash
# dense.sh: jmlog on logs in which many or all lines carry a code (issue 15,
# "dense logs"), as ratios measured in one hyperfine run.
#
#   bash bench/dense.sh [SIZE]        SIZE defaults to 200MB (also read from $SIZE)
#   SIZE=8MB bash bench/dense.sh      a quick run (CI)
#   BASE=main bash bench/dense.sh     also time jmlog built from git revision BASE
#
# For each density D (DENSITIES, default "0 0.1 0.5 1": the share of lines
# that carry a code) it generates a logcat corpus with bench/gen -coderate D
# (at D=1, lines of 90 bytes on average) and times, in ONE hyperfine run,
# RUNS runs each (default 5, after a warm-up):
#   cat      cat IN | cat >/dev/null            the input through a pipe
#   cat out  cat OUT | cat >/dev/null           jmlog's own output through a pipe
#   count    jmlog -c --summary none IN         finding and counting, no output:
#                                               what the printer adds is jmlog - count
#   jmlog    jmlog --summary none IN | cat >/dev/null
#   base     the same with jmlog built from $BASE, when set
# and prints the ratios of the medians of wall time, and of the CPU time
# (user + system, means, every process of the command), which a busy
# machine skews less. Peak RSS is the largest "Maximum resident set size"
# of /usr/bin/time -v over 3 runs of jmlog IN | cat >/dev/null (and of
# jmlog -c IN). With BASE, the outputs of both binaries are compared with
# cmp.
#
# Issue 15's targets, at D=1: jmlog at most 2.0 x cat and at most 1.2 x
# cat out; peak RSS at most 20 MiB at every density. The script reports
# whether they are met and exits 0 either way: the machine may be shared.
# Everything goes to bench/out/ (git-ignored); the report is also saved as
# bench/out/dense-SIZE.txt.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "$here/.."
out=bench/out
mkdir -p "$out"

SIZE=${1:-${SIZE:-200MB}}
RUNS=${RUNS:-5}
SEED=${SEED:-1}
DENSITIES=${DENSITIES:-0 0.1 0.5 1}

missing=()
for t in go hyperfine cmp awk sha256sum; do
	command -v "$t" >/dev/null 2>&1 || missing+=("$t")
done
[ -x /usr/bin/time ] || missing+=("/usr/bin/time")
if [ ${#missing[@]} -gt 0 ]; then
	echo "dense.sh: missing: ${missing[*]} (apt-get install -y golang-go hyperfine time)" >&2
	exit 2
fi
[ "$RUNS" -ge 5 ] || echo "dense.sh: RUNS=$RUNS; issue 15 asks for medians over at least 5 runs" >&2

exec > >(tee "$out/dense-$SIZE.txt") 2>&1

. bench/lib.sh
build_tools
jmlog=$out/jmlog
base=""
if [ -n "${BASE:-}" ]; then
	base=$(build_base "$BASE")
fi

echo "== machine: $(nproc) cpus, load $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min; other work skews timings); $(go version | cut -d' ' -f3-)"
echo "== commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD || echo ' (work tree has changes)')${BASE:+, base $BASE ($(git rev-parse --short "$BASE"))}"
echo "== size $SIZE, seed $SEED, densities $DENSITIES, $RUNS runs (+1 warm-up) per command"

# dense_corpus D: the path of the cached corpus of density D.
dense_corpus() { corpus "$out/dense-$1-$SIZE-s$SEED.log" -kind logcat -size "$SIZE" -coderate "$1"; }

# peak CMD...: the largest peak RSS, in KiB, of 3 runs of CMD.
peak() {
	local m=0 k
	for _ in 1 2 3; do
		/usr/bin/time -v -o "$out/dense-time.txt" "$@" | cat >/dev/null
		k=$(awk -F: '/Maximum resident set size/ {gsub(/ /, "", $2); print $2}' "$out/dense-time.txt")
		[ "$k" -gt "$m" ] && m=$k
	done
	echo "$m"
}

names=()
cmds=()
add() { names+=("$1"); cmds+=("$2"); }
declare -A input output rss rsscount rssbase
echo
echo "== corpora and outputs"
for d in $DENSITIES; do
	in=$(dense_corpus "$d")
	o=$out/dense-$d-$SIZE.out
	"$jmlog" --summary none "$in" >"$o"
	input[$d]=$in
	output[$d]=$o
	same=""
	if [ -n "$base" ]; then
		"$base" --summary none "$in" >"$o.base"
		if cmp -s "$o" "$o.base"; then same=", identical to base's"; else same=", DIFFERS from base's ($(cmp "$o" "$o.base" 2>&1 | head -n1))"; fi
		rm -f "$o.base"
	fi
	lines=$(awk '/text_rule:/ {for (i = 1; i <= NF; i++) if ($i ~ /^lines_with_codes=/) {sub(/.*=/, "", $i); print $i}}' "$in.stats")
	echo "density $d: $in, $(stat -c %s "$in") bytes, $(grep -o 'lines=[0-9]*' "$in.stats" | head -n1 | cut -d= -f2) lines, $lines with codes, avg line $(grep -o 'avg_line=[0-9]*' "$in.stats" | cut -d= -f2) bytes; output $(stat -c %s "$o") bytes$same"
	add "cat@$d" "cat $in | cat >/dev/null"
	add "catout@$d" "cat $o | cat >/dev/null"
	add "count@$d" "$jmlog -c --summary none $in"
	add "jmlog@$d" "$jmlog --summary none $in | cat >/dev/null"
	[ -n "$base" ] && add "base@$d" "$base --summary none $in | cat >/dev/null"
done

echo
echo "== one hyperfine run ($(( ${#cmds[@]} )) commands)"
args=()
for i in "${!cmds[@]}"; do args+=(-n "${names[$i]}" "${cmds[$i]}"); done
csv=$out/dense-$SIZE.csv
hyperfine --warmup 1 --runs "$RUNS" --style none --export-csv "$csv" "${args[@]}" >/dev/null
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

for d in $DENSITIES; do
	rss[$d]=$(peak "$jmlog" --summary none "${input[$d]}")
	rsscount[$d]=$(peak "$jmlog" -c --summary none "${input[$d]}")
	[ -n "$base" ] && rssbase[$d]=$(peak "$base" --summary none "${input[$d]}")
done

# med NAME: the median wall time of command NAME; cpu NAME: its mean user +
# system time; in seconds.
med() { awk -F, -v n="$1" '$1 == n {print $4}' "$csv"; }
cpu() { awk -F, -v n="$1" '$1 == n {print $5 + $6}' "$csv"; }
div() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
mib() { awk -v k="$1" 'BEGIN {printf "%.1f", k / 1024}'; }

# table F: the seconds and the ratios of F (med or cpu) for every density.
table() {
	local f=$1 d c co n j b
	printf '%-8s %8s %8s %8s %8s' density cat "cat out" count jmlog
	[ -n "$base" ] && printf ' %8s' base
	printf '   %9s %9s %9s' jmlog/cat /catout /count
	[ -n "$base" ] && printf ' %9s %10s' base/cat base/jmlog
	echo
	for d in $DENSITIES; do
		c=$($f "cat@$d") co=$($f "catout@$d") n=$($f "count@$d") j=$($f "jmlog@$d")
		printf '%-8s %8.3f %8.3f %8.3f %8.3f' "$d" "$c" "$co" "$n" "$j"
		[ -n "$base" ] && b=$($f "base@$d") && printf ' %8.3f' "$b"
		printf '   %9s %9s %9s' "$(div "$j" "$c")" "$(div "$j" "$co")" "$(div "$j" "$n")"
		[ -n "$base" ] && printf ' %9s %10s' "$(div "$b" "$c")" "$(div "$b" "$j")"
		echo
	done
}

echo
echo "== wall time, medians of $RUNS runs, in seconds, and their ratios (load after the run $load_after)"
table med
echo
echo "== CPU time (user + system of every process of the command), means of $RUNS runs, and their ratios"
table cpu
echo
echo "== peak RSS in MiB, the largest of 3 runs"
printf '%-8s %8s %8s' density count jmlog
[ -n "$base" ] && printf ' %8s' base
echo
for d in $DENSITIES; do
	printf '%-8s %8s %8s' "$d" "$(mib "${rsscount[$d]}")" "$(mib "${rss[$d]}")"
	[ -n "$base" ] && printf ' %8s' "$(mib "${rssbase[$d]}")"
	echo
done

echo
echo "== issue 15 targets"
verdict() { if awk -v a="$1" -v b="$2" 'BEGIN {exit !(a <= b)}'; then echo "met"; else echo "NOT met"; fi; }
top=$(echo "$DENSITIES" | tr ' ' '\n' | sort -g | tail -n1)
if [ "$top" = 1 ]; then
	r=$(div "$(med jmlog@1)" "$(med cat@1)")
	echo "density 1: jmlog / cat of the input  $r  (at most 2.0: $(verdict "$r" 2.0))"
	r=$(div "$(med jmlog@1)" "$(med catout@1)")
	echo "density 1: jmlog / cat of its output $r  (at most 1.2: $(verdict "$r" 1.2))"
else
	echo "density 1 not run (DENSITIES=$DENSITIES): the time targets are not checked"
fi
worst=0
for d in $DENSITIES; do [ "${rss[$d]}" -gt "$worst" ] && worst=${rss[$d]}; done
echo "peak RSS, largest over the densities: $(mib "$worst") MiB  (at most 20 MiB: $(verdict "$worst" 20480))"
