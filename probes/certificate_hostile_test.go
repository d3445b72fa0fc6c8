// Tests of the certificate probe against hostile servers: endless chains,
// garbage instead of TLS, silence, and revocation answers.

package probes

import (
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"io"
	"math/big"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/ocsp"

	"padlock/i18n"
	"padlock/internal/pki"
	"padlock/rules"
)

// TestCertificateHostile covers servers and AIA/OCSP endpoints that hang,
// flood or talk garbage: each must yield a verdict before the deadline.
func TestCertificateHostile(t *testing.T) {
	w := newCertWorld(t)
	w.env.Limits.ProbeTimeout = 3 * time.Second // the per-step budgets (from DialTimeout) leave ample slack
	w.env.Limits.DialTimeout = 400 * time.Millisecond
	w.env.Limits.MaxFetch = 4 << 10
	stop := make(chan struct{})
	hang := w.serveHTTP(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-stop:
		}
	}))
	endless := w.serveHTTP(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		chunk := make([]byte, 1024)
		for {
			if _, err := rw.Write(chunk); err != nil {
				return
			}
			select {
			case <-stop:
				return
			default:
			}
		}
	}))
	withAIA := func(host, url string) tls.Certificate {
		tmpl := pki.LeafTemplate(w.now, host)
		tmpl.IssuingCertificateURL = []string{url}
		c, _ := w.inter.issue(t, tmpl, nil)
		return c
	}
	withOCSP := func(host, url string) tls.Certificate {
		tmpl := pki.LeafTemplate(w.now, host)
		tmpl.OCSPServer = []string{url}
		c, _ := w.inter.issue(t, tmpl, nil, w.inter.Cert)
		return c
	}
	w.serve("aia-hang.test", withAIA("aia-hang.test", hang))
	w.serve("aia-endless.test", withAIA("aia-endless.test", endless))
	w.serve("ocsp-hang.test", withOCSP("ocsp-hang.test", hang))
	w.serve("ocsp-endless.test", withOCSP("ocsp-endless.test", endless))
	w.serve("long.test", longChain(t, w, "long.test", 150))
	w.route("garbage.test", garbageServer(t))
	w.route("silent.test", silentTCP(t))
	t.Cleanup(func() { close(stop) }) // runs first: lets hanging handlers end before their servers close

	tests := []struct {
		host    string
		status  Status
		finding string
		text    string
	}{
		{"aia-hang.test", Fail, "certificate.intermediate-missing", "in time"},
		{"aia-endless.test", Fail, "certificate.intermediate-missing", "4096"},
		{"ocsp-hang.test", Pass, "certificate.ocsp-unreachable", "in time"},
		{"ocsp-endless.test", Pass, "certificate.ocsp-unreachable", "4096"},
		{"long.test", Fail, "certificate.chain-too-long", ""},
		{"garbage.test", Fail, "certificate.handshake-failed", ""},
		{"silent.test", Fail, "certificate.handshake-failed", "in time"},
	}
	for _, tt := range tests {
		t.Run(tt.host, func(t *testing.T) {
			r, took := w.run(tt.host)
			if took >= w.env.Limits.ProbeTimeout {
				t.Errorf("took %v, deadline %v", took, w.env.Limits.ProbeTimeout)
			}
			if r.Status != tt.status {
				t.Errorf("status %v want %v: %v %s", r.Status, tt.status, findingIDs(r), r.Err)
			}
			f, ok := findFinding(r, tt.finding)
			if !ok {
				t.Fatalf("no %s in %v", tt.finding, findingIDs(r))
			}
			if tt.text != "" && !strings.Contains(rulesText(f.Evidence), tt.text) {
				t.Errorf("evidence %v lacks %q", f.Evidence, tt.text)
			}
			if tt.finding == "certificate.chain-too-long" && (f.Evidence["count"] != 150 || f.Evidence["limit"] != 20) {
				t.Errorf("evidence %v", f.Evidence)
			}
		})
	}
}

func rulesText(ev Evidence) string {
	var b strings.Builder
	for _, v := range ev {
		b.WriteString(rules.FormatEvidence(v, i18n.EN) + " ")
	}
	return b.String()
}

