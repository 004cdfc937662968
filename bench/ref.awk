#!/usr/bin/mawk -f
# ref.awk: a plain awk version of jmlog's text job, used as a reference in
# bench/compare.sh (written for mawk; any POSIX awk works).
#
#   mawk -f bench/ref.awk -v table=bench/android.tsv app.log > annotated.log
#   mawk -f bench/ref.awk bench/android.tsv app.log          (table as the first file)
#
# The table is TSV: code<TAB>message<TAB>instruction. A code is a run of six
# digits starting with 871 that is neither preceded nor followed by
# [A-Za-z0-9_] (bytes of other scripts, like Chinese text, are boundaries).
# Lines with codes get "<TAB>[jmlog] " and the annotations, joined by " | ":
#   CODE MESSAGE (INSTRUCTION)      for a code in the table
#   CODE unknown code (not in the code table)
# Every occurrence is annotated, in order, repeats included. If the line ends
# in CR, the annotation goes before the CR. Other lines print unchanged.
# At the end, the count of each code (code<TAB>count, sorted) and a totals
# line go to stderr.

BEGIN {
	if (table == "") {
		if (ARGC < 2) { print "usage: mawk -f ref.awk -v table=TABLE.tsv [FILE...]" > "/dev/stderr"; exit 2 }
		table = ARGV[1]
		ARGV[1] = ""
	}
	nt = 0
	while ((r = (getline row < table)) > 0) {
		split(row, f, "\t")
		if (f[1] ~ /^[0-9]+$/) {
			ann[f[1]] = (f[3] != "") ? f[1] " " f[2] " (" f[3] ")" : f[1] " " f[2]
			nt++
		}
	}
	if (r < 0 || nt == 0) { print "ref.awk: cannot read the code table " table > "/dev/stderr"; failed = 1; exit 2 }
	close(table)
	word = "[A-Za-z0-9_]"
}

index($0, "871") == 0 { print; next }   # cheap prefilter: most lines have no 871

{
	line = $0
	len = length(line)
	out = ""
	pos = 1
	while (pos <= len && match(substr(line, pos), /871[0-9][0-9][0-9]/)) {
		at = pos + RSTART - 1
		if ((at == 1 || substr(line, at - 1, 1) !~ word) && substr(line, at + 6, 1) !~ word) {
			code = substr(line, at, 6)
			count[code]++
			ncodes++
			if (code in ann) a = ann[code]
			else { a = code " unknown code (not in the code table)"; nunknown++ }
			out = (out == "") ? a : out " | " a
			pos = at + 6
		} else
			pos = at + 1
	}
	if (out == "") { print; next }
	annotated++
	if (substr(line, len) == "\r")
		print substr(line, 1, len - 1) "\t[jmlog] " out "\r"
	else
		print line "\t[jmlog] " out
}

END {
	if (failed) exit 2
	sorter = "sort -n 1>&2"
	for (c in count) print c "\t" count[c] | sorter
	close(sorter)
	printf "# lines=%d annotated_lines=%d codes=%d known=%d unknown=%d\n", NR, annotated, ncodes, ncodes - nunknown, nunknown > "/dev/stderr"
}
