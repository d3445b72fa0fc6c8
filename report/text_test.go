package report

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"padlock/i18n"
	"padlock/probes"
)

func TestWrap(t *testing.T) {
	for _, tc := range []struct {
		name, in    string
		width       int
		first, rest string
		want        []string
	}{
		{"fits", "a b c", 10, "", "", []string{"a b c"}},
		{"breaks at spaces", "aaa bbb ccc", 7, "", "", []string{"aaa bbb", "ccc"}},
		{"hanging indent", "aaa bbb ccc", 9, "- ", "  ", []string{"- aaa bbb", "  ccc"}},
		{"code span kept whole", "run `a b c d` now", 8, "", "", []string{"run", "`a b c d`", "now"}},
		{"long word overflows", "x https://example.com/very/long y", 10, "", "", []string{"x", "https://example.com/very/long", "y"}},
		{"CJK breaks between characters", "证书链不完整请补全", 10, "", "", []string{"证书链不完", "整请补全"}},
		{"no closing punctuation at line start", "证书链不完，整", 10, "", "", []string{"证书链不", "完，整"}},
		{"mixed", "在 nginx 中设置", 8, "", "", []string{"在 nginx", "中设置"}},
		{"empty", "", 10, "> ", "", []string{">"}},
	} {
		got := wrap(tc.in, tc.width, tc.first, tc.rest)
		if strings.Join(got, "|") != strings.Join(tc.want, "|") {
			t.Errorf("%s: wrap(%q, %d) = %q, want %q", tc.name, tc.in, tc.width, got, tc.want)
		}
	}
}

func TestDisplayWidth(t *testing.T) {
	for s, want := range map[string]int{"abc": 3, "证书": 4, "ｆｕｌｌ": 8, "e\u0301": 1, "": 0, "（UTC）": 7} {
		if got := displayWidth(s); got != want {
			t.Errorf("displayWidth(%q) = %d, want %d", s, got, want)
		}
	}
}

// TestTextFitsWidth: every line fits the width except code, commands and
// single tokens that cannot be broken (they stay copyable).
func TestTextFitsWidth(t *testing.T) {
	for _, lang := range i18n.Langs() {
		for _, width := range []int{80, 60} {
			opts := fixtureOptions(Text, lang)
			opts.Width = width
			out := string(render(t, fixtureReport(), opts))
			for i, ln := range strings.Split(out, "\n") {
				if displayWidth(ln) <= width {
					continue
				}
				trimmed := strings.TrimSpace(ln)
				if strings.HasPrefix(trimmed, "padlock check") || strings.HasPrefix(trimmed, "cat ") ||
					strings.HasPrefix(trimmed, "`") || strings.HasPrefix(trimmed, "ssl_") {
					continue // a command or a configuration line
				}
				if slices.ContainsFunc(strings.Fields(trimmed), func(w string) bool { return displayWidth(w) > width/2 }) {
					continue // a URL or hash too long to share a line
				}
				t.Errorf("%s width %d: line %d is %d columns: %q", lang, width, i+1, displayWidth(ln), ln)
			}
		}
	}
}

func TestColourOnlyWhenAsked(t *testing.T) {
	r := fixtureReport()
	plain := render(t, r, fixtureOptions(Text, i18n.EN))
	if bytes.ContainsRune(plain, '\x1b') {
		t.Fatal("escape codes in a report without colour")
	}
	opts := fixtureOptions(Text, i18n.EN)
	opts.Color = true
	colored := render(t, r, opts)
	for _, want := range []string{"\x1b[1;31mfail\x1b[0m", "\x1b[33m[WARN]\x1b[0m", "\x1b[32mpass\x1b[0m", "\x1b[35merror\x1b[0m", "\x1b[2mskip\x1b[0m"} {
		if !bytes.Contains(colored, []byte(want)) {
			t.Errorf("coloured report lacks %q", want)
		}
	}
	if got := ourSGR.ReplaceAll(colored, nil); !bytes.Equal(got, plain) {
		t.Errorf("colour changed the layout:\n%s", got)
	}
	for _, f := range []Format{Markdown, JSON} {
		o := fixtureOptions(f, i18n.EN)
		o.Color = true
		if bytes.ContainsRune(render(t, r, o), '\x1b') {
			t.Errorf("%s report has colour codes", f)
		}
	}
}

func TestProblemsOrderedBySeverity(t *testing.T) {
	out := string(render(t, fixtureReport(), fixtureOptions(Text, i18n.EN)))
	order := []string{"1. [FAIL]", "2. [WARN]", "3. [WARN]", "4. [ERROR]"}
	last := -1
	for _, s := range order {
		i := strings.Index(out, s)
		if i < last {
			t.Errorf("%q out of order", s)
		}
		last = i
	}
}

