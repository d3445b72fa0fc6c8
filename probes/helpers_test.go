package probes

// findingIDs lists the ids of a result's findings, in order.
func findingIDs(r Result) []string {
	var ids []string
	for _, f := range r.Findings {
		ids = append(ids, f.ID)
	}
	return ids
}

// findFinding returns the first finding of r with id.
func findFinding(r Result, id string) (Finding, bool) {
	for _, f := range r.Findings {
		if f.ID == id {
			return f, true
		}
	}
	return Finding{}, false
}

// findingSeverities lists a result's findings as "id/severity", in order.
func findingSeverities(r Result) []string {
	var out []string
	for _, f := range r.Findings {
		out = append(out, f.ID+"/"+f.Severity.String())
	}
	return out
}
