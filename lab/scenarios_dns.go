package lab

// dnsScenarios add the dns deployments.
func dnsScenarios(l *Lab) error {
	return nil
}
