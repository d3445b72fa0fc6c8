package probes

import "context"

// CAA is the caa probe. Not implemented yet.
type CAA struct{}

// ID returns "caa".
func (CAA) ID() string { return IDCAA }

// Run is a placeholder until the probe lands.
func (CAA) Run(ctx context.Context, t Target, env *Env) Result {
	return Skipped("not implemented yet")
}
