package probes

import (
	"context"
	"errors"
	"fmt"
	"padlock/i18n"
	"slices"
	"strings"

	"github.com/miekg/dns"

	"padlock/internal/dnsq"
	"padlock/rules"
)

// CAA is the caa probe: do the CAA records (RFC 8659) allow the chosen CA
// to issue for this (wildcard) name? It follows the algorithm as Let's
// Encrypt's Boulder implements it: every name from the host up to and
// including the TLD is asked for CAA (no public suffix list), the closest
// non-empty RRset is the relevant one, and a lookup that fails at or below
// that level blocks issuance. Every resolver of the Env is asked, in
// parallel; resolvers that see different records are reported.
type CAA struct{}

// IDCAA is the caa probe's public id.
const IDCAA = "caa"

// caaDescriptor describes the caa probe; its findings are explained in
// rules/caa.go.
var caaDescriptor = Descriptor{
	ID:    IDCAA,
	Title: i18n.T("CAA records", "CAA 记录"),
	What: i18n.T("The CAA records of the name and its parents: which CAs may issue for it.",
		"该域名及其上级域名的 CAA 记录：允许哪些 CA 签发证书。"),
	Why: i18n.T("A CA must refuse to issue when CAA names only other CAs, so the order fails before it starts.",
		"如果 CAA 只列出了其他 CA，所选 CA 必须拒绝签发，订单会直接失败。"),
	Findings: rules.CAAEntries(),
	Scenarios: []Scenario{
		{Host: "caa-other-ca", Status: Fail, Finding: "caa.not-allowed"},
	},
}

// Describe returns the caa probe's descriptor.
func (CAA) Describe() Descriptor { return caaDescriptor }

// knownCAATags are the properties Boulder recognises: a critical record
// with any other tag forbids issuance. issuemail (RFC 9495) is for S/MIME
// and does not restrict TLS certificates.
var knownCAATags = []string{"issue", "issuewild", "iodef", "issuemail"}

// maxCNAMEHops bounds a CNAME chain followed for one name.
const maxCNAMEHops = 8

// CAARecord is one CAA record as found, parsed.
type CAARecord struct {
	Flags uint8  `json:"flags"`
	Tag   string `json:"tag"`
	Value string `json:"value"`
	// Critical: the issuer-critical flag (bit 128; Boulder also honours bit
	// 1, which many zone editors set by mistake).
	Critical bool `json:"critical,omitempty"`
	// Issuer is the issuer domain of an issue/issuewild value, lower-cased;
	// empty for ";" (no CA may issue).
	Issuer string `json:"issuer,omitempty"`
	// Params are the RFC 8657 parameters (accounturi, validationmethods...).
	Params map[string]string `json:"params,omitempty"`
	// Malformed says why the value could not be parsed (the record is then
	// ignored, as CAs do).
	Malformed string `json:"malformed,omitempty"`
}

// String renders the record in zone-file presentation.
func (r CAARecord) String() string {
	return fmt.Sprintf("%d %s %q", r.Flags, r.Tag, r.Value)
}

// CAALevel is what one name of the climb returned.
type CAALevel struct {
	Name    string      `json:"name"`
	Rcode   string      `json:"rcode,omitempty"`
	CNAME   []string    `json:"cname,omitempty"` // the chain followed, name first
	Records []CAARecord `json:"records,omitempty"`
	Error   string      `json:"error,omitempty"`
	// failed: this lookup blocks issuance if nothing was found below it.
	failed bool
	// unreachable: the resolver did not answer at all (a network error).
	unreachable bool
}

// CAAView is the climb as one group of resolvers saw it.
type CAAView struct {
	Resolvers []string   `json:"resolvers"`
	FoundAt   string     `json:"found_at,omitempty"`
	Failed    string     `json:"failed_at,omitempty"`
	Levels    []CAALevel `json:"levels"`
	Dig       []string   `json:"dig"`
}

