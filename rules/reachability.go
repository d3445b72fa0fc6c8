package rules

// reachabilityEntries are the catalogue entries of the probe's findings.
func reachabilityEntries() []Entry {
	return nil
}
