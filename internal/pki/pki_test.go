package pki

import (
	"crypto/x509"
	"testing"
	"time"
)

func TestChainVerifies(t *testing.T) {
	now := time.Now()
	root, err := NewRoot("test root", now)
	if err != nil {
		t.Fatal(err)
	}
	inter, err := root.NewIntermediate("test intermediate", now, nil)
	if err != nil {
		t.Fatal(err)
	}
	c, err := inter.Leaf(LeafTemplate(now, "site.test", "127.0.0.1"), inter.Cert)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Certificate) != 2 || len(c.Leaf.DNSNames) != 1 || len(c.Leaf.IPAddresses) != 1 {
		t.Fatalf("chain %d, DNS %v, IP %v", len(c.Certificate), c.Leaf.DNSNames, c.Leaf.IPAddresses)
	}
	pool := x509.NewCertPool()
	pool.AddCert(inter.Cert)
	for _, name := range []string{"site.test", "127.0.0.1"} {
		if _, err := c.Leaf.Verify(x509.VerifyOptions{Roots: root.Pool(), Intermediates: pool, DNSName: name, CurrentTime: now}); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func TestLongChain(t *testing.T) {
	now := time.Now()
	root, err := NewRoot("test root", now)
	if err != nil {
		t.Fatal(err)
	}
	c, err := root.LongChain(LeafTemplate(now, "long.test"), 6, now)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Certificate) != 6 {
		t.Fatalf("%d certificates, want 6", len(c.Certificate))
	}
	pool := x509.NewCertPool()
	for _, der := range c.Certificate[1:] {
		ca, err := x509.ParseCertificate(der)
		if err != nil {
			t.Fatal(err)
		}
		pool.AddCert(ca)
	}
	if _, err := c.Leaf.Verify(x509.VerifyOptions{Roots: root.Pool(), Intermediates: pool, DNSName: "long.test", CurrentTime: now}); err != nil {
		t.Error(err)
	}
}

func TestSelfSigned(t *testing.T) {
	c, err := SelfSigned(LeafTemplate(time.Now(), "self.test"))
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Leaf.CheckSignature(c.Leaf.SignatureAlgorithm, c.Leaf.RawTBSCertificate, c.Leaf.Signature); err != nil || len(c.Certificate) != 1 {
		t.Errorf("not self-signed (%v) or chain of %d", err, len(c.Certificate))
	}
}
