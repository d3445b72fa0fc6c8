package rules

// fileValidationEntries are the catalogue entries of the probe's findings.
func fileValidationEntries() []Entry {
	return nil
}
