package probes

import (
	"context"
	"fmt"
	"net"
	"net/netip"
	"padlock/i18n"
	"padlock/rules"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/miekg/dns"
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
		return Skipped("no validation record given (--dns-record NAME=VALUE or --dns-cname NAME=TARGET)")
	}
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
		r := Errored(fmt.Errorf("dns-validation: no DNS server answered (%d authoritative and resolver addresses tried)", countAnswers(checks)))
		if ctx.Err() != nil {
			r = Errored(fmt.Errorf("dns-validation: %w", context.Cause(ctx)))
		}
		r.Details = details
		return r
	}
	var findings []Finding
	for _, fs := range found {
		findings = append(findings, fs...)
	}
	return Done(findings, details)
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

// findZone finds the zone cut above c.name (the owner of the SOA the
// resolvers return) and its nameservers' addresses.
func (c *checker) findZone(ctx context.Context) (string, []Nameserver, error) {
	zone := ""
	for _, name := range climbNames(c.name) {
		m, _, err := lookupAny(ctx, c.env, name, dns.TypeSOA)
		if err != nil {
			return "", nil, fmt.Errorf("finding the zone of %s: %w", c.name, err)
		}
		if z := soaOwner(m, name); z != "" {
			zone = z
			break
		}
		if ctx.Err() != nil {
			return "", nil, context.Cause(ctx)
		}
	}
	if zone == "" {
		return "", nil, fmt.Errorf("no SOA record found above %s", c.name)
	}
	m, _, err := lookupAny(ctx, c.env, zone, dns.TypeNS)
	if err != nil {
		return zone, nil, fmt.Errorf("NS of %s: %w", zone, err)
	}
	glue := map[string][]string{}
	for _, rr := range m.Extra {
		n := strings.ToLower(strings.TrimSuffix(rr.Header().Name, "."))
		for _, a := range AddrsOf(&dns.Msg{Answer: []dns.RR{rr}}) {
			glue[n] = append(glue[n], netip.AddrPortFrom(a, 53).String())
		}
	}
	var nss []Nameserver
	for _, rr := range m.Answer {
		if ns, ok := rr.(*dns.NS); ok && strings.EqualFold(ns.Hdr.Name, dns.Fqdn(zone)) {
			nss = append(nss, Nameserver{Name: strings.ToLower(strings.TrimSuffix(ns.Ns, "."))})
		}
	}
	if len(nss) == 0 {
		return zone, nil, fmt.Errorf("zone %s has no NS records", zone)
	}
	slices.SortFunc(nss, func(a, b Nameserver) int { return strings.Compare(a.Name, b.Name) })
	// Every nameserver's A and AAAA at once (glue when the NS answer had it).
	found := make([][2][]netip.Addr, len(nss))
	var tasks []func()
	maxAddrs := c.env.limits().MaxAddresses
	for i := range nss {
		if g := glue[nss[i].Name]; len(g) > 0 {
			if maxAddrs > 0 && len(g) > maxAddrs {
				g = g[:maxAddrs]
			}
			nss[i].Addrs = g
			continue
		}
		for j, qt := range []uint16{dns.TypeA, dns.TypeAAAA} {
			tasks = append(tasks, func() {
				if m, _, err := lookupAny(ctx, c.env, nss[i].Name, qt); err == nil {
					found[i][j] = AddrsOf(m)
				}
			})
		}
	}
	runBounded(c.env.limits().Workers, tasks)
	for i := range nss {
		for _, a := range slices.Concat(found[i][0], found[i][1]) {
			if maxAddrs > 0 && len(nss[i].Addrs) >= maxAddrs {
				break
			}
			nss[i].Addrs = append(nss[i].Addrs, netip.AddrPortFrom(a, 53).String())
		}
	}
	for _, ns := range nss {
		if len(ns.Addrs) > 0 {
			return zone, nss, nil
		}
	}
	return zone, nss, fmt.Errorf("no address found for the nameservers of %s", zone)
}

