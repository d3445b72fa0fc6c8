package lab

// caAccessScenarios add the caAccess deployments.
func caAccessScenarios(l *Lab) error {
	return nil
}
