// Bounded concurrency shared by the probes: run n tasks with at most a
// given number at once, and let the ones whose turn comes after the
// deadline record that they were skipped.

package probes

import (
	"context"
	"sync"
)

// forEach runs do(i) for every i in [0, n), at most workers at once (1
// when less). A task still waiting for its turn when ctx is done does not
// run: skipped(i) is called instead, when skipped is not nil. forEach
// returns when every task has run or been skipped.
func forEach(ctx context.Context, n, workers int, do, skipped func(i int)) {
	sem := make(chan struct{}, max(1, workers))
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			select {
			case sem <- struct{}{}:
				defer func() { <-sem }()
			case <-ctx.Done():
				if skipped != nil {
					skipped(i)
				}
				return
			}
			do(i)
		})
	}
	wg.Wait()
}
