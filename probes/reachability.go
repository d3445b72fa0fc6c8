package probes

import "context"

// Reachability is the reachability probe. Not implemented yet.
type Reachability struct{}

// ID returns "reachability".
func (Reachability) ID() string { return IDReachability }

// Run is a placeholder until the probe lands.
func (Reachability) Run(ctx context.Context, t Target, env *Env) Result {
	return Skipped("not implemented yet")
}
