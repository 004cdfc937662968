// Command jmlog annotates JMessage (Jiguang IM) SDK error codes in logs.
//
// It reads log lines from files or standard input, finds JMessage error codes
// (871xxx), appends each code's message and instruction to the line, passes
// every other byte through untouched, and prints a count of every code it saw.
// See README.md; the command line is package internal/cli.
package main

import (
	"os"

	"github.com/jmlog/jmlog/internal/cli"
)

func main() {
	os.Exit(cli.Main())
}
