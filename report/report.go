// Package report renders the results of a run for people and programs:
// a ticket-ready text report (the default of check, and what the UI
// exports), the same content in Markdown, and JSON (the contract in
// DESIGN.md), in English or Simplified Chinese.
//
// The text and Markdown reports share one layout: a header (the target as
// typed and as checked, the time in UTC and local time, padlock's version,
// the resolvers and --connect-to rules, the command that reproduces the
// run), a summary table, each problem by severity (fail, then warn, then
// error) with its evidence, why it matters, numbered fix steps and the FAQ
// section, informational findings in brief, then an appendix with every
// probe's Details and the timings.
//
// Explanations come from the catalogue (package rules, or
// Options.Catalogue). Every string that came from the network is
// sanitised (package internal/sanitize) before it reaches text or
// Markdown, and escaped so that it cannot add Markdown markup; JSON
// carries the original text with control and bidi characters escaped.
// Private keys are never rendered.
package report

import (
	"fmt"
	"io"
	"strings"
	"time"

	"padlock/i18n"
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
	// Addresses are the addresses the target's name resolved to, shown in
	// the header. When empty, the first result whose Details implements
	// AddrReporter supplies them.
	Addresses []string
}

// AddrReporter is implemented by a probe's Details that know the addresses
// the target resolved to (the reachability probe); the report header shows
// them as "resolved to".
type AddrReporter interface {
	ResolvedAddrs() []string
}

// addresses returns the addresses the target resolved to, if known.
func (r *Report) addresses() []string {
	if len(r.Addresses) > 0 {
		return r.Addresses
	}
	for _, res := range r.Results {
		if a, ok := res.Details.(AddrReporter); ok {
			if addrs := a.ResolvedAddrs(); len(addrs) > 0 {
				return addrs
			}
		}
	}
	return nil
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
	Lang   i18n.Lang
	// Color allows ANSI colour (text format on a terminal only).
	Color bool
	// Width wraps text; 80 when 0.
	Width int
	// Location is the reader's time zone for the header; UTC when nil.
	Location *time.Location
	// Catalogue explains probe and finding ids: the registry's that ran
	// (probes.Registry.Catalogue); the built-in probes' when nil. Tests pass
	// a fixture catalogue so that rendered output stays stable.
	Catalogue *rules.Catalogue
}

// withCatalogue returns o with its catalogue set.
func (o Options) withCatalogue() Options {
	if o.Catalogue == nil {
		o.Catalogue = probes.Builtin().Catalogue()
	}
	return o
}

func (o Options) lookup(id string) (rules.Entry, bool) {
	return o.withCatalogue().Catalogue.Lookup(id)
}

func (o Options) width() int {
	if o.Width <= 0 {
		return 80
	}
	return o.Width
}

func (o Options) location() *time.Location {
	if o.Location == nil {
		return time.UTC
	}
	return o.Location
}

// Write renders r to w in the format of opts.
func Write(w io.Writer, r *Report, opts Options) error {
	switch opts.Format {
	case JSON:
		return writeJSON(w, r, opts)
	case Markdown:
		return WriteMarkdown(w, r, opts)
	default:
		return WriteText(w, r, opts)
	}
}

// Counts tallies statuses.
type Counts struct {
	// Status is the run's overall state (probes.Overall): never pass
	// while a probe did not finish.
	Status probes.Status `json:"status"`
	// Complete is set when every probe gave a verdict; Missing lists the
	// ones that did not (not run, still running, cancelled).
	Complete bool     `json:"complete"`
	Missing  []string `json:"missing,omitempty"`
	Pass     int      `json:"pass"`
	Warn     int      `json:"warn"`
	Fail     int      `json:"fail"`
	Skip     int      `json:"skip"`
	Error    int      `json:"error"`
}

