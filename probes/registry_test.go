package probes

import (
	"context"
	"iter"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"

	"padlock/i18n"
	"padlock/rules"
)

func TestBuiltinRegistry(t *testing.T) {
	reg := Builtin()
	want := []string{IDReachability, IDTLSVersions, IDCertificate, IDMixedContent, IDCAA, IDDNSValidation, IDFileValidation, IDCAAccess}
	if got := reg.IDs(); !slices.Equal(got, want) {
		t.Fatalf("ids %v, want %v", got, want)
	}
	if got := reg.Catalogue().ProbeIDs(); !slices.Equal(got, want) {
		t.Errorf("catalogue probes %v, want %v", got, want)
	}
	for _, d := range reg.Descriptors() {
		for what, tx := range map[string]i18n.Text{"title": d.Title, "what": d.What, "why": d.Why} {
			if strings.TrimSpace(tx.EN) == "" || !hasHan(tx.ZH) {
				t.Errorf("%s: %s is not in both languages: %+v", d.ID, what, tx)
			}
		}
		if len(d.Findings) == 0 {
			t.Errorf("%s declares no findings", d.ID)
		}
		if len(d.Scenarios) == 0 {
			t.Errorf("%s names no lab scenario", d.ID)
		}
		for _, sc := range d.Scenarios {
			if _, ok := d.Entry(sc.Finding); sc.Finding != "" && !ok {
				t.Errorf("%s: scenario %s expects %s, which the probe does not declare", d.ID, sc.Host, sc.Finding)
			}
		}
	}
}

func TestRegistryRejectsInconsistentProbes(t *testing.T) {
	if _, err := NewRegistry(CAA{}, CAA{}); err == nil {
		t.Error("two probes with one id were accepted")
	}
	stray := toyProbe{d: Descriptor{ID: "toy", Title: i18n.Same("toy"), Findings: rules2("caa.toy")}}
	if _, err := NewRegistry(stray); err == nil {
		t.Error("a finding outside the probe's id space was accepted")
	}
}

func TestSelect(t *testing.T) {
	reg := Builtin()
	got, err := reg.Select([]string{"caa", "reachability"}, nil)
	if err != nil || len(got) != 2 || got[0].Describe().ID != "reachability" || got[1].Describe().ID != "caa" {
		t.Errorf("only: %v %v", ids(got), err)
	}
	got, err = reg.Select(nil, []string{"caa"})
	if err != nil || len(got) != 7 || slices.Contains(ids(got), "caa") {
		t.Errorf("skip: %v %v", ids(got), err)
	}
	if _, err := reg.Select([]string{"nope"}, nil); err == nil {
		t.Error("unknown id accepted")
	}
}

func ids(ps []Probe) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.Describe().ID
	}
	return out
}

// emittedIDs scans the probes' sources for finding id literals of every
// registered probe ("<probe id>.what").
func emittedIDs(t *testing.T, reg *Registry) []string {
	t.Helper()
	quoted := make([]string, 0, len(reg.IDs()))
	for _, id := range append(reg.IDs(), "engine") {
		quoted = append(quoted, regexp.QuoteMeta(id))
	}
	literal := regexp.MustCompile(`"((?:` + strings.Join(quoted, "|") + `)\.[a-z0-9-]+)"`)
	files, err := filepath.Glob("*.go")
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
		for _, m := range literal.FindAllStringSubmatch(string(src), -1) {
			seen[m[1]] = true
		}
	}
	if len(seen) == 0 {
		t.Fatal("found no finding ids in the sources")
	}
	return slices.Sorted(mapsKeys(seen))
}

func TestEveryEmittedFindingIsCatalogued(t *testing.T) {
	reg := Builtin()
	for _, id := range emittedIDs(t, reg) {
		if _, ok := reg.Catalogue().Lookup(id); !ok {
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
	cat := Builtin().Catalogue()
	for _, id := range cat.IDs() {
		e, _ := cat.Lookup(id)
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

var severities = []string{"info", "warn", "fail", "error"}

func mapsKeys(m map[string]bool) iter.Seq[string] { return maps.Keys(m) }

// toyProbe is a probe made in a test: its descriptor is all it has.
type toyProbe struct{ d Descriptor }

func (p toyProbe) Describe() Descriptor                     { return p.d }
func (p toyProbe) Run(context.Context, Target, *Env) Result { return Done(nil, nil) }

// rules2 returns minimal catalogue entries for ids.
func rules2(ids ...string) []rules.Entry {
	out := make([]rules.Entry, len(ids))
	for i, id := range ids {
		out[i] = rules.Entry{ID: id, Severity: "warn", Title: i18n.Same(id)}
	}
	return out
}

// evidenceKey matches an evidence key written in a probe's source:
// `"key": ` inside an Evidence literal, or ev["key"].
var evidenceKey = regexp.MustCompile(`(?:Evidence\{|, |\t)"([a-z][a-z0-9_]*)": |ev\["([a-z][a-z0-9_]*)"\]`)

// Every evidence key a probe writes has a label in both languages, so
// that a Chinese report shows no English identifier.
func TestEvidenceKeysAreLabelled(t *testing.T) {
	cat := Builtin().Catalogue()
	files, _ := filepath.Glob("*.go")
	n := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") || f == "limits.go" { // limits.go: limit names
			continue
		}
		src, _ := os.ReadFile(f)
		for _, line := range strings.Split(string(src), "\n") {
			if !strings.Contains(line, "Evidence{") && !strings.Contains(line, "ev[") && !strings.HasPrefix(strings.TrimSpace(line), `"`) {
				continue
			}
			for _, m := range evidenceKey.FindAllStringSubmatch(line, -1) {
				key := m[1] + m[2]
				n++
				label := cat.EvidenceLabel("x.y", key)
				if label.EN == key || (!hasHan(label.ZH) && label.ZH != strings.ToUpper(label.ZH)) {
					t.Errorf("%s: evidence key %q has no label in both languages", f, key)
				}
			}
		}
	}
	if n < 50 {
		t.Fatalf("found only %d evidence keys in the sources", n)
	}
}
