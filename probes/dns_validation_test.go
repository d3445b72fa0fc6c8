package probes

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/miekg/dns"

	"padlock/i18n"
	"padlock/internal/dnstest"
)

const (
	dvName  = "_dnsauth.example.test"
	dvValue = "2025abcdef0123456789"
)

// zoneBase is the example.test zone: SOA, two nameservers on 127.0.0.53
// and 127.0.0.54.
func zoneBase(serial string) []string {
	return []string{
		"example.test. 300 IN SOA ns1.example.test. host.example.test. " + serial + " 7200 900 1209600 60",
		"example.test. 300 IN NS ns1.example.test.",
		"example.test. 300 IN NS ns2.example.test.",
		"ns1.example.test. 300 IN A 127.0.0.53",
		"ns2.example.test. 300 IN A 127.0.0.54",
		"www.example.test. 300 IN A 192.0.2.10",
	}
}

// dvSetup describes the servers of one test.
// agreed is a setup where both nameservers and the one resolver hold rrs.
func agreed(rrs ...string) dvSetup {
	return dvSetup{ns1: rrs, ns2: rrs, resolvers: [][]string{rrs}}
}

type dvSetup struct {
	ns1, ns2  []string      // records beyond zoneBase on each nameserver
	serial2   string        // ns2's serial ("1" when empty)
	resolvers [][]string    // records beyond zoneBase on each resolver
	extra     []string      // extra resolver addresses (hostile ones)
	nsHandler []dns.Handler // replaces a nameserver's zone when set
}

func (s dvSetup) env(t *testing.T) *Env {
	t.Helper()
	var addrs []string
	for _, recs := range s.resolvers {
		z := dnstest.MustZone("example.test.", append(zoneBase("1"), recs...)...)
		z.Recursion = true
		addrs = append(addrs, startDNS(t, z))
	}
	env := dnsEnv(append(addrs, s.extra...)...)
	s.mapNameservers(t, env)
	return env
}

// mapNameservers starts ns1 and ns2 and maps 127.0.0.53/54:53 to them.
func (s dvSetup) mapNameservers(t *testing.T, env *Env) {
	t.Helper()
	serial2 := s.serial2
	if serial2 == "" {
		serial2 = "1"
	}
	for i, recs := range [][]string{s.ns1, s.ns2} {
		serial := map[int]string{0: "1", 1: serial2}[i]
		var h dns.Handler = dnstest.MustZone("example.test.", append(zoneBase(serial), recs...)...)
		if i < len(s.nsHandler) && s.nsHandler[i] != nil {
			h = s.nsHandler[i]
		}
		mapDNS(env, []string{"127.0.0.53", "127.0.0.54"}[i], startDNS(t, h))
	}
}

func txt(name, value string, ttl int) string {
	return name + ". " + itoa(ttl) + " IN TXT " + `"` + value + `"`
}

func itoa(n int) string { return strconv.Itoa(n) }

func fmtInt(n int) string { return strconv.Itoa(n) }

func runDV(t *testing.T, env *Env, typ, name, value string) Result {
	t.Helper()
	target, err := ParseTarget("example.test")
	if err != nil {
		t.Fatal(err)
	}
	target.Intent.DNSRecords = []DNSExpectation{{Name: name, Type: typ, Value: value}}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return DNSValidation{}.Run(ctx, target, env)
}

