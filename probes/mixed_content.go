package probes

import "context"

// MixedContent is the mixed-content probe. Not implemented yet.
type MixedContent struct{}

// ID returns "mixed-content".
func (MixedContent) ID() string { return IDMixedContent }

// Run is a placeholder until the probe lands.
func (MixedContent) Run(ctx context.Context, t Target, env *Env) Result {
	return Skipped("not implemented yet")
}
