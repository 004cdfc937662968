package codes_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/jmlog/jmlog/codes"
)

// vendorDir holds the vendor's published error-code pages beside a
// checkout (../../shared/data/jpush-docs from this package). They are not
// part of the project: the test skips when they are absent, unless
// JMLOG_REQUIRE_SPEC=1.
const vendorDir = "../../shared/data/jpush-docs"

// TestVendorPages loads every vendor page and checks the row counts that
// the directory's README gives (rows whose first cell is a code), the
// platforms (the headings above the tables) and the language.
func TestVendorPages(t *testing.T) {
	dir := os.Getenv("JMLOG_VENDOR_PAGES")
	if dir == "" {
		dir = vendorDir
	}
	readShared(t, filepath.Join(dir, "README.md"), "vendor pages", "JMLOG_VENDOR_PAGES")
	for _, tc := range []struct {
		file      string
		rows      int
		codes     int            // distinct codes
		platforms map[string]int // rows per platform
		lang      string
	}{
		{"zh-im_errorcode_android.md", 55, 54, map[string]int{"JMessage Android": 43, "JMRTC Android": 12}, "zh"},
		{"en-im_errorcode_android.md", 40, 40, map[string]int{"JMessage Android": 40}, "en"},
		{"zh-im_errorcode_ios.md", 42, 42, map[string]int{"JMessage iOS": 34, "JMRTC iOS": 8}, "zh"},
		{"en-im_errorcode_ios.md", 33, 33, map[string]int{"JMessage iOS": 33}, "en"},
		{"zh-im_errorcode_js.md", 76, 76, map[string]int{"JMessage Web": 76}, "zh"},
		{"en-im_errorcode_js.md", 76, 76, map[string]int{"JMessage Web": 76}, "en"},
		{"zh-im_errorcode_server.md", 179, 179, map[string]int{"Server Error": 179}, "zh"},
		{"en-im_errorcode_server.md", 148, 148, map[string]int{"Server Error": 148}, "en"},
		{"zh-http_status_code.md", 12, 12, map[string]int{"状态码定义": 12}, "zh"},
		{"en-http_status_code.md", 12, 12, map[string]int{"Definition of Status Code": 12}, "en"},
	} {
		t.Run(tc.file, func(t *testing.T) {
			path := filepath.Join(dir, tc.file)
			tab, err := codes.Load(path)
			if err != nil {
				t.Fatal(err)
			}
			if tab.Len() != tc.rows {
				t.Errorf("%d rows, want %d", tab.Len(), tc.rows)
			}
			platforms, distinct := map[string]int{}, map[uint32]bool{}
			for _, e := range tab.Entries() {
				platforms[e.Platform()]++
				distinct[e.Code] = true
				if e.Lang() != tc.lang {
					t.Errorf("code %d: Lang %q, want %q", e.Code, e.Lang(), tc.lang)
				}
				if e.Message == "" && e.Instruction == "" {
					t.Errorf("code %d has no text", e.Code)
				}
			}
			if len(distinct) != tc.codes {
				t.Errorf("%d distinct codes, want %d", len(distinct), tc.codes)
			}
			if len(platforms) != len(tc.platforms) {
				t.Errorf("platforms %v, want %v", platforms, tc.platforms)
			}
			for p, n := range tc.platforms {
				if platforms[p] != n {
					t.Errorf("platforms %v, want %v", platforms, tc.platforms)
					break
				}
			}
			if dups, err := codes.Check(path); err != nil || dups != nil {
				t.Errorf("Check = %v, %v; want no duplicates", dups, err)
			}
		})
	}
	// Code 0 is under both headings of the Chinese Android page: Lookup
	// gives the last, Rows both.
	tab, err := codes.Load(filepath.Join(dir, "zh-im_errorcode_android.md"))
	if err != nil {
		t.Fatal(err)
	}
	rows := tab.Rows(0)
	if len(rows) != 2 || rows[0].Platform() != "JMessage Android" || rows[0].Message != "Success" || rows[1].Platform() != "JMRTC Android" || rows[1].Message != "ok" {
		t.Errorf("Rows(0) = %+v, want the JMessage Android and the JMRTC Android rows", rows)
	}
	// The pair of Android pages, Chinese preferred: the Chinese rows, each
	// with the English one of the same heading, if there is one.
	en, err := codes.Load(filepath.Join(dir, "en-im_errorcode_android.md"))
	if err != nil {
		t.Fatal(err)
	}
	m := codes.MergeLang("zh", en, tab)
	if m.Len() != 55 {
		t.Errorf("MergeLang: %d rows, want 55", m.Len())
	}
	if e, _ := m.Lookup(871300); e == nil || e.Lang() != "zh" || e.Instruction != "api调用发起者尚未登录" || e.Alt() == nil || e.Alt().Instruction != "Initiator of api call has not logged in" {
		t.Errorf("MergeLang: Lookup(871300) = %+v, want the zh row with the en one as Alt", e)
	}
	if rows := m.Rows(0); len(rows) != 2 || rows[0].Alt() == nil || rows[0].Alt().Message != "Success" || rows[1].Alt() != nil {
		t.Errorf("MergeLang: Rows(0) = %+v; want the JMessage row paired, the JMRTC row alone", rows)
	}
}