func TestDNSValidation(t *testing.T) {
	good := txt(dvName, dvValue, 300)
	for _, tc := range []struct {
		name     string
		setup    dvSetup
		typ      string
		value    string
		want     Status
		findings []string
	}{
		{
			name:  "all right",
			setup: dvSetup{ns1: []string{good}, ns2: []string{good}, resolvers: [][]string{{good}, {good}}},
			want:  Pass, findings: []string{"dns-validation.found"},
		},
		{
			name:  "resolver stale",
			setup: dvSetup{ns1: []string{good}, ns2: []string{good}, resolvers: [][]string{{good}, {txt(dvName, "old-value", 600)}}},
			want:  Warn, findings: []string{"dns-validation.resolver-stale"},
		},
		{
			name:  "resolver negative cache",
			setup: dvSetup{ns1: []string{good}, ns2: []string{good}, resolvers: [][]string{{good}, nil}},
			want:  Warn, findings: []string{"dns-validation.resolver-missing"},
		},
		{
			name:  "missing everywhere",
			setup: dvSetup{resolvers: [][]string{nil, nil}},
			want:  Fail, findings: []string{"dns-validation.missing"},
		},
		{
			name:  "authoritative servers disagree and serials differ",
			setup: dvSetup{ns1: []string{good}, serial2: "2", resolvers: [][]string{{good}}},
			want:  Fail, findings: []string{"dns-validation.authoritative-disagree", "dns-validation.serial-mismatch", "dns-validation.missing"},
		},
		{
			name: "name doubled",
			setup: dvSetup{
				ns1: []string{txt(dvName+".example.test", dvValue, 300)}, ns2: []string{txt(dvName+".example.test", dvValue, 300)},
				resolvers: [][]string{nil},
			},
			want: Fail, findings: []string{"dns-validation.name-doubled"},
		},
		{
			name:  "value quoted",
			setup: dvSetup{ns1: []string{txt(dvName, `\"`+dvValue+`\"`, 300)}, ns2: []string{txt(dvName, " "+dvValue, 300)}, resolvers: [][]string{nil}},
			want:  Fail, findings: []string{"dns-validation.value-quoted"},
		},
		{
			name:  "wrong value",
			setup: dvSetup{ns1: []string{txt(dvName, "typo", 300)}, ns2: []string{txt(dvName, "typo", 300)}, resolvers: [][]string{nil}},
			want:  Fail, findings: []string{"dns-validation.wrong-value"},
		},
		{
			name:  "old value beside the new one",
			setup: agreed(good, txt(dvName, "from-last-year", 300)),
			want:  Warn, findings: []string{"dns-validation.extra-values"},
		},
		{
			name: "wildcard answers",
			setup: dvSetup{
				ns1: []string{txt("*.example.test", "v=spf1 -all", 300)}, ns2: []string{txt("*.example.test", "v=spf1 -all", 300)},
				resolvers: [][]string{nil},
			},
			want: Fail, findings: []string{"dns-validation.wildcard"},
		},
		{
			name:  "wildcard CNAME answers a TXT name",
			setup: agreed("*.example.test. 300 IN CNAME www.example.test."),
			want:  Fail, findings: []string{"dns-validation.wildcard"},
		},
		{
			name:  "CNAME where TXT asked",
			setup: agreed(dvName + ". 300 IN CNAME www.example.test."),
			want:  Fail, findings: []string{"dns-validation.wrong-type"},
		},
		{
			name:  "TXT where CNAME asked",
			setup: dvSetup{ns1: []string{txt(dvName, "dcv.ca.test", 300)}, ns2: []string{txt(dvName, "dcv.ca.test", 300)}, resolvers: [][]string{nil}},
			typ:   "CNAME", value: "dcv.ca.test",
			want: Fail, findings: []string{"dns-validation.wrong-type"},
		},
		{
			name:  "correct CNAME",
			setup: agreed(dvName + ". 300 IN CNAME www.example.test."),
			typ:   "CNAME", value: "www.example.test.",
			want: Pass, findings: []string{"dns-validation.found"},
		},
		{
			name:  "CNAME to nowhere",
			setup: agreed(dvName + ". 300 IN CNAME gone.example.test."),
			typ:   "CNAME", value: "gone.example.test",
			want: Warn, findings: []string{"dns-validation.cname-target-missing"},
		},
		{
			name:  "TXT delegated by CNAME",
			setup: agreed(dvName+". 300 IN CNAME acme.example.test.", txt("acme.example.test", dvValue, 300)),
			want:  Pass, findings: []string{"dns-validation.cname-delegated"},
		},
		{
			name: "TXT delegated by CNAME with a wrong value",
			setup: dvSetup{
				ns1:       []string{dvName + ". 300 IN CNAME acme.example.test.", txt("acme.example.test", "stale", 300)},
				ns2:       []string{dvName + ". 300 IN CNAME acme.example.test.", txt("acme.example.test", "stale", 300)},
				resolvers: [][]string{nil},
			},
			want: Fail, findings: []string{"dns-validation.wrong-value"},
		},
		{
			name:  "TXT delegated to a missing name",
			setup: agreed(dvName + ". 300 IN CNAME acme.example.test."),
			want:  Fail, findings: []string{"dns-validation.cname-target-missing"},
		},
		{
			name: "record at the wrong name",
			setup: dvSetup{
				ns1: []string{txt("example.test", dvValue, 300)}, ns2: []string{txt("example.test", dvValue, 300)},
				resolvers: [][]string{nil},
			},
			want: Fail, findings: []string{"dns-validation.wrong-name"},
		},
		{
			name: "one nameserver answers SERVFAIL",
			setup: dvSetup{ns1: []string{good}, resolvers: [][]string{{good}},
				nsHandler: []dns.Handler{nil, handlerFunc(func(w dns.ResponseWriter, r *dns.Msg) {
					m := new(dns.Msg)
					m.SetRcode(r, dns.RcodeServerFailure)
					w.WriteMsg(m) //nolint:errcheck
				})}},
			want: Warn, findings: []string{"dns-validation.server-unreachable"},
		},
		{
			name:  "CNAME loop",
			setup: agreed(dvName+". 300 IN CNAME a.example.test.", "a.example.test. 300 IN CNAME "+dvName+"."),
			want:  Fail, findings: []string{"dns-validation.cname-loop"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			typ, value := tc.typ, tc.value
			if typ == "" {
				typ, value = "TXT", dvValue
			}
			r := runDV(t, tc.setup.env(t), typ, dvName, value)
			if r.Status != tc.want {
				t.Errorf("status %s, want %s; findings %v; err %q", r.Status, tc.want, r.Findings, r.Err)
			}
			ids := findingIDs(r)
			for _, id := range tc.findings {
				if !slices.Contains(ids, id) {
					t.Errorf("finding %s missing; got %v", id, r.Findings)
				}
			}
		})
	}
}

