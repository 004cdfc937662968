#!/usr/bin/env bash
# fuzz.sh: run every fuzz target of jmlog for a while.
#
#   bash tests/fuzz.sh [TIME] [--save]
#
# TIME is go test's -fuzztime (default 15s; the reliability runs use 10m).
# With --save, the inputs the fuzzer found interesting are copied from the
# Go build cache into PKG/testdata/fuzz/TARGET/, the seed corpus that plain
# `go test` runs too. Prints, per target, the last line of the fuzzer
# (elapsed time and executions). FUZZ_ONLY=REGEX runs only the targets
# whose name matches.
set -euo pipefail
cd "$(dirname "$0")/.."
time=${1:-15s}
save=${2:-}
targets=(
	"./parse FuzzScanner"          # the default finder, against a naive reference, both search paths
	"./parse FuzzScannerCodes"     # the default finder with tables the fuzzer makes up, both search paths
	"./parse FuzzRegexFinder"      # the regex finder's contract; prefilter then Find against RE2 on every line
	"./parse FuzzLitSearch"        # the prefilter's literal search, each mode, against a naive one
	"./parse FuzzMultiLit"         # several literals in one pass (teddyAVX2), against litSearch.at at every place
	"./parse FuzzMultiDSP"         # dsps run on that one pass, against a pass for each and RE2 on every line
	"./filter FuzzLastNL"          # the last '\n' of a slice, AVX2 and eight bytes at a time, against bytes.LastIndexByte
	"./filter FuzzCountLean"       # -c's lean counting (count_ahead.go), against window's general way
	"./filter FuzzRunInline"       # a small regular file read by Run itself (runInline), against the reader goroutine
	"./parse/logcat FuzzParse"     # logcat line formats
	"./parse FuzzJSONFinder"       # codes at JSON paths (strings searched as text), against encoding/json; JSONPre picks their lines
	"./parse FuzzValidJSON"        # the one-pass JSON check (grammar, UTF-8, nesting bound), against gjson.Valid, utf8.Valid and a naive bracket counter
	"./parse FuzzCanFind"          # regexes that can never find a code, against trying digit runs
	"./parse/logtime FuzzParse"    # timestamps at the start of lines, against a regexp and time.Date reference
	"./parse/logtime FuzzMemo"     # the log-time memo (a line's head like the last one's), against Parse
	"./parse FuzzCheckJSONPath"    # the gjson path checker
	"./filter/printer FuzzJSONEnrich" # in-place JSON enrichment: valid JSON, and nothing else changed
	"./filter/printer FuzzJSONLines" # -o json: one valid JSON object per line
	"./filter/printer FuzzJSONRenderAhead" # -o json rendered ahead by the helper (render_ahead.go), against no finding ahead
	"./filter/printer FuzzAppendJSONString" # JSON string escaping, against encoding/json
	"./filter/printer FuzzAppendEscaped" # the AVX2/SWAR plain-run escaper, against a byte-by-byte reference
	"./filter/printer FuzzAppendLine" # a logcat message escaped once inside its line, against each field on its own
	"./parse/logcat FuzzParseRef"  # the in-place parser, against the parser before it (refparse_test.go)
	"./parse/logcat FuzzClock"     # MM-DD HH:MM:SS read as two words, against a byte-wise reference
	"./filter/printer FuzzAppendShort" # short fields (times, tags) checked a word at a time, against encoding/json
	"./filter/printer FuzzContext" # --matched with -B/-A against a line-by-line grep, with the -v long header rule
	"./codes FuzzParse"            # the code-table loaders
	"./codes FuzzStream"           # large tables read through a window, against the whole-file reader
	"./codes FuzzStore"            # large plain tables held as columns: lookups against a map of the rows
	"./codes FuzzNonText"          # the text check of a table's lines, eight bytes at a time, against the byte loop
	"./filter/report FuzzFit"      # cutting text to display cells, against a naive cluster-by-cluster cut
	"./codes FuzzJSONScanner"      # the JSON table scanner, against encoding/json's Decoder
	"./codes FuzzParsePage"        # the page reader: codes from the page's text, rows only from tables
	"./filter/input FuzzDecode"    # -E auto: UTF-16 with a mark decoded, against unicode/utf16; all else as it is
	"./internal/sanitize FuzzName" # names made safe for a terminal
	"./parse FuzzAnchored"         # short codes in anchored shapes, against a regexp reference; Scanner candidates
)
cache=$(go env GOCACHE)/fuzz
mod=$(go list -m)
for t in "${targets[@]}"; do
	set -- $t
	pkg=$1 name=$2
	if [ -n "${FUZZ_ONLY:-}" ] && ! [[ $name =~ $FUZZ_ONLY ]]; then continue; fi
	log=$(mktemp)
	corpus="${pkg#./}/testdata/fuzz/$name"
	listing() { if [ -d "$corpus" ]; then ls "$corpus" | sort; fi; }
	before=$(listing)
	ok=0
	for try in 1 2; do
		if go test -run '^$' -fuzz "^$name\$" -fuzztime "$time" -fuzzminimizetime 5s "$pkg" >"$log" 2>&1; then
			ok=1
			break
		fi
		# Go's fuzz coordinator (go1.26) can fail a target with a bare
		# "context deadline exceeded" when -fuzztime ends while a worker
		# is busy (golang/go#75804, fixed in go1.27): no input failed and
		# none was written. Only that is tried again, once; a failing
		# input always fails the run.
		if [ "$(listing)" != "$before" ] ||
			! grep -q '^    context deadline exceeded$' "$log" ||
			[ "$(grep -c -- '--- FAIL' "$log")" != 1 ]; then
			break
		fi
		echo "fuzz.sh: $pkg $name: the fuzz coordinator's deadline race (golang/go#75804), no failing input; trying again" >&2
	done
	if [ $ok = 0 ]; then
		cat "$log"
		echo "fuzz.sh: $pkg $name FAILED" >&2
		exit 1
	fi
	echo "$pkg $name: $(grep -E '^fuzz: elapsed' "$log" | tail -n 1)"
	rm -f "$log"
	if [ "$save" = --save ]; then
		src="$cache/$mod/${pkg#./}/$name"
		dst="${pkg#./}/testdata/fuzz/$name"
		if [ -d "$src" ]; then
			mkdir -p "$dst"
			# Keep the corpus small: at most 200 entries, the smallest.
			ls -S -r "$src" | head -n 200 | while read -r f; do cp "$src/$f" "$dst/$f"; done
		fi
	fi
done
