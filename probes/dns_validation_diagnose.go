// The dns-validation probe's judgement: comparing the values seen with the
// expected one, and recognising the usual mistakes (quoted value, doubled zone,
// wrong name or type, stale caches, unsynced nameservers).

package probes

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/miekg/dns"

	"padlock/i18n"
)

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
func humanTTL(ttl uint32) i18n.Text {
	return i18n.Duration(time.Duration(ttl) * time.Second)
}

// ---- helpers shared by the DNS probes ----
