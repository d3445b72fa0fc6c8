// Recorded probes: results seen before (a saved report read again) played
// back through the same runner and UI as a live run.

package probes

import "context"

// Recorded is a probe whose Run returns a result recorded earlier. It
// touches nothing outside.
type Recorded struct{ Result Result }

// Describe names the probe by the recorded id (titles come from the
// catalogue).
func (r Recorded) Describe() Descriptor { return Descriptor{ID: r.Result.ProbeID} }

// Run returns the recorded result.
func (r Recorded) Run(context.Context, Target, *Env) Result { return r.Result }

// Replay returns a Recorded probe for each result, in order.
func Replay(results []Result) []Probe {
	out := make([]Probe, len(results))
	for i, r := range results {
		out[i] = Recorded{Result: r}
	}
	return out
}
