package ui

import (
	"context"
	"slices"

	tea "charm.land/bubbletea/v2"

	"padlock/probes"
)

// probeStartedMsg says a probe of run began.
type probeStartedMsg struct {
	run int
	id  string
}

// probeFinishedMsg carries a probe's result.
type probeFinishedMsg struct {
	run    int
	id     string
	result probes.Result
}

// runDoneMsg says every probe of run has finished.
type runDoneMsg struct{ run int }

// startRun cancels any run in progress and runs ps against the target in
// the background, streaming its events back as messages.
func (m *Model) startRun(ps []probes.Probe) tea.Cmd {
	m.cancelRun()
	ids := make([]string, len(ps))
	for i, p := range ps {
		ids[i] = p.Describe().ID
	}
	m.list.reset(ids)
	m.list.moved = false
	ctx, cancel := context.WithCancelCause(m.cfg.Context)
	m.run.id++
	m.run.active = true
	m.run.cancel = cancel
	now := m.cfg.Clock()
	if len(ps) == len(m.cfg.Probes) || m.run.started.IsZero() {
		m.run.started = now
		m.run.env = nil
	}
	if m.run.env == nil && m.env != nil {
		m.run.env = m.env.ForRun()
	}
	events := make(chan probes.Event)
	m.run.events = events
	target, env := m.target, m.run.env
	ps = slices.Clone(ps)
	go func() {
		probes.Run(ctx, target, env, ps, events)
		close(events)
	}()
	return waitForEvent(m.run.id, events)
}

// waitForEvent waits for the runner's next event; the handler re-arms it
// after each one, so the UI never polls.
func waitForEvent(run int, events <-chan probes.Event) tea.Cmd {
	return func() tea.Msg {
		ev, ok := <-events
		switch {
		case !ok:
			return runDoneMsg{run: run}
		case ev.Kind == probes.Started:
			return probeStartedMsg{run: run, id: ev.ProbeID}
		}
		return probeFinishedMsg{run: run, id: ev.ProbeID, result: *ev.Result}
	}
}

// cancelRun stops the run in progress, if any, at once.
func (m *Model) cancelRun() {
	if m.run.cancel != nil {
		m.run.cancel(probes.ErrCancelled)
		m.run.cancel = nil
	}
	m.run.active = false
	m.list.cancelRunning(m.cfg.Clock())
}

// probeByID finds a configured probe.
func (m *Model) probeByID(id string) (probes.Probe, bool) {
	for _, p := range m.cfg.Probes {
		if p.Describe().ID == id {
			return p, true
		}
	}
	return nil, false
}
