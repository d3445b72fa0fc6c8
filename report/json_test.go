package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"padlock/i18n"
	"padlock/probes"
)

// jsonType names the JSON type of a decoded value.
func jsonType(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case string:
		return "string"
	case float64:
		return "number"
	case bool:
		return "bool"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return fmt.Sprintf("%T", v)
}

// field kinds of the schema: a JSON type, optionally "?" when the field
// may be absent.
type schema map[string]string

var (
	reportSchema = schema{
		"tool": "object", "target": "object", "started_at": "string", "duration_ms": "number",
		"resolvers": "array", "summary": "object", "probes": "array", "lang": "string",
		"connect_to": "array?", "command": "string?",
	}
	toolSchema   = schema{"name": "string", "version": "string"}
	targetSchema = schema{
		"input": "string", "host": "string", "port": "number", "path": "string?",
		"wildcard": "bool?", "ca": "string?", "addresses": "array?", "dns_records": "array?",
		"file_url": "string?", "file_content": "string?",
	}
	summarySchema = schema{"status": "string", "complete": "bool", "missing": "array?", "pass": "number", "warn": "number", "fail": "number", "skip": "number", "error": "number"}
	probeSchema   = schema{
		"id": "string", "title": "string", "status": "string", "duration_ms": "number",
		"findings": "array", "details": "object?", "error": "string?",
	}
	findingSchema     = schema{"id": "string", "severity": "string", "title": "string", "evidence": "object", "remediation": "object"}
	remediationSchema = schema{"summary": "string", "steps": "array", "faq": "string"}
)

// check validates obj against s: every required field present with its
// type, optional ones typed when present, nothing unknown.
func (s schema) check(t *testing.T, where string, obj any) map[string]any {
	t.Helper()
	m, ok := obj.(map[string]any)
	if !ok {
		t.Fatalf("%s: %s, want object", where, jsonType(obj))
	}
	for name, kind := range s {
		want, optional := strings.CutSuffix(kind, "?")
		v, present := m[name]
		switch {
		case !present && !optional:
			t.Errorf("%s.%s: missing", where, name)
		case present && jsonType(v) != want:
			t.Errorf("%s.%s: %s, want %s", where, name, jsonType(v), want)
		}
	}
	for name := range m {
		if _, known := s[name]; !known {
			t.Errorf("%s.%s: not in the documented schema", where, name)
		}
	}
	return m
}

var statusNames = []string{"pass", "warn", "fail", "skip", "error"}

func TestJSONSchema(t *testing.T) {
	r := fixtureReport()
	r.Target.Intent.DNSRecords = append(r.Target.Intent.DNSRecords, probes.DNSExpectation{Name: "_acme.shop.example.com", Type: "TXT", Value: "abc"})
	out := render(t, r, fixtureOptions(JSON, i18n.EN))
	if bytes.Count(out, []byte("\n")) != 1 || !bytes.HasSuffix(out, []byte("\n")) {
		t.Errorf("want exactly one line of JSON")
	}
	var doc any
	if err := json.Unmarshal(out, &doc); err != nil {
		t.Fatal(err)
	}
	top := reportSchema.check(t, "report", doc)
	toolSchema.check(t, "tool", top["tool"])
	target := targetSchema.check(t, "target", top["target"])
	if recs, _ := target["dns_records"].([]any); len(recs) != 1 {
		t.Errorf("target.dns_records = %v", target["dns_records"])
	} else {
		schema{"name": "string", "type": "string", "value": "string"}.check(t, "dns_records[0]", recs[0])
	}
	sum := summarySchema.check(t, "summary", top["summary"])
	if !slices.Contains(statusNames, sum["status"].(string)) {
		t.Errorf("summary.status = %v", sum["status"])
	}
	if _, err := time.Parse(time.RFC3339, top["started_at"].(string)); err != nil {
		t.Errorf("started_at: %v", err)
	}
	for _, s := range top["resolvers"].([]any) {
		if jsonType(s) != "string" {
			t.Errorf("resolvers: %v", s)
		}
	}
	probesList := top["probes"].([]any)
	if len(probesList) != len(r.Results) {
		t.Fatalf("%d probes, want %d", len(probesList), len(r.Results))
	}
	findings := 0
	for i, p := range probesList {
		where := fmt.Sprintf("probes[%d]", i)
		pm := probeSchema.check(t, where, p)
		if !slices.Contains(statusNames, pm["status"].(string)) {
			t.Errorf("%s.status = %v", where, pm["status"])
		}
		for j, f := range pm["findings"].([]any) {
			findings++
			where := fmt.Sprintf("%s.findings[%d]", where, j)
			fm := findingSchema.check(t, where, f)
			if !slices.Contains([]string{"info", "warn", "fail", "error"}, fm["severity"].(string)) {
				t.Errorf("%s.severity = %v", where, fm["severity"])
			}
			rem := remediationSchema.check(t, where+".remediation", fm["remediation"])
			for _, s := range rem["steps"].([]any) {
				if jsonType(s) != "string" {
					t.Errorf("%s.remediation.steps: %v", where, s)
				}
			}
		}
	}
	if findings != 4 {
		t.Errorf("%d findings, want 4", findings)
	}
}

