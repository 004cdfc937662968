#!/usr/bin/env bash
# cores.sh: both cores for files (issue 15.4). jmlog with small output
# (-c, --matched, -o github, --summary-file with -c) on a regular file,
# against the same binary held to one core (GOMAXPROCS=1) and against a
# build of BASE (default 9001d75, the start of this round); and on a pipe
# (cat FILE | jmlog -c), where nothing may get slower. Every ratio comes
# from one hyperfine run; medians of RUNS (default 7) runs. Then the same
# again with two busy loops holding both cores ("under load"). To time
# another approach, build it and pass its revision as BASE.
# The same run times jmlog's start-up (jmlog -c /dev/null: the runtime,
# the packages' init, the table), which two cores cannot shorten: "net of
# start-up" takes it off both times, to show what the second core gives
# the part of the run that can share it. Issue 15's target is the plain
# one/two ratio.
#
#   bash bench/cores.sh [SIZE]      SIZE defaults to 200MB (also read from $SIZE)
#   BASE=REV LOADED=0 RUNS=9 bash bench/cores.sh
#
# Needs go, hyperfine and jq. Output also in bench/out/cores-SIZE.txt.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "$here/.."
out=bench/out
mkdir -p "$out"
SIZE=${1:-${SIZE:-200MB}}
RUNS=${RUNS:-7}
SEED=${SEED:-1}
BASE=${BASE:-9001d75}
LOADED=${LOADED:-1}
for t in hyperfine jq; do
	command -v $t >/dev/null || { echo "cores.sh: $t is missing (apt-get install -y $t)" >&2; exit 2; }
done
exec > >(tee "$out/cores-$SIZE.txt") 2>&1
. bench/lib.sh
build_tools
jmlog=$out/jmlog
base=$(build_base "$BASE")
LOG=$(corpus "$out/logcat-$SIZE-s$SEED.log" -kind logcat -size "$SIZE")
sum=$out/cores-summary.json
echo "== machine: $(nproc) cpus, load $(cut -d' ' -f1-3 /proc/loadavg); $(go version | cut -d' ' -f3); base $BASE"
echo "== corpus $LOG ($(stat -c %s "$LOG") bytes)"

# The outputs must not change.
for m in "-c" "--matched" "-o github"; do
	# shellcheck disable=SC2086
	if ! cmp -s <("$jmlog" $m "$LOG" 2>&1) <("$base" $m "$LOG" 2>&1); then
		echo "cores.sh: jmlog $m differs from the build of $BASE" >&2
		exit 1
	fi
done
echo "== outputs of -c, --matched and -o github identical to $BASE's"

modes=("-c" "--matched" "-o github" "-c --summary-file $sum")
run() { # run NAME: one hyperfine run of every mode, three binaries, and the pipe
	local args=() m
	for m in "${modes[@]}"; do
		args+=(-n "two|$m" "$jmlog $m $LOG")
		args+=(-n "one|$m" "env GOMAXPROCS=1 $jmlog $m $LOG")
		args+=(-n "base|$m" "$base $m $LOG")
	done
	args+=(-n "start|start" "$jmlog -c /dev/null")
	args+=(-n "two|pipe -c" "bash -c 'cat $LOG | $jmlog -c'")
	args+=(-n "base|pipe -c" "bash -c 'cat $LOG | $base -c'")
	hyperfine -N -w 1 -r "$RUNS" --export-json "$out/cores-$1.json" "${args[@]}" >/dev/null
	echo
	echo "== $1: medians of $RUNS runs (ms); two cores against one (GOMAXPROCS=1, target >= 1.6 when idle) and against $BASE"
	jq -r '[.results[] | {k: (.command | split("|")), m: .median}]
	  | (map(select(.k[0] == "start")) | .[0].m) as $s
	  | "start-up (jmlog -c /dev/null)  \($s*1000|round)",
	    (map(select(.k[0] != "start")) | group_by(.k[1])[] | .[0].k[1] as $mode | (map({(.k[0]): .m}) | add) as $x
	  | "\($mode | . + (" " * (26 - length)))  two \($x.two*1000|round)  one \(($x.one // 0)*1000|round)  base \($x.base*1000|round)"
	    + (if $x.one then "  one/two \(($x.one/$x.two*100|round)/100)x  net of start-up \(((($x.one-$s)/($x.two-$s))*100|round)/100)x" else "" end)
	    + "  base/two \(($x.base/$x.two*100|round)/100)x")' "$out/cores-$1.json"
}
run idle
if [ "$LOADED" = 1 ]; then
	spin() { while :; do :; done; }
	spin &
	s1=$!
	spin &
	s2=$!
	trap 'kill $s1 $s2 2>/dev/null' EXIT
	run loaded
	kill $s1 $s2
fi