// longChain is a leaf followed by n-1 intermediates, each issued by the next.
func longChain(t *testing.T, w *certWorld, host string, n int) tls.Certificate {
	t.Helper()
	c, err := w.inter.LongChain(pki.LeafTemplate(w.now, host), n, w.now)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// garbageServer answers every connection with bytes that are not TLS.
func garbageServer(t *testing.T) string {
	return rawServerAddr(t, func(c net.Conn) {
		buf := make([]byte, 512)
		c.Read(buf) //nolint:errcheck
		rand.Read(buf)
		c.Write(buf) //nolint:errcheck
	})
}

// silentServer accepts connections and never says a word.
func silentTCP(t *testing.T) string {
	return rawServerAddr(t, func(c net.Conn) {
		io.Copy(io.Discard, c) //nolint:errcheck
	})
}

func TestCertificateRevocation(t *testing.T) {
	w := newCertWorld(t)
	revokedSerials := map[string]bool{}
	responder := w.serveHTTP(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(io.LimitReader(r.Body, 4096))
		req, err := ocsp.ParseRequest(body)
		if err != nil {
			http.Error(rw, "bad request", http.StatusBadRequest)
			return
		}
		rw.Write(ocspAnswer(t, w, req.SerialNumber.String(), revokedSerials[req.SerialNumber.String()]))
	}))
	issue := func(host string, revoked bool) (tls.Certificate, *x509.Certificate) {
		tmpl := pki.LeafTemplate(w.now, host)
		tmpl.OCSPServer = []string{responder}
		c, leaf := w.inter.issue(t, tmpl, nil, w.inter.Cert)
		revokedSerials[leaf.SerialNumber.String()] = revoked
		return c, leaf
	}
	good, _ := issue("good.test", false)
	bad, _ := issue("revoked.test", true)
	stapled, leaf := issue("stapled.test", false)
	stapled.OCSPStaple = ocspAnswer(t, w, leaf.SerialNumber.String(), true)
	w.serve("good.test", good)
	w.serve("revoked.test", bad)
	w.serve("stapled.test", stapled)

	for _, tt := range []struct {
		host   string
		status Status
		ids    []string
		source string
	}{
		{"good.test", Pass, []string{"certificate.ocsp-stapling-absent"}, responder},
		{"revoked.test", Fail, []string{"certificate.revoked", "certificate.ocsp-stapling-absent"}, responder},
		{"stapled.test", Fail, []string{"certificate.revoked"}, "stapled"},
	} {
		t.Run(tt.host, func(t *testing.T) {
			r, _ := w.run(tt.host)
			if r.Status != tt.status {
				t.Errorf("status %v want %v (%v)", r.Status, tt.status, findingIDs(r))
			}
			for _, id := range tt.ids {
				if _, ok := findFinding(r, id); !ok {
					t.Errorf("no %s in %v", id, findingIDs(r))
				}
			}
			if rev := r.Details.(*CertificateDetails).Revocation; rev == nil || rev.Source != tt.source {
				t.Errorf("revocation %+v, want source %s", rev, tt.source)
			}
		})
	}
}

func ocspAnswer(t *testing.T, w *certWorld, serial string, revoked bool) []byte {
	t.Helper()
	n, _ := new(big.Int).SetString(serial, 10)
	tmpl := ocsp.Response{Status: ocsp.Good, SerialNumber: n, ThisUpdate: w.now.Add(-time.Hour), NextUpdate: w.now.Add(24 * time.Hour)}
	if revoked {
		tmpl.Status, tmpl.RevokedAt, tmpl.RevocationReason = ocsp.Revoked, w.now.Add(-2*time.Hour), ocsp.KeyCompromise
	}
	der, err := ocsp.CreateResponse(w.inter.Cert, w.inter.Cert, tmpl, w.inter.Key)
	if err != nil {
		t.Fatal(err)
	}
	return der
}

// rawServerAddr is rawServer's address alone.
func rawServerAddr(t *testing.T, handle func(net.Conn)) string {
	addr, _ := rawServer(t, handle)
	return addr
}
