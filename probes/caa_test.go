package probes

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/miekg/dns"

	"padlock/internal/dnstest"
)

const caaSOA = "test. 300 IN SOA ns.test. host.test. 1 7200 900 1209600 300"

func caaResolver(t *testing.T, wrap func(dns.Handler) dns.Handler, records ...string) string {
	t.Helper()
	z := dnstest.MustZone("test.", append([]string{caaSOA}, records...)...)
	z.Recursion = true
	var h dns.Handler = z
	if wrap != nil {
		h = wrap(h)
	}
	return startDNS(t, h)
}

func TestCAA(t *testing.T) {
	for _, tc := range []struct {
		name     string
		target   string
		ca       string
		records  []string
		wrap     func(dns.Handler) dns.Handler
		want     Status
		findings []string // must all be present
		fix      string   // a line that must be in the fix evidence
		foundAt  string
	}{
		{name: "no records", target: "www.example.test", ca: "sectigo", want: Pass, findings: []string{"caa.none"}},
		{name: "no records no ca", target: "www.example.test", want: Pass, findings: []string{"caa.none"}},
		{
			name: "names another CA", target: "example.test", ca: "sectigo",
			records: []string{`example.test. CAA 0 issue "letsencrypt.org"`},
			want:    Fail, findings: []string{"caa.not-allowed"},
			fix: `example.test. IN CAA 0 issue "sectigo.com"`, foundAt: "example.test",
		},
		{
			name: "issuewild forbids wildcard", target: "*.example.test", ca: "sectigo",
			records: []string{`example.test. CAA 0 issue "sectigo.com"`, `example.test. CAA 0 issuewild ";"`},
			want:    Fail, findings: []string{"caa.forbidden"}, fix: `example.test. IN CAA 0 issuewild "sectigo.com"`,
		},
		{
			name: "issuewild ignored for non-wildcard", target: "example.test", ca: "sectigo",
			records: []string{`example.test. CAA 0 issue "sectigo.com"`, `example.test. CAA 0 issuewild ";"`},
			want:    Pass, findings: []string{"caa.allowed"},
		},
		{
			name: "wildcard falls back to issue", target: "*.example.test", ca: "letsencrypt",
			records: []string{`example.test. CAA 0 issue "letsencrypt.org"`},
			want:    Pass, findings: []string{"caa.allowed"},
		},
		{
			name: "issuewild wins for wildcard", target: "*.example.test", ca: "letsencrypt",
			records: []string{`example.test. CAA 0 issue "letsencrypt.org"`, `example.test. CAA 0 issuewild "pki.goog"`},
			want:    Fail, findings: []string{"caa.not-allowed"}, fix: `example.test. IN CAA 0 issuewild "letsencrypt.org"`,
		},
		{
			name: "issue semicolon forbids", target: "example.test", ca: "letsencrypt",
			records: []string{`example.test. CAA 0 issue ";"`},
			want:    Fail, findings: []string{"caa.forbidden"},
		},
		{
			name: "behind a CNAME", target: "www.example.test", ca: "sectigo",
			records: []string{`www.example.test. CNAME cdn.other.test.`, `cdn.other.test. CAA 0 issue "digicert.com"`},
			want:    Fail, findings: []string{"caa.cname", "caa.cname-not-allowed"}, foundAt: "www.example.test", fix: `cdn.other.test. IN CAA 0 issue "sectigo.com"`,
		},
		{
			name: "CNAME target without CAA climbs the original name", target: "www.example.test", ca: "sectigo",
			records: []string{`www.example.test. CNAME cdn.other.test.`, `cdn.other.test. A 192.0.2.1`, `other.test. CAA 0 issue "digicert.com"`, `example.test. CAA 0 issue "sectigo.com"`},
			want:    Pass, findings: []string{"caa.allowed"}, foundAt: "example.test",
		},
		{
			name: "unknown critical tag", target: "example.test", ca: "sectigo",
			records: []string{`example.test. CAA 0 issue "sectigo.com"`, `example.test. CAA 128 tbs "unknown"`},
			want:    Fail, findings: []string{"caa.critical-unknown"},
		},
		{
			name: "flag 1 read as critical", target: "example.test", ca: "sectigo",
			records: []string{`example.test. CAA 0 issue "sectigo.com"`, `example.test. CAA 1 future "x"`},
			want:    Fail, findings: []string{"caa.critical-unknown"},
		},
		{
			name: "critical iodef is known", target: "example.test", ca: "sectigo",
			records: []string{`example.test. CAA 0 issue "sectigo.com"`, `example.test. CAA 128 iodef "mailto:a@example.test"`},
			want:    Pass, findings: []string{"caa.allowed"},
		},
		{
			// RFC 9495: Boulder knows issuemail and does not treat it as an
			// unknown critical property.
			name: "critical issuemail is known", target: "example.test", ca: "sectigo",
			records: []string{`example.test. CAA 0 issue "sectigo.com"`, `example.test. CAA 128 issuemail "mail-ca.test"`},
			want:    Pass, findings: []string{"caa.allowed"},
		},
		{
			name: "parent allows", target: "a.b.example.test", ca: "sectigo",
			records: []string{`example.test. CAA 0 issue "sectigo.com"`, `test. CAA 0 issue ";"`},
			want:    Pass, findings: []string{"caa.allowed"}, foundAt: "example.test",
		},
		{
			name: "tags and values case-insensitive", target: "example.test", ca: "sectigo",
			records: []string{`example.test. CAA 0 ISSUE "Sectigo.COM"`},
			want:    Pass, findings: []string{"caa.allowed"},
		},
		{
			name: "only iodef restricts nothing", target: "example.test", ca: "sectigo",
			records: []string{`example.test. CAA 0 iodef "mailto:a@example.test"`},
			want:    Pass, findings: []string{"caa.allowed"},
		},
		{
			name: "RFC 8657 parameters shown", target: "example.test", ca: "letsencrypt",
			records: []string{`example.test. CAA 0 issue "letsencrypt.org; accounturi=https://acme-v02.api.letsencrypt.org/acme/acct/1; validationmethods=dns-01"`},
			want:    Pass, findings: []string{"caa.allowed", "caa.parameters"},
		},
		{
			name: "malformed record ignored", target: "example.test", ca: "sectigo",
			records: []string{`example.test. CAA 0 issue "sectigo.com; bad"`},
			want:    Fail, findings: []string{"caa.malformed", "caa.forbidden"},
		},
		{
			name: "no --ca lists CAs", target: "example.test",
			records: []string{`example.test. CAA 0 issue "sectigo.com"`, `example.test. CAA 0 issue "letsencrypt.org"`},
			want:    Pass, findings: []string{"caa.allows"},
		},
		{
			name: "SERVFAIL below records blocks", target: "www.example.test", ca: "sectigo",
			records: []string{`example.test. CAA 0 issue "sectigo.com"`},
			wrap:    func(h dns.Handler) dns.Handler { return rcodeFor(h, dns.RcodeServerFailure, "www.example.test") },
			want:    Fail, findings: []string{"caa.lookup-failed"},
		},
		{
			name: "SERVFAIL above records ignored", target: "www.example.test", ca: "sectigo",
			records: []string{`www.example.test. CAA 0 issue "sectigo.com"`},
			wrap:    func(h dns.Handler) dns.Handler { return rcodeFor(h, dns.RcodeServerFailure, "test") },
			want:    Pass, findings: []string{"caa.allowed"},
		},
		{
			name: "REFUSED blocks", target: "www.example.test", ca: "sectigo",
			wrap: func(h dns.Handler) dns.Handler { return rcodeFor(h, dns.RcodeRefused, "example.test") },
			want: Fail, findings: []string{"caa.lookup-failed"},
		},
		{
			name: "NXDOMAIN means none", target: "nope.example.test", ca: "sectigo",
			records: []string{`other.test. A 192.0.2.1`},
			want:    Pass, findings: []string{"caa.none"},
		},
		{
			name: "CNAME loop blocks", target: "www.example.test", ca: "sectigo",
			records: []string{`www.example.test. CNAME a.example.test.`, `a.example.test. CNAME www.example.test.`},
			want:    Fail, findings: []string{"caa.lookup-failed"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			env := dnsEnv(caaResolver(t, tc.wrap, tc.records...))
			target, err := ParseTarget(tc.target)
			if err != nil {
				t.Fatal(err)
			}
			target.Intent.CA = tc.ca
			r := CAA{}.Run(context.Background(), target, env)
			if r.Status != tc.want {
				t.Errorf("status %s, want %s; findings %v, err %q", r.Status, tc.want, r.Findings, r.Err)
			}
			ids := findingIDs(r)
			for _, id := range tc.findings {
				if !slices.Contains(ids, id) {
					t.Errorf("finding %s missing; got %v", id, r.Findings)
				}
			}
			if tc.fix != "" {
				found := false
				for _, f := range r.Findings {
					if fix, ok := f.Evidence["fix"].([]string); ok && slices.Contains(fix, tc.fix) {
						found = true
					}
				}
				if !found {
					t.Errorf("no fix %q in %v", tc.fix, r.Findings)
				}
			}
			d, ok := r.Details.(*CAADetails)
			if !ok {
				t.Fatalf("details %T", r.Details)
			}
			if tc.foundAt != "" && d.FoundAt != tc.foundAt {
				t.Errorf("found at %q, want %q", d.FoundAt, tc.foundAt)
			}
		})
	}
}

