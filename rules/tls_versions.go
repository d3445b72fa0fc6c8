package rules

// tlsVersionsEntries are the catalogue entries of the probe's findings.
func tlsVersionsEntries() []Entry {
	return nil
}
