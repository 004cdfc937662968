// Command bigtable writes a large, deterministic code table for measuring
// what loading one costs (issue 15, "Large tables"):
//
//	go run ./bench/bigtable -rows 100000 -o bench/out/big.tsv
//	go run ./bench/bigtable -rows 100000 -o bench/out/big.json
//
// The format follows the extension: .tsv (a code, message, instruction
// header and one row a line) or .json (an array of objects, one a line).
// Codes are distinct 7-digit numbers (1000000 to 9999999) in file order
// that is not sorted; messages are 8 to 50 bytes and instructions 16 to
// 100 (about 30 and 60 on average, as in the JMessage tables: 28 and 58),
// some with Chinese text. The same -seed gives the same bytes.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
)

var words = []string{"the", "user", "message", "is", "not", "invalid", "server", "request", "failed",
	"token", "group", "member", "already", "exists", "timeout", "network", "please", "retry", "later",
	"permission", "denied", "file", "size", "too", "large", "conversation", "login", "again", "appkey",
	"参数", "错误", "用户", "不存在", "请求", "超时", "服务器", "内部"}

func main() {
	rows := flag.Int("rows", 100000, "number of rows")
	out := flag.String("o", "", "output file: .tsv or .json")
	seed := flag.Uint64("seed", 1, "random seed")
	flag.Parse()
	if *out == "" || *rows < 1 || *rows > 9000000 {
		fmt.Fprintln(os.Stderr, "usage: bigtable -rows N -o FILE.tsv|FILE.json")
		os.Exit(2)
	}
	json := strings.HasSuffix(*out, ".json")
	if !json && !strings.HasSuffix(*out, ".tsv") {
		fmt.Fprintln(os.Stderr, "bigtable: -o must end in .tsv or .json")
		os.Exit(2)
	}
	r := rand.New(rand.NewPCG(*seed, 15))
	// Distinct 7-digit codes: a random permutation of a stride.
	codes := make([]int, *rows)
	stride := 9000000 / *rows
	for i := range codes {
		codes[i] = 1000000 + i*stride + r.IntN(stride)
	}
	r.Shuffle(len(codes), func(i, j int) { codes[i], codes[j] = codes[j], codes[i] })
	text := func(lo, hi int) string {
		n := lo + r.IntN(hi-lo+1)
		var b strings.Builder
		for b.Len() < n {
			if b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(words[r.IntN(len(words))])
		}
		return b.String()
	}
	f, err := os.Create(*out)
	if err != nil {
		fmt.Fprintln(os.Stderr, "bigtable:", err)
		os.Exit(1)
	}
	w := bufio.NewWriter(f)
	if json {
		w.WriteString("[\n")
	} else {
		w.WriteString("code\tmessage\tinstruction\n")
	}
	for i, c := range codes {
		msg, instr := text(8, 46), text(16, 96)
		if json {
			sep := ",\n"
			if i == len(codes)-1 {
				sep = "\n"
			}
			fmt.Fprintf(w, `{"code": %d, "message": %s, "instruction": %s}%s`, c, strconv.Quote(msg), strconv.Quote(instr), sep)
		} else {
			fmt.Fprintf(w, "%d\t%s\t%s\n", c, msg, instr)
		}
	}
	if json {
		w.WriteString("]\n")
	}
	if err := w.Flush(); err != nil {
		fmt.Fprintln(os.Stderr, "bigtable:", err)
		os.Exit(1)
	}
	if err := f.Close(); err != nil {
		fmt.Fprintln(os.Stderr, "bigtable:", err)
		os.Exit(1)
	}
}
