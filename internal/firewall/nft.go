package firewall

import (
	"bytes"
	"net/netip"
	"strings"
)

type nftRule struct {
	line        int
	text        string
	src4, src6  *addrMatcher // nil: no constraint of that family
	srcNeg      bool
	setRef      string // "@name" resolved at decision time
	family      int    // 4 or 6 when an ip/ip6 match pins it
	dport       portSet
	dportNeg    bool
	notTCP      bool
	inert       bool
	conditional bool
	verdict     string // accept, drop, reject, jump, goto, return
	target      string
}

type nftChain struct {
	name       string
	hook       string
	policy     string
	policyLine int
	policyText string
	rules      []nftRule
}

type nftTable struct {
	family string // ip, ip6, inet, bridge, arp, netdev
	name   string
	chains map[string]*nftChain
	order  []*nftChain
	sets   map[string]*addrMatcher
}

type nftRuleset struct{ tables []*nftTable }

func (*nftRuleset) Format() Format { return NFTables }

func parseNFT(data []byte) *nftRuleset {
	rs := &nftRuleset{}
	var table *nftTable
	var chain *nftChain
	var set *addrMatcher
	inElements := false
	depth := 0 // brace depth inside the current chain/set beyond its own
	for i, raw := range bytes.Split(data, []byte("\n")) {
		lineNo := i + 1
		line := strings.TrimSpace(string(raw))
		if j := strings.Index(line, "#"); j >= 0 && !strings.Contains(line[:j], `"`) {
			line = strings.TrimSpace(line[:j])
		}
		if line == "" {
			continue
		}
		toks := fields(line)
		switch {
		case set != nil:
			if strings.Contains(line, "elements") {
				inElements = true
			}
			if inElements {
				after := line
				if _, v, ok := strings.Cut(line, "="); ok && strings.Contains(line, "elements") {
					after = v
				}
				for _, e := range strings.FieldsFunc(after, func(r rune) bool { return r == ',' || r == '{' || r == '}' || r == ' ' || r == '\t' }) {
					set.add(e)
				}
				if strings.Contains(after, "}") {
					inElements = false
				}
				continue
			}
			if line == "}" {
				set = nil
			}
		case chain != nil:
			if strings.HasSuffix(line, "{") {
				depth++
			}
			if line == "}" {
				if depth == 0 {
					chain = nil
				} else {
					depth--
				}
				continue
			}
			if strings.HasPrefix(line, "type ") {
				parseChainHeader(chain, toks, lineNo, line)
				continue
			}
			if strings.HasPrefix(line, "policy ") {
				chain.policy = strings.TrimSuffix(strings.Fields(line)[1], ";")
				chain.policyLine, chain.policyText = lineNo, line
				continue
			}
			r := parseNFTRule(toks)
			r.line, r.text = lineNo, line
			chain.rules = append(chain.rules, r)
		case table != nil:
			if line == "}" {
				table = nil
				continue
			}
			if len(toks) >= 2 && toks[len(toks)-1] == "{" {
				switch toks[0] {
				case "chain":
					chain = &nftChain{name: toks[1]}
					table.chains[toks[1]] = chain
					table.order = append(table.order, chain)
					depth = 0
				case "set", "map":
					set = &addrMatcher{}
					table.sets[toks[1]] = set
				default: // flowtable, ct helper...: skip its body
					set = &addrMatcher{}
				}
			}
		default:
			if len(toks) >= 3 && toks[0] == "table" && toks[len(toks)-1] == "{" {
				fam, name := "ip", toks[1]
				if len(toks) >= 4 {
					fam, name = toks[1], toks[2]
				}
				table = &nftTable{family: fam, name: name, chains: map[string]*nftChain{}, sets: map[string]*addrMatcher{}}
				rs.tables = append(rs.tables, table)
			}
		}
	}
	return rs
}