// CAADetails is the caa probe's Result.Details.
type CAADetails struct {
	// Name is the certificate name checked (*.example.com for a wildcard).
	Name string `json:"name"`
	CA   string `json:"ca,omitempty"`
	// CAIdentifiers are the issuer domains the CA documents.
	CAIdentifiers []string `json:"ca_identifiers,omitempty"`
	FoundAt       string   `json:"found_at,omitempty"`
	// Records is the relevant RRset (the one that decides).
	Records []CAARecord `json:"records,omitempty"`
	// Allows lists the CAs the relevant records allow for this name, or
	// "any CA".
	Allows []string `json:"allows,omitempty"`
	// Views is what each group of agreeing resolvers saw.
	Views       []CAAView `json:"views"`
	Unreachable []string  `json:"unreachable_resolvers,omitempty"`
}

// Run climbs the name's labels on every resolver and judges the relevant
// RRset for the CA of the intent (or lists the CAs it allows).
func (CAA) Run(ctx context.Context, t Target, env *Env) Result {
	if t.IsIP() {
		return Skipped("CAA records apply to domain names, not IP addresses")
	}
	if len(env.Resolvers) == 0 {
		return Errored(fmt.Errorf("caa: %w: none configured", ErrNoResolver))
	}
	var brand *rules.Brand
	if t.Intent.CA != "" {
		b, ok := rules.LookupBrand(t.Intent.CA)
		if !ok {
			return Errored(fmt.Errorf("caa: unknown CA brand %q", t.Intent.CA))
		}
		brand = &b
	}

	views, unreachable := climbAll(ctx, env, t.Host)
	details := &CAADetails{Name: t.Name(), Unreachable: unreachable}
	if brand != nil {
		details.CA = brand.Name
		details.CAIdentifiers = brand.CAA
	}
	if len(views) == 0 {
		if err := ctx.Err(); err != nil {
			return Errored(fmt.Errorf("caa: %w", context.Cause(ctx)))
		}
		r := Errored(fmt.Errorf("caa: %w: %s", ErrNoResolver, strings.Join(unreachable, ", ")))
		r.Details = details
		return r
	}
	details.Views = views

	// A timeout on one resolver while others got through is that
	// resolver's trouble, not proof that a CA's lookup fails.
	someOK := slices.ContainsFunc(views, func(v CAAView) bool { return v.Failed == "" })
	var findings []Finding
	for i, v := range views {
		fs, relevant := judgeCAA(v, t, brand)
		if someOK && v.Failed != "" && v.Levels[len(v.Levels)-1].unreachable {
			for j := range fs {
				if fs[j].ID == "caa.lookup-failed" {
					fs[j] = fs[j].WithSeverity(Warn)
				}
			}
		}
		findings = append(findings, fs...)
		if i == primaryView(views) {
			details.FoundAt = v.FoundAt
			details.Records = relevant
			details.Allows = allowsOf(relevant, t.Intent.Wildcard, v.FoundAt != "")
			if v.Failed != "" {
				details.Allows = []string{"unknown: the lookup failed at " + v.Failed}
			}
		}
	}
	if len(views) > 1 {
		var seen []string
		for _, v := range views {
			seen = append(seen, fmt.Sprintf("%s: %s", strings.Join(v.Resolvers, ", "), v.summary()))
		}
		findings = append(findings, caaDescriptor.Finding("caa.resolvers-disagree", Evidence{
			"name": t.Host, "views": seen,
		}))
	}
	return Done(dedupe(findings), details)
}

// primaryView is the index of the view the details summarise: the first
// whose lookup went through (views are in resolver order).
func primaryView(views []CAAView) int {
	for i, v := range views {
		if v.Failed == "" {
			return i
		}
	}
	return 0
}

// summary says in a few words what the view found.
func (v CAAView) summary() string {
	switch {
	case v.Failed != "":
		return "lookup failed at " + v.Failed
	case v.FoundAt == "":
		return "no CAA records"
	}
	for _, l := range v.Levels {
		if l.Name == v.FoundAt {
			recs := make([]string, len(l.Records))
			for i, r := range l.Records {
				recs[i] = r.String()
			}
			return fmt.Sprintf("at %s: %s", v.FoundAt, strings.Join(recs, "; "))
		}
	}
	return "records at " + v.FoundAt
}