func TestDNSValidationDetails(t *testing.T) {
	good := txt(dvName, dvValue, 300)
	env := dvSetup{ns1: []string{good}, ns2: []string{good}, resolvers: [][]string{{txt(dvName, "old", 600)}}}.env(t)
	r := runDV(t, env, "TXT", dvName, dvValue)
	d := r.Details.(*DNSValidationDetails)
	if len(d.Records) != 1 {
		t.Fatalf("records %d", len(d.Records))
	}
	rc := d.Records[0]
	if rc.Zone != "example.test" || len(rc.Nameservers) != 2 {
		t.Errorf("zone %q nameservers %v", rc.Zone, rc.Nameservers)
	}
	var digs []string
	for _, a := range rc.Answers {
		digs = append(digs, a.Dig)
		if a.Role == roleAuthoritative && (a.Serial != 1 || a.Status != answerMatch || a.TTL != 300) {
			t.Errorf("authoritative answer %+v", a)
		}
		if a.Role == roleResolver && (a.Status != answerWrong || a.TTL != 600) {
			t.Errorf("resolver answer %+v", a)
		}
	}
	if !slices.Contains(digs, "dig +norecurse @ns1.example.test _dnsauth.example.test TXT") {
		t.Errorf("digs %q", digs)
	}
	f, ok := findFinding(r, "dns-validation.resolver-stale")
	if !ok || f.Evidence["catch_up"] != i18n.T("10 min", "10 分钟") {
		t.Errorf("stale finding %+v", f)
	}
}

func TestDNSValidationSkippedWithoutRecords(t *testing.T) {
	target, _ := ParseTarget("example.test")
	if r := (DNSValidation{}).Run(context.Background(), target, dnsEnv()); r.Status != Skip {
		t.Errorf("status %s", r.Status)
	}
}

func TestDNSValidationNoServerIsError(t *testing.T) {
	env := dnsEnv(silentDNS(t))
	start := time.Now()
	r := runDV(t, env, "TXT", dvName, dvValue)
	if r.Status != Error {
		t.Errorf("status %s, want error", r.Status)
	}
	if time.Since(start) > 5*testDNSTimeout {
		t.Errorf("took %v", time.Since(start))
	}
}

