package report

import (
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"padlock/i18n"
	"padlock/probes"
	"padlock/rules"
)

var (
	inlineCode = regexp.MustCompile("`+[^`]+`+")
	urlLike    = regexp.MustCompile(`[a-z][a-z0-9+.-]*://\S+`)
	// A "technical token": anything with a dot, slash, colon, underscore,
	// equals, at, digit or a leading dash (hosts, paths, ids, flags,
	// versions, hex), or a word in capitals (TLS, CA, AIA, IIS).
	techToken = regexp.MustCompile(`(^|\s)\S*[./:_=@0-9]\S*|(^|\s)-\S+|\b[A-Z][A-Z0-9]+s?\b`)
	wordRun   = regexp.MustCompile(`[A-Za-z][a-z']*(?: [A-Za-z][a-z']*){2,}`)
)

// englishProse returns the runs of three or more English words in a
// rendered report once code, commands, data the report quotes (evidence,
// details, errors), URLs and technical tokens are removed. A run counts
// only when at least two of its words are lower-case: "Windows Server" or
// "Authority Information Access" are names, "the chain is incomplete" is
// prose.
func englishProse(out string, data []string) []string {
	// Wrapping splits values over lines: compare with whitespace collapsed.
	s := strings.Join(strings.Fields(stripFences(out)), " ")
	// Longest first, so that a value is removed before a part of it.
	slices.SortFunc(data, func(a, b string) int { return len(b) - len(a) })
	for _, d := range data {
		if d = strings.Join(strings.Fields(d), " "); len(d) >= 3 {
			s = strings.ReplaceAll(s, d, " ")
		}
	}
	s = inlineCode.ReplaceAllString(s, " ")
	s = urlLike.ReplaceAllString(s, " ")
	s = techToken.ReplaceAllString(s, " ")
	var runs []string
	for _, ln := range strings.Split(s, "\n") {
		for _, run := range wordRun.FindAllString(ln, -1) {
			lower := 0
			for _, w := range strings.Fields(run) {
				if w == strings.ToLower(w) {
					lower++
				}
			}
			if lower >= 2 {
				runs = append(runs, run)
			}
		}
	}
	return runs
}

// stripFences removes fenced code blocks.
func stripFences(md string) string {
	var keep []string
	fence := ""
	for _, ln := range strings.Split(md, "\n") {
		m := fenceLine.FindStringSubmatch(ln)
		switch {
		case fence == "" && m != nil:
			fence = m[2]
		case fence != "":
			if m != nil && m[2] == fence && strings.TrimSpace(m[3]) == "" {
				fence = ""
			}
		default:
			keep = append(keep, ln)
		}
	}
	return strings.Join(keep, "\n")
}

// quotedData lists the strings a report quotes rather than writes: values
// from the network and from probes (in English by design), and the code
// lines of fix steps.
func quotedData(r *Report, opts Options) []string {
	data := []string{r.CommandLine, r.Tool.Version}
	for _, res := range r.Results {
		data = append(data, res.Err, skipReason(res, i18n.ZH))
		for _, f := range res.Findings {
			for _, v := range f.Evidence {
				data = append(data, rules.FormatValue(v, i18n.ZH))
			}
			for _, step := range explain(opts, f).Steps {
				for _, seg := range parseStep(step, f.Evidence, opts.Lang, plainEscaper) {
					if seg.code {
						data = append(data, strings.Split(seg.text, "\n")...)
					}
				}
			}
		}
		if res.Details != nil {
			if tree, err := parseDetails(res.Details); err == nil {
				data = append(data, treeStrings(tree)...)
			}
		}
	}
	for _, rs := range r.Resolvers {
		data = append(data, rs.Label)
	}
	return data
}

func treeStrings(n *node) []string {
	var out []string
	if n.kind == stringNode {
		out = append(out, strings.Split(n.scalar, "\n")...)
	}
	out = append(out, n.keys...)
	for _, c := range n.items {
		out = append(out, treeStrings(c)...)
	}
	return out
}

func TestChineseReportHasNoEnglishProse(t *testing.T) {
	r := fixtureReport()
	for _, format := range []Format{Text, Markdown} {
		opts := fixtureOptions(format, i18n.ZH)
		if runs := englishProse(string(render(t, r, opts)), quotedData(r, opts)); len(runs) > 0 {
			t.Errorf("%s zh report holds English prose: %q", format, runs)
		}
		// The checker must be able to fail: the English report is prose.
		en := fixtureOptions(format, i18n.EN)
		if runs := englishProse(string(render(t, r, en)), quotedData(r, en)); len(runs) < 10 {
			t.Errorf("%s: the checker finds only %q in the English report", format, runs)
		}
	}
}

// placeholder matches {key} in catalogue text.
var placeholder = regexp.MustCompile(`\{([a-z0-9_]+)\}`)

// TestRealCatalogueRendersInChinese renders one finding for every entry of
// the real catalogue in Chinese and looks for English prose outside code.
func TestRealCatalogueRendersInChinese(t *testing.T) {
	var findings []probes.Finding
	cat := probes.Builtin().Catalogue()
	for _, id := range cat.IDs() {
		e, _ := cat.Lookup(id)
		ev := probes.Evidence{}
		texts := []i18n.Text{e.Title, e.Why}
		texts = append(texts, e.Steps...)
		for _, tx := range texts {
			for _, m := range placeholder.FindAllStringSubmatch(tx.EN+tx.ZH, -1) {
				ev[m[1]] = 42
			}
		}
		findings = append(findings, probes.Finding{ID: id, Severity: probes.Fail, Evidence: ev})
	}
	if len(findings) == 0 {
		t.Fatal("the catalogue is empty")
	}
	r := &Report{
		Tool:      Tool{Name: "padlock", Version: "test"},
		Target:    probes.Target{Input: "example.com", Host: "example.com", Port: 443, Path: "/"},
		StartedAt: fixtureStart,
		Duration:  time.Second,
		Results:   []probes.Result{{ProbeID: "certificate", Status: probes.Fail, Findings: findings}},
	}
	for _, format := range []Format{Text, Markdown} {
		opts := Options{Format: format, Lang: i18n.ZH}
		for _, run := range englishProse(string(render(t, r, opts)), quotedData(r, opts)) {
			t.Errorf("%s zh report of the real catalogue holds English prose: %q", format, run)
		}
	}
}

func TestEnglishProseChecker(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int
	}{
		{"证书链不完整，请补全中间证书。", 0},
		{"在 nginx 的 `ssl_certificate` 中写入完整链", 0},
		{"执行 openssl s_client -connect example.com:443 -showcerts", 0},
		{"Windows Server 2012 R2 与 Authority Information Access", 0},
		{"服务器 the chain is incomplete 请检查", 1},
		{"https://example.com/a/b 与 TLS 1.2", 0},
		{"Tomcat 和 IIS：导入 Windows 的“中间证书颁发机构”", 0},
		{"The check could not run", 1},
	} {
		if got := englishProse(tc.in, nil); len(got) != tc.want {
			t.Errorf("englishProse(%q) = %q, want %d run(s)", tc.in, got, tc.want)
		}
	}
}
