package rules

// dnsValidationEntries are the catalogue entries of the probe's findings.
func dnsValidationEntries() []Entry {
	return nil
}
