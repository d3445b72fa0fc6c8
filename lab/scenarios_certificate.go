package lab

// certificateScenarios add the certificate deployments.
func certificateScenarios(l *Lab) error {
	return nil
}
