package probes

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/tls"
	"crypto/x509"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"padlock/internal/certs"
	"padlock/internal/pki"
)

func TestCertificateVerdicts(t *testing.T) {
	w := newCertWorld(t)
	now := w.now
	other := newTestRoot(t, "unknown test root", now)
	otherInter := other.intermediate(t, "unknown test intermediate", now, nil)
	unrelated := w.root.intermediate(t, "unrelated test intermediate", now, nil)
	rsaKey, err := rsa.GenerateKey(rand.Reader, 1024)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := func(mod func(*x509.Certificate), names ...string) *x509.Certificate {
		c := pki.LeafTemplate(now, names...)
		if mod != nil {
			mod(c)
		}
		return c
	}
	self, err := pki.SelfSigned(tmpl(nil, "self.test"))
	if err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name    string
		target  string
		cert    tls.Certificate
		status  Status
		finding string
		check   func(t *testing.T, f Finding)
	}{
		{name: "healthy", target: "ok.test", status: Pass,
			cert: first(w.inter.issue(t, tmpl(nil, "ok.test"), nil, w.inter.Cert))},
		{name: "expired", target: "expired.test", status: Fail, finding: "certificate.expired",
			cert: first(w.inter.issue(t, tmpl(func(c *x509.Certificate) {
				c.NotBefore, c.NotAfter = now.Add(-100*24*time.Hour), now.Add(-2*24*time.Hour)
			}, "expired.test"), nil, w.inter.Cert)),
			check: func(t *testing.T, f Finding) {
				if f.Evidence["role"] != role(0) || f.Evidence["days_ago"] != 2 {
					t.Errorf("evidence %v", f.Evidence)
				}
			}},
		{name: "not yet valid", target: "future.test", status: Fail, finding: "certificate.not-yet-valid",
			cert: first(w.inter.issue(t, tmpl(func(c *x509.Certificate) {
				c.NotBefore = now.Add(24 * time.Hour)
			}, "future.test"), nil, w.inter.Cert))},
		{name: "expires in 20 days", target: "soon.test", status: Warn, finding: "certificate.expires-soon",
			cert: first(w.inter.issue(t, tmpl(func(c *x509.Certificate) {
				c.NotAfter = now.Add(20*24*time.Hour + time.Hour)
			}, "soon.test"), nil, w.inter.Cert)),
			check: func(t *testing.T, f Finding) {
				if f.Evidence["days_left"] != 20 || f.Severity != Warn {
					t.Errorf("evidence %v severity %v", f.Evidence, f.Severity)
				}
			}},
		{name: "expires in 3 days", target: "verysoon.test", status: Fail, finding: "certificate.expires-soon",
			cert: first(w.inter.issue(t, tmpl(func(c *x509.Certificate) {
				c.NotAfter = now.Add(3*24*time.Hour + time.Hour)
			}, "verysoon.test"), nil, w.inter.Cert))},
		{name: "wrong host", target: "wrong.test", status: Fail, finding: "certificate.name-mismatch",
			cert:  first(w.inter.issue(t, tmpl(nil, "other.example.com"), nil, w.inter.Cert)),
			check: wantReason("the certificate is for other.example.com")},
		{name: "wildcard depth", target: "a.b.deep.test", status: Fail, finding: "certificate.name-mismatch",
			cert:  first(w.inter.issue(t, tmpl(nil, "*.deep.test"), nil, w.inter.Cert)),
			check: wantReason("`*.deep.test` does not cover `a.b.deep.test`")},
		{name: "wildcard apex", target: "apex.test", status: Fail, finding: "certificate.name-mismatch",
			cert:  first(w.inter.issue(t, tmpl(nil, "*.apex.test"), nil, w.inter.Cert)),
			check: wantReason("a wildcard does not cover the apex")},
		{name: "wildcard intent met", target: "*.wild.test", status: Pass,
			cert: first(w.inter.issue(t, tmpl(nil, "wild.test", "*.wild.test"), nil, w.inter.Cert))},
		{name: "wildcard intent: a note about the coming order, not a failure", target: "*.nowild.test", status: Pass, finding: "certificate.wildcard-missing",
			cert: first(w.inter.issue(t, tmpl(nil, "nowild.test"), nil, w.inter.Cert))},
		{name: "CN only", target: "cn.test", status: Fail, finding: "certificate.name-mismatch",
			cert:  first(w.inter.issue(t, tmpl(func(c *x509.Certificate) { c.DNSNames = nil }, "cn.test"), nil, w.inter.Cert)),
			check: wantReason("browsers ignore its Common Name")},
		{name: "self-signed", target: "self.test", status: Fail, finding: "certificate.self-signed",
			cert: self},
		{name: "unknown root", target: "unknown.test", status: Fail, finding: "certificate.unknown-root",
			cert: first(otherInter.issue(t, tmpl(nil, "unknown.test"), nil, otherInter.Cert, other.Cert)),
			check: func(t *testing.T, f Finding) {
				if !strings.Contains(f.Evidence["issuer"].(string), "unknown test root") {
					t.Errorf("issuer not named: %v", f.Evidence)
				}
			}},
		{name: "unknown root not sent", target: "unknown2.test", status: Fail, finding: "certificate.unknown-root",
			cert: first(otherInter.issue(t, tmpl(nil, "unknown2.test"), nil, otherInter.Cert)),
			check: func(t *testing.T, f Finding) {
				if f.Evidence["issuer"] != other.Cert.Subject.String() {
					t.Errorf("issuer not named: %v", f.Evidence)
				}
			}},
		{name: "no AIA", target: "noaia.test", status: Fail, finding: "certificate.intermediate-missing",
			cert: first(w.inter.issue(t, tmpl(nil, "noaia.test"), nil))},
		{name: "wrong order and extra", target: "order.test", status: Warn, finding: "certificate.chain-order",
			cert: first(w.inter.issue(t, tmpl(nil, "order.test"), nil, w.root.Cert, unrelated.Cert, w.inter.Cert))},
		{name: "extra", target: "extra.test", status: Warn, finding: "certificate.chain-extra",
			cert: first(w.inter.issue(t, tmpl(nil, "extra.test"), nil, w.inter.Cert, unrelated.Cert))},
		{name: "duplicate", target: "dup.test", status: Warn, finding: "certificate.chain-duplicate",
			cert: first(w.inter.issue(t, tmpl(nil, "dup.test"), nil, w.inter.Cert, w.inter.Cert))},
		{name: "root sent", target: "root.test", status: Pass, finding: "certificate.root-sent",
			cert: first(w.inter.issue(t, tmpl(nil, "root.test"), nil, w.inter.Cert, w.root.Cert))},
		{name: "RSA 1024", target: "rsa.test", status: Fail, finding: "certificate.weak-key",
			cert: first(w.inter.issue(t, tmpl(nil, "rsa.test"), rsaKey, w.inter.Cert)),
			check: func(t *testing.T, f Finding) {
				if f.Evidence["bits"] != 1024 {
					t.Errorf("evidence %v", f.Evidence)
				}
			}},
		{name: "ECC note", target: "ecc.test", status: Pass, finding: "certificate.ecc-key"},
		{name: "lifetime", target: "long.test", status: Pass, finding: "certificate.lifetime-too-long",
			cert: first(w.inter.issue(t, tmpl(func(c *x509.Certificate) {
				c.NotAfter = now.Add(400 * 24 * time.Hour)
			}, "long.test"), nil, w.inter.Cert))},
	}
	for _, tt := range tests {
		if tt.cert.Certificate == nil {
			tt.cert = first(w.inter.issue(t, tmpl(nil, strings.TrimPrefix(tt.target, "*.")), nil, w.inter.Cert))
		}
		w.serve(strings.TrimPrefix(tt.target, "*."), tt.cert)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, _ := w.run(tt.target)
			if r.Status != tt.status {
				t.Errorf("status %v, want %v; findings %v (%s)", r.Status, tt.status, findingIDs(r), r.Err)
			}
			if tt.finding == "" {
				for _, f := range r.Findings {
					if f.Severity > Info {
						t.Errorf("unexpected finding %s %v", f.ID, f.Evidence)
					}
				}
				return
			}
			f, ok := findFinding(r, tt.finding)
			if !ok {
				t.Fatalf("no %s in %v", tt.finding, findingIDs(r))
			}
			if tt.check != nil {
				tt.check(t, f)
			}
		})
	}
}

