package report

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"padlock/i18n"
	"padlock/probes"
)

// roundTrip writes r as JSON and reads it back, as a user's saved report.
func roundTrip(t *testing.T, r *Report, lang i18n.Lang) JSONReport {
	t.Helper()
	rep, err := ReadJSON(bytes.NewReader(render(t, r, fixtureOptions(JSON, lang))))
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// afterFix is the fixture after the chain was fixed and a CAA problem
// appeared.
func afterFix() *Report {
	r := fixtureReport()
	for i := range r.Results {
		switch r.Results[i].ProbeID {
		case "certificate":
			r.Results[i].Status, r.Results[i].Findings = probes.Pass, nil
		case "caa":
			r.Results[i].Status = probes.Fail
			r.Results[i].Findings = []probes.Finding{{ID: "caa.not-allowed", Severity: probes.Fail, Evidence: probes.Evidence{"ca": "sectigo.com", "name": "shop.example.com"}}}
		}
	}
	return r
}

func TestDiff(t *testing.T) {
	// The reports were written in Chinese; the comparison is read in both.
	d := Compare(roundTrip(t, fixtureReport(), i18n.ZH), roundTrip(t, afterFix(), i18n.ZH))
	ids := func(cs []Change) []string {
		var out []string
		for _, c := range cs {
			out = append(out, c.ID)
		}
		return out
	}
	if got := strings.Join(ids(d.Fixed), ","); got != "certificate.chain-incomplete" {
		t.Errorf("fixed %s", got)
	}
	if got := strings.Join(ids(d.New), ","); got != "caa.not-allowed" {
		t.Errorf("new %s", got)
	}
	if got := strings.Join(ids(d.Remaining), ","); got != "tls-versions.legacy-enabled,file-validation.redirected" {
		t.Errorf("remaining %s", got)
	}
	for lang, want := range map[i18n.Lang][]string{
		i18n.EN: {"Fixed (1)", "New (1)", "Still to fix (2)", "certificate: fail → pass", "caa: pass → fail",
			"The server sends 1 certificate(s) but not the intermediate Example Issuing CA R7"},
		i18n.ZH: {"已修复 (1)", "新出现 (1)", "仍需修复 (2)", "certificate: 失败 → 通过", "服务器只发送了 1 张证书"},
	} {
		for _, f := range []Format{Text, Markdown} {
			var out bytes.Buffer
			if err := WriteDiff(&out, d, Options{Format: f, Lang: lang, Catalogue: fixtureCatalogue()}); err != nil {
				t.Fatal(err)
			}
			for _, w := range want {
				if !strings.Contains(out.String(), w) {
					t.Errorf("%s %s lacks %q:\n%s", lang, f, w, out.String())
				}
			}
		}
	}
	var out bytes.Buffer
	if err := WriteDiff(&out, d, Options{Format: JSON}); err != nil {
		t.Fatal(err)
	}
	var j struct {
		Status    []string
		Unchanged bool
		Fixed     []struct{ ID string }
		Probes    []struct{ ID, Before, After string }
	}
	if err := json.Unmarshal(out.Bytes(), &j); err != nil || j.Unchanged || len(j.Fixed) != 1 || j.Status[0] != "fail" || len(j.Probes) != 8 {
		t.Errorf("json %v: %s", err, out.String())
	}
	same := Compare(roundTrip(t, fixtureReport(), i18n.EN), roundTrip(t, fixtureReport(), i18n.EN))
	out.Reset()
	WriteDiff(&out, same, Options{Format: Text, Lang: i18n.ZH, Catalogue: fixtureCatalogue()})
	if !same.Unchanged() || !strings.Contains(out.String(), "两次检测结果没有变化") {
		t.Errorf("same runs:\n%s", out.String())
	}
}

func TestReadJSONRejects(t *testing.T) {
	for _, in := range []string{"", "not json", `{"tool":{"name":"other"},"probes":[{}]}`, `{"tool":{"name":"padlock"}}`} {
		if _, err := ReadJSON(strings.NewReader(in)); err == nil {
			t.Errorf("ReadJSON(%q) accepted", in)
		}
	}
}

// Text from a saved report is untrusted: escape sequences never reach the
// terminal.
func TestDiffSanitises(t *testing.T) {
	before := roundTrip(t, fixtureReport(), i18n.EN)
	before.Target.Input = "shop.example.com\x1b]52;c;evil\x07\x1b[31m"
	var out bytes.Buffer
	WriteDiff(&out, Compare(before, before), Options{Format: Text, Lang: i18n.EN, Catalogue: fixtureCatalogue()})
	if strings.ContainsRune(out.String(), 0x1b) || strings.ContainsRune(out.String(), 0x07) {
		t.Errorf("control characters passed: %q", out.String())
	}
}

// A saved report read back renders as the original did, in either
// language whatever it was saved in.
func TestSavedReportRendersAsTheOriginal(t *testing.T) {
	for _, lang := range i18n.Langs() {
		saved := roundTrip(t, fixtureReport(), i18n.ZH).Report()
		orig := fixtureReport()
		for i := range orig.Resolvers {
			orig.Resolvers[i].Label = "" // JSON keeps resolver addresses only
		}
		want := render(t, orig, fixtureOptions(Text, lang))
		got := render(t, saved, fixtureOptions(Text, lang))
		if !bytes.Equal(got, want) {
			t.Errorf("%s: the saved report renders differently:\n%s\nwant:\n%s", lang, got, want)
		}
	}
}