// soaOwner returns the owner of an SOA in m's answer or authority section
// that name lies under.
func soaOwner(m *dns.Msg, name string) string {
	if m.Rcode != dns.RcodeSuccess && m.Rcode != dns.RcodeNameError {
		return ""
	}
	for _, rr := range slices.Concat(m.Answer, m.Ns) {
		if soa, ok := rr.(*dns.SOA); ok && dns.IsSubDomain(soa.Hdr.Name, dns.Fqdn(name)) {
			return strings.ToLower(strings.TrimSuffix(soa.Hdr.Name, "."))
		}
	}
	return ""
}

// ask queries one server for the record (and an authoritative one for the
// zone's SOA serial).
func (c *checker) ask(ctx context.Context, s server, zone string) ServerAnswer {
	recurse := s.role == roleResolver
	a := ServerAnswer{Server: s.name, Addr: s.addr, Role: s.role}
	a.Dig = digCommand(s.addr, map[bool]string{true: "", false: s.name}[recurse], c.name, dns.TypeToString[c.qtype], recurse)
	client := c.env.DNS()
	var serial sync.WaitGroup
	if !recurse && zone != "" {
		serial.Go(func() { // the zone's serial, asked beside the record
			if soa, err := client.Query(ctx, s.addr, zone, dns.TypeSOA, false); err == nil {
				for _, rr := range soa.Answer {
					if s, ok := rr.(*dns.SOA); ok {
						a.Serial = s.Serial
					}
				}
			}
		})
	}
	m, err := client.Query(ctx, s.addr, c.name, c.qtype, recurse)
	serial.Wait()
	if err != nil {
		a.Status, a.Error = answerError, err.Error()
		return a
	}
	c.read(ctx, &a, m)
	return a
}

// read fills a from the answer m.
func (c *checker) read(ctx context.Context, a *ServerAnswer, m *dns.Msg) {
	a.Rcode = rcodeName(m.Rcode)
	if m.Rcode != dns.RcodeSuccess && m.Rcode != dns.RcodeNameError {
		a.Status, a.Error = answerError, "answered "+a.Rcode
		return
	}
	a.nxdomain = m.Rcode == dns.RcodeNameError
	if c.qtype == dns.TypeCNAME {
		for _, rr := range m.Answer {
			if cn, ok := rr.(*dns.CNAME); ok && strings.EqualFold(cn.Hdr.Name, dns.Fqdn(c.name)) {
				a.Values = []string{strings.TrimSuffix(strings.ToLower(cn.Target), ".")}
				a.TTL = cn.Hdr.Ttl
			}
		}
	} else {
		end, chain, loop := followCNAMEs(m, c.name, map[string]bool{c.name: true})
		a.CNAME = chain
		if loop {
			a.Status, a.Error = answerLoop, "CNAME loop: "+strings.Join(chain, " → ")
			return
		}
		a.Values, a.TTL = txtValues(m)
		if len(chain) > 0 && len(a.Values) == 0 && !a.nxdomain && a.Role == roleAuthoritative {
			// The nameserver gave only the CNAME: follow its target the way
			// the CA's resolver would.
			c.chase(ctx, a, end)
		}
	}
	if a.Status == answerLoop {
		return
	}
	if len(a.Values) == 0 && a.TTL == 0 {
		a.TTL = negativeTTL(m)
	}
	a.Status = c.compare(a.Values)
}

// chase resolves a CNAME target's TXT through the resolvers.
func (c *checker) chase(ctx context.Context, a *ServerAnswer, target string) {
	seen := map[string]bool{}
	for _, n := range a.CNAME {
		seen[n] = true
	}
	for range maxCNAMEHops {
		m, _, err := lookupAny(ctx, c.env, target, dns.TypeTXT)
		if err != nil {
			a.Error = "following the CNAME: " + err.Error()
			return
		}
		if m.Rcode == dns.RcodeNameError {
			a.nxdomain = true
			return
		}
		end, chain, loop := followCNAMEs(m, target, seen)
		a.CNAME = appendChain(a.CNAME, chain)
		if loop {
			a.Status, a.Error = answerLoop, "CNAME loop: "+strings.Join(a.CNAME, " → ")
			return
		}
		if a.Values, a.TTL = txtValues(m); len(a.Values) > 0 || end == target {
			return
		}
		target = end
	}
}

