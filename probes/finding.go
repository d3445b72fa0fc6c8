package probes

import (
	"maps"

	"padlock/rules"
)

// NewFinding returns a finding with the catalogue's default severity for
// id (Fail when id is not catalogued; the catalogue test catches that).
func NewFinding(id string, ev Evidence) Finding {
	sev := Fail
	if e, ok := rules.Lookup(id); ok {
		switch e.Severity {
		case "info":
			sev = Info
		case "warn":
			sev = Warn
		case "error":
			sev = Error
		}
	}
	return Finding{ID: id, Severity: sev, Evidence: ev}
}

// With returns a new Evidence holding e's entries and more's (more wins
// where both have a key); e itself is left as it is.
func (e Evidence) With(more Evidence) Evidence {
	out := make(Evidence, len(e)+len(more))
	maps.Copy(out, e)
	maps.Copy(out, more)
	return out
}

// WithSeverity returns f with its severity replaced.
func (f Finding) WithSeverity(s Severity) Finding {
	f.Severity = s
	return f
}