func first(c tls.Certificate, _ *x509.Certificate) tls.Certificate { return c }

func wantReason(s string) func(*testing.T, Finding) {
	return func(t *testing.T, f Finding) {
		if r, _ := f.Evidence["reason"].(string); !strings.Contains(r, s) {
			t.Errorf("reason %q does not contain %q", r, s)
		}
	}
}

// TestCertificateIncompleteChainViaAIA serves a leaf without its
// intermediate, which the AIA URL provides in each published encoding, and
// checks the saved corrected chain verifies (Go and, when installed,
// openssl verify).
func TestCertificateIncompleteChainViaAIA(t *testing.T) {
	w := newCertWorld(t)
	p7, err := certs.MarshalPKCS7(w.inter.Cert)
	if err != nil {
		t.Fatal(err)
	}
	encodings := map[string][]byte{
		"der":   w.inter.Cert.Raw,
		"pem":   certs.PEM(w.inter.Cert),
		"pkcs7": p7,
	}
	for name, body := range encodings {
		t.Run(name, func(t *testing.T) {
			aia := w.serveHTTP(http.HandlerFunc(func(rw http.ResponseWriter, _ *http.Request) { rw.Write(body) }))
			host := name + ".aia.test"
			tmpl := pki.LeafTemplate(w.now, host)
			tmpl.IssuingCertificateURL = []string{aia + "/inter.cer"}
			cert, leaf := w.inter.issue(t, tmpl, nil)
			w.serve(host, cert)
			r, _ := w.run(host)
			f, ok := findFinding(r, "certificate.chain-incomplete")
			if !ok || r.Status != Fail {
				t.Fatalf("status %v findings %v", r.Status, findingIDs(r))
			}
			if m := f.Evidence["missing"].([]string); len(m) != 1 || !strings.Contains(m[0], "padlock test intermediate") {
				t.Errorf("missing = %v", m)
			}
			d := r.Details.(*CertificateDetails)
			if len(d.Clients) < 3 || !d.Clients[0].Works || d.Clients[2].Works {
				t.Errorf("client verdicts %+v", d.Clients)
			}
			var fixer ChainFixer = d
			bundle := fixer.FixedChainPEM()
			got, err := certs.Parse(bundle, 0)
			if err != nil || len(got) != 2 || !certs.Same(got[0], leaf) || !certs.Same(got[1], w.inter.Cert) {
				t.Fatalf("fixed chain: %v, %d certs", err, len(got))
			}
			pool := x509.NewCertPool()
			pool.AddCert(got[1])
			if _, err := got[0].Verify(x509.VerifyOptions{Roots: w.env.Roots, Intermediates: pool, CurrentTime: w.now}); err != nil {
				t.Errorf("saved chain does not verify: %v", err)
			}
			if name == "der" {
				opensslVerify(t, w.root.Cert, bundle, leaf)
			}
		})
	}
}

