#!/usr/bin/env bash
# compare.sh: time jmlog against cat, grep, rg, mawk (bench/ref.awk) and jq
# (bench/ref.jq) on generated corpora, and measure jmlog's peak memory.
#
#   bash bench/compare.sh [SIZE]        SIZE defaults to 200MB (also read from $SIZE)
#   SIZE=20MB bash bench/compare.sh     a quick run
#
# Environment: RUNS (timed runs per command, default 5), JQ_SLICE (size of the
# NDJSON prefix that jq is timed on, default 20MB), SEED (default 1).
# Everything it writes goes to bench/out/ (git-ignored); the report is also
# saved as bench/out/compare-SIZE.txt. See bench/README.md.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "$here/.."
out=bench/out
mkdir -p "$out"

SIZE=${1:-${SIZE:-200MB}}
RUNS=${RUNS:-5}
JQ_SLICE=${JQ_SLICE:-20MB}
SEED=${SEED:-1}
TABLE_TSV=bench/android.tsv
TABLE_JSON=bench/android.json

# ---- tools ----
missing=()
for t in go:golang-go hyperfine:hyperfine jq:jq mawk:mawk rg:ripgrep grep:grep cat:coreutils sha256sum:coreutils; do
	command -v "${t%%:*}" >/dev/null 2>&1 || missing+=("${t%%:*} (Debian package ${t#*:})")
