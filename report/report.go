// Package report renders the results of a run for people and programs:
// text for a terminal or a ticket, Markdown, and JSON (the contract in
// DESIGN.md). Renderers take every explanation from package rules and
// sanitise every string that came from the network.
package report

import (
	"fmt"
	"io"
	"strings"
	"time"

	"padlock/probes"
	"padlock/rules"
)

// Tool identifies the program that wrote a report.
type Tool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// Report is one target's run, ready to render.
type Report struct {
	Tool      Tool
	Target    probes.Target
	StartedAt time.Time
	Duration  time.Duration
	// Resolvers are the DNS resolvers the run used.
	Resolvers []probes.Resolver
	// ConnectTo are the --connect-to rules in force (reported, since they
	// change what was probed).
	ConnectTo []probes.ConnectTo
	// CommandLine reproduces the run ("padlock check ...").
	CommandLine string
	// Results are in the fixed probe order.
	Results []probes.Result
}

// Format is an output format.
type Format string

// The formats.
const (
	Text     Format = "text"
	Markdown Format = "markdown"
	JSON     Format = "json"
)

// ParseFormat accepts text, markdown (or md) and json.
func ParseFormat(s string) (Format, error) {
	switch strings.ToLower(s) {
	case "text", "txt", "":
		return Text, nil
	case "markdown", "md":
		return Markdown, nil
	case "json":
		return JSON, nil
	}
	return "", fmt.Errorf("unknown format %q (use text, markdown or json)", s)
}

// Options say how to render.
type Options struct {
	Format Format
	Lang   rules.Lang
	// Color allows ANSI colour (text format on a terminal only).
	Color bool
	// Width wraps text; 80 when 0.
	Width int
	// Location is the reader's time zone for the header; UTC when nil.
	Location *time.Location
}

// Write renders r to w in the format of opts.
func Write(w io.Writer, r *Report, opts Options) error {
	switch opts.Format {
	case JSON:
		return WriteJSON(w, r, opts.Lang)
	case Markdown:
		return WriteMarkdown(w, r, opts)
	default:
		return WriteText(w, r, opts)
	}
}

// Counts tallies statuses.
type Counts struct {
	Status probes.Status `json:"status"`
	Pass   int           `json:"pass"`
	Warn   int           `json:"warn"`
	Fail   int           `json:"fail"`
	Skip   int           `json:"skip"`
	Error  int           `json:"error"`
}

// Summarize counts the statuses of results; Status is the worst.
func Summarize(results []probes.Result) Counts {
	c := Counts{Status: probes.Overall(results)}
	for _, r := range results {
		switch r.Status {
		case probes.Pass:
			c.Pass++
		case probes.Warn:
			c.Warn++
		case probes.Fail:
			c.Fail++
		case probes.Skip:
			c.Skip++
		case probes.Error:
			c.Error++
		}
	}
	return c
}

// FindingText is a finding explained in one language: the catalogue entry
// with its placeholders filled from the evidence. Strings are not yet
// sanitised.
type FindingText struct {
	Title string
	Why   string
	Steps []string
	FAQ   string
}

// Explain looks up f in the catalogue and fills it in for lang.
func Explain(f probes.Finding, lang rules.Lang) FindingText {
	e, ok := rules.Lookup(f.ID)
	if !ok {
		return FindingText{Title: f.ID}
	}
	t := FindingText{
		Title: rules.Fill(e.Title.In(lang), f.Evidence),
		Why:   rules.Fill(e.Why.In(lang), f.Evidence),
		FAQ:   e.FAQ,
	}
	for _, s := range e.Steps {
		t.Steps = append(t.Steps, rules.Fill(s.In(lang), f.Evidence))
	}
	return t
}

// OneLine is a probe's verdict in one line: its worst finding's title, the
// error, the skip reason, or "no problems found".
func OneLine(r probes.Result, lang rules.Lang) string {
	switch r.Status {
	case probes.Error:
		if r.Err != "" {
			return r.Err
		}
	case probes.Skip:
		if d, ok := r.Details.(map[string]string); ok && d["reason"] != "" {
			return d["reason"]
		}
	}
	var worst *probes.Finding
	for i := range r.Findings {
		if worst == nil || r.Findings[i].Severity > worst.Severity {
			worst = &r.Findings[i]
		}
	}
	if worst != nil && worst.Severity > probes.Pass {
		return Explain(*worst, lang).Title
	}
	if r.Status == probes.Pass {
		return label(lang, "no problems found", "未发现问题")
	}
	if worst != nil {
		return Explain(*worst, lang).Title
	}
	return ""
}

func label(lang rules.Lang, en, zh string) string {
	return rules.Text{EN: en, ZH: zh}.In(lang)
}
