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
#   jmlog    jmlog --summary none IN | cat >/dev/null
#   base     the same with jmlog built from $BASE, when set
# and prints the medians' ratios. Peak RSS is the largest "Maximum resident
# set size" of /usr/bin/time -v over 3 runs of jmlog IN | cat >/dev/null.
# With BASE, the outputs of both binaries are compared with cmp.
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

jmlog=$out/jmlog
go build -o "$jmlog" .
go build -o "$out/gen" ./bench/gen
base=""
if [ -n "${BASE:-}" ]; then
	src=$(mktemp -d)
	git archive "$BASE" | tar -x -C "$src"
	(cd "$src" && go build -o "$OLDPWD/$out/jmlog-base" .)
	rm -rf "$src"
	base=$out/jmlog-base
fi

echo "== machine: $(nproc) cpus, load $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min; other work skews timings); $(go version | cut -d' ' -f3-)"
echo "== commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD || echo ' (work tree has changes)')${BASE:+, base $BASE ($(git rev-parse --short "$BASE"))}"
echo "== size $SIZE, seed $SEED, densities $DENSITIES, $RUNS runs (+1 warm-up) per command"

# corpus D: the path of the cached corpus of density D, generated when
# missing or made by another version of bench/gen.
genhash=$(sha256sum <bench/gen/main.go | cut -c1-12)
corpus() {
	local f="$out/dense-$1-$SIZE-s$SEED.log"
	if [ ! -f "$f" ] || ! grep -qx "genhash=$genhash" "$f.stats" 2>/dev/null; then
		"$out/gen" -kind logcat -size "$SIZE" -seed "$SEED" -coderate "$1" -o "$f.tmp" 2>"$f.stats.tmp"
		echo "genhash=$genhash" >>"$f.stats.tmp"
		mv "$f.tmp" "$f"
		mv "$f.stats.tmp" "$f.stats"
	fi
	echo "$f"
}

# peak BIN IN: the largest peak RSS, in KiB, of 3 runs of BIN on IN.
peak() {
	local m=0 k
	for _ in 1 2 3; do
		/usr/bin/time -v -o "$out/dense-time.txt" "$1" --summary none "$2" | cat >/dev/null
		k=$(awk -F: '/Maximum resident set size/ {gsub(/ /, "", $2); print $2}' "$out/dense-time.txt")
		[ "$k" -gt "$m" ] && m=$k
	done
	echo "$m"
}

names=()
cmds=()
add() { names+=("$1"); cmds+=("$2"); }
declare -A input output rss rssbase
echo
echo "== corpora and outputs"
for d in $DENSITIES; do
	in=$(corpus "$d")
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

echo
echo "== peak RSS"
for d in $DENSITIES; do
	rss[$d]=$(peak "$jmlog" "${input[$d]}")
	[ -n "$base" ] && rssbase[$d]=$(peak "$base" "${input[$d]}")
done

# med NAME: the median of command NAME, in seconds.
med() { awk -F, -v n="$1" '$1 == n {print $4}' "$csv"; }
div() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
mib() { awk -v k="$1" 'BEGIN {printf "%.1f", k / 1024}'; }

echo
echo "== results (medians of $RUNS runs; ratios are time / time; load after the run $load_after)"
if [ -n "$base" ]; then
	printf '%-8s %9s %9s %9s %9s  %12s %12s %11s %11s  %9s %9s\n' density "cat s" "cat out" "jmlog s" "base s" "jmlog/cat" "jmlog/catout" "base/cat" "base/jmlog" "RSS MiB" "base RSS"
else
	printf '%-8s %9s %9s %9s  %12s %12s  %9s\n' density "cat s" "cat out" "jmlog s" "jmlog/cat" "jmlog/catout" "RSS MiB"
fi
for d in $DENSITIES; do
	c=$(med "cat@$d") co=$(med "catout@$d") j=$(med "jmlog@$d")
	if [ -n "$base" ]; then
		b=$(med "base@$d")
		printf '%-8s %9.3f %9.3f %9.3f %9.3f  %12s %12s %11s %11s  %9s %9s\n' "$d" "$c" "$co" "$j" "$b" \
			"$(div "$j" "$c")" "$(div "$j" "$co")" "$(div "$b" "$c")" "$(div "$b" "$j")" "$(mib "${rss[$d]}")" "$(mib "${rssbase[$d]}")"
	else
		printf '%-8s %9.3f %9.3f %9.3f  %12s %12s  %9s\n' "$d" "$c" "$co" "$j" "$(div "$j" "$c")" "$(div "$j" "$co")" "$(mib "${rss[$d]}")"
	fi
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
