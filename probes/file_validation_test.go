package probes

import (
	"context"
	"crypto/tls"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"padlock/internal/statichttp"
)

// httpTestNet is a set of loopback web servers standing for named hosts on
// ports 80 and 443, reached through connect-to rules (no DNS).
type httpTestNet struct {
	t   *testing.T
	ca  testCA
	env *Env
}

func newHTTPTestNet(t *testing.T) *httpTestNet {
	ca := newTestRoot(t, "padlock http test root", time.Now())
	env := NewEnv(nil, ca.Pool())
	env.Limits.ProbeTimeout = 5 * time.Second
	return &httpTestNet{t: t, ca: ca, env: env}
}

// serve runs h for host:port (443 with TLS, 80 plain). A nil h leaves the
// port closed (connection refused).
func (n *httpTestNet) serve(host string, port int, h http.Handler) {
	n.serveTLS(host, port, h, nil)
}

// serveTLS is serve with an explicit certificate (nil: one from the test
// CA for host).
func (n *httpTestNet) serveTLS(host string, port int, h http.Handler, cert *tls.Certificate) {
	n.t.Helper()
	var addr string
	if h == nil {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			n.t.Fatal(err)
		}
		addr = ln.Addr().String()
		ln.Close()
	} else {
		srv := httptest.NewUnstartedServer(h)
		if port == 443 {
			c := cert
			if c == nil {
				l := n.ca.leaf(n.t, host)
				c = &l
			}
			srv.TLS = &tls.Config{Certificates: []tls.Certificate{*c}}
			srv.StartTLS()
		} else {
			srv.Start()
		}
		n.t.Cleanup(srv.Close)
		addr = srv.Listener.Addr().String()
	}
	_, p, _ := net.SplitHostPort(addr)
	toPort, _ := strconv.Atoi(p)
	n.env.ConnectTo = append(n.env.ConnectTo, ConnectTo{Host: host, Port: port, ToHost: "127.0.0.1", ToPort: toPort})
}

func redirectTo(target string, code int) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, strings.ReplaceAll(target, "$path", r.URL.Path), code)
	})
}

const (
	fvPath    = "/.well-known/pki-validation/fileauth.txt"
	fvContent = "202611290000001a2b3c\nsectigo.com\nt0k3n"
)

func fvTarget(host, ca string) Target {
	return Target{Host: host, Port: 443, Path: "/", Intent: Intent{
		CA: ca, FileURL: "http://" + host + fvPath, FileContent: fvContent,
	}}
}

func runProbe(t *testing.T, p Probe, target Target, env *Env) Result {
	t.Helper()
	start := time.Now()
	r := Run(context.Background(), target, env, []Probe{p}, nil)[0]
	if d := time.Since(start); d > env.Limits.ProbeTimeout+time.Second {
		t.Errorf("probe took %v, deadline %v", d, env.Limits.ProbeTimeout)
	}
	return r
}

func TestFileValidationVerdicts(t *testing.T) {
	good := statichttp.File(fvPath, "\r\n"+strings.ReplaceAll(fvContent, "\n", "\r\n")+"\r\n")
	tests := []struct {
		name       string
		ca         string
		h80, h443  http.Handler
		wildcard   bool
		wantStatus Status
		wantIDs    []string
	}{
		{name: "correct on both", h80: good, h443: good, wantStatus: Pass},
		{name: "correct on http, https closed", h80: good, wantStatus: Pass, wantIDs: []string{"file-validation.no-answer/pass"}},
		{name: "http redirects, FAQ CA", h80: redirectTo("https://fv.test$path", 301), h443: good, wantStatus: Fail,
			wantIDs: []string{"file-validation.redirect/fail"}},
		{name: "http redirects, Let's Encrypt follows", ca: "letsencrypt", h80: redirectTo("https://fv.test$path", 301), h443: good,
			wantStatus: Pass, wantIDs: []string{"file-validation.redirect-followed/pass"}},
		{name: "http redirects, DigiCert follows one", ca: "digicert", h80: redirectTo("https://fv.test$path", 302), h443: good,
			wantStatus: Pass, wantIDs: []string{"file-validation.redirect-followed/pass"}},
		{name: "Let's Encrypt refuses port 8443", ca: "letsencrypt", h80: redirectTo("https://fv.test:8443$path", 301), h443: good,
			wantStatus: Fail, wantIDs: []string{"file-validation.redirect/fail"}},
		{name: "Let's Encrypt refuses 303", ca: "letsencrypt", h80: redirectTo("https://fv.test$path", 303), h443: good,
			wantStatus: Fail, wantIDs: []string{"file-validation.redirect/fail"}},
		{name: "https 404", h80: good, h443: http.NotFoundHandler(), wantStatus: Fail, wantIDs: []string{"file-validation.bad-status/fail"}},
		{name: "wrong content", h80: statichttp.File(fvPath, "old token"), h443: statichttp.File(fvPath, "old token"), wantStatus: Fail,
			wantIDs: []string{"file-validation.wrong-content/fail", "file-validation.wrong-content/fail"}},
		{name: "5xx", h80: http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(503) }), wantStatus: Fail,
			wantIDs: []string{"file-validation.bad-status/fail", "file-validation.no-answer/pass"}},
		{name: "nothing answers", wantStatus: Fail, wantIDs: []string{"file-validation.no-answer/fail", "file-validation.no-answer/fail"}},
		{name: "wildcard", h80: good, h443: good, wildcard: true, wantStatus: Fail, wantIDs: []string{"file-validation.wildcard/fail"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := newHTTPTestNet(t)
			n.serve("fv.test", 80, tt.h80)
			n.serve("fv.test", 443, tt.h443)
			target := fvTarget("fv.test", tt.ca)
			target.Intent.Wildcard = tt.wildcard
			r := runProbe(t, FileValidation{}, target, n.env)
			if r.Status != tt.wantStatus || fmt.Sprint(findingSeverities(r)) != fmt.Sprint(tt.wantIDs) {
				t.Errorf("status %s, findings %v; want %s, %v\nerr %q details %+v", r.Status, findingSeverities(r), tt.wantStatus, tt.wantIDs, r.Err, r.Details)
			}
		})
	}
}