// climbAll runs the climb for every resolver concurrently (each level of
// each resolver is one task, bounded by Limits.Workers) and groups the
// resolvers by what they saw. Resolvers that answered nothing at all are
// returned by label.
func climbAll(ctx context.Context, env *Env, host string) ([]CAAView, []string) {
	names := climbNames(host)
	client := env.DNS()
	levels := make([][]CAALevel, len(env.Resolvers))
	for i := range levels {
		levels[i] = make([]CAALevel, len(names))
	}
	// First the TLD on every resolver (an answer any live resolver has in
	// cache): a dead resolver shows here and costs one deadline, and its
	// other levels are not asked. A timeout on a deeper name is then that
	// name's lookup failing, not the resolver being away.
	top := len(names) - 1
	var first []func()
	for ri, r := range env.Resolvers {
		first = append(first, func() { levels[ri][top] = lookupCAALevel(ctx, client, r.Addr, names[top]) })
	}
	runBounded(dnsWorkers(env, len(first)), first)
	var rest []func()
	for ri, r := range env.Resolvers {
		if levels[ri][top].unreachable {
			for li := range top {
				levels[ri][li] = CAALevel{Name: names[li], Error: levels[ri][top].Error, failed: true, unreachable: true}
			}
			continue
		}
		for li := range top {
			rest = append(rest, func() { levels[ri][li] = lookupCAALevel(ctx, client, r.Addr, names[li]) })
		}
	}
	runBounded(dnsWorkers(env, len(rest)), rest)

	var views []CAAView
	var unreachable []string
	bySig := map[string]int{}
	for ri, r := range env.Resolvers {
		ls := levels[ri]
		if allUnreachable(ls) {
			unreachable = append(unreachable, resolverName(r))
			continue
		}
		v := makeView(ls)
		v.Dig = caaDigs(r, names)
		sig := v.signature()
		if i, ok := bySig[sig]; ok {
			views[i].Resolvers = append(views[i].Resolvers, resolverName(r))
			continue
		}
		v.Resolvers = []string{resolverName(r)}
		bySig[sig] = len(views)
		views = append(views, v)
	}
	return views, unreachable
}

// climbNames lists host and every parent up to and including the TLD.
func climbNames(host string) []string {
	labels := dns.SplitDomainName(host)
	names := make([]string, len(labels))
	for i := range labels {
		names[i] = strings.Join(labels[i:], ".")
	}
	return names
}

func allUnreachable(ls []CAALevel) bool {
	for _, l := range ls {
		if !l.unreachable {
			return false
		}
	}
	return true
}

// makeView applies RFC 8659's selection: the first level (closest to the
// name) with records is relevant; a failed lookup before it blocks.
func makeView(ls []CAALevel) CAAView {
	v := CAAView{}
	for _, l := range ls {
		v.Levels = append(v.Levels, l)
		if l.failed {
			v.Failed = l.Name
			return v
		}
		if len(l.Records) > 0 {
			v.FoundAt = l.Name
			return v
		}
	}
	return v
}

// signature identifies what a view decides on, to group resolvers.
func (v CAAView) signature() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s|%s|", v.FoundAt, v.Failed)
	for _, l := range v.Levels {
		recs := make([]string, len(l.Records))
		for i, r := range l.Records {
			recs[i] = strings.ToLower(r.String())
		}
		slices.Sort(recs)
		fmt.Fprintf(&b, "%s:%s:%s;", l.Name, strings.Join(l.CNAME, ">"), strings.Join(recs, ","))
	}
	return b.String()
}

// lookupCAALevel asks server for name's CAA RRset, following CNAMEs the
// server did not follow itself.
func lookupCAALevel(ctx context.Context, client *dnsq.Client, server, name string) CAALevel {
	lvl := CAALevel{Name: name}
	qname := name
	seen := map[string]bool{strings.ToLower(name): true}
	for hop := 0; hop <= maxCNAMEHops; hop++ {
		m, err := client.Query(ctx, server, qname, dns.TypeCAA, true)
		if err != nil {
			lvl.failed, lvl.Error = true, err.Error()
			lvl.unreachable = isNetworkError(err)
			return lvl
		}
		lvl.Rcode = dns.RcodeToString[m.Rcode]
		switch {
		case m.Rcode == dns.RcodeNameError && (hop > 0 || strings.Contains(name, ".")):
			return lvl // no such name: no records here (a TLD must exist)
		case m.Rcode != dns.RcodeSuccess:
			lvl.failed = true
			lvl.Error = fmt.Sprintf("%s answered %s for %s CAA", server, rcodeName(m.Rcode), qname)
			return lvl
		}
		end, chain, loop := followCNAMEs(m, qname, seen)
		lvl.CNAME = appendChain(lvl.CNAME, chain)
		if loop {
			lvl.failed = true
			lvl.Error = "CNAME loop: " + strings.Join(lvl.CNAME, " → ")
			return lvl
		}
		for _, rr := range m.Answer {
			if c, ok := rr.(*dns.CAA); ok {
				lvl.Records = append(lvl.Records, parseCAA(c))
			}
		}
		if len(lvl.Records) > 0 || strings.EqualFold(end, qname) {
			return lvl
		}
		qname = end // the server stopped at a CNAME: ask for its target
	}
	lvl.failed = true
	lvl.Error = fmt.Sprintf("CNAME chain longer than %d: %s", maxCNAMEHops, strings.Join(lvl.CNAME, " → "))
	return lvl
}

