package report

import (
	"encoding/json"
	"strings"
	"testing"

	"padlock/i18n"
	"padlock/probes"
)

// incompleteReport is a run that passed as far as it went: two probes
// passed, one was never run, one still runs, one was cancelled.
func incompleteReport() *Report {
	r := fixtureReport()
	r.Results = []probes.Result{
		{ProbeID: "reachability", Status: probes.Pass},
		{ProbeID: "tls-versions", Status: probes.Pass},
		{ProbeID: "certificate", Status: probes.Running},
		{ProbeID: "caa", Status: probes.NotRun},
		{ProbeID: "ca-access", Status: probes.Cancelled, Err: probes.ErrCancelled.Error()},
	}
	return r
}

// A report never claims more than it saw: an unfinished run is
// INCOMPLETE, names what is missing, lists every probe with its state, and
// never says PASS or "no problems".
func TestIncompleteRunIsNeverPass(t *testing.T) {
	for _, lang := range i18n.Langs() {
		for _, format := range []Format{Text, Markdown} {
			out := string(render(t, incompleteReport(), fixtureOptions(format, lang)))
			want := map[i18n.Lang][]string{
				i18n.EN: {"INCOMPLETE", "3 not finished: certificate, caa, ca-access", "still running when this report was made",
					"not run: no result", "cancelled before it finished", "No problems found in the checks that finished"},
				i18n.ZH: {"未完成", "3 项未完成：certificate、caa、ca-access", "生成报告时仍在运行", "未运行", "已取消", "已完成的检查未发现问题"},
			}[lang]
			for _, w := range want {
				if !strings.Contains(out, w) {
					t.Errorf("%s %s lacks %q:\n%s", lang, format, w, out)
				}
			}
			if strings.Contains(out, l(lang, "no-problems")) {
				t.Errorf("%s %s says there are no problems for an unfinished run:\n%s", lang, format, out)
			}
			for _, line := range strings.Split(out, "\n") {
				pass := strings.ToUpper(StatusWord(probes.Pass, lang))
				if strings.Contains(line, l(lang, "overall")) && (strings.Contains(line, colon(lang)+pass) || strings.Contains(line, "**"+pass+"**")) {
					t.Errorf("%s %s headline: %s", lang, format, line)
				}
			}
			for _, id := range []string{"reachability", "tls-versions", "certificate", "caa", "ca-access"} {
				if !strings.Contains(out, id) {
					t.Errorf("%s %s does not list %s", lang, format, id)
				}
			}
		}
		var rep struct {
			Summary struct {
				Status   string   `json:"status"`
				Complete bool     `json:"complete"`
				Missing  []string `json:"missing"`
			} `json:"summary"`
			Probes []struct {
				ID, Status string
			} `json:"probes"`
		}
		if err := json.Unmarshal(render(t, incompleteReport(), fixtureOptions(JSON, lang)), &rep); err != nil {
			t.Fatal(err)
		}
		if s := rep.Summary; s.Status != "incomplete" || s.Complete || strings.Join(s.Missing, ",") != "certificate,caa,ca-access" {
			t.Errorf("%s json summary %+v", lang, s)
		}
		if len(rep.Probes) != 5 || rep.Probes[2].Status != "running" || rep.Probes[3].Status != "not_run" || rep.Probes[4].Status != "cancelled" {
			t.Errorf("%s json probes %+v", lang, rep.Probes)
		}
	}
}

// A probe that could not run is summed up in plain words in the report's
// language; the raw Go error stays in the detail and in JSON.
func TestErrorHeadlineIsPlain(t *testing.T) {
	r := fixtureReport()
	raw := `Get "https://shop.example.com/": dial tcp 192.0.2.10:443: connect: connection refused`
	r.Results = []probes.Result{{ProbeID: "mixed-content", Status: probes.Error, Err: raw,
		Reason: i18n.T("the HTTPS page could not be loaded", "无法加载该 HTTPS 页面")}}
	for lang, want := range map[i18n.Lang]string{i18n.EN: "the HTTPS page could not be loaded", i18n.ZH: "无法加载该 HTTPS 页面"} {
		d := buildDoc(r, fixtureOptions(Text, lang), plainEscaper)
		if got := d.summary[0].line; got != want {
			t.Errorf("%s summary line %q, want %q", lang, got, want)
		}
		if out := string(render(t, r, fixtureOptions(Text, lang))); !strings.Contains(out, "dial tcp 192.0.2.10:443") {
			t.Errorf("%s: the raw error is gone from the detail:\n%s", lang, out)
		}
		if out := string(render(t, r, fixtureOptions(JSON, lang))); !strings.Contains(out, `"error":"Get \"https://shop.example.com/\"`) {
			t.Errorf("%s: JSON lost the raw error:\n%s", lang, out)
		}
	}
}