// TestJSONRoundTrip decodes the written JSON into the Go types and checks
// that encoding it again gives the same document.
func TestJSONRoundTrip(t *testing.T) {
	for _, lang := range i18n.Langs() {
		out := render(t, fixtureReport(), fixtureOptions(JSON, lang))
		var rep JSONReport
		dec := json.NewDecoder(bytes.NewReader(out))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&rep); err != nil {
			t.Fatalf("%s: decode: %v", lang, err)
		}
		again, err := json.Marshal(rep)
		if err != nil {
			t.Fatal(err)
		}
		var a, b any
		json.Unmarshal(out, &a)
		json.Unmarshal(again, &b)
		if !reflect.DeepEqual(a, b) {
			t.Errorf("%s: round trip changed the report:\n%s\n%s", lang, out, again)
		}
		want := ToJSONWith(fixtureReport(), fixtureOptions(JSON, lang))
		if !reflect.DeepEqual(rep.Summary, want.Summary) || rep.Target.Input != want.Target.Input || rep.StartedAt != "2026-11-29T15:04:05Z" || rep.Lang != lang {
			t.Errorf("%s: decoded %+v", lang, rep)
		}
		cert := rep.Probes[2]
		if cert.ID != "certificate" || cert.Status.String() != "fail" || cert.DurationMS != 215 ||
			len(cert.Findings) != 1 || len(cert.Findings[0].Remediation.Steps) != 5 ||
			cert.Findings[0].Remediation.FAQ != "如何补全 SSL 证书链？" {
			t.Errorf("%s: certificate probe decoded as %+v", lang, cert)
		}
	}
}

// TestFormatsHoldTheSameFindings: the text, Markdown and JSON reports of
// one run name the same findings.
func TestFormatsHoldTheSameFindings(t *testing.T) {
	r := fixtureReport()
	var ids []string
	for _, res := range r.Results {
		for _, f := range res.Findings {
			ids = append(ids, f.ID)
		}
	}
	for _, lang := range i18n.Langs() {
		for _, format := range []Format{Text, Markdown, JSON} {
			out := string(render(t, r, fixtureOptions(format, lang)))
			for _, id := range ids {
				if !strings.Contains(out, id) {
					t.Errorf("%s/%s lacks finding %s", format, lang, id)
				}
			}
			title := ExplainWith(fixtureOptions(format, lang), r.Results[2].Findings[0]).Title
			if !strings.Contains(strings.Join(strings.Fields(out), " "), title) {
				t.Errorf("%s/%s lacks the title %q", format, lang, title)
			}
		}
	}
}

// Typed-text evidence is written in the report's language; a failure keeps
// its raw error in JSON.
func TestJSONEvidenceLanguage(t *testing.T) {
	r := fixtureReport()
	r.Results = []probes.Result{{ProbeID: "file-validation", Status: probes.Fail, Findings: []probes.Finding{{
		ID: "file-validation.redirect", Severity: probes.Fail,
		Evidence: probes.Evidence{"reason": i18n.T("follows no redirect", "不跟随任何跳转"), "error": probes.FailureOf(io.ErrUnexpectedEOF)},
	}}}}
	for lang, want := range map[i18n.Lang]string{i18n.EN: "follows no redirect", i18n.ZH: "不跟随任何跳转"} {
		var rep struct {
			Probes []struct {
				Findings []struct {
					Evidence map[string]any `json:"evidence"`
				} `json:"findings"`
			} `json:"probes"`
		}
		if err := json.Unmarshal(render(t, r, fixtureOptions(JSON, lang)), &rep); err != nil {
			t.Fatal(err)
		}
		ev := rep.Probes[0].Findings[0].Evidence
		if ev["reason"] != want || ev["error"] != io.ErrUnexpectedEOF.Error() {
			t.Errorf("%s: evidence %v", lang, ev)
		}
	}
}
