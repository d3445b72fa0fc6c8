package probes

// findingIDs lists the ids of a result's findings, in order.
func findingIDs(r Result) []string {
	var ids []string
	for _, f := range r.Findings {
		ids = append(ids, f.ID)
	}
	return ids
}
