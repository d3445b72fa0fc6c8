package rules

import (
	"os"
	"padlock/i18n"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"
)

// findingLiteral matches a finding id in Go source: "probe-id.what".
var findingLiteral = regexp.MustCompile(`"((?:reachability|tls-versions|certificate|mixed-content|caa|dns-validation|file-validation|ca-access|engine)\.[a-z0-9-]+)"`)

// emittedIDs scans the probes' sources for finding ids.
func emittedIDs(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob("../probes/*.go")
	if err != nil || len(files) == 0 {
		t.Fatalf("no probe sources found: %v", err)
	}
	seen := map[string]bool{}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range findingLiteral.FindAllStringSubmatch(string(src), -1) {
			seen[m[1]] = true
		}
	}
	var ids []string
	for id := range seen {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}

func TestEveryEmittedFindingIsCatalogued(t *testing.T) {
	for _, id := range emittedIDs(t) {
		if _, ok := Lookup(id); !ok {
			t.Errorf("finding %q is emitted by a probe but has no catalogue entry", id)
		}
	}
}

func hasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}

func TestEntriesAreComplete(t *testing.T) {
	for _, id := range IDs() {
		e, _ := Lookup(id)
		if e.ID != id {
			t.Errorf("%s: entry id %q", id, e.ID)
		}
		if !slices.Contains(severities, e.Severity) {
			t.Errorf("%s: severity %q not one of %v", id, e.Severity, severities)
		}
		texts := map[string]i18n.Text{"title": e.Title, "why": e.Why}
		for i, s := range e.Steps {
			texts["step "+string(rune('1'+i))] = s
		}
		for what, tx := range texts {
			if strings.TrimSpace(tx.EN) == "" || strings.TrimSpace(tx.ZH) == "" {
				t.Errorf("%s: %s lacks a language (en %q, zh %q)", id, what, tx.EN, tx.ZH)
			}
			if tx.ZH != "" && !hasHan(tx.ZH) {
				t.Errorf("%s: %s zh text has no Chinese: %q", id, what, tx.ZH)
			}
			if placeholders(tx.EN) != placeholders(tx.ZH) {
				t.Errorf("%s: %s placeholders differ: en %v, zh %v", id, what, placeholders(tx.EN), placeholders(tx.ZH))
			}
		}
		if e.Severity != "info" && len(e.Steps) == 0 && id != "engine.probe-panicked" {
			t.Errorf("%s: a %s finding needs fix steps", id, e.Severity)
		}
		if e.Severity != "info" && e.Severity != "error" && e.FAQ == "" {
			t.Errorf("%s: no FAQ section cited", id)
		}
	}
}

var placeholder = regexp.MustCompile(`\{[a-z0-9_]+\}`)

func placeholders(s string) string {
	ps := placeholder.FindAllString(s, -1)
	slices.Sort(ps)
	return strings.Join(slices.Compact(ps), " ")
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
