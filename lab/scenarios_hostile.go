package lab

// hostileScenarios add the hostile deployments.
func hostileScenarios(l *Lab) error {
	return nil
}
