package lab

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"time"

	"golang.org/x/crypto/ocsp"

	"padlock/internal/pki"
	"padlock/probes"
)

// certificateScenarios add the certificate deployments: one host per
// thing the certificate probe finds, plus the hostile ones (a 150-long
// chain, an AIA URL with an endless body, a server answering garbage).
func certificateScenarios(l *Lab) error {
	fail := map[string]probes.Status{probes.IDCertificate: probes.Fail}
	warn := map[string]probes.Status{probes.IDCertificate: probes.Warn}
	day := 24 * time.Hour

	aiaIP := l.NextIP()
	aiaHost := "aia." + Zone
	l.AddAddress(aiaHost, aiaIP)
	aiaInter, err := l.Root.NewIntermediate("padlock lab AIA-only intermediate", l.now, nil)
	if err != nil {
		return err
	}
	ocspIP := l.NextIP()
	ocspHost := "ocsp." + Zone
	l.AddAddress(ocspHost, ocspIP)
	revoked := map[string]bool{}

	mux := http.NewServeMux()
	mux.HandleFunc("/aia-intermediate.cer", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/pkix-cert")
		w.Write(aiaInter.Cert.Raw) //nolint:errcheck
	})
	mux.HandleFunc("/endless.cer", func(w http.ResponseWriter, r *http.Request) {
		chunk := make([]byte, 4096)
		for r.Context().Err() == nil {
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	})
	if err := l.ServeHTTP(aiaIP, 80, mux); err != nil {
		return err
	}
	if err := l.ServeHTTP(ocspIP, 80, l.ocspResponder(revoked)); err != nil {
		return err
	}

	type scenario struct {
		host    Host
		cert    func(name string) (tls.Certificate, error)
		serveFn func(ip netip.Addr) error // instead of cert
	}
	leaf := func(mod func(*x509.Certificate), extra ...*x509.Certificate) func(string) (tls.Certificate, error) {
		return func(name string) (tls.Certificate, error) {
			tmpl := pki.LeafTemplate(l.now, name)
			if mod != nil {
				mod(tmpl)
			}
			return l.Inter.Leaf(tmpl, append([]*x509.Certificate{l.Inter.Cert}, extra...)...)
		}
	}
	scenarios := []scenario{
		{
			host: Host{Name: "cert-incomplete", Summary: "sends only its leaf; the intermediate is available from the AIA URL (works on desktop, fails on Android and API clients)", Expect: fail},
			cert: func(name string) (tls.Certificate, error) {
				tmpl := pki.LeafTemplate(l.now, name)
				tmpl.IssuingCertificateURL = []string{"http://" + aiaHost + "/aia-intermediate.cer"}
				return aiaInter.Leaf(tmpl)
			},
		},
		{
			host: Host{Name: "cert-expired", Summary: "the certificate expired two days ago", Expect: fail},
			cert: leaf(func(c *x509.Certificate) { c.NotBefore, c.NotAfter = l.now.Add(-92*day), l.now.Add(-2*day) }),
		},
		{
			host: Host{Name: "cert-expiring", Summary: "the certificate expires in 20 days", Expect: warn},
			cert: leaf(func(c *x509.Certificate) { c.NotAfter = l.now.Add(20*day + time.Hour) }),
		},
		{
			host: Host{Name: "cert-wrong-host", Summary: "serves a certificate for other.padlock.test", Expect: fail},
			cert: func(string) (tls.Certificate, error) { return leaf(nil)("other." + Zone) },
		},
		{
			host: Host{Name: "www.cert-wildcard-depth", Summary: "a *.padlock.test wildcard on a name two levels below", Expect: fail},
			cert: func(string) (tls.Certificate, error) { return leaf(nil)("*." + Zone) },
		},
		{
			host: Host{Name: "cert-self-signed", Summary: "a self-signed certificate", Expect: fail},
			cert: func(name string) (tls.Certificate, error) { return pki.SelfSigned(pki.LeafTemplate(l.now, name)) },
		},
		{
			host: Host{Name: "cert-unknown-root", Summary: "a complete chain up to a root nobody trusts", Expect: fail},
			cert: func(name string) (tls.Certificate, error) {
				root, err := pki.NewRoot("padlock lab untrusted root", l.now)
				if err != nil {
					return tls.Certificate{}, err
				}
				inter, err := root.NewIntermediate("padlock lab untrusted intermediate", l.now, nil)
				if err != nil {
					return tls.Certificate{}, err
				}
				return inter.Leaf(pki.LeafTemplate(l.now, name), inter.Cert, root.Cert)
			},
		},
		{
			host: Host{Name: "cert-wrong-order", Summary: "sends leaf, root, an unrelated certificate, then the intermediate", Expect: warn},
			cert: func(name string) (tls.Certificate, error) {
				stray, err := l.Root.NewIntermediate("padlock lab stray intermediate", l.now, nil)
				if err != nil {
					return tls.Certificate{}, err
				}
				return l.Inter.Leaf(pki.LeafTemplate(l.now, name), l.Root.Cert, stray.Cert, l.Inter.Cert)
			},
		},
		{
			host: Host{Name: "cert-rsa1024", Summary: "a 1024-bit RSA key", Expect: fail},
			cert: func(name string) (tls.Certificate, error) {
				key, err := rsa.GenerateKey(rand.Reader, 1024)
				if err != nil {
					return tls.Certificate{}, err
				}
				return l.Inter.LeafWithKey(key, pki.LeafTemplate(l.now, name), l.Inter.Cert)
			},
		},
		{
			host: Host{Name: "cert-revoked", Summary: "the certificate is revoked; the lab OCSP responder says so", Expect: fail},
			cert: func(name string) (tls.Certificate, error) {
				tmpl := pki.LeafTemplate(l.now, name)
				tmpl.OCSPServer = []string{"http://" + ocspHost + "/"}
				l.mu.Lock()
				revoked[tmpl.SerialNumber.String()] = true
				l.mu.Unlock()
				return l.Inter.Leaf(tmpl, l.Inter.Cert)
			},
		},
		{
			host: Host{Name: "cert-long-chain", Summary: "hostile: sends a chain of 150 certificates", Expect: fail},
			cert: func(name string) (tls.Certificate, error) {
				return l.Inter.LongChain(pki.LeafTemplate(l.now, name), 150, l.now)
			},
		},
		{
			host: Host{Name: "cert-aia-endless", Summary: "hostile: leaf only, and the AIA URL streams an endless body", Expect: fail},
			cert: func(name string) (tls.Certificate, error) {
				tmpl := pki.LeafTemplate(l.now, name)
				tmpl.IssuingCertificateURL = []string{"http://" + aiaHost + "/endless.cer"}
				return l.Inter.Leaf(tmpl)
			},
		},
		{
			host:    Host{Name: "cert-garbage", Summary: "hostile: answers the TLS ClientHello with random bytes", Expect: fail},
			serveFn: l.garbage,
		},
	}
	for _, s := range scenarios {
		ip := l.NextIP()
		name := l.AddHost(s.host)
		l.AddAddress(name, ip)
		// Port 80 works as on any site, so that only the certificate is wrong.
		if err := l.ServeHTTP(ip, 80, RedirectToHTTPS()); err != nil {
			return err
		}
		if s.serveFn != nil {
			if err := s.serveFn(ip); err != nil {
				return err
			}
			continue
		}
		cert, err := s.cert(name)
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		if err := l.ServeHTTPS(ip, 443, TLSConfig(cert, tls.VersionTLS12, 0), nil); err != nil {
			return err
		}
	}
	return nil
}

