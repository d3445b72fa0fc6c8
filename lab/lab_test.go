package lab_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"padlock/cli"
	"padlock/lab"
	"padlock/probes"
)

// startLab starts a lab for one test and writes its root for --ca-file.
func startLab(t *testing.T) (*lab.Lab, string) {
	t.Helper()
	l, err := lab.Start(lab.Options{})
	if err != nil {
		t.Fatalf("start lab: %v", err)
	}
	t.Cleanup(l.Close)
	root := filepath.Join(t.TempDir(), "root.pem")
	if err := os.WriteFile(root, l.RootPEM(), 0o644); err != nil {
		t.Fatal(err)
	}
	return l, root
}

// jsonProbe is the part of a JSON report's probe this test reads.
type jsonProbe struct {
	ID       string `json:"id"`
	Status   string `json:"status"`
	Findings []struct {
		ID string `json:"id"`
	} `json:"findings"`
}

// checkOne runs "padlock check --only probeID" on a lab host.
func checkOne(t *testing.T, l *lab.Lab, root string, h lab.Host, probeID string) jsonProbe {
	t.Helper()
	args := append([]string{"check", "--format", "json", "--only", probeID}, l.Flags(root)...)
	args = append(append(args, h.Args...), h.Name)
	var out, errb bytes.Buffer
	cli.Main(context.Background(), args, cli.IO{Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" }})
	var rep struct {
		Probes []jsonProbe `json:"probes"`
	}
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil || len(rep.Probes) != 1 {
		t.Fatalf("%s: no report (%v): %s", h.Name, err, errb.String())
	}
	return rep.Probes[0]
}

// Every probe's descriptor names lab hosts; each is served and the probe,
// run alone against it, says what the descriptor claims.
func TestDescriptorScenarios(t *testing.T) {
	l, root := startLab(t)
	for _, d := range probes.Builtin().Descriptors() {
		if len(d.Scenarios) == 0 {
			t.Errorf("%s names no lab scenario", d.ID)
		}
		for _, sc := range d.Scenarios {
			t.Run(d.ID+"/"+sc.Host, func(t *testing.T) {
				t.Parallel()
				h, ok := l.Host(sc.Host)
				if !ok {
					t.Fatalf("the lab serves no host %q", sc.Host)
				}
				got := checkOne(t, l, root, h, d.ID)
				if got.Status != sc.Status.String() {
					t.Errorf("status %s, want %s", got.Status, sc.Status)
				}
				var ids []string
				for _, f := range got.Findings {
					ids = append(ids, f.ID)
				}
				if sc.Finding != "" && !slices.Contains(ids, sc.Finding) {
					t.Errorf("findings %v lack %s", ids, sc.Finding)
				}
			})
		}
	}
}

// The lab's hosts are well formed: unique names in the lab zone, a summary,
// expectations only of known probes, and every probe expected somewhere.
func TestHostsAreWellFormed(t *testing.T) {
	l, _ := startLab(t)
	known := probes.Builtin().IDs()
	seen := map[string]bool{}
	covered := map[string]bool{}
	for _, h := range l.Hosts() {
		if seen[h.Name] {
			t.Errorf("host %s added twice", h.Name)
		}
		seen[h.Name] = true
		if !strings.HasSuffix(h.Name, "."+lab.Zone) {
			t.Errorf("host %s is outside the lab zone", h.Name)
		}
		if strings.TrimSpace(h.Summary) == "" {
			t.Errorf("host %s has no summary", h.Name)
		}
		// A hostile host promises only a verdict without a hang (the cli's
		// hostile tests hold it to that); the others say what they show.
		if len(h.Expect) == 0 && !strings.HasPrefix(h.Name, "hostile-") {
			t.Errorf("host %s expects nothing", h.Name)
		}
		for id := range h.Expect {
			if !slices.Contains(known, id) {
				t.Errorf("host %s expects something of unknown probe %q", h.Name, id)
			}
			covered[id] = true
		}
	}
	for _, id := range known {
		if !covered[id] {
			t.Errorf("no lab host exercises %s", id)
		}
	}
}