// opensslVerify runs `openssl verify -CAfile ROOT -untrusted BUNDLE LEAF`
// when openssl is installed.
func opensslVerify(t *testing.T, root *x509.Certificate, bundle []byte, leaf *x509.Certificate) {
	t.Helper()
	bin, err := exec.LookPath("openssl")
	if err != nil {
		t.Log("openssl not installed; skipping openssl verify")
		return
	}
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	out, err := exec.Command(bin, "verify", "-CAfile", write("root.pem", certs.PEM(root)),
		"-untrusted", write("bundle.pem", bundle), write("leaf.pem", certs.PEM(leaf))).CombinedOutput()
	if err != nil || !strings.Contains(string(out), "OK") {
		t.Errorf("openssl verify: %v\n%s", err, out)
	}
}

// TestCertificateChainsDiffer puts two servers with different leaves
// behind one name.
func TestCertificateChainsDiffer(t *testing.T) {
	w := newCertWorld(t)
	fresh, _ := w.inter.issue(t, pki.LeafTemplate(w.now, "pool.test"), nil, w.inter.Cert)
	oldTmpl := pki.LeafTemplate(w.now, "pool.test")
	oldTmpl.NotBefore, oldTmpl.NotAfter = w.now.Add(-100*24*time.Hour), w.now.Add(-24*time.Hour)
	old, _ := w.inter.issue(t, oldTmpl, nil, w.inter.Cert)
	w.serve("pool.test", fresh)
	w.serve("pool.test", fresh)
	oddAddr := w.serve("pool.test", old)
	r, _ := w.run("pool.test")
	f, ok := findFinding(r, "certificate.chains-differ")
	if !ok {
		t.Fatalf("no chains-differ in %v", findingIDs(r))
	}
	if a := f.Evidence["addresses"].([]string); !slices.Equal(a, []string{oddAddr.String()}) {
		t.Errorf("odd addresses %v, want %s", a, oddAddr)
	}
	if f.Severity != Fail || !slices.Contains(f.Evidence["problems"].([]string), "certificate.expired") {
		t.Errorf("severity %v evidence %v", f.Severity, f.Evidence)
	}
	if d := r.Details.(*CertificateDetails); len(d.Addresses) != 3 {
		t.Errorf("addresses %+v", d.Addresses)
	}
}

