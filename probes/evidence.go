// Helpers on Evidence and Finding values.

package probes

import "maps"

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