func TestFileValidationWrongContentShowsBoth(t *testing.T) {
	n := newHTTPTestNet(t)
	n.serve("fv.test", 80, statichttp.File(fvPath, "<html>default page</html>"))
	n.serve("fv.test", 443, nil)
	r := runProbe(t, FileValidation{}, fvTarget("fv.test", ""), n.env)
	f, ok := findFinding(r, "file-validation.wrong-content")
	if !ok {
		t.Fatalf("no wrong-content finding: %v", findingSeverities(r))
	}
	if f.Evidence["expected"] != fvContent || f.Evidence["got"] != "<html>default page</html>" {
		t.Errorf("evidence %v", f.Evidence)
	}
	d := r.Details.(FileValidationDetails)
	if d.Schemes[0].ContentType != "text/plain" || d.Schemes[0].Status != 200 {
		t.Errorf("details %+v", d.Schemes[0])
	}
}

func TestFileValidationUntrustedHTTPS(t *testing.T) {
	n := newHTTPTestNet(t)
	good := statichttp.File(fvPath, fvContent)
	other := newTestRoot(t, "someone else", time.Now())
	cert := other.leaf(t, "fv.test")
	n.serve("fv.test", 80, good)
	n.serveTLS("fv.test", 443, good, &cert)
	r := runProbe(t, FileValidation{}, fvTarget("fv.test", "sectigo"), n.env)
	if _, ok := findFinding(r, "file-validation.https-untrusted"); !ok || r.Status != Fail {
		t.Errorf("status %s findings %v", r.Status, findingSeverities(r))
	}
	// Let's Encrypt ignores the certificate: only a note.
	r = runProbe(t, FileValidation{}, fvTarget("fv.test", "letsencrypt"), n.env)
	if f, ok := findFinding(r, "file-validation.https-untrusted"); !ok || f.Severity != Info || r.Status != Pass {
		t.Errorf("letsencrypt: status %s findings %v", r.Status, findingSeverities(r))
	}
	// A certificate for another name is refused too.
	wrong := n.ca.leaf(t, "other.test")
	n2 := newHTTPTestNet(t)
	n2.ca = n.ca
	n2.env.Roots = n.ca.Pool()
	n2.serve("fv.test", 80, good)
	n2.serveTLS("fv.test", 443, good, &wrong)
	r = runProbe(t, FileValidation{}, fvTarget("fv.test", ""), n2.env)
	if f, ok := findFinding(r, "file-validation.https-untrusted"); !ok || !strings.Contains(fmt.Sprint(f.Evidence["error"]), "other.test") {
		t.Errorf("mismatch: findings %v %v", findingSeverities(r), f.Evidence)
	}
}

