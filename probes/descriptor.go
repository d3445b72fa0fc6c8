// The probe Descriptor: what each probe declares about itself, and the
// findings it makes from its own catalogue entries.

package probes

import (
	"padlock/i18n"
	"padlock/rules"
)

// Descriptor is everything padlock says about a probe besides how it runs:
// its public id, its title and "what this checks" in every language, the
// catalogue entries of the findings it may emit, and the lab hosts that
// show them. Each probe declares one, next to its code; the registry, the
// rules catalogue, the UI's guide and the tests all read it, so adding a
// probe never means editing a list somewhere else.
type Descriptor struct {
	// ID is public and stable (JSON, --only, --skip), e.g. "tls-versions".
	ID string
	// Title names the probe in one short line.
	Title i18n.Text
	// What says what the probe checks; Why says who breaks when it fails.
	What, Why i18n.Text
	// Findings are the catalogue entries of every finding id the probe may
	// emit; each id starts with ID and a dot.
	Findings []rules.Entry
	// Evidence labels the evidence keys of those findings for people; a
	// key without a label is shown as itself.
	Evidence map[string]i18n.Text
	// Scenarios are lab hosts that show the probe at work: running the
	// probe against the host gives Status and, when set, Finding.
	Scenarios []Scenario
}

// Scenario is a lab host that demonstrates a probe (package lab serves it;
// the lab's tests run the probe against it).
type Scenario struct {
	// Host is the lab host's label, e.g. "cert-incomplete".
	Host string
	// Status is what the probe must say about the host.
	Status Status
	// Finding is a finding id the probe must report there, or "".
	Finding string
}

// Text returns the descriptor's texts in the catalogue's form.
func (d Descriptor) Text() rules.ProbeText {
	return rules.ProbeText{ID: d.ID, Title: d.Title, What: d.What, Why: d.Why, Evidence: d.Evidence}
}

// Entry returns the catalogue entry of one of the probe's finding ids.
func (d Descriptor) Entry(id string) (rules.Entry, bool) {
	for _, e := range d.Findings {
		if e.ID == id {
			return e, true
		}
	}
	return rules.Entry{}, false
}

// Finding returns a finding of this probe with the catalogue's default
// severity for id (Fail when the probe does not declare id; the registry
// test finds such ids in the sources).
func (d Descriptor) Finding(id string, ev Evidence) Finding {
	sev := Fail
	if e, ok := d.Entry(id); ok {
		sev = SeverityOf(e)
	}
	return Finding{ID: id, Severity: sev, Evidence: ev}
}

// SeverityOf is an entry's default severity as a Severity.
func SeverityOf(e rules.Entry) Severity {
	switch e.Severity {
	case "info":
		return Info
	case "warn":
		return Warn
	case "error":
		return Error
	}
	return Fail
}
