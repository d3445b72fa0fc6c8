// The caa probe's lookups: climbing from the name to its parents, following
// CNAMEs, asking every resolver, and parsing CAA records (RFC 8659).

package probes

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/miekg/dns"

	"padlock/internal/dnsq"
)

// knownCAATags are the properties Boulder recognises: a critical record
// with any other tag forbids issuance. issuemail (RFC 9495) is for S/MIME
// and does not restrict TLS certificates.
var knownCAATags = []string{"issue", "issuewild", "iodef", "issuemail"}

// maxCNAMEHops bounds a CNAME chain followed for one name.
const maxCNAMEHops = 8

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
