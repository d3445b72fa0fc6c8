package rules

import (
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

func TestFillInRendersTextInLang(t *testing.T) {
	ev := map[string]any{"reason": i18n.T("follows no redirect", "不跟随任何跳转"), "code": 301,
		"list": []i18n.Text{i18n.T("a", "甲"), i18n.T("b", "乙")}}
	if got := FillIn("{reason} ({code}) {list}", ev, i18n.ZH); got != "不跟随任何跳转 (301) 甲, 乙" {
		t.Errorf("zh: %q", got)
	}
	if got := FillIn("{reason} ({code}) {list}", ev, i18n.EN); got != "follows no redirect (301) a, b" {
		t.Errorf("en: %q", got)
	}
}

// detailed is an evidence value with a technical detail.
type detailed struct{ plain, raw string }

func (d detailed) In(i18n.Lang) string { return d.plain }
func (d detailed) Detail() string      { return d.raw }

func TestFormatEvidenceShowsDetail(t *testing.T) {
	v := detailed{"connection refused", "dial tcp 192.0.2.1:443: connect: connection refused"}
	if got := FormatValue(v, i18n.EN); got != "connection refused" {
		t.Errorf("in prose: %q", got)
	}
	if got := FormatEvidence(v, i18n.EN); got != "connection refused (dial tcp 192.0.2.1:443: connect: connection refused)" {
		t.Errorf("in the evidence list: %q", got)
	}
}
