package probes

import (
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

// WithSeverity returns f with its severity replaced.
func (f Finding) WithSeverity(s Severity) Finding {
	f.Severity = s
	return f
}