// TestDNSValidationHostileResolvers: each misbehaving resolver costs at
// most one deadline and becomes an unreachable resolver, never a hang.
func TestDNSValidationHostileResolvers(t *testing.T) {
	good := txt(dvName, dvValue, 300)
	// Truncated over UDP, and TCP refused.
	truncOnly, err := dnstest.StartWith(handlerFunc(func(w dns.ResponseWriter, r *dns.Msg) {
		m := new(dns.Msg)
		m.SetReply(r)
		m.Truncated = true
		w.WriteMsg(m) //nolint:errcheck
	}), dnstest.Options{NoTCP: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(truncOnly.Close)
	garbage := startRaw(t, func([]byte) []byte { return []byte{0xde, 0xad, 0xbe, 0xef} })
	wrongID := startRaw(t, func(q []byte) []byte {
		m := new(dns.Msg)
		if m.Unpack(q) != nil {
			return nil
		}
		m.Response, m.Id = true, m.Id^0xffff
		out, _ := m.Pack()
		return out
	})
	late := silentDNS(t) // an answer after 30 s is no answer within the deadline

	setup := dvSetup{ns1: []string{good}, ns2: []string{good}, resolvers: [][]string{{good}},
		extra: []string{truncOnly.Addr, garbage, wrongID, late}}
	start := time.Now()
	r := runDV(t, setup.env(t), "TXT", dvName, dvValue)
	if r.Status != Pass {
		t.Errorf("status %s: %v", r.Status, r.Findings)
	}
	f, ok := findFinding(r, "dns-validation.resolver-unreachable")
	if !ok || len(f.Evidence["resolvers"].([]string)) != 4 {
		t.Errorf("unreachable finding %+v", f)
	}
	if el := time.Since(start); el > 4*testDNSTimeout {
		t.Errorf("took %v: hostile resolvers should cost one deadline, concurrently", el)
	}
}

// TestDNSValidationLargeTXTOverTCP: a 50 KB TXT RRset is truncated over
// UDP and fetched over TCP.
func TestDNSValidationLargeTXTOverTCP(t *testing.T) {
	var recs []string
	recs = append(recs, txt(dvName, dvValue, 300))
	for i := range 200 {
		recs = append(recs, txt(dvName, strings.Repeat("x", 240)+fmtInt(i), 300))
	}
	z := dnstest.MustZone("example.test.", append(zoneBase("1"), recs...)...)
	truncating := handlerFunc(func(w dns.ResponseWriter, r *dns.Msg) {
		if !isUDP(w) {
			z.ServeDNS(w, r)
			return
		}
		rec := &recorder{ResponseWriter: w}
		z.ServeDNS(rec, r)
		rec.msg.Truncate(1232)
		w.WriteMsg(rec.msg) //nolint:errcheck
	})
	setup := dvSetup{nsHandler: []dns.Handler{truncating, truncating}, resolvers: [][]string{recs}}
	r := runDV(t, setup.env(t), "TXT", dvName, dvValue)
	if r.Status != Warn {
		t.Fatalf("status %s: %v %s", r.Status, findingIDs(r), r.Err)
	}
	if _, ok := findFinding(r, "dns-validation.extra-values"); !ok {
		t.Errorf("findings %v", findingIDs(r))
	}
	d := r.Details.(*DNSValidationDetails)
	for _, a := range d.Records[0].Answers {
		if a.Role == roleAuthoritative && len(a.Values) != 201 {
			t.Errorf("%s: %d values, want 201 over TCP", a.Server, len(a.Values))
		}
	}
}

type recorder struct {
	dns.ResponseWriter
	msg *dns.Msg
}

func (r *recorder) WriteMsg(m *dns.Msg) error { r.msg = m; return nil }

// BenchmarkDNSValidationConcurrent: eight servers each answering after
// 50 ms; the probe takes about 50 ms per phase, not 8 × 50 ms.
func BenchmarkDNSValidationConcurrent(b *testing.B) {
	const delay = 50 * time.Millisecond
	good := txt(dvName, dvValue, 300)
	slow := func(h dns.Handler) dns.Handler {
		return handlerFunc(func(w dns.ResponseWriter, r *dns.Msg) {
			time.Sleep(delay) // the server's own latency
			h.ServeDNS(w, r)
		})
	}
	var resolvers []Resolver
	for i := range 6 {
		z := dnstest.MustZone("example.test.", append(zoneBase("1"), good)...)
		z.Recursion = true
		resolvers = append(resolvers, Resolver{Addr: startDNS(b, slow(z)), Label: "slow " + fmtInt(i)})
	}
	env := NewEnv(resolvers, nil)
	env.Limits.DNSTimeout = 2 * time.Second
	for _, ip := range []string{"127.0.0.53", "127.0.0.54"} {
		mapDNS(env, ip, startDNS(b, slow(dnstest.MustZone("example.test.", append(zoneBase("1"), good)...))))
	}
	target, _ := ParseTarget("example.test")
	target.Intent.DNSRecords = []DNSExpectation{{Name: dvName, Type: "TXT", Value: dvValue}}
	b.ResetTimer()
	for b.Loop() {
		r := DNSValidation{}.Run(context.Background(), target, env)
		if r.Status != Pass {
			b.Fatalf("status %s", r.Status)
		}
	}
	b.ReportMetric(float64(delay.Milliseconds()), "ms/server")
}

// BenchmarkCAAConcurrent: nine slow resolvers × four levels.
func BenchmarkCAAConcurrent(b *testing.B) {
	const delay = 50 * time.Millisecond
	var resolvers []Resolver
	for i := range 9 {
		z := dnstest.MustZone("test.", caaSOA, `example.test. CAA 0 issue "sectigo.com"`)
		z.Recursion = true
		h := handlerFunc(func(w dns.ResponseWriter, r *dns.Msg) { time.Sleep(delay); z.ServeDNS(w, r) })
		resolvers = append(resolvers, Resolver{Addr: startDNS(b, h), Label: "slow " + fmtInt(i)})
	}
	env := NewEnv(resolvers, nil)
	env.Limits.DNSTimeout = 2 * time.Second
	target, _ := ParseTarget("a.b.example.test")
	target.Intent.CA = "sectigo"
	b.ResetTimer()
	for b.Loop() {
		if r := (CAA{}).Run(context.Background(), target, env); r.Status != Pass {
			b.Fatalf("status %s", r.Status)
		}
	}
	b.ReportMetric(float64(delay.Milliseconds()), "ms/server")
}

// TestDNSValidationDeadFirstResolver: a black-hole resolver listed first
// costs one deadline for the whole probe, not one per lookup.
func TestDNSValidationDeadFirstResolver(t *testing.T) {
	good := txt(dvName, dvValue, 300)
	z := dnstest.MustZone("example.test.", append(zoneBase("1"), good)...)
	z.Recursion = true
	env := dnsEnv(silentDNS(t), startDNS(t, z))
	dvSetup{ns1: []string{good}, ns2: []string{good}}.mapNameservers(t, env)
	start := time.Now()
	r := runDV(t, env, "TXT", dvName, dvValue)
	if r.Status != Pass {
		t.Errorf("status %s: %v", r.Status, findingIDs(r))
	}
	if el := time.Since(start); el > 3*testDNSTimeout {
		t.Errorf("took %v, want about one DNS timeout (%v)", el, testDNSTimeout)
	}
}

// TestDNSProbesStopAtDeadline: both probes return promptly when their
// context ends, even while every server is silent.
func TestDNSProbesStopAtDeadline(t *testing.T) {
	env := dnsEnv(silentDNS(t), silentDNS(t))
	env.Limits.DNSTimeout = time.Minute // only the context can stop them
	target, _ := ParseTarget("a.b.example.test")
	target.Intent.DNSRecords = []DNSExpectation{{Name: dvName, Type: "TXT", Value: dvValue}}
	for _, p := range []Probe{CAA{}, DNSValidation{}} {
		ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
		start := time.Now()
		r := p.Run(ctx, target, env)
		cancel()
		if el := time.Since(start); el > 2*time.Second {
			t.Errorf("%s took %v after a 200ms deadline", p.Describe().ID, el)
		}
		if r.Status != Error {
			t.Errorf("%s: status %s, want error", p.Describe().ID, r.Status)
		}
	}
}

// Glue in the NS answer is held to Limits.MaxAddresses like addresses
// looked up one by one: a resolver handing out 24 addresses for one
// nameserver does not make the probe query all of them.
func TestDNSValidationGlueCapped(t *testing.T) {
	z := dnstest.MustZone("example.test.", append(zoneBase("1"), txt(dvName, dvValue, 300))...)
	z.Recursion = true
	withGlue := handlerFunc(func(w dns.ResponseWriter, r *dns.Msg) {
		rec := &recorder{ResponseWriter: w}
		z.ServeDNS(rec, r)
		m := rec.msg
		if m != nil && r.Question[0].Qtype == dns.TypeNS && m.Rcode == dns.RcodeSuccess {
			for i := range 24 {
				a, _ := dns.NewRR("ns1.example.test. 300 IN A 127.0.1." + itoa(i+1))
				m.Extra = append(m.Extra, a)
			}
		}
		w.WriteMsg(m)
	})
	env := dnsEnv(startDNS(t, withGlue))
	dvSetup{ns1: []string{txt(dvName, dvValue, 300)}, ns2: []string{txt(dvName, dvValue, 300)}}.mapNameservers(t, env)
	r := runDV(t, env, "TXT", dvName, dvValue)
	d, ok := r.Details.(*DNSValidationDetails)
	if !ok || len(d.Records) != 1 {
		t.Fatalf("details %#v", r.Details)
	}
	limit := env.limits().MaxAddresses
	if len(d.Records[0].Nameservers) == 0 {
		t.Fatalf("no nameservers found: %v %v", r.Findings, r.Err)
	}
	for _, ns := range d.Records[0].Nameservers {
		if len(ns.Addrs) > limit {
			t.Errorf("%s: %d addresses queried, limit %d", ns.Name, len(ns.Addrs), limit)
		}
	}
}

// What the user typed is cleaned the way the CA reads it, and said so.
func TestCleanExpectations(t *testing.T) {
	for _, tc := range []struct {
		in       DNSExpectation
		want     DNSExpectation
		findings string
	}{
		{DNSExpectation{"_dnsauth.example.com", "TXT", `"abc123"`}, DNSExpectation{"_dnsauth.example.com", "TXT", "abc123"}, "dns-validation.input-quoted"},
		{DNSExpectation{"_dnsauth.example.com", "TXT", " “abc123” "}, DNSExpectation{"_dnsauth.example.com", "TXT", "abc123"}, "dns-validation.input-quoted"},
		{DNSExpectation{"_dnsauth.example.com.example.com", "TXT", "abc123"}, DNSExpectation{"_dnsauth.example.com", "TXT", "abc123"}, "dns-validation.input-doubled"},
		{DNSExpectation{"_dnsauth.shop.example.co.uk.example.co.uk.", "TXT", "'x'"}, DNSExpectation{"_dnsauth.shop.example.co.uk", "TXT", "x"}, "dns-validation.input-quoted dns-validation.input-doubled"},
		{DNSExpectation{"_dnsauth.example.com", "TXT", "abc123"}, DNSExpectation{"_dnsauth.example.com", "TXT", "abc123"}, ""},
		{DNSExpectation{"_acme.com.example.com", "TXT", "v"}, DNSExpectation{"_acme.com.example.com", "TXT", "v"}, ""},
	} {
		got, fs := cleanExpectations([]DNSExpectation{tc.in})
		var ids []string
		for _, f := range fs {
			ids = append(ids, f.ID)
			if v, _ := f.Evidence["expected"].(string); strings.ContainsAny(v, `"'“”`) {
				t.Errorf("%v: quotes leak into the value checked: %q", tc.in, v)
			}
		}
		if got[0] != tc.want || strings.Join(ids, " ") != tc.findings {
			t.Errorf("%+v: got %+v %v, want %+v %q", tc.in, got[0], ids, tc.want, tc.findings)
		}
	}
}
