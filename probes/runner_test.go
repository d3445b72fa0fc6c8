package probes

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// fakeProbe runs fn as its Run.
type fakeProbe struct {
	id string
	fn func(ctx context.Context) Result
}

func (f fakeProbe) Describe() Descriptor { return Descriptor{ID: f.id} }
func (f fakeProbe) Run(ctx context.Context, _ Target, _ *Env) Result {
	return f.fn(ctx)
}

func testEnv(timeout time.Duration) *Env {
	env := NewEnv(nil, nil)
	env.Limits.ProbeTimeout = timeout
	return env
}

func TestRunConcurrentInOrderWithEvents(t *testing.T) {
	// Each probe waits until all three have started: only a concurrent
	// runner finishes.
	var started atomic.Int32
	all := make(chan struct{})
	wait := func(status Status) func(ctx context.Context) Result {
		return func(ctx context.Context) Result {
			if started.Add(1) == 3 {
				close(all)
			}
			select {
			case <-all:
			case <-ctx.Done():
				return Errored(context.Cause(ctx))
			}
			return Result{Status: status}
		}
	}
	ps := []Probe{
		fakeProbe{"a", wait(Pass)},
		fakeProbe{"b", wait(Warn)},
		fakeProbe{"c", wait(Fail)},
	}
	events := make(chan Event, 16)
	results := Run(context.Background(), Target{}, testEnv(5*time.Second), ps, events)
	close(events)
	want := []Status{Pass, Warn, Fail}
	for i, r := range results {
		if r.ProbeID != ps[i].Describe().ID || r.Status != want[i] {
			t.Errorf("result %d = %s %s, want %s %s", i, r.ProbeID, r.Status, ps[i].Describe().ID, want[i])
		}
	}
	var startedEv, finishedEv int
	for ev := range events {
		switch ev.Kind {
		case Started:
			startedEv++
		case Finished:
			finishedEv++
			if ev.Result == nil || ev.Result.ProbeID != ev.ProbeID {
				t.Errorf("finished event without its result: %+v", ev)
			}
		}
	}
	if startedEv != 3 || finishedEv != 3 {
		t.Errorf("events: %d started, %d finished; want 3 and 3", startedEv, finishedEv)
	}
}

func TestRunPanicBecomesError(t *testing.T) {
	ps := []Probe{
		fakeProbe{"boom", func(context.Context) Result { panic("kaboom") }},
		fakeProbe{"fine", func(context.Context) Result { return Done(nil, nil) }},
	}
	results := Run(context.Background(), Target{}, testEnv(time.Second), ps, nil)
	if r := results[0]; r.Status != Error || !strings.Contains(r.Err, "kaboom") {
		t.Errorf("panicking probe: %+v", r)
	}
	if d, ok := results[0].Details.(map[string]string); !ok || !strings.Contains(d["stack"], "runner_test.go") {
		t.Errorf("panic details lack the stack: %#v", results[0].Details)
	}
	if results[1].Status != Pass {
		t.Errorf("other probe: %+v", results[1])
	}
}

func TestRunTimeoutVersusCancel(t *testing.T) {
	blocker := fakeProbe{"slow", func(ctx context.Context) Result {
		<-ctx.Done()
		return Errored(context.Cause(ctx))
	}}
	// The probe's own deadline.
	r := Run(context.Background(), Target{}, testEnv(20*time.Millisecond), []Probe{blocker}, nil)[0]
	if r.Status != Error || !strings.Contains(r.Err, ErrProbeTimeout.Error()) {
		t.Errorf("timed-out probe: %+v", r)
	}
	// The user quitting.
	ctx, cancel := context.WithCancelCause(context.Background())
	cancel(ErrCancelled)
	r = Run(ctx, Target{}, testEnv(time.Hour), []Probe{blocker}, nil)[0]
	if r.Status != Cancelled || r.Err != ErrCancelled.Error() {
		t.Errorf("cancelled probe: %+v", r)
	}
}

func TestRunStatusNeverBelowFindings(t *testing.T) {
	p := fakeProbe{"x", func(context.Context) Result {
		return Result{Status: Pass, Findings: []Finding{{ID: "x.bad", Severity: Fail}}}
	}}
	if r := Run(context.Background(), Target{}, testEnv(time.Second), []Probe{p}, nil)[0]; r.Status != Fail {
		t.Errorf("status = %s, want fail", r.Status)
	}
}

func TestStatusJSON(t *testing.T) {
	for s := Skip; s <= Error; s++ {
		b, _ := s.MarshalText()
		var back Status
		if err := back.UnmarshalText(b); err != nil || back != s {
			t.Errorf("round trip of %s: %v %v", s, back, err)
		}
	}
	if err := new(Status).UnmarshalText([]byte("bogus")); !errors.Is(err, err) || err == nil {
		t.Error("bogus status accepted")
	}
}

func TestOverall(t *testing.T) {
	rs := func(ss ...Status) []Result {
		var out []Result
		for _, s := range ss {
			out = append(out, Result{Status: s})
		}
		return out
	}
	for _, tt := range []struct {
		in   []Result
		want Status
	}{
		{nil, Pass},
		{rs(Skip, Pass), Pass},
		{rs(Pass, Warn), Warn},
		{rs(Warn, Error), Error},
		{rs(Fail, Error), Fail},
		{rs(Skip, Skip), Pass},
		// A run that did not finish is never pass, and says so.
		{rs(Pass, NotRun), Incomplete},
		{rs(Pass, Running, Pass), Incomplete},
		{rs(Warn, Cancelled), Incomplete},
		{rs(Error, NotRun), Incomplete},
		{rs(Fail, NotRun), Fail},
	} {
		if got := Overall(tt.in); got != tt.want {
			t.Errorf("Overall(%v) = %s, want %s", tt.in, got, tt.want)
		}
	}
}