func parseChainHeader(c *nftChain, toks []string, lineNo int, line string) {
	for i := 0; i+1 < len(toks); i++ {
		switch toks[i] {
		case "hook":
			c.hook = strings.TrimSuffix(toks[i+1], ";")
		case "policy":
			c.policy = strings.TrimSuffix(toks[i+1], ";")
			c.policyLine, c.policyText = lineNo, line
		}
	}
}

// valueAt reads one value at toks[i]: a word, or an anonymous set "{ a, b }"
// spread over tokens. It returns the elements and the index after them.
func valueAt(toks []string, i int) ([]string, int) {
	if i >= len(toks) {
		return nil, i
	}
	if !strings.HasPrefix(toks[i], "{") {
		return strings.Split(toks[i], ","), i + 1
	}
	var vals []string
	for ; i < len(toks); i++ {
		end := strings.Contains(toks[i], "}")
		vals = append(vals, strings.FieldsFunc(toks[i], func(r rune) bool { return r == '{' || r == '}' || r == ',' })...)
		if end {
			return vals, i + 1
		}
	}
	return vals, i
}

func parseNFTRule(toks []string) nftRule {
	var r nftRule
	for i := 0; i < len(toks); {
		tok := toks[i]
		neg := i+2 < len(toks) && toks[i+2] == "!="
		skip := 2
		if neg {
			skip = 3
		}
		switch {
		case (tok == "ip" || tok == "ip6") && i+1 < len(toks) && toks[i+1] == "saddr":
			vals, next := valueAt(toks, i+skip)
			m := &addrMatcher{}
			for _, v := range vals {
				if strings.HasPrefix(v, "@") {
					r.setRef = v[1:]
					continue
				}
				if !m.add(v) {
					r.inert = true
				}
			}
			if tok == "ip" {
				r.src4, r.family = m, 4
			} else {
				r.src6, r.family = m, 6
			}
			r.srcNeg = neg
			i = next
			continue
		case (tok == "ip" || tok == "ip6") && i+1 < len(toks):
			if toks[i+1] == "protocol" || toks[i+1] == "nexthdr" {
				vals, next := valueAt(toks, i+skip)
				if !containsAny(vals, "tcp", "6") != neg {
					r.notTCP = true
				}
				i = next
				continue
			}
			if tok == "ip" {
				r.family = 4
			} else {
				r.family = 6
			}
			_, next := valueAt(toks, i+skip) // daddr, ttl...: ignored
			i = next
			continue
		case tok == "tcp" || tok == "th" || tok == "udp" || tok == "sctp":
			if tok == "udp" || tok == "sctp" {
				r.notTCP = true
			}
			if i+1 < len(toks) && toks[i+1] == "dport" {
				vals, next := valueAt(toks, i+skip)
				for _, v := range vals {
					r.dport.add(v)
				}
				r.dportNeg = neg
				i = next
				continue
			}
			if i+1 < len(toks) && toks[i+1] == "sport" {
				r.inert = true
			}
			if i+1 < len(toks) && toks[i+1] == "flags" {
				_, next := valueAt(toks, i+skip)
				i = next
				continue
			}
			i++
			continue
		case tok == "meta" && i+1 < len(toks) && toks[i+1] == "l4proto":
			vals, next := valueAt(toks, i+skip)
			if !containsAny(vals, "tcp", "6") != neg {
				r.notTCP = true
			}
			i = next
			continue
		case tok == "ct" && i+1 < len(toks) && toks[i+1] == "state":
			vals, next := valueAt(toks, i+skip)
			if containsAny(vals, "new", "untracked") == neg {
				r.inert = true
			}
			i = next
			continue
		case tok == "iif" || tok == "iifname" || (tok == "meta" && i+1 < len(toks) && (toks[i+1] == "iif" || toks[i+1] == "iifname")):
			j := i + 1
			if tok == "meta" {
				j++
			}
			negIf := j < len(toks) && toks[j] == "!="
			if negIf {
				j++
			}
			vals, next := valueAt(toks, j)
			if !negIf && containsAny(vals, `"lo"`, "lo") {
				r.inert = true
			}
			i = next
			continue
		case tok == "limit" || tok == "quota" || tok == "meter" || tok == "numgen" || tok == "mark" || tok == "fib" ||
			(tok == "meta" && i+1 < len(toks) && (toks[i+1] == "mark" || toks[i+1] == "skuid" || toks[i+1] == "pkttype")) ||
			(tok == "ct" && i+1 < len(toks) && (toks[i+1] == "mark" || toks[i+1] == "count")) || tok == "icmp" || tok == "icmpv6":
			r.inert = true
		case tok == "accept" || tok == "drop" || tok == "return":
			r.verdict = tok
		case tok == "reject":
			r.verdict = tok
		case (tok == "jump" || tok == "goto") && i+1 < len(toks):
			r.verdict, r.target = tok, toks[i+1]
			i += 2
			continue
		case tok == "comment":
			i += 2
			continue
		}
		i++
	}
	return r
}

