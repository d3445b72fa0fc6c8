package certs

import (
	"bytes"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"net"
	"os"
	"strings"
	"testing"
	"time"

	"padlock/internal/pki"
)

func readFixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("../../testdata/certs/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestParseEncodings(t *testing.T) {
	leafPEM := readFixture(t, "openssl-leaf.pem")
	interPEM := readFixture(t, "openssl-intermediate.pem")
	want, err := Parse(append(append([]byte{}, leafPEM...), interPEM...), 0)
	if err != nil || len(want) != 2 {
		t.Fatalf("PEM bundle: %v, %d certs", err, len(want))
	}
	ours, err := MarshalPKCS7(want...)
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string][]byte{
		"openssl DER p7b": readFixture(t, "openssl-chain.p7b"),
		"openssl PEM p7b": readFixture(t, "openssl-chain.p7b.pem"),
		"our p7b":         ours,
	} {
		got, err := Parse(data, 0)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if len(got) != 2 || !Same(got[0], want[0]) || !Same(got[1], want[1]) {
			t.Errorf("%s: got %d certs, not the fixture's", name, len(got))
		}
	}
	if got, err := Parse(want[1].Raw, 0); err != nil || len(got) != 1 || !Same(got[0], want[1]) {
		t.Errorf("DER: %v", err)
	}
	if _, err := Parse(ours, 1); !errors.Is(err, ErrTooMany) {
		t.Errorf("limit 1 on 2 certs: %v", err)
	}
	for _, bad := range [][]byte{nil, []byte("garbage"), []byte("-----BEGIN NOTHING-----\n-----END NOTHING-----\n"), ours[:len(ours)/2]} {
		if _, err := Parse(bad, 0); err == nil {
			t.Errorf("Parse(%q) accepted", bad)
		}
	}
}

func TestSHA1FixtureStillRelates(t *testing.T) {
	leaf, err := Parse(readFixture(t, "sha1-leaf.pem"), 0)
	if err != nil {
		t.Fatal(err)
	}
	inter, _ := Parse(readFixture(t, "openssl-intermediate.pem"), 0)
	if leaf[0].SignatureAlgorithm != x509.SHA1WithRSA {
		t.Fatalf("fixture signed with %v", leaf[0].SignatureAlgorithm)
	}
	if !IssuedBy(leaf[0], inter[0]) {
		t.Error("a SHA-1 signature should still link the chain for reporting")
	}
	if l := Arrange([]*x509.Certificate{leaf[0], inter[0]}); len(l.Path) != 2 || !l.InOrder {
		t.Errorf("layout %+v", l)
	}
}

func TestCovers(t *testing.T) {
	c := &x509.Certificate{
		Subject:     pkix.Name{CommonName: "ignored.example"},
		DNSNames:    []string{"example.com", "*.example.com", "*.a.example.org"},
		IPAddresses: []net.IP{net.ParseIP("192.0.2.7")},
	}
	tests := []struct {
		host string
		ok   bool
		why  string
	}{
		{"example.com", true, ""},
		{"WWW.Example.com.", true, ""},
		{"192.0.2.7", true, ""},
		{"a.b.example.com", false, "`*.example.com` does not cover `a.b.example.com`"},
		{"a.example.org", false, "a wildcard does not cover the apex"},
		{"other.example.net", false, "the certificate is for example.com, *.example.com, *.a.example.org, 192.0.2.7"},
		{"ignored.example", false, "the certificate is for"},
		{"192.0.2.8", false, "not 192.0.2.8"},
	}
	for _, tt := range tests {
		ok, why := Covers(c, tt.host)
		if ok != tt.ok || !strings.Contains(why, tt.why) {
			t.Errorf("Covers(%q) = %v, %q; want %v, %q", tt.host, ok, why, tt.ok, tt.why)
		}
	}
	cnOnly := &x509.Certificate{Subject: pkix.Name{CommonName: "cn.example"}}
	if ok, why := Covers(cnOnly, "cn.example"); ok || !strings.Contains(why, "ignore its Common Name") {
		t.Errorf("CN-only: %v %q", ok, why)
	}
	if !HasWildcard(c, "example.com") || HasWildcard(c, "example.org") {
		t.Error("HasWildcard")
	}
	for _, bad := range [][2]string{{"*.example.com", "example.com"}, {"*.*.example.com", "a.b.example.com"}, {"*.example.com", ".example.com"}} {
		if MatchName(bad[0], bad[1]) {
			t.Errorf("MatchName(%q, %q) matched", bad[0], bad[1])
		}
	}
}

func TestArrange(t *testing.T) {
	root := mkCA(t, "root", nil)
	inter := mkCA(t, "inter", root)
	stray := mkCA(t, "stray", root)
	leaf := mkCA(t, "leaf", inter)
	l := Arrange([]*x509.Certificate{leaf.Cert, root.Cert, stray.Cert, inter.Cert, inter.Cert})
	if l.InOrder || len(l.Path) != 3 || len(l.Unrelated) != 1 || !Same(l.Unrelated[0], stray.Cert) || len(l.Duplicates) != 1 {
		t.Errorf("layout: in order %v, path %d, unrelated %d, duplicates %d", l.InOrder, len(l.Path), len(l.Unrelated), len(l.Duplicates))
	}
	if l := Arrange([]*x509.Certificate{leaf.Cert, inter.Cert}); !l.InOrder || len(l.Path) != 2 {
		t.Errorf("in-order chain judged out of order")
	}
}

// mkCA makes a root CA when parent is nil, else an intermediate under it.
func mkCA(t *testing.T, name string, parent *pki.Authority) *pki.Authority {
	t.Helper()
	var a *pki.Authority
	var err error
	if parent == nil {
		a, err = pki.NewRoot(name, time.Now())
	} else {
		a, err = parent.NewIntermediate(name, time.Now(), nil)
	}
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// FuzzParse feeds arbitrary bytes to the chain parser: it must never panic
// nor return more certificates than allowed.
func FuzzParse(f *testing.F) {
	for _, name := range []string{"openssl-chain.p7b", "openssl-chain.p7b.pem", "openssl-leaf.pem", "sha1-leaf.pem"} {
		f.Add(readFixture(f, name))
	}
	f.Add([]byte("-----BEGIN PKCS7-----\nMAA=\n-----END PKCS7-----\n"))
	f.Add([]byte{0x30, 0x80})
	f.Fuzz(func(t *testing.T, data []byte) {
		got, err := Parse(data, 3)
		if err == nil && (len(got) == 0 || len(got) > 3) {
			t.Fatalf("%d certificates, no error", len(got))
		}
		if err == nil && !bytes.Contains(data, got[0].Raw[:min(len(got[0].Raw), 8)]) && !bytes.Contains(data, []byte("-----BEGIN")) {
			t.Fatalf("certificate not from the input")
		}
	})
}
