#!/usr/bin/env bash
# insight.sh: what --report, --by and the timeline cost (issue 13), as
# ratios measured in one run on the logcat corpus of compare.sh.
#
#   bash bench/insight.sh [SIZE]     SIZE defaults to 200MB (also read from $SIZE)
#   BASE=main bash bench/insight.sh  also time jmlog built from git revision BASE
#
# Rows, each with -c and with text output to a pipe:
#   plain    jmlog as it runs by default: log times and the timeline are
#            always read, from the lines with codes only
#   insight  --report FILE.html --by tag --by pid --by level --by file
#   base     jmlog built from $BASE (when set): before log times existed
# The ratio that issue 13 bounds (at most 1.10) is insight / plain, and,
# with BASE, insight / base. Medians of RUNS runs (default 7), the commands
# taking turns; wall and CPU time. Output in bench/out/insight-SIZE.txt.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "$here/.."
out=bench/out
mkdir -p "$out"
SIZE=${1:-${SIZE:-200MB}}
RUNS=${RUNS:-7}
SEED=${SEED:-1}
command -v go >/dev/null || { echo "insight.sh: go is missing (apt-get install -y golang-go)" >&2; exit 2; }
exec > >(tee "$out/insight-$SIZE.txt") 2>&1

. bench/lib.sh
build_tools
jmlog=$out/jmlog
LOG=$(corpus "$out/logcat-$SIZE-s$SEED.log" -kind logcat -size "$SIZE")
base=""
if [ -n "${BASE:-}" ]; then
	base=$(build_base "$BASE")
fi

echo "== machine: $(nproc) cpus, load $(cut -d' ' -f1-3 /proc/loadavg); $(go version)"
echo "== commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD || echo ' (work tree has changes)')${BASE:+, base $BASE ($(git rev-parse --short "$BASE"))}"
echo "== corpus $LOG ($(stat -c %s "$LOG") bytes): $(grep -v genhash "$LOG.stats" | tr '\n' ' ')"
report=$out/insight-report.html
insight="--report $report --by tag --by pid --by level --by file"
names=("plain -c" "insight -c" "plain" "insight")
cmds=("$jmlog -c --summary none $LOG"
	"$jmlog -c --summary none $insight $LOG"
	"$jmlog --summary none $LOG | cat >/dev/null"
	"$jmlog --summary none $insight $LOG | cat >/dev/null")
if [ -n "$base" ]; then
	names+=("base -c" "base")
	cmds+=("$base -c --summary none $LOG" "$base --summary none $LOG | cat >/dev/null")
fi
# The commands take turns, run after run (one warm-up round first), so that
# the load of a shared machine weighs on all of them alike.
times=$out/insight-times.tsv
: >"$times"
TIMEFORMAT='%R %U %S'
for round in $(seq 0 "$RUNS"); do
	for i in "${!cmds[@]}"; do
		t=$( { time bash -c "${cmds[$i]}" >/dev/null 2>&1; } 2>&1 )
		[ "$round" = 0 ] || printf '%s\t%s\n' "${names[$i]}" "$t" >>"$times"
	done
done
# med NAME FIELD: the median of a command's wall (2) or CPU (3: user+sys)
# seconds; low NAME FIELD: the lowest (what the command costs when the
# machine's other work gets least in its way).
med() {
	awk -F'\t' -v n="$1" -v f="$2" '$1 == n { split($2, t, " "); print (f == 2 ? t[1] : t[2] + t[3]) }' "$times" | sort -g |
		awk '{ v[++k] = $1 } END { print (k % 2 ? v[(k + 1) / 2] : (v[k / 2] + v[k / 2 + 1]) / 2) }'
}
low() {
	awk -F'\t' -v n="$1" -v f="$2" '$1 == n { split($2, t, " "); print (f == 2 ? t[1] : t[2] + t[3]) }' "$times" | sort -g | head -n 1
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a / b }'; }
echo
echo "$RUNS interleaved runs: medians and lowest of wall and CPU seconds (user+sys):"
printf '  %-12s %9s %9s %9s %9s %9s\n' command wall_med cpu_med wall_low cpu_low MB/s
for n in "${names[@]}"; do
	w=$(med "$n" 2)
	printf '  %-12s %9.3f %9.3f %9.3f %9.3f %9.1f\n' "$n" "$w" "$(med "$n" 3)" "$(low "$n" 2)" "$(low "$n" 3)" \
		"$(awk -v s="$(stat -c %s "$LOG")" -v m="$w" 'BEGIN { print s / 1e6 / m }')"
done
# both A B STAT: A's time over B's, wall and CPU, -c and text.
both() {
	echo "wall -c $(ratio "$($3 "$1 -c" 2)" "$($3 "$2 -c" 2)"), text $(ratio "$($3 "$1" 2)" "$($3 "$2" 2)"); cpu -c $(ratio "$($3 "$1 -c" 3)" "$($3 "$2 -c" 3)"), text $(ratio "$($3 "$1" 3)" "$($3 "$2" 3)")"
}
echo
echo "insight / plain, medians: $(both insight plain med)   (issue 13: at most 1.10)"
echo "insight / plain, lowest:  $(both insight plain low)"
if [ -n "$base" ]; then
	echo "insight / base, medians:  $(both insight base med)"
	echo "plain / base, medians:    $(both plain base med)   (what always reading log times costs)"
fi
echo "report: $report ($(stat -c %s "$report") bytes)"