func TestLifetimeLimit(t *testing.T) {
	for _, tt := range []struct {
		date string
		want int
	}{
		{"2025-06-01", 398}, {"2026-03-14", 398}, {"2026-03-15", 200}, {"2027-03-15", 100}, {"2029-03-14", 100}, {"2029-03-15", 47},
	} {
		d, _ := time.Parse(time.DateOnly, tt.date)
		if got := LifetimeLimit(d); got != tt.want {
			t.Errorf("LifetimeLimit(%s) = %d, want %d", tt.date, got, tt.want)
		}
	}
}

// TestCertificateLeafNotFirst: a server whose chain starts with the
// intermediate cannot complete a handshake; the probe still names why.
func TestCertificateLeafNotFirst(t *testing.T) {
	w := newCertWorld(t)
	c, leaf := w.inter.issue(t, pki.LeafTemplate(w.now, "swapped.test"), nil)
	w.serve("swapped.test", tls.Certificate{PrivateKey: c.PrivateKey, Certificate: [][]byte{w.inter.Cert.Raw, leaf.Raw}})

	r, _ := w.run("swapped.test")
	f, ok := findFinding(r, "certificate.leaf-not-first")
	if !ok || r.Status != Fail {
		t.Fatalf("status %v findings %v", r.Status, findingIDs(r))
	}
	if f.Evidence["leaf"] != "CN=swapped.test" {
		t.Errorf("evidence %v", f.Evidence)
	}
}

// TestCertificatePinnedByConnectTo: a --connect-to rule naming the host
// needs no DNS (curl's semantics); the address shown is the rule's target.
func TestCertificatePinnedByConnectTo(t *testing.T) {
	w := newCertWorld(t)
	w.env.Resolvers = nil
	cert := first(w.inter.issue(t, pki.LeafTemplate(w.now, "pinned.test"), nil, w.inter.Cert))
	srv := newTLSServer(t, cert)
	w.env.ConnectTo = append(w.env.ConnectTo, ConnectTo{Host: "pinned.test", Port: 443, ToHost: "127.0.0.1", ToPort: srv.port})
	r, _ := w.run("pinned.test")
	if r.Status != Pass {
		t.Fatalf("status %v (%s) %v", r.Status, r.Err, findingIDs(r))
	}
	if d := r.Details.(*CertificateDetails); len(d.Addresses) != 1 || d.Addresses[0].Address != srv.addr {
		t.Errorf("addresses %+v, want %s", d.Addresses, srv.addr)
	}
}

type certServer struct {
	addr string
	port int
}

func newTLSServer(t *testing.T, cert tls.Certificate) certServer {
	t.Helper()
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	srv.TLS = &tls.Config{Certificates: []tls.Certificate{cert}}
	srv.StartTLS()
	t.Cleanup(srv.Close)
	addr := srv.Listener.Addr().(*net.TCPAddr)
	return certServer{addr: addr.String(), port: addr.Port}
}

// TestCertificateSHA1Signature uses an openssl-made fixture: Go refuses to
// create SHA-1 signatures.
func TestCertificateSHA1Signature(t *testing.T) {
	var sent []*x509.Certificate
	for _, name := range []string{"sha1-leaf.pem", "openssl-intermediate.pem"} {
		b, err := os.ReadFile(filepath.Join("..", "testdata", "certs", name))
		if err != nil {
			t.Fatal(err)
		}
		cs, err := certs.Parse(b, 0)
		if err != nil {
			t.Fatal(err)
		}
		sent = append(sent, cs...)
	}
	a := &analysis{now: sent[0].NotBefore.Add(time.Hour), sent: sent}
	if !a.checkSignatures(certs.Arrange(sent).Path) {
		t.Fatal("SHA-1 signature not detected")
	}
	f := a.findings[0]
	if f.ID != "certificate.weak-signature" || f.Severity != Fail || f.Evidence["algorithm"] != "SHA1-RSA" || f.Evidence["role"] != role(0) {
		t.Errorf("finding %+v", f)
	}
}

