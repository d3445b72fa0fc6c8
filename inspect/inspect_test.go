package inspect

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"padlock/internal/certs"
	"padlock/internal/pki"
)

func TestReadDetectsByContent(t *testing.T) {
	root, err := pki.NewRoot("inspect test root", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	p7, err := certs.MarshalPKCS7(root.Cert)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, tc := range []struct {
		name string // a misleading extension on purpose
		data []byte
		want Format
	}{
		{"root.der", certs.PEM(root.Cert), PEM},
		{"root.pem", root.Cert.Raw, DER},
		{"root.crt", p7, PKCS7},
	} {
		path := filepath.Join(dir, tc.name)
		if err := os.WriteFile(path, tc.data, 0o600); err != nil {
			t.Fatal(err)
		}
		f, err := Read(path, DefaultLimits())
		if err != nil || f.Format != tc.want || len(f.Certificates) != 1 || !certs.Same(f.Certificates[0], root.Cert) {
			t.Errorf("%s: format %q, %d certificates, %v; want %q", tc.name, f.Format, len(f.Certificates), err, tc.want)
		}
	}
}

func TestReadBadInput(t *testing.T) {
	dir := t.TempDir()
	garbage := filepath.Join(dir, "garbage.pem")
	os.WriteFile(garbage, []byte("\x00\x01 not a certificate"), 0o600)
	if _, err := Read(garbage, DefaultLimits()); err == nil || !strings.Contains(err.Error(), "not a certificate file") {
		t.Errorf("garbage: %v", err)
	}
	huge := filepath.Join(dir, "huge.pem")
	os.WriteFile(huge, make([]byte, 2048), 0o600)
	if _, err := Read(huge, Limits{MaxBytes: 1024, MaxCerts: 4}); !errors.Is(err, ErrTooLarge) {
		t.Errorf("huge: %v", err)
	}
	if _, err := Read(filepath.Join(dir, "missing.pem"), DefaultLimits()); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing: %v", err)
	}
}

func FuzzDecode(f *testing.F) {
	f.Add([]byte("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"))
	f.Add([]byte{0x30, 0x82, 0x01, 0x00})
	f.Fuzz(func(t *testing.T, data []byte) {
		Decode(data, Limits{MaxBytes: 1 << 20, MaxCerts: 8}) //nolint:errcheck // must not panic
	})
}
