#!/usr/bin/env bash
# reallogs.sh: the figures of issue 12 (real logs as they come), in one
# hyperfine run per corpus, next to bench/compare.sh:
#
#   1. the default path: jmlog of this checkout and jmlog of BASE (default:
#      the merge base with main), each as a ratio to cat on the same logcat
#      corpus, in the same run;
#   2. UTF-16: the logcat corpus as UTF-16LE with a byte-order mark (what
#      PowerShell 5 writes), jmlog decoding it, beside iconv doing only the
#      decoding and iconv | jmlog;
#   3. -j log on Docker-shaped NDJSON (the logcat corpus as Docker's
#      json-file lines), beside jq doing the same (bench/ref-docker.jq) on a
#      JQ_SLICE prefix.
#
#   bash bench/reallogs.sh [SIZE]       SIZE defaults to 200MB (also $SIZE)
#
# Environment: RUNS (default 5), ROUNDS (interleaved rounds for 1, default
# 11), JQ_SLICE (default 20MB), SEED (default 1), BASE (a commit). Output goes to bench/out/ (git-ignored); the report is
# also saved as bench/out/reallogs-SIZE.txt.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "$here/.."
out=bench/out
mkdir -p "$out"

SIZE=${1:-${SIZE:-200MB}}
RUNS=${RUNS:-5}
JQ_SLICE=${JQ_SLICE:-20MB}
SEED=${SEED:-1}
ROUNDS=${ROUNDS:-11}
BASE=${BASE:-$(git merge-base HEAD main 2>/dev/null || echo HEAD)}

for t in go hyperfine jq iconv mawk; do
	command -v "$t" >/dev/null 2>&1 || { echo "reallogs.sh: $t is missing (apt-get install -y hyperfine jq mawk)" >&2; exit 2; }
done

exec > >(tee "$out/reallogs-$SIZE.txt") 2>&1

echo "== machine"
echo "cpus:    $(nproc) x $(grep -m1 '^model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
echo "go:      $(go version)"
echo "load:    $(cut -d' ' -f1-3 /proc/loadavg)"
echo "commit:  $(git rev-parse --short HEAD)$(git diff --quiet HEAD || echo ' (work tree has changes)'); base $(git rev-parse --short "$BASE")"
echo "size:    $SIZE, runs $RUNS (+1 warm-up), jq slice $JQ_SLICE, seed $SEED"

echo
echo "== build"
jmlog=$out/jmlog
go build -o "$jmlog" .
base=$out/jmlog-base
src=$(mktemp -d)
git archive "$BASE" | tar -x -C "$src"
(cd "$src" && go build -o "$OLDPWD/$base" .)
rm -rf "$src"
go build -o "$out/gen" ./bench/gen
echo "built $jmlog and $base"

fsize() { stat -c %s "$1"; }
# corpus SIZE: the generated logcat corpus of SIZE bytes, cached.
corpus() {
	local f="$out/reallogs-logcat-$1-s$SEED.log"
	[ -f "$f" ] || "$out/gen" -kind logcat -size "$1" -seed "$SEED" -o "$f" 2>/dev/null
	echo "$f"
}
LOG=$(corpus "$SIZE")
U16=${LOG%.log}.utf16le.log
[ "$U16" -nt "$LOG" ] || { printf '\xff\xfe'; iconv -f utf-8 -t utf-16le "$LOG"; } >"$U16"
# Docker's json-file driver: each line in "log" with its "\n", JSON-escaped.
docker() {
	LC_ALL=C mawk '{ gsub(/\\/, "\\\\"); gsub(/"/, "\\\""); gsub(/\t/, "\\t"); gsub(/\r/, "\\r")
		printf "{\"log\":\"%s\\n\",\"stream\":\"%s\",\"time\":\"2026-12-02T10:%02d:%02d.%09dZ\"}\n", $0, (NR % 3 ? "stdout" : "stderr"), (NR / 60000) % 60, (NR / 1000) % 60, NR % 1000000000 }' "$1"
}
DOCK=${LOG%.log}.docker.ndjson
[ "$DOCK" -nt "$LOG" ] || docker "$LOG" >"$DOCK"
SLICE=$(corpus "$JQ_SLICE")
DOCKS=${SLICE%.log}.docker.ndjson
[ "$DOCKS" -nt "$SLICE" ] || docker "$SLICE" >"$DOCKS"
echo
echo "== corpora"
for f in "$LOG" "$U16" "$DOCK" "$DOCKS"; do echo "$f: $(fsize "$f") bytes"; done
echo "checks (codes counted must agree):"
echo "  jmlog LOG:             $("$jmlog" -c --summary json "$LOG" 2>&1 | jq -c '{lines, matched_lines}')"
echo "  jmlog UTF-16:          $("$jmlog" -c --summary json "$U16" 2>&1 | jq -c '{lines, matched_lines}')"
echo "  jmlog -j log DOCKER:   $("$jmlog" -c -j log --summary json "$DOCK" 2>&1 | jq -c '{lines, matched_lines}')"
echo "  jmlog -j log slice:    $("$jmlog" -j log --summary none "$DOCKS" | grep -c '"jmlog":\[') annotated; jq: $(jq -c --slurpfile table bench/android.json -f bench/ref-docker.jq "$DOCKS" | grep -c '"jmlog":\[') annotated"

