package probes

import "context"

// DNSValidation is the dns-validation probe. Not implemented yet.
type DNSValidation struct{}

// ID returns "dns-validation".
func (DNSValidation) ID() string { return IDDNSValidation }

// Run is a placeholder until the probe lands.
func (DNSValidation) Run(ctx context.Context, t Target, env *Env) Result {
	return Skipped("not implemented yet")
}
