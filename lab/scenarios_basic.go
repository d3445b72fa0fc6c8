package lab

import "padlock/probes"

// basicScenarios are the reachability and TLS-version deployments.
func basicScenarios(l *Lab) error {
	ip := l.NextIP()
	name := l.AddHost(Host{
		Name:    "healthy",
		Summary: "a correct deployment: full chain, TLS 1.2 and 1.3, http redirects to https",
		Expect:  map[string]probes.Status{probes.IDCertificate: probes.Pass},
	})
	l.AddAddress(name, ip)
	return l.HealthySite(name, ip, nil)
}