// txtValues returns each TXT record's strings joined, and the smallest TTL.
func txtValues(m *dns.Msg) ([]string, uint32) {
	var vals []string
	var ttl uint32
	for _, rr := range m.Answer {
		if txt, ok := rr.(*dns.TXT); ok {
			vals = append(vals, strings.Join(txt.Txt, ""))
			if ttl == 0 || txt.Hdr.Ttl < ttl {
				ttl = txt.Hdr.Ttl
			}
		}
	}
	return vals, ttl
}

// negativeTTL is how long a resolver caches "no such record" (RFC 2308):
// the smaller of the SOA's TTL and its minimum field.
func negativeTTL(m *dns.Msg) uint32 {
	for _, rr := range m.Ns {
		if soa, ok := rr.(*dns.SOA); ok {
			return min(soa.Hdr.Ttl, soa.Minttl)
		}
	}
	return 0
}

// compare judges the values found against the expected one.
func (c *checker) compare(values []string) string {
	if len(values) == 0 {
		return answerMissing
	}
	want := c.exp.Value
	if c.qtype == dns.TypeCNAME {
		want = strings.TrimSuffix(strings.ToLower(want), ".")
	}
	for _, v := range values {
		if v == want {
			return answerMatch
		}
	}
	for _, v := range values {
		if unquote(v) == unquote(want) {
			return answerQuoted
		}
	}
	return answerWrong
}

// unquote strips the quotes and white space people paste around values.
func unquote(s string) string {
	return strings.Trim(s, " \t\r\n\"'“”")
}

// serials compares the authoritative servers' SOA serials.
func (c *checker) serials(auth []ServerAnswer) []Finding {
	var seen []string
	distinct := map[uint32]bool{}
	for _, a := range auth {
		if a.Serial == 0 {
			continue
		}
		distinct[a.Serial] = true
		seen = append(seen, fmt.Sprintf("%s (%s): %d", a.Server, a.Addr, a.Serial))
	}
	if len(distinct) < 2 {
		return nil
	}
	return []Finding{dnsValidationDescriptor.Finding("dns-validation.serial-mismatch", Evidence{"name": c.name, "serials": seen})}
}

// distinctAnswers groups answers by what they say.
func distinctAnswers(as []ServerAnswer) []string {
	var sigs []string
	for _, a := range as {
		vals := slices.Clone(a.Values)
		slices.Sort(vals)
		sig := a.Status + ":" + strings.Join(vals, "\x00")
		if !slices.Contains(sigs, sig) {
			sigs = append(sigs, sig)
		}
	}
	return sigs
}

// describe renders answers as "server (addr): values" lines.
func describe(as []ServerAnswer, errorsOnly bool) []string {
	var out []string
	for _, a := range as {
		what := strings.Join(quoteAll(a.Values), " ")
		switch {
		case errorsOnly || a.Status == answerError || a.Status == answerLoop:
			what = a.Error
		case a.nxdomain:
			what = "NXDOMAIN"
		case len(a.Values) == 0:
			what = "no record"
		}
		out = append(out, fmt.Sprintf("%s (%s): %s", a.Server, a.Addr, what))
	}
	return out
}

func quoteAll(vs []string) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = strconv.Quote(v)
	}
	return out
}

