package cli

import (
	"crypto/x509"
	"os"
	"path/filepath"
	"testing"

	"padlock/internal/certs"
)

// TestSaveChainIncomplete runs check --save-chain against the lab host
// that sends only its leaf, and verifies the written bundle with nothing
// but the lab root.
func TestSaveChainIncomplete(t *testing.T) {
	l, root := startLab(t)
	h, ok := l.Host("cert-incomplete")
	if !ok {
		t.Fatal("no cert-incomplete lab host")
	}
	out := filepath.Join(t.TempDir(), "fullchain.pem")
	args := append(l.Flags(root), "--only", "certificate", "--save-chain", out, h.Name)
	code, _, stderr := checkJSON(t, args...)
	if code != ExitFail {
		t.Fatalf("exit %d, want %d: %s", code, ExitFail, stderr)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatalf("bundle not written: %v (%s)", err, stderr)
	}
	chain, err := certs.Parse(data, 0)
	if err != nil || len(chain) != 2 {
		t.Fatalf("bundle: %v, %d certificates", err, len(chain))
	}
	roots := x509.NewCertPool()
	roots.AddCert(l.Root.Cert)
	inter := x509.NewCertPool()
	inter.AddCert(chain[1])
	if _, err := chain[0].Verify(x509.VerifyOptions{Roots: roots, Intermediates: inter, DNSName: h.Name}); err != nil {
		t.Errorf("saved bundle does not verify: %v", err)
	}
}