HF=(hyperfine --warmup 1 --runs "$RUNS" --style basic)
names=() commands=()
add() { names+=(-n "$1"); commands+=("$2"); }
# report JSON FILE...: mean, sd, throughput of each command, and its time
# over the first command's (the cat of the same file).
report() {
	local j=$1
	jq -r '.results as $r | $r[] | [.command, .mean, .stddev, .median, ($r[0].mean)] | @tsv' "$j" |
		while IFS=$'\t' read -r name mean sd median first; do
			mawk -v n="$name" -v m="$mean" -v s="$sd" -v md="$median" -v f="$first" -v b="$2" 'BEGIN {
				printf "  %-34s mean %7.3f s ± %6.3f  median %7.3f s  %6.2f x the first  %7.1f MB/s of input\n", n, m, s, md, m / f, b / 1e6 / m }'
		done
}

echo
echo "== 1. default path: $LOG"
names=() commands=()
add "cat" "cat $LOG | cat >/dev/null"
add "jmlog (base $(git rev-parse --short "$BASE"))" "$base --summary none $LOG | cat >/dev/null"
add "jmlog (this)" "$jmlog --summary none $LOG | cat >/dev/null"
"${HF[@]}" --export-json "$out/reallogs-default.json" "${names[@]}" "${commands[@]}" >/dev/null
report "$out/reallogs-default.json" "$(fsize "$LOG")"

# Under a fluctuating load (a shared VM), hyperfine's runs of one command
# come in a block; rounds that run each command once, in turn, give ratios
# that the load skews less.
echo "interleaved: $ROUNDS rounds of cat, base, this in turn (median of each round's ratio to its cat):"
now() { date +%s.%N; }
for i in $(seq "$ROUNDS"); do
	t0=$(now); cat "$LOG" | cat >/dev/null
	t1=$(now); "$base" --summary none "$LOG" | cat >/dev/null
	t2=$(now); "$jmlog" --summary none "$LOG" | cat >/dev/null
	t3=$(now)
	mawk -v a="$t0" -v b="$t1" -v c="$t2" -v d="$t3" 'BEGIN { printf "%.4f %.4f %.4f\n", b - a, (c - b) / (b - a), (d - c) / (b - a) }'
done >"$out/reallogs-rounds.txt"
mawk '{ cat[NR] = $1; base[NR] = $2; this[NR] = $3 }
	function median(a, n,   i, j, t) { for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
		return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
	END { printf "  cat median %.3f s; base %.3f x cat; this %.3f x cat (rounds in %s)\n", median(cat, NR), median(base, NR), median(this, NR), FILENAME }' "$out/reallogs-rounds.txt"

# CPU time (user + sys) is less skewed by other work than wall time.
echo "CPU seconds (user+sys, /usr/bin/time), median of $ROUNDS interleaved runs, output to /dev/null:"
for i in $(seq "$ROUNDS"); do
	for v in base this; do
		bin=$jmlog
		[ $v = base ] && bin=$base
		/usr/bin/time -f "$v %U %S" "$bin" --summary none "$LOG" 2>&1 >/dev/null | tail -n 1
	done
done >"$out/reallogs-cpu.txt"
for v in base this; do
	mawk -v v=$v '$1 == v { t[++n] = $2 + $3 }
		END { for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (t[j] < t[i]) { x = t[i]; t[i] = t[j]; t[j] = x }
			printf "  %s: %.3f s\n", v, n % 2 ? t[(n + 1) / 2] : (t[n / 2] + t[n / 2 + 1]) / 2 }' "$out/reallogs-cpu.txt"
done

echo
echo "== 2. UTF-16LE with a mark: $U16 (MB/s of the UTF-16 input; the decoded text is half its size)"
names=() commands=()
add "cat" "cat $U16 | cat >/dev/null"
add "iconv -f utf-16 -t utf-8" "iconv -f utf-16 -t utf-8 $U16 | cat >/dev/null"
add "iconv | jmlog" "iconv -f utf-16 -t utf-8 $U16 | $jmlog --summary none | cat >/dev/null"
add "jmlog (decodes)" "$jmlog --summary none $U16 | cat >/dev/null"
"${HF[@]}" --export-json "$out/reallogs-utf16.json" "${names[@]}" "${commands[@]}" >/dev/null
report "$out/reallogs-utf16.json" "$(fsize "$U16")"

echo
echo "== 3a. -j log on Docker json-file NDJSON: $DOCK"
names=() commands=()
add "cat" "cat $DOCK | cat >/dev/null"
add "jmlog -j log" "$jmlog -j log --summary none $DOCK | cat >/dev/null"
add "jmlog (no -j)" "$jmlog --summary none $DOCK | cat >/dev/null"
"${HF[@]}" --export-json "$out/reallogs-docker.json" "${names[@]}" "${commands[@]}" >/dev/null
report "$out/reallogs-docker.json" "$(fsize "$DOCK")"

echo
echo "== 3b. the same beside jq (bench/ref-docker.jq) on $DOCKS"
names=() commands=()
add "cat" "cat $DOCKS | cat >/dev/null"
add "jmlog -j log" "$jmlog -j log --summary none $DOCKS | cat >/dev/null"
add "jq ref-docker.jq" "jq -c --slurpfile table bench/android.json -f bench/ref-docker.jq $DOCKS | cat >/dev/null"
"${HF[@]}" --export-json "$out/reallogs-docker-jq.json" "${names[@]}" "${commands[@]}" >/dev/null
report "$out/reallogs-docker-jq.json" "$(fsize "$DOCKS")"
echo
echo "report: $out/reallogs-$SIZE.txt"