// diagnose explains why some servers do not have the expected value.
func (c *checker) diagnose(ctx context.Context, bad []ServerAnswer, zone string) []Finding {
	typ := dns.TypeToString[c.qtype]
	first := bad[0]
	base := Evidence{"name": c.name, "type": typ, "expected": c.exp.Value, "servers": describe(bad, false), "dig": first.Dig}
	var fs []Finding
	for _, a := range bad {
		if a.Status == answerLoop {
			return append(fs, dnsValidationDescriptor.Finding("dns-validation.cname-loop", base.With(Evidence{"chain": a.Error})))
		}
	}
	for _, a := range bad {
		if a.Status == answerQuoted {
			fs = append(fs, dnsValidationDescriptor.Finding("dns-validation.value-quoted", base.With(Evidence{"found": a.Values})))
			break
		}
	}
	for _, a := range bad {
		if len(a.CNAME) > 0 && a.nxdomain {
			fs = append(fs, dnsValidationDescriptor.Finding("dns-validation.cname-target-missing", base.With(Evidence{
				"target": a.CNAME[len(a.CNAME)-1], "chain": strings.Join(a.CNAME, " → "),
			})))
			return fs
		}
	}
	probe := c.prober(first)
	// A wildcard answering for the name? (Its answer is the same for any
	// sibling name.)
	if parent, ok := parentName(c.name); ok && (first.Status == answerWrong || len(first.CNAME) > 1) {
		seen, qt := first.Values, c.qtype
		if len(first.CNAME) > 1 && c.qtype == dns.TypeTXT {
			seen, qt = []string{first.CNAME[1]}, dns.TypeCNAME
		}
		sibling := "_padlock-wildcard-check." + parent
		if vals := probe(ctx, sibling, qt); len(vals) > 0 && sameSet(vals, seen) {
			return append(fs, dnsValidationDescriptor.Finding("dns-validation.wildcard", base.With(Evidence{
				"wildcard": "*." + parent, "found": seen,
			})))
		}
	}
	// A record of the other type at the name?
	other := dns.TypeCNAME
	if c.qtype == dns.TypeCNAME {
		other = dns.TypeTXT
	}
	for _, a := range bad {
		if len(a.CNAME) > 0 && c.qtype == dns.TypeTXT && len(a.Values) == 0 {
			// A CNAME with no TXT behind it (with TXT values behind it, it
			// is a delegation whose value is judged below).
			fs = append(fs, dnsValidationDescriptor.Finding("dns-validation.wrong-type", base.With(Evidence{
				"found_type": "CNAME", "found": a.CNAME[len(a.CNAME)-1],
			})))
			return fs
		}
	}
	if len(fs) > 0 {
		return fs
	}
	if vals := probe(ctx, c.name, other); len(vals) > 0 && first.Status == answerMissing {
		return append(fs, dnsValidationDescriptor.Finding("dns-validation.wrong-type", base.With(Evidence{
			"found_type": dns.TypeToString[other], "found": vals,
		})))
	}
	if first.Status == answerWrong {
		if c.qtype == dns.TypeTXT && len(first.Values) > 1 {
			return append(fs, dnsValidationDescriptor.Finding("dns-validation.wrong-value", base.With(Evidence{"found": first.Values, "several": true})))
		}
		return append(fs, dnsValidationDescriptor.Finding("dns-validation.wrong-value", base.With(Evidence{"found": first.Values, "several": false})))
	}
	// Missing: the zone name doubled, or the record at a neighbouring name?
	if zone != "" {
		doubled := c.name + "." + zone
		if vals := probe(ctx, doubled, c.qtype); len(vals) > 0 {
			return append(fs, dnsValidationDescriptor.Finding("dns-validation.name-doubled", base.With(Evidence{
				"found_at": doubled, "found": vals, "host_record": strings.TrimSuffix(c.name, "."+zone),
			})))
		}
	}
	for _, alt := range c.neighbours(zone) {
		if vals := probe(ctx, alt, c.qtype); slices.ContainsFunc(vals, func(v string) bool { return unquote(v) == unquote(c.exp.Value) }) {
			return append(fs, dnsValidationDescriptor.Finding("dns-validation.wrong-name", base.With(Evidence{"found_at": alt, "found": vals})))
		}
	}
	host := c.name
	if zone != "" && c.name != zone {
		host = strings.TrimSuffix(c.name, "."+zone)
	} else if zone != "" {
		host = "@"
	}
	return append(fs, dnsValidationDescriptor.Finding("dns-validation.missing", base.With(Evidence{"ttl": int(first.TTL), "zone": zone, "host_record": host})))
}

