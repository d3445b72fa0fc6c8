// The dns-validation probe: its descriptor and details, and Run, which checks
// each expected record (queries in dns_validation_query.go, judgement in
// dns_validation_diagnose.go).

package probes

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/miekg/dns"
	"golang.org/x/net/publicsuffix"

	"padlock/i18n"
	"padlock/rules"
)

// DNSValidation is the dns-validation probe: does each validation TXT or
// CNAME record the CA asked for (Intent.DNSRecords) carry the expected value
// on every address of every authoritative nameserver (asked directly, with
// recursion off, SOA serials compared) and on the Env's resolvers? It
// recognises the mistakes people make: the zone name doubled, the wrong
// name or type, quotes around the value, an old value beside the new one,
// a wildcard answering instead, a CNAME to nowhere, a cached old value.
type DNSValidation struct{}

// IDDNSValidation is the dns-validation probe's public id.
const IDDNSValidation = "dns-validation"

// dnsValidationDescriptor describes the dns-validation probe; its findings are explained in
// rules/dns_validation.go.
var dnsValidationDescriptor = Descriptor{
	ID:    IDDNSValidation,
	Title: i18n.T("DNS validation record", "DNS 验证记录"),
	What: i18n.T("Whether the validation record the CA asked for has the expected value, on the authoritative servers and on public resolvers.",
		"CA 要求添加的验证记录，在权威服务器和各地公共解析器上是否都是预期的值。"),
	Why: i18n.T("The CA looks the record up itself; a typo, a stale cache or the wrong zone makes validation fail.",
		"CA 会自己去查这条记录；拼写错误、缓存未更新或加错了区域都会导致验证失败。"),
	Findings: rules.DNSValidationEntries(),
	Scenarios: []Scenario{
		{Host: "dns-missing", Status: Fail, Finding: "dns-validation.missing"},
		{Host: "dns-typed-quotes", Status: Pass, Finding: "dns-validation.input-quoted"},
	},
}

// Describe returns the dns-validation probe's descriptor.
func (DNSValidation) Describe() Descriptor { return dnsValidationDescriptor }

// Server roles.
const (
	roleAuthoritative = "authoritative"
	roleResolver      = "resolver"
)

// Answer statuses, per server.
const (
	answerMatch   = "match"   // the expected value is there
	answerQuoted  = "quoted"  // there, but with quotes or spaces around it
	answerWrong   = "wrong"   // values, none of them the expected one
	answerMissing = "missing" // no record of the type (NODATA or NXDOMAIN)
	answerLoop    = "loop"    // the CNAME chain loops
	answerError   = "error"   // no usable answer (timeout, SERVFAIL, garbage)
)

// ServerAnswer is what one server said about one validation record.
type ServerAnswer struct {
	// Server names it: the nameserver's host name or the resolver's label.
	Server string `json:"server"`
	Addr   string `json:"addr"`
	Role   string `json:"role"`
	Rcode  string `json:"rcode,omitempty"`
	// Values are the TXT strings (each record's strings joined) or the
	// CNAME target found.
	Values []string `json:"values,omitempty"`
	// CNAME is the chain followed from the name, when there is one.
	CNAME []string `json:"cname,omitempty"`
	// TTL is the answer's TTL in seconds (the negative-caching TTL from the
	// SOA when the record is missing).
	TTL uint32 `json:"ttl"`
	// Serial is the zone's SOA serial as this nameserver sees it.
	Serial uint32 `json:"soa_serial,omitempty"`
	Status string `json:"status"`
	Error  string `json:"error,omitempty"`
	// Dig is the command that reproduces the query.
	Dig string `json:"dig"`

	nxdomain bool
}

// Nameserver is one NS of the zone with its addresses.
type Nameserver struct {
	Name  string   `json:"name"`
	Addrs []string `json:"addrs"`
}

// RecordCheck is the check of one expected record.
type RecordCheck struct {
	Name        string         `json:"name"`
	Type        string         `json:"type"`
	Expected    string         `json:"expected"`
	Zone        string         `json:"zone,omitempty"`
	Nameservers []Nameserver   `json:"nameservers,omitempty"`
	Answers     []ServerAnswer `json:"answers"`
}

// DNSValidationDetails is the dns-validation probe's Result.Details.
type DNSValidationDetails struct {
	Records []RecordCheck `json:"records"`
}

// Run checks every expected record; records are checked concurrently.
func (DNSValidation) Run(ctx context.Context, t Target, env *Env) Result {
	if len(t.Intent.DNSRecords) == 0 {
		return Skipped(i18n.T("no validation record given (--dns-record NAME=VALUE or --dns-cname NAME=TARGET)",
			"未指定验证记录（用 --dns-record NAME=VALUE 或 --dns-cname NAME=TARGET 指定）"))
	}
	var typed []Finding
	t.Intent.DNSRecords, typed = cleanExpectations(t.Intent.DNSRecords)
	checks := make([]RecordCheck, len(t.Intent.DNSRecords))
	found := make([][]Finding, len(checks))
	reached := make([]bool, len(checks))
	var tasks []func()
	for i, exp := range t.Intent.DNSRecords {
		tasks = append(tasks, func() {
			c := &checker{env: env, t: t, exp: exp}
			checks[i], found[i], reached[i] = c.run(ctx)
		})
	}
	runBounded(len(tasks), tasks)
	details := &DNSValidationDetails{Records: checks}
	if !slices.Contains(reached, true) {
		n := countAnswers(checks)
		r := ErroredWith(i18n.T(fmt.Sprintf("no DNS server answered (%d tried)", n), fmt.Sprintf("没有任何 DNS 服务器应答（共尝试 %d 个）", n)),
			fmt.Errorf("dns-validation: no DNS server answered (%d authoritative and resolver addresses tried)", n))
		if ctx.Err() != nil {
			r = Errored(fmt.Errorf("dns-validation: %w", context.Cause(ctx)))
		}
		r.Details = details
		return r
	}
	findings := typed
	for _, fs := range found {
		findings = append(findings, fs...)
	}
	return Done(findings, details)
}

