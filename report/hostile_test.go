package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"padlock/i18n"
	"padlock/internal/sanitize"
	"padlock/probes"
	"padlock/rules"
)

// hostile holds what a malicious server could put in any string: ESC
// sequences (CSI, OSC with a hyperlink and a clipboard write, DCS), C0 and
// C1 controls, DEL, bidi overrides, line separators, invalid UTF-8, and
// Markdown/HTML that would add markup.
const hostile = "ok\x1b[31mRED\x1b[2J\x1b]8;;http://evil.test\x07link\x1b]8;;\x07" +
	"\x1b]52;c;ZXZpbA==\x1b\\\x1bP+q544e\x1b\\\x9b6n\u009b31m\u0085\u008d" +
	"\x00\x01\x07\x08\r\v\f\x7f\u202egnp.exe\u2066\u2069\u200f\u2028\ufeff\U000e0041" +
	"\xff\xfe\xc0\x80 | `tick` ```fence\n# heading <img src=x onerror=alert(1)> [l](javascript:x) *b* _i_ &#27;\tend"

// hostileCatalogue explains the hostile finding with the value in prose,
// in an inline code span and in a code block.
func hostileCatalogue() *rules.Catalogue {
	return fixtureCatalogue(rules.Entry{
		ID: "certificate.hostile", Severity: "fail",
		Title: i18n.Text{EN: "Subject {v} is odd", ZH: "主题 {v} 异常"},
		Why:   i18n.Text{EN: "The server said {v}.", ZH: "服务器返回了 {v}。"},
		Steps: []i18n.Text{{
			EN: "Run `openssl x509 -subject {v}` and check:\n\n    server_name {v};\n```nginx\nssl_certificate {v};\n```",
			ZH: "执行 `openssl x509 -subject {v}` 并检查：\n\n    server_name {v};\n```nginx\nssl_certificate {v};\n```",
		}},
		FAQ: "如何补全 SSL 证书链？",
	})
}

type hostileDetails struct {
	Subject string            `json:"subject"`
	SANs    []string          `json:"sans"`
	Headers map[string]string `json:"headers"`
	Nested  []map[string]any  `json:"nested"`
}

// hostileReport puts the hostile string in every string field a report has.
func hostileReport() *Report {
	h := hostile
	ev := probes.Evidence{"v": h, "list": []string{h, h}, "n": 3, h: h}
	return &Report{
		Tool: Tool{Name: h, Version: h},
		Target: probes.Target{Input: h, Host: h, Port: 443, Path: h, Intent: probes.Intent{
			Wildcard: true, CA: h, FileURL: h, FileContent: h,
			DNSRecords: []probes.DNSExpectation{{Name: h, Type: h, Value: h}},
		}},
		StartedAt:   fixtureStart,
		Duration:    time.Second,
		Resolvers:   []probes.Resolver{{Addr: h, Label: h}},
		ConnectTo:   []probes.ConnectTo{{Host: h, Port: 443, ToHost: h, ToPort: 1}},
		CommandLine: h,
		Addresses:   []string{h},
		Results: []probes.Result{
			{ProbeID: "certificate", Status: probes.Fail, Findings: []probes.Finding{
				{ID: "certificate.hostile", Severity: probes.Fail, Evidence: ev},
				{ID: h, Severity: probes.Warn, Evidence: ev},
				{ID: "caa.issuance-allowed", Severity: probes.Info, Evidence: probes.Evidence{"ca": h, "name": h}},
			}, Details: hostileDetails{
				Subject: h, SANs: []string{h}, Headers: map[string]string{h: h},
				Nested: []map[string]any{{h: []any{h, map[string]string{h: h}}}},
			}},
			{ProbeID: h, Status: probes.Error, Err: h, Details: map[string]string{"panic": h, "stack": h}},
			{ProbeID: "mixed-content", Status: probes.Skip, Details: map[string]string{"reason": h}},
			{ProbeID: "tls-versions", Status: probes.Warn, Findings: []probes.Finding{
				{ID: "tls-versions.legacy-enabled", Severity: probes.Warn, Evidence: probes.Evidence{"versions": []string{h}}},
			}},
		},
	}
}

// ourSGR matches the colour codes the text renderer itself writes.
var ourSGR = regexp.MustCompile(`\x1b\[(0|2|32|33|35|1;31)m`)

// assertNoControls fails when out holds a control byte other than \n and
// \t, DEL, a C1 control, a bidi or other steering character, or invalid
// UTF-8.
func assertNoControls(t *testing.T, what string, out []byte) {
	t.Helper()
	if !utf8.Valid(out) {
		t.Errorf("%s: output is not valid UTF-8", what)
	}
	for i, r := range string(out) {
		if r == '\n' || r == '\t' {
			continue
		}
		if sanitize.Escaped(r) {
			lo := max(0, i-40)
			t.Errorf("%s: %U at byte %d: ...%q...", what, r, i, out[lo:min(len(out), i+40)])
			return
		}
	}
}