func TestCAAParameters(t *testing.T) {
	issuer, params, err := parseIssuerValue(" letsencrypt.org ; accounturi=https://a.test/acct/1;validationmethods=dns-01,http-01 ")
	if err != nil || issuer != "letsencrypt.org" || params["accounturi"] != "https://a.test/acct/1" || params["validationmethods"] != "dns-01,http-01" {
		t.Errorf("got %q %v %v", issuer, params, err)
	}
	if _, _, err := parseIssuerValue("ca.test; key"); err == nil {
		t.Error("parameter without = accepted")
	}
	if issuer, _, err := parseIssuerValue(";"); err != nil || issuer != "" {
		t.Errorf(`";" gave %q %v`, issuer, err)
	}
}

func TestCAADeadResolverCostsOneDeadline(t *testing.T) {
	good := caaResolver(t, nil, `example.test. CAA 0 issue "sectigo.com"`)
	env := dnsEnv(silentDNS(t), good)
	target, _ := ParseTarget("a.b.c.example.test")
	target.Intent.CA = "sectigo"
	start := time.Now()
	r := CAA{}.Run(context.Background(), target, env)
	elapsed := time.Since(start)
	if r.Status != Pass {
		t.Fatalf("status %s: %v %s", r.Status, r.Findings, r.Err)
	}
	d := r.Details.(*CAADetails)
	if len(d.Unreachable) != 1 {
		t.Errorf("unreachable %v, want the silent resolver", d.Unreachable)
	}
	// Five levels on the dead resolver, asked concurrently: one deadline,
	// not five (a generous bound, far below 5 × the timeout).
	if elapsed > 3*testDNSTimeout {
		t.Errorf("took %v, want about one DNS timeout (%v)", elapsed, testDNSTimeout)
	}
}

