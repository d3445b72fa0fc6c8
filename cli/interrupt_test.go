package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"padlock/lab"
	"padlock/probes"
)

// TestInterruptEndsRunAtOnce starts a check against a name whose DNS
// answers take 30 s, cancels it (as Ctrl-C does) once the lab has seen the
// query, and wants padlock back within half a second.
func TestInterruptEndsRunAtOnce(t *testing.T) {
	queried := make(chan struct{}, 1)
	l, err := lab.Start(lab.Options{OnDNSQuery: func(name string) {
		if strings.HasPrefix(name, "hostile-dns-late.") {
			select {
			case queried <- struct{}{}:
			default:
			}
		}
	}})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	root := filepath.Join(t.TempDir(), "root.pem")
	if err := os.WriteFile(root, l.RootPEM(), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancelCause(context.Background())
	defer cancel(nil)
	args := append([]string{"check", "--timeout", "1m", "--limit", "dns-timeout=1m"}, l.Flags(root)...)
	args = append(args, "hostile-dns-late."+lab.Zone)
	done := make(chan int, 1)
	var out, errb bytes.Buffer
	go func() {
		done <- Main(ctx, args, IO{Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" }})
	}()
	select {
	case <-queried:
	case code := <-done:
		t.Fatalf("check ended (exit %d) before querying the slow name; stderr: %s", code, errb.String())
	}
	cancel(probes.ErrCancelled)
	start := time.Now()
	select {
	case code := <-done:
		if code != ExitInterrupted {
			t.Errorf("exit %d, want %d", code, ExitInterrupted)
		}
		if d := time.Since(start); d > 500*time.Millisecond {
			t.Errorf("took %v after the interrupt, want under 500ms", d)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("check still running 5 s after the interrupt")
	}
}