// neighbours are the names a record is often put at by mistake.
func (c *checker) neighbours(zone string) []string {
	var out []string
	add := func(n string) {
		if n != "" && n != c.name && !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	labels := dns.SplitDomainName(c.name)
	if len(labels) > 1 {
		add(strings.Join(labels[1:], ".")) // the parent itself
	}
	if strings.HasPrefix(c.name, "_") {
		add(strings.TrimPrefix(c.name, "_")) // underscore dropped
	}
	add(c.t.Host)
	add(zone)
	return out
}

// prober asks the server behind a (or the resolvers) for other names.
func (c *checker) prober(a ServerAnswer) func(ctx context.Context, name string, qtype uint16) []string {
	return func(ctx context.Context, name string, qtype uint16) []string {
		m, err := c.env.DNS().Query(ctx, a.Addr, name, qtype, a.Role == roleResolver)
		if err != nil || m.Rcode != dns.RcodeSuccess {
			return nil
		}
		var vals []string
		for _, rr := range m.Answer {
			if !strings.EqualFold(rr.Header().Name, dns.Fqdn(name)) {
				continue
			}
			switch rr := rr.(type) {
			case *dns.TXT:
				if qtype == dns.TypeTXT {
					vals = append(vals, strings.Join(rr.Txt, ""))
				}
			case *dns.CNAME:
				if qtype == dns.TypeCNAME {
					vals = append(vals, strings.TrimSuffix(strings.ToLower(rr.Target), "."))
				}
			}
		}
		return vals
	}
}

func parentName(name string) (string, bool) {
	_, parent, ok := strings.Cut(name, ".")
	return parent, ok && parent != ""
}

func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}

// onMatch reports what is worth knowing when every judged server has the
// value: other values beside it, a CNAME delegation, a CNAME to nowhere.
func (c *checker) onMatch(ctx context.Context, judged []ServerAnswer) []Finding {
	a := judged[0]
	typ := dns.TypeToString[c.qtype]
	var fs []Finding
	fs = append(fs, dnsValidationDescriptor.Finding("dns-validation.found", Evidence{
		"name": c.name, "type": typ, "expected": c.exp.Value, "servers": len(judged), "dig": a.Dig,
	}))
	if c.qtype == dns.TypeTXT && len(a.Values) > 1 {
		var others []string
		for _, v := range a.Values {
			if v != c.exp.Value {
				others = append(others, v)
			}
		}
		fs = append(fs, dnsValidationDescriptor.Finding("dns-validation.extra-values", Evidence{
			"name": c.name, "expected": c.exp.Value, "others": others, "dig": a.Dig,
		}))
	}
	if c.qtype == dns.TypeTXT && len(a.CNAME) > 0 {
		fs = append(fs, dnsValidationDescriptor.Finding("dns-validation.cname-delegated", Evidence{
			"name": c.name, "chain": strings.Join(a.CNAME, " → "),
		}))
	}
	if c.qtype == dns.TypeCNAME {
		target := a.Values[0]
		m, _, err := lookupAny(ctx, c.env, target, dns.TypeA)
		if err == nil && m.Rcode == dns.RcodeNameError {
			fs = append(fs, dnsValidationDescriptor.Finding("dns-validation.cname-target-missing", Evidence{
				"name": c.name, "type": typ, "expected": c.exp.Value, "target": target,
				"chain": c.name + " → " + target, "servers": []string{}, "dig": digCommand(c.env.Resolvers[0].Addr, "", target, "A", true),
			}).WithSeverity(Warn))
		}
	}
	return fs
}

// lag reports resolvers that still answer something else while every
// authoritative server is right: caches that expire within their TTL.
func (c *checker) lag(res []ServerAnswer) []Finding {
	var stale, missing []ServerAnswer
	var staleTTL, missingTTL uint32
	for _, a := range res {
		switch a.Status {
		case answerMatch:
		case answerMissing:
			missing = append(missing, a)
			missingTTL = max(missingTTL, a.TTL)
		default:
			stale = append(stale, a)
			staleTTL = max(staleTTL, a.TTL)
		}
	}
	var fs []Finding
	if len(stale) > 0 {
		fs = append(fs, dnsValidationDescriptor.Finding("dns-validation.resolver-stale", Evidence{
			"name": c.name, "expected": c.exp.Value, "resolvers": describe(stale, false),
			"ttl": int(staleTTL), "catch_up": humanTTL(staleTTL), "dig": stale[0].Dig,
		}))
	}
	if len(missing) > 0 {
		fs = append(fs, dnsValidationDescriptor.Finding("dns-validation.resolver-missing", Evidence{
			"name": c.name, "expected": c.exp.Value, "resolvers": describe(missing, false),
			"ttl": int(missingTTL), "catch_up": humanTTL(missingTTL), "dig": missing[0].Dig,
		}))
	}
	return fs
}