// cleanExpectations recognises the usual mistakes in what the user typed
// (a value pasted with its quotes, a name with the zone doubled by a DNS
// console), checks what the CA really wants, and says so.
func cleanExpectations(exps []DNSExpectation) ([]DNSExpectation, []Finding) {
	out := slices.Clone(exps)
	var findings []Finding
	for i, e := range out {
		if v := unquote(e.Value); v != e.Value {
			findings = append(findings, dnsValidationDescriptor.Finding("dns-validation.input-quoted", Evidence{
				"name": e.Name, "typed": e.Value, "expected": v}))
			out[i].Value = v
		}
		if n, ok := undoubled(e.Name); ok {
			findings = append(findings, dnsValidationDescriptor.Finding("dns-validation.input-doubled", Evidence{
				"typed": e.Name, "name": n}))
			out[i].Name = n
		}
	}
	return out, findings
}

// undoubled returns name without its registered domain written twice
// ("_dnsauth.example.com.example.com" is "_dnsauth.example.com").
func undoubled(name string) (string, bool) {
	name = strings.TrimSuffix(strings.ToLower(name), ".")
	zone, err := publicsuffix.EffectiveTLDPlusOne(name)
	if err != nil {
		return "", false
	}
	rest := strings.TrimSuffix(name, "."+zone)
	if rest != name && strings.HasSuffix(rest, "."+zone) {
		return rest, true
	}
	return "", false
}

func countAnswers(cs []RecordCheck) int {
	n := 0
	for _, c := range cs {
		n += len(c.Answers)
	}
	return n
}

// checker checks one expected record.
type checker struct {
	env *Env
	t   Target
	exp DNSExpectation
	// derived
	name  string
	qtype uint16
}

// server is one address to ask.
type server struct {
	name, addr, role string
}

func (c *checker) run(ctx context.Context) (RecordCheck, []Finding, bool) {
	c.name = validationName(c.exp.Name, c.t.Host)
	c.qtype = dns.TypeTXT
	if strings.EqualFold(c.exp.Type, "CNAME") {
		c.qtype = dns.TypeCNAME
	}
	check := RecordCheck{Name: c.name, Type: dns.TypeToString[c.qtype], Expected: c.exp.Value}
	var findings []Finding

	zone, nss, zerr := c.findZone(ctx)
	check.Zone, check.Nameservers = zone, nss
	var servers []server
	for _, ns := range nss {
		for _, a := range ns.Addrs {
			servers = append(servers, server{name: ns.Name, addr: a, role: roleAuthoritative})
		}
	}
	for _, r := range c.env.Resolvers {
		servers = append(servers, server{name: resolverName(r), addr: r.Addr, role: roleResolver})
	}
	answers := make([]ServerAnswer, len(servers))
	var tasks []func()
	for i, s := range servers {
		tasks = append(tasks, func() { answers[i] = c.ask(ctx, s, zone) })
	}
	runBounded(dnsWorkers(c.env, len(tasks)), tasks)
	check.Answers = answers

	var auth, res, deadAuth, deadRes []ServerAnswer
	for _, a := range answers {
		switch {
		case a.Role == roleAuthoritative && a.Status == answerError:
			deadAuth = append(deadAuth, a)
		case a.Role == roleAuthoritative:
			auth = append(auth, a)
		case a.Status == answerError:
			deadRes = append(deadRes, a)
		default:
			res = append(res, a)
		}
	}
	if len(auth) == 0 && len(res) == 0 {
		return check, nil, false
	}
	if zerr != nil {
		findings = append(findings, dnsValidationDescriptor.Finding("dns-validation.no-authoritative", Evidence{
			"name": c.name, "reason": zerr.Error(),
		}))
	}
	if len(deadAuth) > 0 {
		findings = append(findings, dnsValidationDescriptor.Finding("dns-validation.server-unreachable", Evidence{
			"name": c.name, "zone": zone, "servers": describe(deadAuth, true), "dig": deadAuth[0].Dig,
		}))
	}
	if len(deadRes) > 0 {
		findings = append(findings, dnsValidationDescriptor.Finding("dns-validation.resolver-unreachable", Evidence{
			"name": c.name, "resolvers": describe(deadRes, true),
		}))
	}
	findings = append(findings, c.serials(auth)...)

	// The authoritative servers decide; without them, the resolvers do.
	judged := auth
	if len(judged) == 0 {
		judged = res
	}
	if sigs := distinctAnswers(judged); len(auth) > 0 && len(sigs) > 1 {
		findings = append(findings, dnsValidationDescriptor.Finding("dns-validation.authoritative-disagree", Evidence{
			"name": c.name, "type": check.Type, "answers": describe(auth, false), "dig": auth[0].Dig,
		}))
	}
	var bad []ServerAnswer
	for _, a := range judged {
		if a.Status != answerMatch {
			bad = append(bad, a)
		}
	}
	if len(bad) > 0 {
		findings = append(findings, c.diagnose(ctx, bad, zone)...)
	} else {
		findings = append(findings, c.onMatch(ctx, judged)...)
		if len(auth) > 0 {
			findings = append(findings, c.lag(res)...)
		}
	}
	return check, findings, true
}

// validationName makes name absolute: a name without a dot is taken
// relative to host.
func validationName(name, host string) string {
	name = strings.TrimSuffix(strings.ToLower(strings.TrimSpace(name)), ".")
	if !strings.Contains(name, ".") {
		return name + "." + host
	}
	return name
}
