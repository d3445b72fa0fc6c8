// The Runner: runs probes concurrently under their own deadlines, streams
// progress events, and turns panics and stuck probes into error results.

package probes

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"sync"
	"time"

	"padlock/i18n"
)

// ErrProbeTimeout is the cause of a probe's context when its own deadline
// (Limits.ProbeTimeout) passed, as opposed to the whole run being cancelled.
var ErrProbeTimeout = errors.New("probe deadline exceeded")

// ErrCancelled is the cause the UI and the command line give when the user
// quits or presses Ctrl-C.
var ErrCancelled = errors.New("cancelled by the user")

// stopGrace is how long the runner waits for a probe that ignores its
// deadline before reporting it as stuck and moving on.
const stopGrace = 2 * time.Second

// EventKind says what happened to a probe.
type EventKind int

// Event kinds.
const (
	Started EventKind = iota
	Finished
)

// Event is one progress message from the runner.
type Event struct {
	Kind    EventKind
	ProbeID string
	// Index is the probe's position in the run (the fixed probe order).
	Index int
	// Result is set when Kind is Finished.
	Result *Result
}

// SkipDetails are the Details of a probe that did not apply.
type SkipDetails struct {
	Reason i18n.Text `json:"reason"`
}

// Skipped is the Result of a probe that does not apply to the target or
// intent; reason says why.
func Skipped(reason i18n.Text) Result {
	return Result{Status: Skip, Details: SkipDetails{Reason: reason}}
}

// Done is the Result of a probe that ran: its status is the worst of the
// findings' severities (Pass when there are none).
func Done(findings []Finding, details any) Result {
	return Result{Status: Worst(findings), Findings: findings, Details: details}
}

// Errored is the Result of a probe that could not run for a reason that is
// not the site's fault (no resolver answered, the user cancelled). Its
// plain reason is the error's cause (CauseOf).
func Errored(err error, findings ...Finding) Result {
	var reason i18n.Text
	if c := CauseOf(err); c != CauseOther {
		reason = c.Text()
	}
	return ErroredWith(reason, err, findings...)
}

// ErroredWith is Errored with the plain reason given.
func ErroredWith(reason i18n.Text, err error, findings ...Finding) Result {
	return Result{Status: Error, Err: err.Error(), Reason: reason, Findings: findings}
}

// Run runs probes concurrently against t, each under its own deadline
// (env.Limits.ProbeTimeout) below ctx, and returns their results in the
// order given. A probe's failure or panic never stops the others. When
// events is not nil, Started and Finished events are sent on it as they
// happen; Run does not close it. Cancelling ctx stops every probe promptly.
func Run(ctx context.Context, t Target, env *Env, probes []Probe, events chan<- Event) []Result {
	results := make([]Result, len(probes))
	var wg sync.WaitGroup
	for i, p := range probes {
		id := p.Describe().ID
		wg.Go(func() {
			send(ctx, events, Event{Kind: Started, ProbeID: id, Index: i})
			r := runOne(ctx, t, env, p)
			results[i] = r
			send(ctx, events, Event{Kind: Finished, ProbeID: id, Index: i, Result: &r})
		})
	}
	wg.Wait()
	return results
}

func send(ctx context.Context, events chan<- Event, ev Event) {
	if events == nil {
		return
	}
	select {
	case events <- ev:
	case <-ctx.Done():
		select { // still deliver if someone is listening
		case events <- ev:
		default:
		}
	}
}

// runOne runs one probe with its deadline, turning a panic or a probe that
// ignores its deadline into an Error result.
func runOne(parent context.Context, t Target, env *Env, p Probe) Result {
	id := p.Describe().ID
	timeout := env.limits().ProbeTimeout
	ctx, cancel := context.WithTimeoutCause(parent, timeout, ErrProbeTimeout)
	defer cancel()

	start := time.Now()
	done := make(chan Result, 1)
	go func() {
		defer func() {
			if v := recover(); v != nil {
				done <- Result{
					Status:  Error,
					Reason:  i18n.T("padlock itself failed in this check (a bug); the other checks still ran", "padlock 自身在这项检查中出错（程序缺陷），其他检查不受影响"),
					Err:     fmt.Sprintf("probe %s panicked: %v", id, v),
					Details: map[string]string{"panic": fmt.Sprint(v), "stack": string(debug.Stack())},
				}
			}
		}()
		done <- p.Run(ctx, t, env)
	}()

	var r Result
	select {
	case r = <-done:
	case <-ctx.Done():
		select {
		case r = <-done:
		case <-time.After(stopGrace):
			r = Result{Status: Error, Err: fmt.Sprintf("probe %s did not stop at its deadline", id),
				Reason: i18n.T("the check did not stop at its deadline", "这项检查在时限到达后仍未结束")}
		}
	}
	r.ProbeID = id
	r.Duration = time.Since(start)
	if r.Status != Error && r.Status != Skip {
		r.Status = max(r.Status, Worst(r.Findings))
	}
	if cause := context.Cause(ctx); cause != nil && r.Status == Error && r.Err == "" {
		r.Err, r.Reason = cause.Error(), CauseOf(cause).Text()
	}
	if errors.Is(context.Cause(parent), ErrCancelled) && r.Status == Error {
		r.Status, r.Err, r.Reason = Cancelled, ErrCancelled.Error(), CauseCancelled.Text()
	}
	return r
}

// Overall is the verdict of a run: fail when any probe failed; otherwise
// incomplete when a probe did not finish (not run, still running,
// cancelled); otherwise error when a probe could not run; otherwise the
// worst of pass and warn. Skipped probes do not count; an empty run passes.
// A run that is not complete is never pass.
func Overall(results []Result) Status {
	worst, couldNotRun, unfinished := Pass, false, false
	for _, r := range results {
		switch {
		case !r.Status.Finished():
			unfinished = true
		case r.Status == Error:
			couldNotRun = true
		default:
			worst = max(worst, r.Status)
		}
	}
	switch {
	case worst >= Fail:
		return Fail
	case unfinished:
		return Incomplete
	case couldNotRun:
		return Error
	}
	return worst
}

// Unfinished returns the ids of the results that gave no verdict, in order.
func Unfinished(results []Result) []string {
	var ids []string
	for _, r := range results {
		if !r.Status.Finished() {
			ids = append(ids, r.ProbeID)
		}
	}
	return ids
}
