package report

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"padlock/i18n"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./report -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (go test ./report -update rewrites it)\n--- got ---\n%s", name, got)
	}
}

func render(t *testing.T, r *Report, opts Options) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := Write(&b, r, opts); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestGolden(t *testing.T) {
	for _, tc := range []struct {
		file   string
		format Format
		lang   i18n.Lang
	}{
		{"report.en.txt", Text, i18n.EN},
		{"report.zh.txt", Text, i18n.ZH},
		{"report.en.md", Markdown, i18n.EN},
		{"report.zh.md", Markdown, i18n.ZH},
		{"report.en.json", JSON, i18n.EN},
		{"report.zh.json", JSON, i18n.ZH},
	} {
		t.Run(tc.file, func(t *testing.T) {
			golden(t, tc.file, render(t, fixtureReport(), fixtureOptions(tc.format, tc.lang)))
		})
	}
}
