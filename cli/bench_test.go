package cli

import (
	"context"
	"fmt"
	"testing"
	"time"

	"padlock/lab"
	"padlock/probes"
)

// benchLatency is added by the lab to every DNS answer and to the first
// read of every connection, standing for a network round trip.
const benchLatency = 50 * time.Millisecond

// BenchmarkCheck shows that a full check costs about its slowest probe,
// not the sum of all probes: "concurrent" is what padlock check does
// (probes.Run with every probe at once), "sequential" runs the same probes
// one after another. Both report the slowest probe and the sum of the
// probes' durations per check next to ns/op.
//
//	go test -run '^$' -bench BenchmarkCheck -benchtime 20x ./cli/
func BenchmarkCheck(b *testing.B) {
	l, err := lab.Start(lab.Options{Latency: benchLatency})
	if err != nil {
		b.Fatal(err)
	}
	defer l.Close()
	for _, label := range []string{"healthy", "legacy-tls"} {
		h, ok := l.Host(label)
		if !ok {
			b.Fatalf("no lab host %s", label)
		}
		t, err := probes.ParseTarget(h.Name)
		if err != nil {
			b.Fatal(err)
		}
		env := l.Env()
		all := probes.All()
		b.Run(label+"/concurrent", func(b *testing.B) {
			benchRun(b, func() []probes.Result {
				return probes.Run(context.Background(), t, env, all, nil)
			})
		})
		b.Run(label+"/sequential", func(b *testing.B) {
			benchRun(b, func() []probes.Result {
				var rs []probes.Result
				for _, p := range all {
					rs = append(rs, probes.Run(context.Background(), t, env, []probes.Probe{p}, nil)...)
				}
				return rs
			})
		})
	}
}

// benchRun times check b.N times and reports the slowest probe and the sum
// of the probes' durations, averaged per check.
func benchRun(b *testing.B, check func() []probes.Result) {
	var slowest, sum time.Duration
	for b.Loop() {
		rs := check()
		var worst time.Duration
		for _, r := range rs {
			if r.Status == probes.Error {
				b.Fatalf("%s: %s", r.ProbeID, r.Err)
			}
			worst = max(worst, r.Duration)
			sum += r.Duration
		}
		slowest += worst
	}
	n := float64(b.N)
	b.ReportMetric(float64(slowest.Milliseconds())/n, "slowest-probe-ms/op")
	b.ReportMetric(float64(sum.Milliseconds())/n, "sum-of-probes-ms/op")
}

// TestCheckCostsAboutItsSlowestProbe is the benchmark's claim as a test:
// with latency on every round trip, a concurrent check takes far less than
// the probes one after another would.
func TestCheckCostsAboutItsSlowestProbe(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a lab with latency")
	}
	l, err := lab.Start(lab.Options{Latency: benchLatency})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	h, _ := l.Host("healthy")
	target, err := probes.ParseTarget(h.Name)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	rs := probes.Run(context.Background(), target, l.Env(), probes.All(), nil)
	elapsed := time.Since(start)
	var slowest, sum time.Duration
	for _, r := range rs {
		slowest = max(slowest, r.Duration)
		sum += r.Duration
	}
	report := fmt.Sprintf("check %v, slowest probe %v, sum of probes %v", elapsed, slowest, sum)
	t.Log(report)
	// Run one after another, the check would take at least the sum of the
	// probes' durations; run together, it takes the slowest plus scheduling.
	// Every probe that touches the network pays at least one round trip of
	// latency, so the gap is at least benchLatency.
	if elapsed >= sum {
		t.Errorf("%s: the check costs the sum of its probes, not the slowest", report)
	}
	if slowest < benchLatency {
		t.Errorf("%s: the slowest probe took less than the lab latency %v; is the latency applied?", report, benchLatency)
	}
}
