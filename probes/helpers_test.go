package probes

import (
	"context"
	"net/http"
	"slices"
	"testing"
	"time"
)

// findingIDs lists the ids of a result's findings, in order.
func findingIDs(r Result) []string {
	var ids []string
	for _, f := range r.Findings {
		ids = append(ids, f.ID)
	}
	return ids
}

// sortedFindingIDs lists the ids of a result's findings, sorted.
func sortedFindingIDs(r Result) []string {
	return slices.Sorted(slices.Values(findingIDs(r)))
}

// findFinding returns the first finding of r with id.
func findFinding(r Result, id string) (Finding, bool) {
	for _, f := range r.Findings {
		if f.ID == id {
			return f, true
		}
	}
	return Finding{}, false
}

// findingSeverities lists a result's findings as "id/severity", in order.
func findingSeverities(r Result) []string {
	var out []string
	for _, f := range r.Findings {
		out = append(out, f.ID+"/"+f.Severity.String())
	}
	return out
}

// mustFinding returns the first finding of r with id, or ends the test.
func mustFinding(t *testing.T, r Result, id string) Finding {
	t.Helper()
	f, ok := findFinding(r, id)
	if !ok {
		t.Fatalf("no %s finding; got %v (details %+v)", id, findingIDs(r), r.Details)
	}
	return f
}

// endlessBody answers prefix then chunk, again and again, until the client
// goes away. contentType is sent when not empty.
func endlessBody(contentType, prefix, chunk string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if contentType != "" {
			w.Header().Set("Content-Type", contentType)
		}
		if prefix != "" {
			w.Write([]byte(prefix)) //nolint:errcheck
		}
		for r.Context().Err() == nil {
			if _, err := w.Write([]byte(chunk)); err != nil {
				return
			}
		}
	})
}

// trickleBody answers 200 and then one byte b every 5 ms, flushed, until
// the client goes away. contentType is sent when not empty.
func trickleBody(contentType string, b byte) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if contentType != "" {
			w.Header().Set("Content-Type", contentType)
		}
		w.WriteHeader(200)
		tick := time.NewTicker(5 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-r.Context().Done():
				return
			case <-tick.C:
				w.Write([]byte{b}) //nolint:errcheck
				w.(http.Flusher).Flush()
			}
		}
	})
}

// checkCancelReturnsPromptly runs p, cancels it once started is closed or
// sends (at once when started is nil), and checks that p returns an Error
// result promptly.
func checkCancelReturnsPromptly(t *testing.T, p Probe, tg Target, env *Env, started <-chan struct{}) {
	t.Helper()
	ctx, cancel := context.WithCancelCause(context.Background())
	done := make(chan Result, 1)
	go func() { done <- p.Run(ctx, tg, env) }()
	if started != nil {
		<-started
	}
	cancel(ErrCancelled)
	select {
	case r := <-done:
		if r.Status != Error {
			t.Errorf("status %s, want error", r.Status)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("probe did not return after cancel")
	}
}