func TestCAAAllResolversDeadIsError(t *testing.T) {
	t.Parallel()
	env := dnsEnv(silentDNS(t), silentDNS(t))
	target, _ := ParseTarget("example.test")
	r := CAA{}.Run(context.Background(), target, env)
	if r.Status != Error {
		t.Fatalf("status %s, want error", r.Status)
	}
}

func TestCAAResolversDisagree(t *testing.T) {
	a := caaResolver(t, nil, `example.test. CAA 0 issue "sectigo.com"`)
	b := caaResolver(t, nil, `example.test. CAA 0 issue "letsencrypt.org"`)
	env := dnsEnv(a, b)
	target, _ := ParseTarget("example.test")
	target.Intent.CA = "sectigo"
	r := CAA{}.Run(context.Background(), target, env)
	if r.Status != Fail {
		t.Errorf("status %s, want fail (one resolver's view blocks)", r.Status)
	}
	if _, ok := findFinding(r, "caa.resolvers-disagree"); !ok {
		t.Errorf("no caa.resolvers-disagree in %v", r.Findings)
	}
	if d := r.Details.(*CAADetails); len(d.Views) != 2 {
		t.Errorf("views %d, want 2", len(d.Views))
	}
}

func TestCAAHostileServers(t *testing.T) {
	t.Parallel()
	good := caaResolver(t, nil, `example.test. CAA 0 issue "sectigo.com"`)
	garbage := startRaw(t, func(q []byte) []byte { return []byte("\x00\x01garbage that is not DNS") })
	wrongID := startRaw(t, func(q []byte) []byte {
		m := new(dns.Msg)
		if m.Unpack(q) != nil {
			return nil
		}
		r := new(dns.Msg)
		r.SetReply(m)
		r.Id = m.Id + 1
		out, _ := r.Pack()
		return out
	})
	for name, addr := range map[string]string{"garbage": garbage, "wrong id": wrongID} {
		t.Run(name, func(t *testing.T) {
			env := dnsEnv(addr, good)
			target, _ := ParseTarget("example.test")
			target.Intent.CA = "sectigo"
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			r := CAA{}.Run(ctx, target, env)
			if r.Status != Pass {
				t.Errorf("status %s: %v", r.Status, r.Findings)
			}
			if d := r.Details.(*CAADetails); len(d.Unreachable) != 1 {
				t.Errorf("unreachable %v", d.Unreachable)
			}
		})
	}
}

