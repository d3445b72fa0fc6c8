// Package fleet runs the single-host diagnosis over many targets: a bounded
// number at once, each result handed on in the targets' order as soon as it
// and every target before it are done, so that memory does not grow with
// the length of the list. The unit of work is the caller's (padlock check
// passes the one runner it uses for a single host); fleet knows nothing of
// probes or reports beyond the Target.
package fleet

import (
	"context"

	"padlock/probes"
)

// Options bound a fleet run.
type Options struct {
	// Parallel is how many targets run at once; 1 when 0 or less.
	Parallel int
}

// Unit diagnoses one target; it must return promptly once ctx is done.
type Unit[R any] func(ctx context.Context, t probes.Target) R

// Emit receives the result of targets[i]; an error stops the run.
type Emit[R any] func(i int, r R) error

// Run runs unit over targets, at most opts.Parallel at once, and calls
// emit for each result in the targets' order. It starts no new target once
// ctx is done or emit failed, waits for the ones in flight, and returns how
// many results were emitted and emit's error, if any.
func Run[R any](ctx context.Context, targets []probes.Target, opts Options, unit Unit[R], emit Emit[R]) (int, error) {
	window := max(1, opts.Parallel)
	type done struct {
		i int
		r R
	}
	finished := make(chan done)
	pending := make(map[int]R, window)
	next, started, running := 0, 0, 0
	var emitErr error
	for next < len(targets) {
		for emitErr == nil && ctx.Err() == nil && started < len(targets) && started < next+window {
			i := started
			go func() { finished <- done{i, unit(ctx, targets[i])} }()
			started++
			running++
		}
		if running == 0 {
			break // cancelled or failed, nothing left in flight
		}
		d := <-finished
		running--
		pending[d.i] = d.r
		for emitErr == nil {
			r, ok := pending[next]
			if !ok {
				break
			}
			delete(pending, next)
			if emitErr = emit(next, r); emitErr == nil {
				next++
			}
		}
	}
	return next, emitErr
}