// garbage answers every connection to ip:443 with random bytes.
func (l *Lab) garbage(ip netip.Addr) error {
	return l.rawServer(ip, 443, func(_ context.Context, c net.Conn) {
		c.SetDeadline(time.Now().Add(5 * time.Second)) //nolint:errcheck
		buf := make([]byte, 1024)
		c.Read(buf) //nolint:errcheck
		rand.Read(buf)
		c.Write(buf) //nolint:errcheck
	})
}

// ocspResponder answers OCSP requests for the lab intermediate's leaves:
// revoked for the serials in revoked, good otherwise.
func (l *Lab) ocspResponder(revoked map[string]bool) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(io.LimitReader(r.Body, 8<<10))
		if err != nil {
			return
		}
		req, err := ocsp.ParseRequest(body)
		if err != nil {
			http.Error(w, "malformed OCSP request", http.StatusBadRequest)
			return
		}
		l.mu.Lock()
		isRevoked := revoked[req.SerialNumber.String()]
		l.mu.Unlock()
		tmpl := ocsp.Response{
			Status: ocsp.Good, SerialNumber: req.SerialNumber,
			ThisUpdate: l.now.Add(-time.Hour), NextUpdate: l.now.Add(7 * 24 * time.Hour),
		}
		if isRevoked {
			tmpl.Status, tmpl.RevokedAt, tmpl.RevocationReason = ocsp.Revoked, l.now.Add(-time.Hour), ocsp.KeyCompromise
		}
		der, err := ocsp.CreateResponse(l.Inter.Cert, l.Inter.Cert, tmpl, l.Inter.Key)
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "application/ocsp-response")
		w.Write(der) //nolint:errcheck
	})
}