func TestCAAIPTargetSkipped(t *testing.T) {
	target, _ := ParseTarget("192.0.2.1")
	if r := (CAA{}).Run(context.Background(), target, dnsEnv()); r.Status != Skip {
		t.Errorf("status %s", r.Status)
	}
}

func TestCAAFixForTrustAsiaAddsEveryHierarchy(t *testing.T) {
	env := dnsEnv(caaResolver(t, nil, `example.test. CAA 0 issue "letsencrypt.org"`))
	target, _ := ParseTarget("*.example.test")
	target.Intent.CA = "trustasia"
	r := CAA{}.Run(context.Background(), target, env)
	f, ok := findFinding(r, "caa.not-allowed")
	if !ok {
		t.Fatalf("no not-allowed: %v", r.Findings)
	}
	fix := strings.Join(f.Evidence["fix"].([]string), "\n")
	for _, id := range []string{"sectigo.com", "digicert.com", "trustasia.com"} {
		for _, tag := range []string{"issue", "issuewild"} {
			if want := fmt.Sprintf("example.test. IN CAA 0 %s %q", tag, id); !strings.Contains(fix, want) {
				t.Errorf("fix lacks %s:\n%s", want, fix)
			}
		}
	}
}

// dropFor never answers queries for the names given.
func dropFor(h dns.Handler, names ...string) dns.Handler {
	return handlerFunc(func(w dns.ResponseWriter, r *dns.Msg) {
		if len(r.Question) == 1 && slices.Contains(names, strings.TrimSuffix(r.Question[0].Name, ".")) {
			return
		}
		h.ServeDNS(w, r)
	})
}

func TestCAATimeoutOnOneResolver(t *testing.T) {
	t.Parallel()
	rec := `example.test. CAA 0 issue "sectigo.com"`
	flaky := caaResolver(t, func(h dns.Handler) dns.Handler { return dropFor(h, "www.example.test") }, rec)
	good := caaResolver(t, nil, rec)
	target, _ := ParseTarget("www.example.test")
	target.Intent.CA = "sectigo"

	r := CAA{}.Run(context.Background(), target, dnsEnv(flaky, good))
	if r.Status != Warn {
		t.Errorf("one resolver timing out while another answers: status %s, want warn; %v", r.Status, r.Findings)
	}
	f, ok := findFinding(r, "caa.lookup-failed")
	if !ok || f.Severity != Warn {
		t.Errorf("lookup-failed %+v", f)
	}

	r = CAA{}.Run(context.Background(), target, dnsEnv(flaky))
	if r.Status != Fail {
		t.Errorf("the only resolver timing out below the records: status %s, want fail", r.Status)
	}
}

func TestCAAManyDeadResolvers(t *testing.T) {
	good := caaResolver(t, nil, `example.test. CAA 0 issue "sectigo.com"`)
	addrs := []string{good}
	for range 20 { // more than Limits.Workers
		addrs = append(addrs, silentDNS(t))
	}
	env := dnsEnv(addrs...)
	target, _ := ParseTarget("a.b.c.d.example.test")
	target.Intent.CA = "sectigo"
	start := time.Now()
	r := CAA{}.Run(context.Background(), target, env)
	if r.Status != Pass {
		t.Errorf("status %s", r.Status)
	}
	if el := time.Since(start); el > 3*testDNSTimeout {
		t.Errorf("took %v with 20 dead resolvers, want about one DNS timeout", el)
	}
}