// TestCertificateExpiredIntermediate: the intermediate expired before the
// middle of the leaf's validity. Trust must still be judged (dates are
// reported by the validity check): the path shown, the client verdicts
// given, no unknown-root or missing-intermediate finding.
func TestCertificateExpiredIntermediate(t *testing.T) {
	w := newCertWorld(t)
	day := 24 * time.Hour
	oldRoot := newTestRoot(t, "old test root", w.now.Add(-1000*day))
	w.env.Roots.AddCert(oldRoot.Cert)
	inter := oldRoot.intermediate(t, "expired test intermediate", w.now, func(c *x509.Certificate) {
		c.NotBefore, c.NotAfter = w.now.Add(-400*day), w.now.Add(-10*day)
	})
	tmpl := pki.LeafTemplate(w.now, "expired-inter.test")
	tmpl.NotBefore, tmpl.NotAfter = w.now.Add(-60*day), w.now.Add(300*day)
	w.serve("expired-inter.test", first(inter.issue(t, tmpl, nil, inter.Cert)))

	r, _ := w.run("expired-inter.test")
	f, ok := findFinding(r, "certificate.expired")
	if !ok || r.Status != Fail {
		t.Fatalf("status %v (%s) findings %v", r.Status, r.Err, findingIDs(r))
	}
	if f.Evidence["role"] != role(1) {
		t.Errorf("expired evidence %v", f.Evidence)
	}
	for _, wrong := range []string{"certificate.unknown-root", "certificate.intermediate-missing", "certificate.untrusted"} {
		if _, ok := findFinding(r, wrong); ok {
			t.Errorf("%s reported for an expired intermediate: %v", wrong, findingIDs(r))
		}
	}
	d := r.Details.(*CertificateDetails)
	if len(d.TrustedPath) != 3 || len(d.Clients) == 0 {
		t.Errorf("trust not judged: path %v, clients %+v; findings %v", d.TrustedPath, d.Clients, findingIDs(r))
	}
}

// TestCertificateTruncatedChainTrust: a chain longer than MaxChainCerts is
// cut before analysis, so its top is not where the server's chain ends;
// the probe must not blame an unknown root or a missing intermediate for
// the cut it made itself.
func TestCertificateTruncatedChainTrust(t *testing.T) {
	w := newCertWorld(t)
	w.env.Limits.MaxChainCerts = 5
	w.serve("cut.test", longChain(t, w, "cut.test", 8))
	r, _ := w.run("cut.test")
	if _, ok := findFinding(r, "certificate.chain-too-long"); !ok || r.Status != Fail {
		t.Fatalf("status %v findings %v", r.Status, findingIDs(r))
	}
	for _, wrong := range []string{"certificate.unknown-root", "certificate.intermediate-missing", "certificate.untrusted"} {
		if _, ok := findFinding(r, wrong); ok {
			t.Errorf("%s reported for a chain padlock cut itself: %v", wrong, findingIDs(r))
		}
	}
}

// TestCertificateAIAThenUnknownRoot: the server sends only its leaf; AIA
// yields the intermediate, whose issuer is a root padlock does not trust
// (a private CA not passed with --ca-file). That is an unknown root, not a
// missing intermediate that AIA cannot fetch.
func TestCertificateAIAThenUnknownRoot(t *testing.T) {
	w := newCertWorld(t)
	other := newTestRoot(t, "private test root", w.now)
	otherInter := other.intermediate(t, "private test intermediate", w.now, nil)
	aia := w.serveHTTP(http.HandlerFunc(func(rw http.ResponseWriter, _ *http.Request) { rw.Write(otherInter.Cert.Raw) }))
	tmpl := pki.LeafTemplate(w.now, "private.test")
	tmpl.IssuingCertificateURL = []string{aia + "/inter.cer"}
	w.serve("private.test", first(otherInter.issue(t, tmpl, nil)))

	r, _ := w.run("private.test")
	f, ok := findFinding(r, "certificate.unknown-root")
	if !ok || r.Status != Fail {
		t.Fatalf("status %v findings %v", r.Status, findingIDs(r))
	}
	if f.Evidence["issuer"] != other.Cert.Subject.String() {
		t.Errorf("issuer not named: %v", f.Evidence)
	}
	if _, ok := findFinding(r, "certificate.intermediate-missing"); ok {
		t.Errorf("intermediate-missing beside unknown-root: %v", findingIDs(r))
	}
}