// followCNAMEs walks the CNAME records of m's answer from qname and returns
// the end of the chain, the chain (qname first, when there is one) and
// whether it loops. seen carries names met in earlier answers.
func followCNAMEs(m *dns.Msg, qname string, seen map[string]bool) (end string, chain []string, loop bool) {
	cur := qname
	for range len(m.Answer) + 1 {
		next := ""
		for _, rr := range m.Answer {
			if c, ok := rr.(*dns.CNAME); ok && strings.EqualFold(c.Hdr.Name, dns.Fqdn(cur)) {
				next = strings.TrimSuffix(strings.ToLower(c.Target), ".")
				break
			}
		}
		if next == "" {
			return cur, chain, false
		}
		if len(chain) == 0 {
			chain = append(chain, cur)
		}
		chain = append(chain, next)
		if seen[next] {
			return next, chain, true
		}
		seen[next] = true
		cur = next
	}
	return cur, chain, true
}

func appendChain(have, more []string) []string {
	if len(more) == 0 {
		return have
	}
	if len(have) > 0 && have[len(have)-1] == more[0] {
		more = more[1:]
	}
	return append(have, more...)
}

// parseCAA parses a CAA record the way RFC 8659 §4.2 and RFC 8657 read it.
func parseCAA(c *dns.CAA) CAARecord {
	r := CAARecord{Flags: c.Flag, Tag: strings.ToLower(c.Tag), Value: c.Value}
	r.Critical = c.Flag&(128|1) != 0
	if r.Tag != "issue" && r.Tag != "issuewild" {
		return r
	}
	issuer, params, err := parseIssuerValue(c.Value)
	if err != nil {
		r.Malformed = err.Error()
		return r
	}
	r.Issuer, r.Params = strings.ToLower(issuer), params
	return r
}

// parseIssuerValue splits "issuer; tag=value; ..." (RFC 8659 §4.2).
func parseIssuerValue(v string) (string, map[string]string, error) {
	isWSP := func(r rune) bool { return r == ' ' || r == '\t' }
	parts := strings.Split(v, ";")
	issuer := strings.TrimFunc(parts[0], isWSP)
	for _, r := range issuer {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '.') {
			return "", nil, fmt.Errorf("issuer domain %q contains %q", issuer, r)
		}
	}
	params := map[string]string{}
	rest := parts[1:]
	if len(rest) == 1 && strings.TrimFunc(rest[0], isWSP) == "" {
		rest = nil
	}
	for _, p := range rest {
		tag, val, ok := strings.Cut(p, "=")
		if !ok {
			return "", nil, fmt.Errorf("parameter %q is not tag=value", strings.TrimFunc(p, isWSP))
		}
		tag, val = strings.TrimFunc(tag, isWSP), strings.TrimFunc(val, isWSP)
		if tag == "" || strings.ContainsFunc(tag, func(r rune) bool {
			return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9')
		}) {
			return "", nil, fmt.Errorf("parameter tag %q is not letters and digits", tag)
		}
		if strings.ContainsFunc(val, func(r rune) bool { return r < 0x21 || r > 0x7e }) {
			return "", nil, fmt.Errorf("parameter %s has a value with spaces or non-ASCII characters", tag)
		}
		params[strings.ToLower(tag)] = val
	}
	if len(params) == 0 {
		params = nil
	}
	return issuer, params, nil
}