func TestHostileStringsNeverReachTheOutput(t *testing.T) {
	for _, lang := range i18n.Langs() {
		for _, format := range []Format{Text, Markdown, JSON} {
			for _, color := range []bool{false, true} {
				what := fmt.Sprintf("%s/%s/color=%v", format, lang, color)
				t.Run(what, func(t *testing.T) {
					opts := Options{Format: format, Lang: lang, Color: color, Location: fixtureZone, Catalogue: hostileCatalogue()}
					out := render(t, hostileReport(), opts)
					if color && format == Text {
						if !ourSGR.Match(out) {
							t.Errorf("colour on, but no colour code in the output")
						}
						out = ourSGR.ReplaceAll(out, nil)
					}
					assertNoControls(t, what, out)
					if format == JSON {
						checkHostileJSON(t, out)
						return
					}
					// The content is shown, escaped, not dropped.
					for _, want := range []string{`\x1b[31mRED`, `\u202egnp.exe`, `\x9b6n`, `\xff\xfe`} {
						if !bytes.Contains(out, []byte(want)) {
							t.Errorf("output lacks the visible escape %s", want)
						}
					}
				})
			}
		}
	}
}

// checkHostileJSON checks that the JSON report carries the original text
// (invalid UTF-8 bytes replaced by U+FFFD, as JSON requires).
func checkHostileJSON(t *testing.T, out []byte) {
	t.Helper()
	var rep JSONReport
	if err := json.Unmarshal(out, &rep); err != nil {
		t.Fatalf("not JSON: %v", err)
	}
	want := string([]rune(hostile))
	for name, got := range map[string]string{
		"target.input":  rep.Target.Input,
		"tool.version":  rep.Tool.Version,
		"command":       rep.Command,
		"probes[1].id":  rep.Probes[1].ID,
		"probes[1].err": rep.Probes[1].Error,
		"evidence.v":    fmt.Sprint(rep.Probes[0].Findings[0].Evidence["v"]),
	} {
		if got != want {
			t.Errorf("%s = %q, want the original %q", name, got, want)
		}
	}
}

func TestMarkdownValuesAddNoMarkup(t *testing.T) {
	for _, lang := range i18n.Langs() {
		lintMarkdown(t, string(render(t, hostileReport(), Options{Format: Markdown, Lang: lang, Catalogue: hostileCatalogue()})))
	}
}

const testKey = "-----BEGIN PRIVATE KEY-----\nMIIEvSECRETSECRETSECRET\n-----END PRIVATE KEY-----\n"

func TestPrivateKeysAreNeverRendered(t *testing.T) {
	r := fixtureReport()
	r.Results[2].Findings[0].Evidence["missing_issuer"] = "x " + testKey + " y"
	r.Results[2].Details = map[string]string{"pem": testKey, "ec": strings.ReplaceAll(testKey, "PRIVATE", "EC PRIVATE"), "cut": "-----BEGIN RSA PRIVATE KEY-----\nMIIEvSECRET"}
	r.Target.Intent.FileContent = "token-is-shown"
	for _, lang := range i18n.Langs() {
		for _, format := range []Format{Text, Markdown, JSON} {
			out := render(t, r, Options{Format: format, Lang: lang, Catalogue: fixtureCatalogue()})
			if bytes.Contains(out, []byte("SECRET")) {
				t.Errorf("%s/%s: private key material in the report:\n%s", format, lang, out)
			}
			if !bytes.Contains(out, []byte(l(lang, "redacted"))) {
				t.Errorf("%s/%s: no removal notice", format, lang)
			}
			if !bytes.Contains(out, []byte("token-is-shown")) {
				t.Errorf("%s/%s: the --file-content token is not shown", format, lang)
			}
		}
	}
}

// FuzzRenderers feeds arbitrary strings through evidence, details, errors
// and the target into every renderer and checks the output stays clean.
func FuzzRenderers(f *testing.F) {
	for _, s := range []string{"", hostile, "证书\x1b[0m", "`{v}`", "\xff", "-----BEGIN PRIVATE KEY-----"} {
		f.Add(s, uint8(0))
	}
	f.Fuzz(func(t *testing.T, s string, pick uint8) {
		r := fixtureReport()
		r.Target.Input = s
		r.Results[2].Findings[0].Evidence["missing_issuer"] = s
		r.Results[2].Details = map[string]any{s: []string{s}, "x": s}
		r.Results[5].Err = s
		lang := i18n.Langs()[int(pick)%2]
		for _, format := range []Format{Text, Markdown, JSON} {
			opts := Options{Format: format, Lang: lang, Width: 20 + int(pick)%80, Catalogue: hostileCatalogue()}
			var b bytes.Buffer
			if err := Write(&b, r, opts); err != nil {
				t.Fatal(err)
			}
			assertNoControls(t, string(format), b.Bytes())
			if format == JSON && !json.Valid(b.Bytes()) {
				t.Fatalf("invalid JSON: %s", b.Bytes())
			}
		}
	})
}
