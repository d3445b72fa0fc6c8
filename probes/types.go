// Package probes is padlock's engine: the Target being diagnosed, the Env every
// probe reaches the outside world through, the Result and Finding types, the
// concurrent Runner, and one file per probe.
//
// Probes know nothing about the UI or the report. They return findings that
// carry a stable id (looked up in package rules for the explanation and the
// fix), a severity and the evidence they saw.
package probes

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"padlock/i18n"
)

// Status is the verdict of one probe, or the worst of a whole run.
type Status int

// The statuses, ordered from best to worst so that the worst of several is
// their maximum. Skip ranks below Pass: a skipped probe never hides a verdict.
const (
	Skip  Status = iota // not applicable to this target or intent
	Pass                // nothing wrong was found
	Warn                // something works today but will break someone
	Fail                // the site is broken for some or all clients
	Error               // the probe could not run; not the site's fault

	// The states of a probe that gave no verdict. A report lists them so
	// that it never claims more than it saw.
	NotRun     // never started: not run yet, or left out
	Running    // started, and not finished when the report was made
	Cancelled  // stopped by the user before it finished
	Incomplete // the overall state of a run in which a probe did not finish
)

var statusNames = [...]string{Skip: "skip", Pass: "pass", Warn: "warn", Fail: "fail", Error: "error",
	NotRun: "not_run", Running: "running", Cancelled: "cancelled", Incomplete: "incomplete"}

// String returns the lower-case name used in JSON and on the command line.
func (s Status) String() string {
	if s < 0 || int(s) >= len(statusNames) {
		return fmt.Sprintf("status(%d)", int(s))
	}
	return statusNames[s]
}

// Finished reports whether s is a probe's verdict (skip, pass, warn, fail
// or error) rather than a state of a probe that did not finish.
func (s Status) Finished() bool { return s >= Skip && s <= Error }

// ParseStatus is the inverse of String.
func ParseStatus(name string) (Status, error) {
	for i, n := range statusNames {
		if n == name {
			return Status(i), nil
		}
	}
	return 0, fmt.Errorf("unknown status %q", name)
}

// MarshalText makes a Status render as its name in JSON.
func (s Status) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText parses a Status from its name.
func (s *Status) UnmarshalText(b []byte) error {
	v, err := ParseStatus(string(b))
	if err != nil {
		return err
	}
	*s = v
	return nil
}

// Severity grades one finding. It shares its values with Status: a finding
// of severity Fail makes its probe fail. Pass marks an informational finding
// (something worth showing that is not a problem).
type Severity = Status

// Info is the severity of a finding that is worth showing but is not a
// problem; it counts as a pass.
const Info = Pass

// Evidence is what a probe saw, keyed by short snake_case names. Values are
// strings, numbers, booleans or slices of those; they fill the placeholders of
// the finding's catalogue text (see package rules) and appear in reports.
// Strings in it may come from the network: renderers sanitise them.
type Evidence map[string]any

// Finding is one thing a probe found.
type Finding struct {
	// ID is stable and public, "probe.what", e.g. certificate.chain-incomplete.
	// Every id a probe can emit has an entry in package rules.
	ID string `json:"id"`
	// Severity of this occurrence. Usually the catalogue's default; a probe
	// may lower or raise it (e.g. mixed content mitigated by CSP).
	Severity Severity `json:"severity"`
	// Evidence is what was seen, with the values.
	Evidence Evidence `json:"evidence,omitempty"`
}

// Result is what one probe run produced.
type Result struct {
	ProbeID  string        `json:"id"`
	Status   Status        `json:"status"`
	Duration time.Duration `json:"-"`
	Findings []Finding     `json:"findings"`
	// Details is structured data for the report appendix and the UI's detail
	// pane (the chain as sent, per-resolver answers, redirect hops...). It must
	// marshal to a JSON object; renderers show it generically.
	Details any `json:"details,omitempty"`
	// Err says why the probe could not run (Status Error): the raw error,
	// in English, for the report's detail and JSON. It may quote network
	// data: renderers sanitise it.
	Err string `json:"error,omitempty"`
	// Reason says the same for people, in plain words (no Go error); empty
	// when padlock has nothing plainer than Err.
	Reason i18n.Text `json:"-"`
}

// MarshalJSON adds duration_ms, as the JSON contract in DESIGN.md wants.
func (r Result) MarshalJSON() ([]byte, error) {
	type plain Result
	return json.Marshal(struct {
		plain
		DurationMS int64 `json:"duration_ms"`
	}{plain(r), r.Duration.Milliseconds()})
}

// Worst returns the worst severity among the findings, or Pass when there
// are none.
func Worst(findings []Finding) Status {
	worst := Pass
	for _, f := range findings {
		worst = max(worst, f.Severity)
	}
	return worst
}

// Probe is one diagnostic. Run must return once ctx is done, promptly; it
// reports problems as findings and never panics on purpose (the runner turns
// a panic into an Error result anyway).
type Probe interface {
	// Describe returns the probe's descriptor: its public, stable id (see
	// DESIGN.md), titles, findings and lab scenarios.
	Describe() Descriptor
	// Run diagnoses t through env. It returns the result; the runner fills
	// in ProbeID and Duration.
	Run(ctx context.Context, t Target, env *Env) Result
}

// ChainFixer is implemented by a Result's Details when the probe assembled
// a corrected certificate chain (leaf, then intermediates, in order) that
// the user can deploy; "check --save-chain" writes it.
type ChainFixer interface {
	FixedChainPEM() []byte
}