// relevantSet picks the records that decide for this request: issuewild
// for a wildcard name when there is at least one, otherwise issue. tag is
// the property used.
func relevantSet(records []CAARecord, wildcard bool) (set []CAARecord, tag string) {
	var issue, wild []CAARecord
	for _, r := range records {
		switch r.Tag {
		case "issue":
			issue = append(issue, r)
		case "issuewild":
			wild = append(wild, r)
		}
	}
	if wildcard && len(wild) > 0 {
		return wild, "issuewild"
	}
	return issue, "issue"
}

// judgeCAA turns one view into findings, and returns the relevant RRset.
func judgeCAA(v CAAView, t Target, brand *rules.Brand) ([]Finding, []CAARecord) {
	resolvers := v.Resolvers
	var fs []Finding
	for _, l := range v.Levels {
		if len(l.CNAME) > 1 && !l.failed {
			fs = append(fs, caaDescriptor.Finding("caa.cname", Evidence{
				"name": l.Name, "target": l.CNAME[len(l.CNAME)-1], "chain": strings.Join(l.CNAME, " → "),
			}))
		}
	}
	if v.Failed != "" {
		lvl := v.Levels[len(v.Levels)-1]
		return append(fs, caaDescriptor.Finding("caa.lookup-failed", Evidence{
			"name": lvl.Name, "reason": lvl.Error, "resolvers": resolvers,
			"dig": digFor(v.Dig, lvl.Name),
		})), nil
	}
	if v.FoundAt == "" {
		ev := Evidence{"name": t.Host, "resolvers": resolvers}
		if brand != nil {
			ev["ca"] = brand.Name
		}
		return append(fs, caaDescriptor.Finding("caa.none", ev)), nil
	}
	records := v.Levels[len(v.Levels)-1].Records
	rendered := make([]string, len(records))
	for i, r := range records {
		rendered[i] = r.String()
	}
	base := Evidence{"found_at": v.FoundAt, "records": rendered, "dig": digFor(v.Dig, v.FoundAt)}
	for _, r := range records {
		if r.Critical && !slices.Contains(knownCAATags, r.Tag) {
			return append(fs, caaDescriptor.Finding("caa.critical-unknown", base.With(Evidence{
				"tag": r.Tag, "flags": int(r.Flags), "record": r.String(),
			}))), records
		}
	}
	set, tag := relevantSet(records, t.Intent.Wildcard)
	for _, r := range set {
		if r.Malformed != "" {
			fs = append(fs, caaDescriptor.Finding("caa.malformed", base.With(Evidence{"record": r.String(), "reason": r.Malformed})))
		}
	}
	if len(set) == 0 {
		// Records exist but none restricts this request (only iodef, or only
		// issuewild for a non-wildcard name): any CA may issue.
		ev := base.With(Evidence{"allows": "any CA"})
		if brand != nil {
			ev["ca"] = brand.Name
			return append(fs, caaDescriptor.Finding("caa.allowed", ev)), records
		}
		return append(fs, caaDescriptor.Finding("caa.allows", ev)), records
	}
	var issuers []string
	for _, r := range set {
		if r.Malformed == "" && r.Issuer != "" && !slices.Contains(issuers, r.Issuer) {
			issuers = append(issuers, r.Issuer)
		}
	}
	if len(issuers) == 0 {
		ev := base.With(Evidence{"tag": tag, "name": t.Name()})
		if brand != nil {
			ev["fix"] = caaFix(v.FoundAt, brand, t.Intent.Wildcard)
		} else {
			ev["fix"] = []string{fmt.Sprintf("%s. IN CAA 0 %s \"<issuer domain of your CA>\"", v.FoundAt, tag)}
		}
		return append(fs, caaDescriptor.Finding("caa.forbidden", ev)), records
	}
	if brand == nil {
		return append(fs, caaDescriptor.Finding("caa.allows", base.With(Evidence{"allows": describeIssuers(issuers), "tag": tag}))), records
	}
	for _, r := range set {
		if r.Malformed != "" || !slices.ContainsFunc(brand.CAA, func(id string) bool { return strings.EqualFold(id, r.Issuer) }) {
			continue
		}
		fs = append(fs, caaDescriptor.Finding("caa.allowed", base.With(Evidence{"ca": brand.Name, "record": r.String(), "allows": describeIssuers(issuers)})))
		if len(r.Params) > 0 {
			fs = append(fs, caaDescriptor.Finding("caa.parameters", base.With(Evidence{
				"ca": brand.Name, "record": r.String(),
				"accounturi": r.Params["accounturi"], "validationmethods": r.Params["validationmethods"],
			})))
		}
		return fs, records
	}
	if chain := v.Levels[len(v.Levels)-1].CNAME; len(chain) > 1 {
		// The records belong to the alias target: nothing can be added at
		// the alias itself (a CNAME owns no other records).
		target := chain[len(chain)-1]
		return append(fs, caaDescriptor.Finding("caa.cname-not-allowed", base.With(Evidence{
			"ca": brand.Name, "tag": tag, "name": t.Name(), "allows": describeIssuers(issuers),
			"target": target, "chain": strings.Join(chain, " → "),
			"fix": caaFix(target, brand, t.Intent.Wildcard),
		}))), records
	}
	return append(fs, caaDescriptor.Finding("caa.not-allowed", base.With(Evidence{
		"ca": brand.Name, "tag": tag, "name": t.Name(), "allows": describeIssuers(issuers),
		"fix": caaFix(v.FoundAt, brand, t.Intent.Wildcard),
	}))), records
}

