package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"padlock/lab"
)

// hostileTimeout is the per-probe deadline in the hostile tests.
const hostileTimeout = 3 * time.Second

// maxRSS is the bound on padlock's peak resident memory (issue: 100 MB).
const maxRSS = 100 << 20

// TestHostileServersGetAVerdict runs padlock, as its own process, against
// every hostile lab host in both text and JSON: each run must end within
// its deadline plus a little, exit 0 or 1, print no control byte other
// than newline and tab, and stay under maxRSS.
func TestHostileServersGetAVerdict(t *testing.T) {
	if testing.Short() {
		t.Skip("runs padlock as a subprocess against every hostile host")
	}
	l, root := startLab(t)
	for _, h := range l.Hosts() {
		if !lab.IsHostile(h) {
			continue
		}
		for _, format := range []string{"json", "text"} {
			t.Run(h.Name+"/"+format, func(t *testing.T) {
				t.Parallel()
				args := append([]string{"check", "--format", format, "--timeout", hostileTimeout.String()}, l.Flags(root)...)
				args = append(args, h.Name)
				res := runSubprocess(t, args)
				if res.code != ExitOK && res.code != ExitFail {
					t.Errorf("exit code %d, want 0 or 1; stderr:\n%s", res.code, res.stderr)
				}
				if limit := hostileTimeout + 4*time.Second; res.elapsed > limit {
					t.Errorf("took %v, want under %v", res.elapsed, limit)
				}
				if len(res.stdout) == 0 || res.maxRSS == 0 {
					t.Fatalf("no report (%d bytes) or no RSS measured (%d); stderr:\n%s", len(res.stdout), res.maxRSS, res.stderr)
				}
				t.Logf("exit %d in %v, peak RSS %.1f MiB", res.code, res.elapsed.Round(time.Millisecond), float64(res.maxRSS)/(1<<20))
				if res.maxRSS > maxRSS {
					t.Errorf("peak RSS %d MiB, want under %d MiB", res.maxRSS>>20, maxRSS>>20)
				}
				for name, out := range map[string][]byte{"stdout": res.stdout, "stderr": res.stderr} {
					if bad, ok := firstControl(out); ok {
						t.Errorf("%s holds control character %U: %q", name, bad, excerpt(out, bad))
					}
				}
				if format == "json" && !json.Valid(bytes.TrimSpace(res.stdout)) {
					t.Errorf("stdout is not valid JSON:\n%s", res.stdout)
				}
			})
		}
	}
}

// statsLine is what padlock prints with PADLOCK_STATS set.
var statsLine = regexp.MustCompile(`padlock-stats: peak_rss_kib=(\d+)`)

type subprocessResult struct {
	code           int
	stdout, stderr []byte
	elapsed        time.Duration
	maxRSS         int64
}

var (
	binOnce sync.Once
	binPath string
	binErr  error
)

// padlockBinary builds padlock once, without the race detector even when
// the tests run with it (its shadow memory would swamp the RSS figure).
func padlockBinary(t *testing.T) string {
	t.Helper()
	binOnce.Do(func() {
		dir, err := os.MkdirTemp("", "padlock-bin-")
		if err != nil {
			binErr = err
			return
		}
		binPath = filepath.Join(dir, "padlock")
		cmd := exec.Command("go", "build", "-o", binPath, "padlock")
		cmd.Dir = ".."
		if out, err := cmd.CombinedOutput(); err != nil {
			binErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if binErr != nil {
		t.Fatalf("build padlock: %v", binErr)
	}
	return binPath
}

// runSubprocess runs the padlock binary with args.
func runSubprocess(t *testing.T, args []string) subprocessResult {
	t.Helper()
	bin := padlockBinary(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Env = append(os.Environ(), "NO_COLOR=1", "PADLOCK_STATS=1")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	err := cmd.Run()
	res := subprocessResult{stdout: stdout.Bytes(), stderr: stderr.Bytes(), elapsed: time.Since(start)}
	var exitErr *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &exitErr):
		res.code = exitErr.ExitCode()
	default:
		t.Fatalf("run padlock: %v", err)
	}
	if m := statsLine.FindSubmatch(res.stderr); m != nil {
		kib, _ := strconv.ParseInt(string(m[1]), 10, 64)
		res.maxRSS = kib << 10
	}
	return res
}

// firstControl finds a byte or rune that could steer a terminal: C0
// controls other than \n and \t, DEL, C1 controls, bidi overrides.
func firstControl(b []byte) (rune, bool) {
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		switch {
		case r == '\n' || r == '\t':
		case r < 0x20 || r == 0x7f:
			return r, true
		case r >= 0x80 && r <= 0x9f:
			return r, true
		case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
			return r, true
		}
		b = b[size:]
	}
	return 0, false
}

func excerpt(b []byte, r rune) string {
	i := bytes.IndexRune(b, r)
	lo, hi := max(0, i-60), min(len(b), i+60)
	return string(b[lo:hi])
}
