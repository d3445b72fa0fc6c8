package probes

import "context"

// Certificate is the certificate probe. Not implemented yet.
type Certificate struct{}

// ID returns "certificate".
func (Certificate) ID() string { return IDCertificate }

// Run is a placeholder until the probe lands.
func (Certificate) Run(ctx context.Context, t Target, env *Env) Result {
	return Skipped("not implemented yet")
}