// caaFix is the exact records to add at name so that brand may issue.
func caaFix(name string, brand *rules.Brand, wildcard bool) []string {
	var out []string
	for _, id := range brand.Recommended() {
		out = append(out, fmt.Sprintf("%s. IN CAA 0 issue %q", name, id))
		if wildcard {
			out = append(out, fmt.Sprintf("%s. IN CAA 0 issuewild %q", name, id))
		}
	}
	return out
}

// describeIssuers names the brands behind issuer domains:
// "sectigo.com (Sectigo, ZeroSSL (Sectigo))".
func describeIssuers(issuers []string) []string {
	out := make([]string, len(issuers))
	for i, iss := range issuers {
		var names []string
		for _, b := range rules.Brands() {
			if slices.ContainsFunc(b.CAA, func(id string) bool { return strings.EqualFold(id, iss) }) {
				names = append(names, b.Name)
			}
		}
		out[i] = iss
		if len(names) > 0 {
			out[i] += " (" + strings.Join(names, ", ") + ")"
		}
	}
	return out
}

// allowsOf summarises the relevant records for the details.
func allowsOf(records []CAARecord, wildcard, found bool) []string {
	if !found {
		return []string{"any CA: no CAA records"}
	}
	set, _ := relevantSet(records, wildcard)
	if len(set) == 0 {
		return []string{"any CA: no issue property applies"}
	}
	var issuers []string
	for _, r := range set {
		if r.Malformed == "" && r.Issuer != "" && !slices.Contains(issuers, r.Issuer) {
			issuers = append(issuers, r.Issuer)
		}
	}
	if len(issuers) == 0 {
		return []string{"no CA"}
	}
	return describeIssuers(issuers)
}

func digFor(digs []string, name string) string {
	for _, d := range digs {
		if strings.Contains(d, " "+name+" ") {
			return d
		}
	}
	if len(digs) > 0 {
		return digs[0]
	}
	return ""
}

func caaDigs(r Resolver, names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = digCommand(r.Addr, "", n, "CAA", true)
	}
	return out
}

// dedupe drops findings identical in id and evidence (several views can
// produce the same one).
func dedupe(fs []Finding) []Finding {
	seen := map[string]bool{}
	var out []Finding
	for _, f := range fs {
		key := f.ID + fmt.Sprint(f.Evidence)
		if seen[key] {
			continue
		}
		seen[key] = true
		out = append(out, f)
	}
	return out
}

// isNetworkError reports whether an exchange error means the server gave
// no usable answer (timeout, ICMP refused, garbage, wrong id), as opposed
// to the caller giving up. Answers with an rcode are not errors at all.
func isNetworkError(err error) bool {
	return err != nil && !errors.Is(err, context.Canceled)
}

func rcodeName(rc int) string {
	if s, ok := dns.RcodeToString[rc]; ok {
		return s
	}
	return fmt.Sprintf("RCODE%d", rc)
}