// humanTTL renders a TTL as "5m0s" style text, "0s" for none.
func humanTTL(ttl uint32) string {
	return (time.Duration(ttl) * time.Second).String()
}

// ---- helpers shared by the DNS probes ----

// lookupAny asks every resolver at once and returns the first usable
// answer (NOERROR or NXDOMAIN), so that a dead or slow resolver costs
// nothing when another one answers. Only when none answers usably is the
// error ErrNoResolver (or the last SERVFAIL-style answer is returned).
func lookupAny(ctx context.Context, env *Env, name string, qtype uint16) (*dns.Msg, Resolver, error) {
	if len(env.Resolvers) == 0 {
		return nil, Resolver{}, fmt.Errorf("lookup %s: %w: none configured", name, ErrNoResolver)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	type reply struct {
		m   *dns.Msg
		r   Resolver
		err error
	}
	replies := make(chan reply, len(env.Resolvers))
	client := env.DNS()
	for _, r := range env.Resolvers {
		go func() {
			m, err := client.Query(ctx, r.Addr, name, qtype, true)
			replies <- reply{m, r, err}
		}()
	}
	var fallback *reply
	var last error
	for range env.Resolvers {
		rep := <-replies
		switch {
		case rep.err != nil:
			last = rep.err
		case rep.m.Rcode == dns.RcodeSuccess || rep.m.Rcode == dns.RcodeNameError:
			return rep.m, rep.r, nil
		default:
			fallback = &rep
		}
	}
	if fallback != nil {
		return fallback.m, fallback.r, nil
	}
	return nil, Resolver{}, fmt.Errorf("lookup %s %s: %w: %v", name, dns.TypeToString[qtype], ErrNoResolver, last)
}

// runBounded runs tasks with at most workers at a time and waits for all.
func runBounded(workers int, tasks []func()) {
	if workers <= 0 {
		workers = DefaultLimits().Workers
	}
	sem := make(chan struct{}, workers)
	var wg sync.WaitGroup
	for _, task := range tasks {
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			task()
		})
	}
	wg.Wait()
}

// maxDNSWorkers caps the concurrent DNS queries of one probe.
const maxDNSWorkers = 64

// dnsWorkers is the concurrency for n DNS queries: at least
// Limits.Workers, enough for every server at once up to maxDNSWorkers
// (a UDP query is one small socket; a dead server then costs one deadline
// instead of queueing behind others).
func dnsWorkers(env *Env, n int) int {
	return min(max(env.limits().Workers, n), maxDNSWorkers)
}

// resolverName is how a resolver is shown: "8.8.8.8 (Google (global anycast))".
func resolverName(r Resolver) string {
	switch {
	case r.Label == "":
		return hostOnly(r.Addr)
	case strings.Contains(r.Label, hostOnly(r.Addr)):
		return r.Label // "--resolver 127.0.0.1:5353" names itself
	}
	return fmt.Sprintf("%s %s", hostOnly(r.Addr), r.Label)
}

func hostOnly(addr string) string {
	if h, p, err := net.SplitHostPort(addr); err == nil && p == "53" {
		return h
	}
	return addr
}

// digCommand is the dig command line reproducing one query: serverName
// (when known) names the server, else its address; recursion off for
// authoritative servers.
func digCommand(addr, serverName, name, qtype string, recurse bool) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		host, port = addr, "53"
	}
	if serverName != "" {
		host = serverName
	}
	var b strings.Builder
	b.WriteString("dig ")
	if !recurse {
		b.WriteString("+norecurse ")
	}
	b.WriteString("@" + host + " ")
	if port != "53" {
		b.WriteString("-p " + port + " ")
	}
	b.WriteString(name + " " + qtype)
	return b.String()
}
