package rules

// mixedContentEntries are the catalogue entries of the probe's findings.
func mixedContentEntries() []Entry {
	return nil
}
