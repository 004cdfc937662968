#!/usr/bin/env bash
# regex.sh: what -e patterns cost against the default finder (issue 15.2),
# as ratios measured in one hyperfine run on the logcat corpus of
# compare.sh, with jmlog -c (the finder's cost, not the writer's).
#
#   bash bench/regex.sh [SIZE]     SIZE defaults to 200MB (also read from $SIZE)
#
# Rows: cat; the default finder; -e 'code=(\d+)'; -e '871\d{3}'; the
# boundary regex; ten patterns at once. Targets from the issue, against
# the default finder: 1.3x, 1.5x, 3x and 2x. RUNS (default 7) runs each,
# medians. Output also in bench/out/regex-SIZE.txt.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "$here/.."
out=bench/out
mkdir -p "$out"
SIZE=${1:-${SIZE:-200MB}}
RUNS=${RUNS:-7}
SEED=${SEED:-1}
for t in hyperfine jq; do
	command -v $t >/dev/null || { echo "regex.sh: $t is missing (apt-get install -y $t)" >&2; exit 2; }
done
exec > >(tee "$out/regex-$SIZE.txt") 2>&1
. bench/lib.sh
build_tools
jmlog=$out/jmlog
LOG=$(corpus "$out/logcat-$SIZE-s$SEED.log" -kind logcat -size "$SIZE")
echo "== machine: $(nproc) cpus, load $(cut -d' ' -f1-3 /proc/loadavg); $(go version | cut -d' ' -f3)"
echo "== corpus $LOG ($(stat -c %s "$LOG") bytes)"
bound='(?:^|[^0-9A-Za-z_])(871\d{3})(?:[^0-9A-Za-z_]|$)'
ten=(-e 'code=(\d+)' -e 'code = (\d+)' -e 'errorCode=(\d+)' -e 'responseCode=(\d+)' -e 'status (\d{6})'
	-e 'onFailed (\d+)' -e 'error (\d{6})' -e 'desc=(\d+)' -e 'Code=(\d+)' -e '"code":(\d+)')
q() { printf '%q ' "$@"; }
hyperfine -N -w 1 -r "$RUNS" --export-json "$out/regex.json" \
	-n cat "cat $LOG" \
	-n default "$jmlog -c --summary none $LOG" \
	-n code= "$jmlog -c --summary none -e 'code=(\d+)' $LOG" \
	-n 871d3 "$jmlog -c --summary none -e '871\d{3}' $LOG" \
	-n boundary "$jmlog -c --summary none -e '$bound' $LOG" \
	-n ten "$jmlog -c --summary none $(q "${ten[@]}") $LOG" >/dev/null
echo
echo "medians of $RUNS runs; ratio to the default finder (target), and to cat"
jq -r '.results as $r | ($r[] | select(.command=="default") | .median) as $d | ($r[] | select(.command=="cat") | .median) as $c
  | {"code=":"1.3","871d3":"1.5","boundary":"3","ten":"2"} as $t
  | $r[] | "\(.command | .+ (" " * (10 - length)))  median \(.median*1000 | floor) ms  x default \((.median/$d*100|round)/100) (target \($t[.command] // "-"))  x cat \((.median/$c*100|round)/100)"' "$out/regex.json"