func TestPassingRunSaysSo(t *testing.T) {
	r := fixtureReport()
	r.Results = []probes.Result{{ProbeID: "reachability", Status: probes.Pass}}
	for _, lang := range i18n.Langs() {
		for _, f := range []Format{Text, Markdown} {
			out := string(render(t, r, fixtureOptions(f, lang)))
			if !strings.Contains(out, l(lang, "no-problems")) || !strings.Contains(out, l(lang, "no-problems-line")) {
				t.Errorf("%s/%s: a clean run does not say so:\n%s", f, lang, out)
			}
		}
	}
}

func TestUnencodableDetails(t *testing.T) {
	r := fixtureReport()
	r.Results[0].Details = map[string]any{"ch": make(chan int)}
	for _, f := range []Format{Text, Markdown, JSON} {
		var b bytes.Buffer
		if err := Write(&b, r, fixtureOptions(f, i18n.EN)); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
}

// FuzzWrap: wrapping keeps every word, in order, and a line is wider than
// the width only when it holds a single unbreakable word.
func FuzzWrap(f *testing.F) {
	for _, s := range []string{"aaa bbb ccc", "证书链不完整，请补全（中间证书）", "x `a b` y", "  lead  trail  "} {
		f.Add(s, uint8(10))
	}
	f.Fuzz(func(t *testing.T, s string, w uint8) {
		s = sanitizeForWrap(s)
		width := 4 + int(w)%90
		lines := wrap(s, width, "> ", "  ")
		var got []string
		for i, ln := range lines {
			body := strings.TrimPrefix(ln, "  ")
			if i == 0 {
				body = strings.TrimPrefix(ln, ">")
			}
			if i == 0 && !strings.HasPrefix(ln, ">") {
				t.Fatalf("first line lost its prefix: %q", ln)
			}
			if displayWidth(ln) > width && strings.Contains(strings.TrimLeft(body, " "), " ") && !strings.Contains(s, "`") {
				t.Fatalf("line %q is %d wide (width %d) but could break", ln, displayWidth(ln), width)
			}
			got = append(got, body)
		}
		if strings.Join(strings.Fields(strings.Join(got, "")), "") != strings.Join(strings.Fields(s), "") {
			t.Fatalf("wrap(%q) lost text: %q", s, lines)
		}
	})
}

// sanitizeForWrap keeps what wrap is given in reports: one sanitised line.
func sanitizeForWrap(s string) string {
	return line(s, i18n.EN)
}

// Evidence that is typed text is shown once, in the report's language;
// evidence labels come from the catalogue.
func TestEvidenceTextInReportLanguage(t *testing.T) {
	r := fixtureReport()
	r.Results = []probes.Result{{ProbeID: "tls-versions", Status: probes.Warn, Findings: []probes.Finding{{
		ID: "tls-versions.legacy-enabled", Severity: probes.Warn,
		Evidence: probes.Evidence{"policy": i18n.T("follows no redirect", "不跟随任何跳转")},
	}}}}
	for _, tt := range []struct {
		lang      i18n.Lang
		want, not string
	}{
		{i18n.ZH, "不跟随任何跳转", "follows no redirect"},
		{i18n.EN, "follows no redirect", "不跟随任何跳转"},
	} {
		out := string(render(t, r, fixtureOptions(Text, tt.lang)))
		if !strings.Contains(out, tt.want) || strings.Contains(out, tt.not) || strings.Contains(out, "policy_zh") {
			t.Errorf("%s report shows the wrong evidence:\n%s", tt.lang, out)
		}
	}
}

func TestFixCommand(t *testing.T) {
	for _, tc := range []struct {
		steps []string
		want  string
	}{
		{[]string{"Point `ssl_certificate` at it, then run `nginx -t && nginx -s reload`."}, "nginx -t && nginx -s reload"},
		{[]string{"Build it:\n\n    cat a.crt b.crt > full.pem", "then `nginx -s reload`"}, "cat a.crt b.crt > full.pem"},
		{[]string{"In nginx:\n```nginx\nssl_protocols TLSv1.2 TLSv1.3;\n```"}, "ssl_protocols TLSv1.2 TLSv1.3;"},
		{[]string{"Ask your CA; set `ssl_stapling`."}, ""},
	} {
		if got := FixCommand(tc.steps); got != tc.want {
			t.Errorf("FixCommand(%q) = %q, want %q", tc.steps, got, tc.want)
		}
	}
}
