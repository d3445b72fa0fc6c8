package probes

import "context"

// CAAccess is the ca-access probe. Not implemented yet.
type CAAccess struct{}

// ID returns "ca-access".
func (CAAccess) ID() string { return IDCAAccess }

// Run is a placeholder until the probe lands.
func (CAAccess) Run(ctx context.Context, t Target, env *Env) Result {
	return Skipped("not implemented yet")
}
