package cli

// The command line of issue 14: vendor pages as --codes tables, platforms,
// --lang, and the codes export formats. The cases run in TestCLI, with
// golden files like the others.

// pageArgs loads one fixture page per platform (testdata/pages).
var pageArgs = []string{
	"--codes", "testdata/pages/zh-android.md", "--codes", "testdata/pages/ios.md", "--codes", "testdata/pages/web.md",
	"--codes", "testdata/pages/server.md", "--codes", "testdata/pages/jpush-client.md", "--codes", "testdata/pages/rest.md",
}

func with(args ...[]string) []string {
	var out []string
	for _, a := range args {
		out = append(out, a...)
	}
	return out
}

var tableCLICases = []cliCase{
	// Every platform's shapes, from the fixture pages; the summary in JSON
	// with the platforms.
	{name: "pages-platforms", args: with(pageArgs, []string{"--summary", "json", "testdata/platforms.log"})},
	{name: "pages-platforms-text", args: with(pageArgs, []string{"-c", "testdata/platforms.log"})},
	// --lang: the zh row in the annotation, the en one in the JSON.
	{name: "pages-lang-zh", args: []string{"--lang", "zh", "--codes", "testdata/pages/jpush-client.md", "--codes", "testdata/pages/jpush-client-zh.md", "--matched", "--summary", "json", "testdata/platforms.log"}},
	{name: "pages-lang-en", args: []string{"--codes", "testdata/pages/jpush-client-zh.md", "--codes", "testdata/pages/jpush-client.md", "--matched", "--summary", "json", "-o", "json", "testdata/platforms.log"}},
	{name: "pages-lang-zh-tsv-wins", args: []string{"--lang", "zh", "--codes", "testdata/pages/zh-android.md", "--codes", "testdata/codes-zh.tsv", "--matched", "--summary", "none", "testdata/logcat-sample.txt"}},
	// -j with short codes: a value at the path counts without a shape;
	// other lines still go to the text finder, with its shapes.
	{name: "pages-json-path-short", args: []string{"-j", "error.code", "--codes", "testdata/pages/rest.md", "--codes", "testdata/pages/jpush-client.md", "--matched", "--summary", "none", "-"},
		stdin: "{\"error\":{\"code\":1011}}\n{\"error\":{\"code\":871300},\"n\":6002}\nplain 6002 and errorCode=6002\n"},
	{name: "bad-lang", args: []string{"--lang", "fr", "testdata/crlf.txt"}, status: 2},
	// A page without a table, and a missing page.
	{name: "page-no-table", args: []string{"--codes", "testdata/pages/no-table.md", "testdata/crlf.txt"}, status: 2},
	{name: "page-missing", args: []string{"--codes", "testdata/pages/nope.md", "testdata/crlf.txt"}, status: 2},
	// explain: every row of a code, its platform, the other language.
	{name: "explain-pages", args: []string{"explain", "--codes", "testdata/pages/zh-android.md", "0", "871300", "872001"}},
	{name: "explain-pages-zh", args: []string{"explain", "--lang", "zh", "--codes", "testdata/pages/zh-android.md", "0", "871300"}},
	{name: "explain-short", args: with([]string{"explain"}, pageArgs, []string{"6002", "1003", "7130001", "865003"})},
	// codes in every format, with platform and source.
	{name: "codes-pages-csv", args: with([]string{"codes", "--format", "csv"}, pageArgs)},
	{name: "codes-pages-tsv", args: with([]string{"codes", "--format", "tsv", "--codes", "testdata/codes-zh.tsv", "--codes", "testdata/codes-extra.tsv"}, pageArgs)},
	{name: "codes-pages-md", args: with([]string{"codes", "--format", "md"}, pageArgs)},
	{name: "codes-pages-json", args: []string{"codes", "--format", "json", "--lang", "zh", "--codes", "testdata/pages/zh-android.md", "--codes", "testdata/pages/server.md"}},
	{name: "codes-pages-text", args: with([]string{"codes"}, pageArgs)},
	{name: "codes-logstash", args: with([]string{"codes", "--format", "csv", "--columns", "code,message", "--no-header"}, pageArgs)},
	{name: "codes-bad-column", args: []string{"codes", "--format", "csv", "--columns", "code,nope"}, status: 2},
	{name: "codes-columns-json", args: []string{"codes", "--format", "json", "--columns", "code"}, status: 2},
	{name: "codes-no-header-md", args: []string{"codes", "--format", "md", "--no-header"}, status: 2},
}

func init() { cliCases = append(cliCases, tableCLICases...) }
