package report

import (
	"encoding/json"
	"fmt"
	"io"
	"time"

	"padlock/i18n"
	"padlock/probes"
	"padlock/rules"
)

// JSONReport is the JSON contract of DESIGN.md: one object per target.
// Strings carry the original text: JSON escaping, extended to DEL, C1
// controls and bidi overrides, makes them safe to print. Invalid UTF-8 is
// replaced by U+FFFD and private keys are removed, as everywhere.
type JSONReport struct {
	Tool       Tool        `json:"tool"`
	Target     JSONTarget  `json:"target"`
	StartedAt  string      `json:"started_at"`
	DurationMS int64       `json:"duration_ms"`
	Resolvers  []string    `json:"resolvers"`
	Summary    Counts      `json:"summary"`
	Probes     []JSONProbe `json:"probes"`
	ConnectTo  []string    `json:"connect_to,omitempty"`
	Lang       i18n.Lang   `json:"lang"`
	Command    string      `json:"command,omitempty"`
}

// JSONTarget is the target as typed and as parsed.
type JSONTarget struct {
	Input    string `json:"input"`
	Host     string `json:"host"`
	Port     int    `json:"port"`
	Path     string `json:"path,omitempty"`
	Wildcard bool   `json:"wildcard,omitempty"`
	CA       string `json:"ca,omitempty"`
	// Addresses the host resolved to, when known.
	Addresses []string `json:"addresses,omitempty"`
	// DNSRecords, FileURL and FileContent are the validation the user asked
	// padlock to check (--dns-record, --dns-cname, --file-url, --file-content).
	DNSRecords  []probes.DNSExpectation `json:"dns_records,omitempty"`
	FileURL     string                  `json:"file_url,omitempty"`
	FileContent string                  `json:"file_content,omitempty"`
}

// JSONProbe is one probe's result.
type JSONProbe struct {
	ID         string        `json:"id"`
	Title      string        `json:"title"`
	Status     probes.Status `json:"status"`
	DurationMS int64         `json:"duration_ms"`
	Error      string        `json:"error,omitempty"`
	Details    any           `json:"details,omitempty"`
	Findings   []JSONFinding `json:"findings"`
}

// JSONFinding is one finding with its remediation.
type JSONFinding struct {
	ID string `json:"id"`
	// Severity is "info", "warn", "fail" or "error" (the catalogue's words;
	// an info finding is not a problem).
	Severity    string          `json:"severity"`
	Title       string          `json:"title"`
	Evidence    probes.Evidence `json:"evidence"`
	Remediation JSONRemediation `json:"remediation"`
}

// JSONRemediation is the fix for a finding.
type JSONRemediation struct {
	Summary string   `json:"summary"`
	Steps   []string `json:"steps"`
	FAQ     string   `json:"faq"`
}

// ToJSON converts r to the JSON contract in lang.
func ToJSON(r *Report, lang i18n.Lang) JSONReport {
	return toJSON(r, Options{Lang: lang})
}

// ToJSONWith is ToJSON with the language and catalogue of opts.
func ToJSONWith(r *Report, opts Options) JSONReport {
	return toJSON(r, opts)
}

func toJSON(r *Report, opts Options) JSONReport {
	opts = opts.withCatalogue()
	lang := opts.Lang
	if lang == "" {
		lang = i18n.EN
	}
	out := JSONReport{
		Tool: r.Tool,
		Target: JSONTarget{
			Input: r.Target.Input, Host: r.Target.Host, Port: r.Target.Port, Path: r.Target.Path,
			Wildcard: r.Target.Intent.Wildcard, CA: r.Target.Intent.CA,
			Addresses:  r.addresses(),
			DNSRecords: r.Target.Intent.DNSRecords, FileURL: r.Target.Intent.FileURL,
			FileContent: r.Target.Intent.FileContent,
		},
		StartedAt:  r.StartedAt.UTC().Format(time.RFC3339),
		DurationMS: r.Duration.Milliseconds(),
		Resolvers:  []string{},
		Summary:    Summarize(r.Results),
		Probes:     []JSONProbe{},
		Lang:       lang,
		Command:    r.CommandLine,
	}
	for _, res := range r.Resolvers {
		out.Resolvers = append(out.Resolvers, res.Addr)
	}
	for _, c := range r.ConnectTo {
		out.ConnectTo = append(out.ConnectTo, c.String())
	}
	for _, res := range r.Results {
		p := JSONProbe{
			ID:         res.ProbeID,
			Title:      opts.Catalogue.ProbeTitle(res.ProbeID).In(lang),
			Status:     res.Status,
			DurationMS: res.Duration.Milliseconds(),
			Error:      res.Err,
			Details:    encodableDetails(res.Details),
			Findings:   []JSONFinding{},
		}
		for _, f := range res.Findings {
			t := explain(opts, f)
			ev := jsonEvidence(f.Evidence, lang)
			steps := t.Steps
			if steps == nil {
				steps = []string{}
			}
			p.Findings = append(p.Findings, JSONFinding{
				ID: f.ID, Severity: severityName(f.Severity), Title: t.Title, Evidence: ev,
				Remediation: JSONRemediation{Summary: t.Why, Steps: steps, FAQ: t.FAQ},
			})
		}
		out.Probes = append(out.Probes, p)
	}
	return out
}

// WriteJSON writes r as one line of JSON with texts in lang.
func WriteJSON(w io.Writer, r *Report, lang i18n.Lang) error {
	return writeJSON(w, r, Options{Lang: lang})
}

func writeJSON(w io.Writer, r *Report, opts Options) error {
	b, err := json.Marshal(toJSON(r, opts))
	if err != nil {
		return fmt.Errorf("encode report: %w", err)
	}
	b = append(safeJSON(b, opts.Lang), '\n')
	_, err = w.Write(b)
	return err
}

// encodableDetails returns details, or a note when they cannot be encoded
// (a probe bug must not cost the whole report).
func encodableDetails(details any) any {
	if details == nil {
		return nil
	}
	if _, err := json.Marshal(details); err != nil {
		return map[string]string{"unencodable": err.Error()}
	}
	return details
}

// severityName is a finding's severity as the catalogue names it.
func severityName(s probes.Severity) string {
	if s == probes.Info {
		return "info"
	}
	return s.String()
}

// jsonEvidence is a finding's evidence for JSON: typed text in the report's
// language; a failure keeps its raw error (the contract); the rest as is.
func jsonEvidence(ev probes.Evidence, lang i18n.Lang) probes.Evidence {
	out := make(probes.Evidence, len(ev))
	for k, v := range ev {
		switch v := v.(type) {
		case rules.Detailer:
			out[k] = v.Detail()
		case i18n.Localizer:
			out[k] = v.In(lang)
		case []i18n.Text:
			texts := make([]string, len(v))
			for i, t := range v {
				texts[i] = t.In(lang)
			}
			out[k] = texts
		default:
			out[k] = v
		}
	}
	return out
}
