#!/usr/bin/env bash
# files.sh: jmlog over many small files, as it is run over a folder of CI
# logs: what each file costs beyond its bytes. The logcat corpus of
# compare.sh (SIZE, default 20MB) is cut into files of whole lines, at
# most EACH bytes each (default 20000; about 1,000 files), and one
# hyperfine run times, RUNS runs each (default 10), medians:
#   cat       cat FILES >/dev/null
#   grep      grep -c 871 FILES              (finds, no table, no annotation)
#   awk       mawk -f bench/ref.awk FILES    (the text job in awk)
#   one file  jmlog -c CORPUS                the same bytes as one file
#   jmlog -c  jmlog -c FILES
#   jmlog text  jmlog --summary none FILES >/dev/null
#   base -c   jmlog -c FILES, built from BASE (default 354d6a8, stop 24's
#             code), when BASE is not empty
# and prints the ratios of jmlog -c to grep, to cat, to the same bytes in
# one file, and to BASE. The outputs of -c --summary json of both builds
# must be the same.
#
#   bash bench/files.sh                    SIZE=20MB EACH=20000 RUNS=10
#   SIZE=4MB EACH=4000 RUNS=3 bash bench/files.sh      a quick run (CI)
#
# Needs go, hyperfine, jq, mawk. Output also in bench/out/files-SIZE.txt.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "$here/.."
out=bench/out
mkdir -p "$out"
SIZE=${SIZE:-20MB}
EACH=${EACH:-20000}
RUNS=${RUNS:-10}
SEED=${SEED:-1}
BASE=${BASE-354d6a8}
for t in hyperfine jq mawk; do
	command -v $t >/dev/null || { echo "files.sh: $t is missing (apt-get install -y $t)" >&2; exit 2; }
done
exec > >(tee "$out/files-$SIZE.txt") 2>&1
. bench/lib.sh
build_tools
jmlog=$out/jmlog
LOG=$(corpus "$out/logcat-$SIZE-s$SEED.log" -kind logcat -size "$SIZE")
dir=$out/files-$SIZE-$EACH
if [ ! -f "$dir/.done" ] || [ "$LOG" -nt "$dir/.done" ]; then
	rm -rf "$dir" && mkdir -p "$dir"
	split -C "$EACH" -a 5 "$LOG" "$dir/part-" # whole lines, at most EACH bytes a file
	touch "$dir/.done"
fi
files=("$dir"/part-*)
echo "== machine: $(nproc) cpus, load $(cut -d' ' -f1-3 /proc/loadavg); $(go version | cut -d' ' -f3)"
echo "== $LOG ($(stat -c %s "$LOG") bytes) cut into ${#files[@]} files of $EACH bytes"
# The command lines hold every file name; hyperfine -N runs them without a shell.
list="${files[*]}"
args=(-n "cat" "cat $list" -n "grep" "grep -c 871 $list" -n "awk" "mawk -f bench/ref.awk -v table=bench/android.tsv $list"
	-n "one file" "$jmlog -c $LOG" -n "jmlog -c" "$jmlog -c $list" -n "jmlog text" "$jmlog --summary none $list")
if [ -n "$BASE" ]; then
	base=$(build_base "$BASE")
	if ! cmp -s <("$jmlog" -c --summary json "${files[@]}" 2>&1) <("$base" -c --summary json "${files[@]}" 2>&1); then
		echo "files.sh: jmlog -c --summary json differs from the build of $BASE" >&2
		exit 1
	fi
	echo "== -c --summary json identical to $BASE's"
	args+=(-n "base -c" "$base -c $list")
fi
hyperfine -N -w 1 -r "$RUNS" --export-json "$out/files.json" "${args[@]}" >/dev/null 2>&1
echo
echo "== medians of $RUNS runs (ms)"
jq -r '.results[] | "\(.command | . + (" " * (12 - length)))  \(.median*1000*10|round/10)"' "$out/files.json"
jq -r --arg n "${#files[@]}" '[.results[] | {(.command): .median}] | add as $m
  | "jmlog -c against grep -c 871      \(($m["jmlog -c"]/$m.grep*100|round)/100)x",
    "jmlog -c against cat               \(($m["jmlog -c"]/$m.cat*100|round)/100)x",
    "jmlog -c against mawk ref.awk      \(($m["jmlog -c"]/$m.awk*100|round)/100)x",
    "jmlog -c against one file          \(($m["jmlog -c"]/$m["one file"]*100|round)/100)x  (\((($m["jmlog -c"]-$m["one file"])/($n|tonumber)*1e6*10|round)/10) us more a file)",
    (if $m["base -c"] then "jmlog -c against BASE              \(($m["jmlog -c"]/$m["base -c"]*100|round)/100)x" else empty end)' "$out/files.json"