func TestFileValidationRedirectLoopAndLongChain(t *testing.T) {
	n := newHTTPTestNet(t)
	// http → https → http ... on the same path: a loop.
	n.serve("loop.test", 80, redirectTo("https://loop.test$path", 301))
	n.serve("loop.test", 443, redirectTo("http://loop.test$path", 301))
	// 50 hops alternating schemes, each URL new.
	hop := func(scheme string) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			i, _ := strconv.Atoi(r.URL.Query().Get("i"))
			if i >= 50 {
				fmt.Fprint(w, fvContent)
				return
			}
			http.Redirect(w, r, fmt.Sprintf("%s://chain.test%s?i=%d", scheme, r.URL.Path, i+1), http.StatusFound)
		})
	}
	n.serve("chain.test", 80, hop("https"))
	n.serve("chain.test", 443, hop("http"))
	n.env.Limits.MaxRedirects = 10

	r := runProbe(t, FileValidation{}, fvTarget("loop.test", "letsencrypt"), n.env)
	f, ok := findFinding(r, "file-validation.redirect")
	if !ok || f.Evidence["loop"] != true || r.Status != Fail {
		t.Errorf("loop: status %s findings %v evidence %v", r.Status, findingSeverities(r), f.Evidence)
	}
	r = runProbe(t, FileValidation{}, fvTarget("chain.test", "letsencrypt"), n.env)
	f, ok = findFinding(r, "file-validation.redirect")
	if !ok || r.Status != Fail || !strings.Contains(fmt.Sprint(f.Evidence["reason"]), "at most 10") {
		t.Errorf("chain: status %s findings %v evidence %v", r.Status, findingSeverities(r), f.Evidence)
	}
	for _, s := range r.Details.(FileValidationDetails).Schemes {
		if len(s.Hops) > 11 {
			t.Errorf("%s: followed %d hops, limit 10", s.Scheme, len(s.Hops)-1)
		}
	}
}

func TestFileValidationPathWithoutFileURL(t *testing.T) {
	tests := []struct {
		name string
		h80  http.Handler
		ca   string
		want []string
	}{
		{"redirected", redirectTo("https://path.test$path", 301), "", []string{"file-validation.path-redirects/warn"}},
		{"redirect Let's Encrypt follows", redirectTo("https://path.test$path", 301), "letsencrypt", []string{"file-validation.path-redirects/pass"}},
		{"exempted (404)", http.NotFoundHandler(), "", nil},
		{"port 80 closed", nil, "", []string{"file-validation.path-unreachable/warn"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := newHTTPTestNet(t)
			n.serve("path.test", 80, tt.h80)
			n.serve("path.test", 443, http.NotFoundHandler())
			target := Target{Host: "path.test", Port: 443, Path: "/", Intent: Intent{CA: tt.ca}}
			r := runProbe(t, FileValidation{}, target, n.env)
			if fmt.Sprint(findingSeverities(r)) != fmt.Sprint(tt.want) {
				t.Errorf("findings %v, want %v", findingSeverities(r), tt.want)
			}
			d := r.Details.(FileValidationDetails)
			u, _ := url.Parse(d.URL)
			if !strings.HasPrefix(u.Path, validationDir) || u.Scheme != "http" {
				t.Errorf("checked %q", d.URL)
			}
		})
	}
	target := Target{Host: "path.test", Port: 443, Intent: Intent{Wildcard: true}}
	if r := (FileValidation{}).Run(context.Background(), target, NewEnv(nil, nil)); r.Status != Skip {
		t.Errorf("wildcard without --file-url: %s", r.Status)
	}
}

func TestFileValidationHostileBodies(t *testing.T) {
	n := newHTTPTestNet(t)
	n.env.Limits.ProbeTimeout = 1500 * time.Millisecond
	n.env.Limits.MaxBody = 4 << 10
	n.serve("big.test", 80, endlessBody("", "", strings.Repeat("A", 4096)))
	n.serve("big.test", 443, nil)
	n.serve("slow.test", 80, trickleBody("", 'x'))
	n.serve("slow.test", 443, nil)

	r := runProbe(t, FileValidation{}, fvTarget("big.test", ""), n.env)
	f, ok := findFinding(r, "file-validation.body-too-large")
	if !ok || f.Evidence["limit"] != "4 KiB" || r.Status != Fail {
		t.Errorf("endless body: %s %v %v", r.Status, findingSeverities(r), f.Evidence)
	}
	r = runProbe(t, FileValidation{}, fvTarget("slow.test", ""), n.env)
	f, ok = findFinding(r, "file-validation.no-answer")
	if r.Status != Fail || !ok || !strings.Contains(fmt.Sprint(f.Evidence["error"]), "deadline") {
		t.Errorf("trickle: %s %v %v", r.Status, findingSeverities(r), f.Evidence)
	}
}

func TestRedirectRefusalAndHelpers(t *testing.T) {
	if !contentMatches([]byte("  a \r\n b\r\n"), "a\nb") || contentMatches([]byte("a"), "b") {
		t.Error("contentMatches")
	}
	u, _ := url.Parse("https://h.test:8443/x?y=1#z")
	if got := schemeURL(u, "http"); got != "http://h.test/x?y=1" {
		t.Errorf("schemeURL = %q", got)
	}
	if got := schemeURL(u, "https"); got != "https://h.test:8443/x?y=1" {
		t.Errorf("schemeURL = %q", got)
	}
}
