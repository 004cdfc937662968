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
	fmt.Println(e.Message, e.Extra(), e.Source())
	e, _ = all.Lookup(871301)
	fmt.Println(e.Message, e.Source())
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

func ExampleParse_page() {
	// A page as the vendor publishes its codes: a heading per platform and
	// an HTML table (or a Markdown pipe table) under it.
	const page = `# Error codes

## JMessage Android

<table border="1">
  <tr bgcolor="#D3D3D3"><th>Code</th><th>Error Message</th><th>说明</th></tr>
  <tr>
    <td>871300</td>
    <td>Have not logged in.</td>
    <td>api调用发起者尚未登录，见<a href="../guide/">集成指南</a></td>
  </tr>
</table>

## JMRTC Android

| Code | Error Message | 说明 |
| ---- | ------------- | ---- |
| 0    | ok            | 成功 |
`
	tab, err := codes.Parse("zh-android.md", strings.NewReader(page), codes.Page)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, e := range tab.Entries() {
		fmt.Printf("%d %q %q %s %s %s\n", e.Code, e.Message, e.Instruction, e.Platform(), e.Lang(), e.Source())
	}
	// Output:
	// 0 "ok" "成功" JMRTC Android zh zh-android.md:18
	// 871300 "Have not logged in." "api调用发起者尚未登录，见集成指南" JMessage Android zh zh-android.md:8
}

func ExampleMergeLang() {
	zh, _ := codes.Parse("zh.md", strings.NewReader("## JMessage Android\n"+
		"| Code | Error Message | 说明 |\n|---|---|---|\n| 871300 | Have not logged in. | api调用发起者尚未登录 |\n"), codes.Page)
	// The embedded rows are English, under "JMessage Android".
	tab := codes.MergeLang("zh", codes.Embedded(), zh)
	e, _ := tab.Lookup(871300)
	fmt.Println(e.Lang(), e.Instruction)
	fmt.Println(e.Alt().Lang(), e.Alt().Instruction)
	// Output:
	// zh api调用发起者尚未登录
	// en Initiator of api call has not logged in
}

func ExampleTable_Rows() {
	page := "## JMessage Android\n| Code | Message |\n|---|---|\n| 0 | Success |\n\n" +
		"## JMRTC Android\n| Code | Message |\n|---|---|\n| 0 | ok |\n"
	tab, _ := codes.Parse("android.md", strings.NewReader(page), codes.Page)
	for _, e := range tab.Rows(0) {
		fmt.Println(e.Platform()+":", e.Message)
	}
	e, _ := tab.Lookup(0)
	fmt.Println("Lookup:", e.Message)
	// Output:
	// JMessage Android: Success
	// JMRTC Android: ok
	// Lookup: ok
}
