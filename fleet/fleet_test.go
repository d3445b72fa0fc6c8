package fleet

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"testing"

	"padlock/probes"
)

func targets(n int) []probes.Target {
	out := make([]probes.Target, n)
	for i := range out {
		out[i] = probes.Target{Host: fmt.Sprintf("h%d.test", i)}
	}
	return out
}

// Results come out in the targets' order however they finish, and no more
// than Parallel units run at once.
func TestRunOrderAndBound(t *testing.T) {
	ts := targets(50)
	var running, peak atomic.Int32
	gates := make([]chan struct{}, len(ts))
	for i := range gates {
		gates[i] = make(chan struct{})
	}
	// Finish in reverse order within each window of 4.
	go func() {
		for base := 0; base < len(ts); base += 4 {
			for i := min(base+3, len(ts)-1); i >= base; i-- {
				close(gates[i])
			}
		}
	}()
	unit := func(_ context.Context, tg probes.Target) string {
		n := running.Add(1)
		for {
			p := peak.Load()
			if n <= p || peak.CompareAndSwap(p, n) {
				break
			}
		}
		var i int
		fmt.Sscanf(tg.Host, "h%d.test", &i)
		<-gates[i]
		running.Add(-1)
		return tg.Host
	}
	var got []string
	n, err := Run(context.Background(), ts, Options{Parallel: 4}, unit, func(i int, r string) error {
		if r != ts[i].Host {
			t.Errorf("result %d is %s", i, r)
		}
		got = append(got, r)
		return nil
	})
	if err != nil || n != len(ts) || len(got) != len(ts) {
		t.Fatalf("ran %d of %d (%v)", n, len(ts), err)
	}
	for i, r := range got {
		if r != ts[i].Host {
			t.Fatalf("out of order at %d: %s", i, r)
		}
	}
	if p := peak.Load(); p > 4 {
		t.Errorf("%d units at once, limit 4", p)
	}
}

// Cancelling starts nothing new; what finished is emitted.
func TestRunCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	var ran atomic.Int32
	n, err := Run(ctx, targets(20), Options{Parallel: 1}, func(_ context.Context, tg probes.Target) int {
		if ran.Add(1) == 3 {
			cancel()
		}
		return 0
	}, func(int, int) error { return nil })
	if err != nil || n != 3 || ran.Load() != 3 {
		t.Errorf("emitted %d, ran %d, err %v; want 3 and 3", n, ran.Load(), err)
	}
}

// An emit error (a closed stdout, a full disk) stops the run.
func TestRunEmitError(t *testing.T) {
	broken := errors.New("disk full")
	n, err := Run(context.Background(), targets(10), Options{Parallel: 3}, func(context.Context, probes.Target) int { return 1 },
		func(i int, _ int) error {
			if i == 2 {
				return broken
			}
			return nil
		})
	if !errors.Is(err, broken) || n != 2 {
		t.Errorf("n %d err %v", n, err)
	}
}