func containsAny(vals []string, want ...string) bool {
	for _, v := range vals {
		v = strings.ToLower(strings.Trim(v, `"`))
		for _, w := range want {
			if v == strings.Trim(w, `"`) {
				return true
			}
		}
	}
	return false
}

func (r *nftRule) matches(t *nftTable, src netip.Addr, fam int, port uint16) bool {
	if r.inert || r.notTCP {
		return false
	}
	if r.family != 0 && r.family != fam {
		return false
	}
	m := r.src4
	if fam == 6 {
		m = r.src6
	}
	if m != nil || r.setRef != "" {
		in := m != nil && m.contains(src)
		if r.setRef != "" {
			set := t.sets[r.setRef]
			if set == nil {
				return false // a set this dump does not show
			}
			in = in || set.contains(src)
		}
		if in == r.srcNeg {
			return false
		}
	}
	if len(r.dport.ranges) > 0 && r.dport.contains(port) == r.dportNeg {
		return false
	}
	return true
}

// Decide evaluates every base chain hooked at prerouting or input: a drop
// in any of them is final.
func (rs *nftRuleset) Decide(src netip.Addr, port uint16) Decision {
	src = src.Unmap()
	fam := 6
	if src.Is4() {
		fam = 4
	}
	steps := 0
	for _, t := range rs.tables {
		if (t.family == "ip" && fam != 4) || (t.family == "ip6" && fam != 6) ||
			(t.family != "ip" && t.family != "ip6" && t.family != "inet") {
			continue
		}
		for _, c := range t.order {
			if c.hook != "input" && c.hook != "prerouting" {
				continue
			}
			verdict, rule := rs.eval(t, c, src, fam, port, 0, &steps)
			where := t.family + " " + t.name + " " + c.name
			switch {
			case verdict == "drop" || verdict == "reject":
				return Decision{Blocked: true, Line: rule.line, Text: rule.text, Conditional: rule.conditional, Chain: where}
			case verdict == "accept":
			case c.policy == "drop":
				return Decision{Blocked: true, Line: c.policyLine, Text: c.policyText, Policy: true, Chain: where}
			}
		}
	}
	return Decision{}
}

func (rs *nftRuleset) eval(t *nftTable, c *nftChain, src netip.Addr, fam int, port uint16, depth int, steps *int) (string, *nftRule) {
	if depth > 32 {
		return "", nil
	}
	for i := range c.rules {
		*steps++
		if *steps > maxSteps {
			return "", nil
		}
		r := &c.rules[i]
		if r.verdict == "" || !r.matches(t, src, fam, port) {
			continue
		}
		switch r.verdict {
		case "accept", "drop", "reject":
			return r.verdict, r
		case "return":
			return "", nil
		}
		sub := t.chains[r.target]
		if sub == nil {
			continue
		}
		if v, rr := rs.eval(t, sub, src, fam, port, depth+1, steps); v != "" {
			return v, rr
		}
		if r.verdict == "goto" {
			return "", nil
		}
	}
	return "", nil
}
