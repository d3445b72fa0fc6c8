package lab

// httpScenarios add the http deployments.
func httpScenarios(l *Lab) error {
	return nil
}
