package rules

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode"

	"padlock/i18n"
)

func hasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}

func TestFill(t *testing.T) {
	got := Fill("{host} has {n} addresses: {list} {missing}", map[string]any{
		"host": "a.test", "n": 2, "list": []string{"192.0.2.1", "192.0.2.2"},
	})
	if want := "a.test has 2 addresses: 192.0.2.1, 192.0.2.2 {missing}"; got != want {
		t.Errorf("Fill = %q, want %q", got, want)
	}
}

func TestLookupBrand(t *testing.T) {
	for _, in := range []string{"sectigo", "Lets-Encrypt", "SSL.com", "letsencrypt"} {
		if _, ok := LookupBrand(in); !ok {
			t.Errorf("LookupBrand(%q) failed", in)
		}
	}
	if _, ok := LookupBrand("nobody"); ok {
		t.Error("LookupBrand accepted an unknown brand")
	}
}

// Every reason a probe gives for skipping is translated.
func TestSkipReasonsTranslated(t *testing.T) {
	files, _ := filepath.Glob("../probes/*.go")
	skipped := regexp.MustCompile(`Skipped\("([^"]+)"\)`)
	n := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, _ := os.ReadFile(f)
		for _, m := range skipped.FindAllStringSubmatch(string(src), -1) {
			n++
			if tx := SkipReason(m[1]); !hasHan(tx.ZH) {
				t.Errorf("skip reason %q has no Chinese translation", m[1])
			}
		}
	}
	if n == 0 {
		t.Fatal("found no Skipped(...) calls in the probes")
	}
}

func TestFillInPrefersChineseEvidence(t *testing.T) {
	ev := map[string]any{"reason": "follows no redirect", "reason_zh": "不跟随任何跳转", "code": 301}
	if got := FillIn("{reason} ({code})", ev, i18n.ZH); got != "不跟随任何跳转 (301)" {
		t.Errorf("zh: %q", got)
	}
	if got := FillIn("{reason} ({code})", ev, i18n.EN); got != "follows no redirect (301)" {
		t.Errorf("en: %q", got)
	}
}
