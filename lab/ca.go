package lab

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"time"
)

// Authority is a certificate authority made at start-up: nothing secret is
// ever written to disk or committed.
type Authority struct {
	Cert *x509.Certificate
	Key  crypto.Signer
}

// NewKey returns a fresh ECDSA P-256 key (fast to make; the certificate
// scenarios that need RSA make their own).
func NewKey() crypto.Signer {
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		panic(fmt.Sprintf("lab: generate key: %v", err)) // crypto/rand never fails on Linux
	}
	return k
}

// NewRoot makes a self-signed root CA valid from a day before now for ten
// years.
func NewRoot(name string, now time.Time) (*Authority, error) {
	key := NewKey()
	tmpl := &x509.Certificate{
		SerialNumber:          serial(),
		Subject:               pkix.Name{CommonName: name, Organization: []string{"padlock lab"}},
		NotBefore:             now.Add(-24 * time.Hour),
		NotAfter:              now.Add(10 * 365 * 24 * time.Hour),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, key.Public(), key)
	if err != nil {
		return nil, fmt.Errorf("create root %q: %w", name, err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, err
	}
	return &Authority{Cert: cert, Key: key}, nil
}

// NewIntermediate makes a CA certificate signed by a. tweak, if not nil,
// may change the template (e.g. to set AIA URLs) before signing.
func (a *Authority) NewIntermediate(name string, now time.Time, tweak func(*x509.Certificate)) (*Authority, error) {
	key := NewKey()
	tmpl := &x509.Certificate{
		SerialNumber:          serial(),
		Subject:               pkix.Name{CommonName: name, Organization: []string{"padlock lab"}},
		NotBefore:             now.Add(-24 * time.Hour),
		NotAfter:              now.Add(5 * 365 * 24 * time.Hour),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
		BasicConstraintsValid: true,
		IsCA:                  true,
		MaxPathLenZero:        true,
	}
	if tweak != nil {
		tweak(tmpl)
	}
	cert, err := a.Sign(tmpl, key.Public())
	if err != nil {
		return nil, fmt.Errorf("create intermediate %q: %w", name, err)
	}
	return &Authority{Cert: cert, Key: key}, nil
}

// LeafTemplate is a server certificate template for names (DNS names or IP
// literals), valid from a day before now for 90 days.
func LeafTemplate(now time.Time, names ...string) *x509.Certificate {
	tmpl := &x509.Certificate{
		SerialNumber: serial(),
		Subject:      pkix.Name{CommonName: names[0]},
		NotBefore:    now.Add(-24 * time.Hour),
		NotAfter:     now.Add(90 * 24 * time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	for _, n := range names {
		if ip := net.ParseIP(n); ip != nil {
			tmpl.IPAddresses = append(tmpl.IPAddresses, ip)
		} else {
			tmpl.DNSNames = append(tmpl.DNSNames, n)
		}
	}
	return tmpl
}

// Sign issues tmpl for pub, signed by a.
func (a *Authority) Sign(tmpl *x509.Certificate, pub crypto.PublicKey) (*x509.Certificate, error) {
	der, err := x509.CreateCertificate(rand.Reader, tmpl, a.Cert, pub, a.Key)
	if err != nil {
		return nil, err
	}
	return x509.ParseCertificate(der)
}

// Leaf issues a server certificate from tmpl with a fresh key and returns
// it as a tls.Certificate whose chain is the leaf followed by extra.
func (a *Authority) Leaf(tmpl *x509.Certificate, extra ...*x509.Certificate) (tls.Certificate, error) {
	key := NewKey()
	leaf, err := a.Sign(tmpl, key.Public())
	if err != nil {
		return tls.Certificate{}, fmt.Errorf("issue leaf for %v: %w", tmpl.DNSNames, err)
	}
	return Chain(key, leaf, extra...), nil
}

// Chain assembles a tls.Certificate that sends leaf then extra, in that
// order, exactly as given.
func Chain(key crypto.Signer, leaf *x509.Certificate, extra ...*x509.Certificate) tls.Certificate {
	c := tls.Certificate{PrivateKey: key, Leaf: leaf, Certificate: [][]byte{leaf.Raw}}
	for _, x := range extra {
		c.Certificate = append(c.Certificate, x.Raw)
	}
	return c
}

// PEM encodes certificates as PEM.
func PEM(certs ...*x509.Certificate) []byte {
	var out []byte
	for _, c := range certs {
		out = append(out, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: c.Raw})...)
	}
	return out
}

func serial() *big.Int {
	n, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 120))
	if err != nil {
		panic(fmt.Sprintf("lab: serial: %v", err))
	}
	return n
}
