package codes_test

import (
	"errors"
	"fmt"
	"strings"

	"github.com/jmlog/jmlog/codes"
)

func ExampleTable_Lookup() {
	if e, ok := codes.Embedded().Lookup(871300); ok {
		fmt.Printf("%d %s (%s)\n", e.Code, e.Message, e.Instruction)
	}
	_, ok := codes.Embedded().Lookup(871399)
	fmt.Println(ok)
	// Output:
	// 871300 Have not logged in. (Initiator of api call has not logged in)
	// false
}

func ExampleParse() {
	const table = "code\tmessage\tinstruction\tinstruction_zh\n" +
		"871300\tNot logged in.\tLog in first.\t请先登录\n"
	mine, err := codes.Parse("mine.tsv", strings.NewReader(table), codes.TSV)
	if err != nil {
		fmt.Println(err)
		return
	}
	all := codes.Merge(codes.Embedded(), mine) // mine wins
	e, _ := all.Lookup(871300)
	fmt.Println(e.Message, e.Extra, e.Source)
	e, _ = all.Lookup(871301)
	fmt.Println(e.Message, e.Source)
	// Output:
	// Not logged in. [{instruction_zh 请先登录}] mine.tsv:2
	// Invalid parameters. embedded
}

func ExampleLoadError() {
	_, err := codes.Parse("mine.tsv", strings.NewReader("871300\tonly a message\n"), codes.TSV)
	fmt.Println(err)
	fmt.Println(errors.Is(err, codes.ErrColumns))
	// Output:
	// mine.tsv:1: codes: wrong number of columns: want at least 3 (code, message, instruction), got 2; separate columns with one TAB
	// true
}
