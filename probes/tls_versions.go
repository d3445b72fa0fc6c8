package probes

import "context"

// TLSVersions is the tls-versions probe. Not implemented yet.
type TLSVersions struct{}

// ID returns "tls-versions".
func (TLSVersions) ID() string { return IDTLSVersions }

// Run is a placeholder until the probe lands.
func (TLSVersions) Run(ctx context.Context, t Target, env *Env) Result {
	return Skipped("not implemented yet")
}
