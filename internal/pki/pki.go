// Package pki makes throwaway certificate authorities and certificates for
// the lab and the tests: keys live in memory only, nothing is written to
// disk or committed.
package pki

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"fmt"
	"math/big"
	"net"
	"time"
)

// Authority is a certificate authority made at start-up.
type Authority struct {
	Cert *x509.Certificate
	Key  crypto.Signer
}

// NewKey returns a fresh ECDSA P-256 key (fast to make; callers that need
// another key type make their own and use LeafWithKey).
func NewKey() crypto.Signer {
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		panic(fmt.Sprintf("pki: generate key: %v", err)) // crypto/rand never fails on Linux
	}
	return k
}

// NewRoot makes a self-signed root CA valid from a day before now for ten
// years.
func NewRoot(name string, now time.Time) (*Authority, error) {
	key := NewKey()
	tmpl := caTemplate(name, now, 10*365*24*time.Hour)
	cert, err := selfSign(tmpl, key)
	if err != nil {
		return nil, fmt.Errorf("create root %q: %w", name, err)
	}
	return &Authority{Cert: cert, Key: key}, nil
}

// NewIntermediate makes a CA certificate signed by a, valid from a day
// before now for five years, that may issue only leaves (path length
// zero). tweak, if not nil, may change the template (e.g. to set AIA URLs)
// before signing.
func (a *Authority) NewIntermediate(name string, now time.Time, tweak func(*x509.Certificate)) (*Authority, error) {
	key := NewKey()
	tmpl := caTemplate(name, now, 5*365*24*time.Hour)
	tmpl.MaxPathLenZero = true
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
	return a.LeafWithKey(NewKey(), tmpl, extra...)
}

// LeafWithKey is Leaf for a given key (e.g. a weak RSA key).
func (a *Authority) LeafWithKey(key crypto.Signer, tmpl *x509.Certificate, extra ...*x509.Certificate) (tls.Certificate, error) {
	leaf, err := a.Sign(tmpl, key.Public())
	if err != nil {
		return tls.Certificate{}, fmt.Errorf("issue leaf for %v: %w", tmpl.DNSNames, err)
	}
	return Chain(key, leaf, extra...), nil
}

// SelfSigned signs tmpl with a fresh key of its own and returns it as a
// tls.Certificate that sends only itself.
func SelfSigned(tmpl *x509.Certificate) (tls.Certificate, error) {
	key := NewKey()
	cert, err := selfSign(tmpl, key)
	if err != nil {
		return tls.Certificate{}, fmt.Errorf("self-sign %v: %w", tmpl.DNSNames, err)
	}
	return Chain(key, cert), nil
}

// LongChain issues a leaf from tmpl at the end of a chain of n
// certificates: a, then n-2 new intermediates each issued by the one
// before, then the leaf. The chain sent is the leaf followed by the
// intermediates, nearest first, ending with a.
func (a *Authority) LongChain(tmpl *x509.Certificate, n int, now time.Time) (tls.Certificate, error) {
	cas := []*Authority{a}
	for len(cas) < n-1 {
		next, err := cas[len(cas)-1].NewIntermediate(fmt.Sprintf("padlock lab chain link %d", len(cas)), now, func(c *x509.Certificate) {
			c.MaxPathLenZero = false
		})
		if err != nil {
			return tls.Certificate{}, err
		}
		cas = append(cas, next)
	}
	var extra []*x509.Certificate
	for i := len(cas) - 1; i >= 0; i-- {
		extra = append(extra, cas[i].Cert)
	}
	return cas[len(cas)-1].Leaf(tmpl, extra...)
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

// Pool returns a certificate pool holding a's certificate only.
func (a *Authority) Pool() *x509.CertPool {
	p := x509.NewCertPool()
	p.AddCert(a.Cert)
	return p
}

func caTemplate(name string, now time.Time, lifetime time.Duration) *x509.Certificate {
	return &x509.Certificate{
		SerialNumber:          serial(),
		Subject:               pkix.Name{CommonName: name, Organization: []string{"padlock lab"}},
		NotBefore:             now.Add(-24 * time.Hour),
		NotAfter:              now.Add(lifetime),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
}

func selfSign(tmpl *x509.Certificate, key crypto.Signer) (*x509.Certificate, error) {
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, key.Public(), key)
	if err != nil {
		return nil, err
	}
	return x509.ParseCertificate(der)
}

func serial() *big.Int {
	n, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 120))
	if err != nil {
		panic(fmt.Sprintf("pki: serial: %v", err))
	}
	return n
}
