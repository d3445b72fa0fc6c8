package ui

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"padlock/i18n"
	"padlock/probes"
)

// fakeProbe is a probe the test controls: it enters Run, says so on
// entered, and returns result when released, or an error when its context
// is cancelled (closing cancelled, so tests see it observed ctx.Done).
type fakeProbe struct {
	id        string
	result    probes.Result
	entered   chan struct{}
	release   chan struct{}
	cancelled chan struct{}
	once      sync.Once
	released  sync.Once
	runs      atomic.Int32
}

func newFake(id string, r probes.Result) *fakeProbe {
	return &fakeProbe{id: id, result: r, entered: make(chan struct{}, 16),
		release: make(chan struct{}), cancelled: make(chan struct{})}
}

func (f *fakeProbe) Describe() probes.Descriptor { return probes.Descriptor{ID: f.id} }

func (f *fakeProbe) Run(ctx context.Context, t probes.Target, env *probes.Env) probes.Result {
	f.runs.Add(1)
	f.entered <- struct{}{}
	select {
	case <-f.release:
		return f.result
	case <-ctx.Done():
		f.once.Do(func() { close(f.cancelled) })
		return probes.Errored(context.Cause(ctx))
	}
}

// finish lets the probe return its result.
func (f *fakeProbe) finish() { f.released.Do(func() { close(f.release) }) }

// fakeClock is a clock the test moves by hand.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func newClock() *fakeClock {
	return &fakeClock{now: time.Date(2026, 3, 14, 9, 26, 53, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

// fixture is a set of fake probes with varied verdicts and a UI config.
type fixture struct {
	probes []*fakeProbe
	clock  *fakeClock
	cfg    Config
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	chain := fakeFinding("certificate.fixture-chain-incomplete", probes.Evidence{
		"sent":    2,
		"missing": "CN=Example Intermediate CA \x1b[31m(evil)\x1b[0m",
	}).WithSeverity(probes.Fail)
	expiring := fakeFinding("certificate.fixture-expires-soon", probes.Evidence{"days_left": 12}).WithSeverity(probes.Warn)
	panicked := probes.Finding{ID: "engine.probe-panicked", Severity: probes.Error, Evidence: probes.Evidence{"probe": "caa"}}
	fakes := []*fakeProbe{
		newFake(probes.IDReachability, probes.Done(nil, map[string]any{"addresses": []string{"192.0.2.10"}})),
		newFake(probes.IDTLSVersions, probes.Done([]probes.Finding{
			fakeFinding("tls-versions.fixture-legacy", probes.Evidence{"versions": []string{"TLS 1.0", "TLS 1.1"}}).WithSeverity(probes.Warn),
		}, nil)),
		newFake(probes.IDCertificate, probes.Done([]probes.Finding{chain, expiring}, map[string]any{
			"chain": []map[string]string{{"subject": "CN=example.com", "issuer": "CN=Example Intermediate CA"}},
		})),
		newFake(probes.IDCAA, probes.Result{Status: probes.Error, Findings: []probes.Finding{panicked}, Err: "probe caa panicked: boom"}),
		newFake(probes.IDDNSValidation, probes.Skipped(i18n.Same("no --dns-record given"))),
	}
	ps := make([]probes.Probe, len(fakes))
	for i, f := range fakes {
		ps[i] = f
	}
	clock := newClock()
	target, err := probes.ParseTarget("example.com")
	if err != nil {
		t.Fatal(err)
	}
	return &fixture{
		probes: fakes,
		clock:  clock,
		cfg: Config{
			Env:       probes.NewEnv(nil, nil),
			Probes:    ps,
			Target:    &target,
			Lang:      "en",
			Clock:     clock.Now,
			Static:    true,
			ExportDir: t.TempDir(),
			Location:  time.UTC,
		},
	}
}

// waitEntered waits until every fake probe has entered Run (so the UI has
// received every Started event).
func (fx *fixture) waitEntered(t *testing.T) {
	t.Helper()
	for _, f := range fx.probes {
		select {
		case <-f.entered:
		case <-time.After(5 * time.Second):
			t.Fatalf("probe %s never started", f.id)
		}
	}
}

// fakeFinding is a finding the catalogue need not know (its severity is
// set with WithSeverity).
func fakeFinding(id string, ev probes.Evidence) probes.Finding {
	return probes.Finding{ID: id, Evidence: ev}
}