done
[ -x /usr/bin/time ] || missing+=("/usr/bin/time (Debian package time)")
if [ ${#missing[@]} -gt 0 ]; then
	echo "compare.sh: missing tools:" >&2
	printf '  %s\n' "${missing[@]}" >&2
	echo "install them, e.g. apt-get install -y hyperfine ripgrep mawk jq time" >&2
	exit 2
fi
for f in "$TABLE_TSV" "$TABLE_JSON" bench/ref.awk bench/ref.jq; do
	[ -f "$f" ] || { echo "compare.sh: $f is missing" >&2; exit 2; }
done

exec > >(tee "$out/compare-$SIZE.txt") 2>&1

echo "== machine"
echo "cpus:    $(nproc) x $(grep -m1 '^model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
echo "kernel:  $(uname -srm)"
echo "go:      $(go version)"
echo "memory:  $(awk '/^MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
echo "load:    $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min; other work on the machine skews the timings)"
echo "tools:   $(hyperfine --version), $(rg --version 2>/dev/null | head -n1), $(mawk -W version 2>/dev/null | head -n1 | cut -d' ' -f1-2), $(jq --version), $(grep --version 2>/dev/null | head -n1)"
echo "locale:  LC_ALL=${LC_ALL:-} LANG=${LANG:-}"
echo "commit:  $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet HEAD 2>/dev/null || echo ' (work tree has changes)')"
echo "size:    $SIZE, runs $RUNS (+1 warm-up), jq slice $JQ_SLICE, seed $SEED"

# ---- build ----
echo
echo "== build"
jmlog=$out/jmlog
jmlog_built=0
if go build -o "$jmlog" . >"$out/build.log" 2>&1; then
	jmlog_built=1
	echo "jmlog: built $jmlog"
else
	echo "jmlog: BUILD FAILED (the tool may not be finished yet); the jmlog rows are skipped. First lines of $out/build.log:"
	head -n 15 "$out/build.log" | sed 's/^/  /'
fi
go build -o "$out/gen" ./bench/gen

# ---- corpora ----
. bench/lib.sh

# kcorpus KIND SIZE EXT: prints the path of a cached corpus, generating it if
# it is missing or was made by another version of the generator.
kcorpus() { corpus "$out/$1-$2-s$SEED.$3" -kind "$1" -size "$2"; }
fsize() { stat -c %s "$1"; }

echo
echo "== corpora (statistics measured by the generator)"
LOG=$(kcorpus logcat "$SIZE" log)
ND=$(kcorpus ndjson "$SIZE" ndjson)
NDS=$(kcorpus ndjson "$JQ_SLICE" ndjson)
if [ "$(fsize "$NDS")" -ge "$(fsize "$ND")" ]; then NDS=$ND; fi
for f in "$LOG" "$ND"; do
	echo "$f:"
	grep -v '^genhash=' "$f.stats" | sed 's/^gen: /  /'
done
[ "$NDS" = "$ND" ] || echo "$NDS: the first $(fsize "$NDS") bytes of $ND (same seed; a smaller corpus is a prefix of a larger one)"

# ---- smoke test: does jmlog run, and does it agree with the references? ----
# diffcount IN OUT: lines that differ, and how many of those keep IN's line as a prefix.
diffcount() {
	mawk 'NR == FNR { a[FNR] = $0; n = FNR; next }
	      { m = FNR; if ($0 != a[FNR]) { d++; if (index($0, a[FNR]) == 1) p++ } }
	      END { printf "%d lines changed (%d keep the input line as a prefix), %d of %d lines out", d, p, m, n }' "$1" "$2"
}
jmlog_text=0
jmlog_json=0
echo
echo "== smoke test on 1MB prefixes (informational)"
SLOG=$(kcorpus logcat 1MB log)
SND=$(kcorpus ndjson 1MB ndjson)
echo "ref.awk:            $(mawk -f bench/ref.awk -v table=$TABLE_TSV "$SLOG" 2>/dev/null >"$out/smoke.awk.out"; diffcount "$SLOG" "$out/smoke.awk.out")"
echo "ref.jq:             $(jq -c --slurpfile table $TABLE_JSON -f bench/ref.jq "$SND" >"$out/smoke.jq.out"; diffcount "$SND" "$out/smoke.jq.out")"
if [ $jmlog_built = 1 ]; then
	if "$jmlog" --summary none "$SLOG" >"$out/smoke.jmlog.out" 2>"$out/smoke.jmlog.err"; then
		jmlog_text=1
		echo "jmlog:              $(diffcount "$SLOG" "$out/smoke.jmlog.out")"
		if cmp -s "$out/smoke.awk.out" "$out/smoke.jmlog.out"; then
			echo "                    output identical to ref.awk's"
		else
			ndiff=$( (diff "$out/smoke.awk.out" "$out/smoke.jmlog.out" || true) | grep -c '^<' || true)
			first=$( (cmp "$out/smoke.awk.out" "$out/smoke.jmlog.out" || true) 2>&1 | head -n1)
			echo "                    output differs from ref.awk's on $ndiff lines ($first; see diff $out/smoke.awk.out $out/smoke.jmlog.out)"
		fi
	else
		echo "jmlog --summary none FILE: FAILED (exit $?); skipped below. stderr:"
		head -n 5 "$out/smoke.jmlog.err" | sed 's/^/  /'
	fi
	if "$jmlog" -j error.code --summary none "$SND" >"$out/smoke.jmlogj.out" 2>"$out/smoke.jmlogj.err"; then
		jmlog_json=1
		echo "jmlog -j error.code: $(diffcount "$SND" "$out/smoke.jmlogj.out")"
		if cmp -s "$out/smoke.jq.out" "$out/smoke.jmlogj.out"; then
			echo "                    output identical to ref.jq's"
		else
			echo "                    output differs from ref.jq's (the JSON layout may legitimately differ): $(cmp "$out/smoke.jq.out" "$out/smoke.jmlogj.out" 2>&1 | head -n1)"
		fi
	else
		echo "jmlog -j error.code --summary none FILE: FAILED (exit $?); skipped below. stderr:"
		head -n 5 "$out/smoke.jmlogj.err" | sed 's/^/  /'
	fi
fi

# Commands are named "LABEL @ FILE"; the baseline of each file is "cat @ FILE".
names=() commands=()
add() { names+=(-n "$1 @ $2"); commands+=("$3"); }

# ratios JSON: one row per command of a hyperfine export: mean, spread, time
# relative to "cat" on the same file, and throughput (MB = 10^6 bytes).
ratios() {
	jq -r '
	  [.results[] | (.command | split(" @ ")) as $p | . + {label: $p[0], file: $p[1]}] as $r
	  | ($r | map(select(.label == "cat") | {key: .file, value: .mean}) | from_entries) as $cat
	  | $r[] | [.label, .file, .mean, .stddev, .min, .max, (if $cat[.file] then .mean / $cat[.file] else "n/a" end)] | @tsv' "$1" |
		while IFS=$'\t' read -r label file mean sd min max ratio; do
			mawk -v l="$label" -v f="$file" -v mean="$mean" -v sd="$sd" -v min="$min" -v max="$max" -v r="$ratio" -v b="$(fsize "$file")" 'BEGIN {
				printf "  %-16s %-34s %8.3f s ± %6.3f  [%7.3f .. %7.3f]  %7s x cat  %7.1f MB/s\n", l, f, mean, sd, min, max, (r == "n/a" ? r : sprintf("%.2f", r)), b / 1e6 / mean }'
		done
}
# mean JSON NAME: the mean time of one command, or nothing.
mean() { jq -r --arg n "$2" '.results[] | select(.command == $n) | .mean' "$1"; }
# div A B [SCALE] [SUFFIX]: A * SCALE / B with 2 decimals and SUFFIX, or n/a.
div() { mawk -v a="${1:-}" -v b="${2:-}" -v s="${3:-1}" -v u="${4:-}" 'BEGIN { if (a == "" || b == "" || b == 0) print "n/a"; else printf "%.2f%s", a * s / b, u }'; }

HF=(hyperfine --warmup 1 --runs "$RUNS" --style basic)
header="  command          file                                   mean      ± sd    [    min ..     max]  time/cat    throughput"

# ---- logcat ----
echo
echo "== logcat corpus: $LOG ($(fsize "$LOG") bytes), one hyperfine run"
names=() commands=()
add cat "$LOG" "cat $LOG | cat >/dev/null"
[ $jmlog_text = 1 ] && add jmlog "$LOG" "$jmlog --summary none $LOG | cat >/dev/null"
# piped: with stdout on /dev/null GNU grep stops at the first match, like grep -q
add "grep -c 871" "$LOG" "grep -c 871 $LOG | cat >/dev/null"
add "rg -c 871" "$LOG" "rg -c 871 $LOG | cat >/dev/null"
add "mawk ref.awk" "$LOG" "mawk -f bench/ref.awk -v table=$TABLE_TSV $LOG | cat >/dev/null"
"${HF[@]}" --export-json "$out/logcat.json" "${names[@]}" "${commands[@]}"
LJ=$out/logcat.json
echo
echo "logcat results (from $LJ):"
echo "$header"
ratios "$LJ"
jm=$(mean "$LJ" "jmlog @ $LOG")
aw=$(mean "$LJ" "mawk ref.awk @ $LOG")
echo "  jmlog vs mawk ref.awk: $(div "$aw" "$jm" 1 x) faster; jmlog throughput: $(div "$(fsize "$LOG")" "$jm" 1e-6 " MB/s")"

# ---- gzip: jmlog decompresses .gz itself; its speed is bounded by decompression ----
if [ $jmlog_text = 1 ]; then
	GZ=$out/$(basename "$LOG").gz
	[ "$GZ" -nt "$LOG" ] || gzip -6 -n -c "$LOG" >"$GZ"
	echo
	echo "== gzip: $GZ ($(fsize "$GZ") bytes, gzip -6 of $LOG), one hyperfine run"
	names=() commands=()
	add "zcat" "$GZ" "zcat $GZ >/dev/null"
	add "zcat | jmlog -c" "$GZ" "zcat $GZ | $jmlog -c --summary none"
	add "jmlog -c" "$GZ" "$jmlog -c --summary none $GZ"
	add "jmlog" "$GZ" "$jmlog --summary none $GZ | cat >/dev/null"
	"${HF[@]}" --export-json "$out/gzip.json" "${names[@]}" "${commands[@]}"
	GJ=$out/gzip.json
	zc=$(mean "$GJ" "zcat @ $GZ")
	echo
	echo "gzip results (from $GJ; time/zcat is the time over zcat >/dev/null's):"
	for l in "zcat | jmlog -c" "jmlog -c" "jmlog"; do
		m=$(mean "$GJ" "$l @ $GZ")
		printf '  %-16s %8.3f s  %5s x zcat  %7s MB/s of decompressed log\n' "$l" "$m" "$(div "$m" "$zc")" "$(div "$(fsize "$LOG")" "$m" 1e-6)"
	done
fi

# ---- ndjson ----
echo
echo "== ndjson corpus: $ND ($(fsize "$ND") bytes), one hyperfine run"
[ "$NDS" = "$ND" ] || echo "jq is slow: it is timed on $NDS (the first $(fsize "$NDS") bytes) next to cat and jmlog on that same prefix; its full-corpus time is extrapolated linearly."
names=() commands=()
add cat "$ND" "cat $ND | cat >/dev/null"
[ $jmlog_json = 1 ] && add "jmlog -j" "$ND" "$jmlog -j error.code --summary none $ND | cat >/dev/null"
if [ "$NDS" != "$ND" ]; then
	add cat "$NDS" "cat $NDS | cat >/dev/null"
	[ $jmlog_json = 1 ] && add "jmlog -j" "$NDS" "$jmlog -j error.code --summary none $NDS | cat >/dev/null"
fi
add "jq ref.jq" "$NDS" "jq -c --slurpfile table $TABLE_JSON -f bench/ref.jq $NDS | cat >/dev/null"
"${HF[@]}" --export-json "$out/ndjson.json" "${names[@]}" "${commands[@]}"
NJ=$out/ndjson.json
echo
echo "ndjson results (from $NJ):"
echo "$header"
ratios "$NJ"
jmS=$(mean "$NJ" "jmlog -j @ $NDS")
jqS=$(mean "$NJ" "jq ref.jq @ $NDS")
jmF=$(mean "$NJ" "jmlog -j @ $ND")
echo "  jmlog -j vs jq ref.jq on $NDS: $(div "$jqS" "$jmS" 1 x) faster; jmlog -j throughput on $ND: $(div "$(fsize "$ND")" "$jmF" 1e-6 " MB/s")"
if [ "$NDS" != "$ND" ]; then
	echo "  jq ref.jq on all of $ND, extrapolated from the prefix: $(div "$jqS" "$(fsize "$NDS")" "$(fsize "$ND")" " s")"
	# The ratio on the prefix carries jmlog's fixed start-up (20 ms or more
	# on some VMs, most of its time on 20 MB); this one compares rates.
	echo "  jmlog -j on all of $ND against jq's extrapolated time: $(div "$(div "$jqS" "$(fsize "$NDS")" "$(fsize "$ND")")" "$jmF" 1 x) faster (rates; the target stays the prefix ratio above)"
fi

# ---- peak memory ----
echo
echo "== peak resident memory (/usr/bin/time -v, Maximum resident set size; output to /dev/null)"
rss() { # rss LABEL CMD...: one run; prints the peak RSS in MiB
	local label=$1
	shift
	if /usr/bin/time -v -o "$out/time.txt" "$@" >/dev/null 2>"$out/rss.err"; then
		mawk -v l="$label" -F': ' '/Maximum resident set size/ { printf "  %-60s %8.1f MiB\n", l, $2 / 1024 }' "$out/time.txt"
	else
		echo "  $label: FAILED (see $out/rss.err)"
	fi
}
[ $jmlog_text = 1 ] && rss "jmlog @ $LOG" "$jmlog" --summary none "$LOG"
[ $jmlog_json = 1 ] && rss "jmlog -j error.code @ $ND" "$jmlog" -j error.code --summary none "$ND"
[ $jmlog_text = 1 ] || echo "  jmlog: not measured (not built or failed the smoke test)"
rss "mawk ref.awk @ $LOG (reference)" mawk -f bench/ref.awk -v table=$TABLE_TSV "$LOG"
rss "jq ref.jq @ $NDS (reference)" jq -c --slurpfile table $TABLE_JSON -f bench/ref.jq "$NDS"

echo
echo "exports: $out/logcat.json $out/ndjson.json; this report: $out/compare-$SIZE.txt"