// Summarize counts the statuses of results; Status is the overall state.
func Summarize(results []probes.Result) Counts {
	missing := probes.Unfinished(results)
	c := Counts{Status: probes.Overall(results), Complete: len(missing) == 0, Missing: missing}
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

// Explain looks up f in catalogue c and fills it in for lang.
func Explain(c *rules.Catalogue, f probes.Finding, lang i18n.Lang) FindingText {
	return explain(Options{Lang: lang, Catalogue: c}, f)
}

// ExplainWith is Explain with the catalogue of opts.
func ExplainWith(opts Options, f probes.Finding) FindingText {
	return explain(opts, f)
}

func explain(opts Options, f probes.Finding) FindingText {
	e, ok := opts.lookup(f.ID)
	if !ok {
		return FindingText{Title: f.ID}
	}
	lang := opts.Lang
	t := FindingText{
		Title: rules.FillIn(e.Title.In(lang), f.Evidence, lang),
		Why:   rules.FillIn(e.Why.In(lang), f.Evidence, lang),
		FAQ:   e.FAQ,
	}
	for _, s := range e.Steps {
		t.Steps = append(t.Steps, rules.FillIn(s.In(lang), f.Evidence, lang))
	}
	return t
}

// OneLine is a probe's verdict in one line: its worst finding's title, the
// error, the skip reason, or "no problems found". Not sanitised.
// Findings are explained from catalogue c.
func OneLine(c *rules.Catalogue, r probes.Result, lang i18n.Lang) string {
	return oneLine(Options{Lang: lang, Catalogue: c}, r)
}

func oneLine(opts Options, r probes.Result) string {
	switch r.Status {
	case probes.Error:
		if !r.Reason.IsZero() {
			return r.Reason.In(opts.Lang)
		}
		if r.Err != "" {
			return r.Err
		}
	case probes.Skip, probes.NotRun:
		if reason := skipReason(r, opts.Lang); reason != "" {
			return reason
		}
	}
	if t, ok := unfinishedLine[r.Status]; ok {
		return t.In(opts.Lang)
	}
	var worst *probes.Finding
	for i := range r.Findings {
		if worst == nil || r.Findings[i].Severity > worst.Severity {
			worst = &r.Findings[i]
		}
	}
	if worst != nil && worst.Severity > probes.Pass {
		return explain(opts, *worst).Title
	}
	if r.Status == probes.Pass {
		return l(opts.Lang, "no-problems-line")
	}
	if worst != nil {
		return explain(opts, *worst).Title
	}
	return ""
}

// unfinishedLine is the verdict line of a probe that gave no verdict.
var unfinishedLine = map[probes.Status]i18n.Text{
	probes.NotRun:    i18n.T("not run: no result from this check", "未运行：这项检查没有结果"),
	probes.Running:   i18n.T("still running when this report was made: no result yet", "生成报告时仍在运行，尚无结果"),
	probes.Cancelled: i18n.T("cancelled before it finished: no result", "在完成前被取消，没有结果"),
}

// skipReason is the reason a skipped probe gave (probes.Skipped), in
// lang; a report read back from JSON has it as a plain string.
func skipReason(r probes.Result, lang i18n.Lang) string {
	switch d := r.Details.(type) {
	case probes.SkipDetails:
		return d.Reason.In(lang)
	case map[string]string:
		return d["reason"]
	}
	return ""
}

// FixCommand is the first command of a fix's steps (as Explain gives them):
// the first code block, read as the reports read one, else the first
// `code` span that holds a command (a space in it); "" when there is none.
func FixCommand(steps []string) string {
	for _, s := range steps {
		for _, seg := range parseStep(s, nil, i18n.EN, plainEscaper) {
			if seg.code {
				return strings.TrimSpace(seg.text)
			}
		}
	}
	for _, s := range steps {
		for rest := s; ; {
			open := strings.IndexByte(rest, '`')
			if open < 0 {
				break
			}
			end := strings.IndexByte(rest[open+1:], '`')
			if end < 0 {
				break
			}
			if span := rest[open+1 : open+1+end]; strings.Contains(span, " ") {
				return span
			}
			rest = rest[open+2+end:]
		}
	}
	return ""
}
