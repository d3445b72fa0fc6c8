package firewall

import (
	"bytes"
	"net/netip"
	"strings"
)

// accessRule is one allow/deny style directive.
type accessRule struct {
	line  int
	text  string
	allow bool
	all   bool
	src   addrMatcher
}

// ---- nginx ----

// nginxRuleset holds the allow/deny directives of each block; nginx checks
// them in order and the first match wins. Inheritance between blocks is
// not modelled: each block that has its own directives is judged alone.
type nginxRuleset struct{ blocks [][]accessRule }

func (*nginxRuleset) Format() Format { return Nginx }

func parseNginx(data []byte) *nginxRuleset {
	rs := &nginxRuleset{}
	stack := []int{-1} // index into rs.blocks of the open block's rules, -1 when none yet
	var stmt strings.Builder
	stmtLine := 0
	for i, raw := range bytes.Split(data, []byte("\n")) {
		line := string(raw)
		if j := strings.IndexByte(line, '#'); j >= 0 {
			line = line[:j]
		}
		for _, r := range line {
			switch r {
			case '{':
				stack = append(stack, -1)
				stmt.Reset()
			case '}':
				if len(stack) > 1 {
					stack = stack[:len(stack)-1]
				}
				stmt.Reset()
			case ';':
				if rule, ok := nginxRule(strings.TrimSpace(stmt.String()), stmtLine); ok {
					top := &stack[len(stack)-1]
					if *top < 0 {
						rs.blocks = append(rs.blocks, nil)
						*top = len(rs.blocks) - 1
					}
					rs.blocks[*top] = append(rs.blocks[*top], rule)
				}
				stmt.Reset()
			default:
				if stmt.Len() == 0 && (r == ' ' || r == '\t' || r == '\r') {
					continue
				}
				if stmt.Len() == 0 {
					stmtLine = i + 1
				}
				if stmt.Len() < 4096 {
					stmt.WriteRune(r)
				}
			}
		}
		if stmt.Len() > 0 {
			stmt.WriteByte(' ')
		}
	}
	return rs
}

func nginxRule(stmt string, line int) (accessRule, bool) {
	f := strings.Fields(stmt)
	if len(f) != 2 || (f[0] != "allow" && f[0] != "deny") {
		return accessRule{}, false
	}
	r := accessRule{line: line, text: stmt + ";", allow: f[0] == "allow"}
	if f[1] == "all" {
		r.all = true
	} else if !r.src.add(f[1]) {
		return accessRule{}, false // unix: or junk
	}
	return r, true
}

func (rs *nginxRuleset) Decide(src netip.Addr, _ uint16) Decision {
	src = src.Unmap()
	for _, block := range rs.blocks {
		for _, r := range block {
			if !r.all && !r.src.contains(src) {
				continue
			}
			if !r.allow {
				return Decision{Blocked: true, Line: r.line, Text: r.text}
			}
			break
		}
	}
	return Decision{}
}

// ---- Apache ----

// apacheBlock is the access control of one <Directory>, <Location>,
// <Files>, .htaccess or Require container.
type apacheBlock struct {
	kind        string // "", "requirenone", "requireall", "requireany"
	requireNot  []accessRule
	requireIP   []accessRule
	granted     bool
	otherReq    bool
	deniedAll   *accessRule
	order       string // "deny,allow" (default) or "allow,deny"
	allowFrom   []accessRule
	denyFrom    []accessRule
	hasAccess22 bool
}

type apacheRuleset struct{ blocks []*apacheBlock }

func (*apacheRuleset) Format() Format { return Apache }

func parseApache(data []byte) *apacheRuleset {
	rs := &apacheRuleset{}
	top := &apacheBlock{}
	rs.blocks = append(rs.blocks, top)
	stack := []*apacheBlock{top}
	for i, raw := range bytes.Split(data, []byte("\n")) {
		line := strings.TrimSpace(string(raw))
		if line == "" || line[0] == '#' {
			continue
		}
		low := strings.ToLower(line)
		if strings.HasPrefix(low, "</") {
			if len(stack) > 1 {
				stack = stack[:len(stack)-1]
			}
			continue
		}
		if strings.HasPrefix(low, "<") {
			name := ""
			if f := strings.Fields(strings.TrimPrefix(low, "<")); len(f) > 0 {
				name = strings.TrimSuffix(f[0], ">")
			}
			b := &apacheBlock{}
			switch name {
			case "requirenone", "requireall", "requireany":
				b.kind = name
			}
			rs.blocks = append(rs.blocks, b)
			stack = append(stack, b)
			continue
		}
		b := stack[len(stack)-1]
		f := strings.Fields(line)
		rule := func(allow bool, vals []string) accessRule {
			r := accessRule{line: i + 1, text: line, allow: allow}
			for _, v := range vals {
				if strings.EqualFold(v, "all") {
					r.all = true
				} else {
					addApacheAddr(&r.src, v)
				}
			}
			return r
		}
		switch {
		case len(f) >= 4 && strings.EqualFold(f[0], "require") && strings.EqualFold(f[1], "not") && strings.EqualFold(f[2], "ip"):
			b.requireNot = append(b.requireNot, rule(false, f[3:]))
		case len(f) >= 3 && strings.EqualFold(f[0], "require") && strings.EqualFold(f[1], "ip"):
			b.requireIP = append(b.requireIP, rule(true, f[2:]))
		case len(f) >= 3 && strings.EqualFold(f[0], "require") && strings.EqualFold(f[1], "all"):
			if strings.EqualFold(f[2], "granted") {
				b.granted = true
			} else if strings.EqualFold(f[2], "denied") {
				r := rule(false, nil)
				b.deniedAll = &r
			}
		case len(f) >= 2 && strings.EqualFold(f[0], "require"):
			b.otherReq = true
		case len(f) >= 2 && strings.EqualFold(f[0], "order"):
			b.order = strings.ToLower(strings.Join(f[1:], ""))
		case len(f) >= 3 && strings.EqualFold(f[0], "allow") && strings.EqualFold(f[1], "from"):
			b.allowFrom = append(b.allowFrom, rule(true, f[2:]))
			b.hasAccess22 = true
		case len(f) >= 3 && strings.EqualFold(f[0], "deny") && strings.EqualFold(f[1], "from"):
			b.denyFrom = append(b.denyFrom, rule(false, f[2:]))
			b.hasAccess22 = true
		}
	}
	return rs
}

// addApacheAddr understands full and partial addresses ("10.1"), CIDR and
// address/netmask; host names are skipped.
func addApacheAddr(m *addrMatcher, v string) {
	if m.add(v) {
		return
	}
	parts := strings.Split(strings.TrimSuffix(v, "."), ".")
	if len(parts) == 0 || len(parts) >= 4 {
		return
	}
	for len(parts) < 4 {
		parts = append(parts, "0")
	}
	if a, err := netip.ParseAddr(strings.Join(parts, ".")); err == nil {
		n := 8 * len(strings.Split(strings.TrimSuffix(v, "."), "."))
		if p, err := a.Prefix(n); err == nil {
			m.prefixes = append(m.prefixes, p)
		}
	}
}

func firstMatch(rules []accessRule, src netip.Addr) *accessRule {
	for i := range rules {
		if rules[i].all || rules[i].src.contains(src) {
			return &rules[i]
		}
	}
	return nil
}

func blocked(r *accessRule, policy bool) Decision {
	return Decision{Blocked: true, Line: r.line, Text: r.text, Policy: policy}
}

func (rs *apacheRuleset) Decide(src netip.Addr, _ uint16) Decision {
	src = src.Unmap()
	for _, b := range rs.blocks {
		if d := b.decide(src); d.Blocked {
			return d
		}
	}
	return Decision{}
}

func (b *apacheBlock) decide(src netip.Addr) Decision {
	if r := firstMatch(b.requireNot, src); r != nil {
		return blocked(r, false)
	}
	if b.kind == "requirenone" {
		if r := firstMatch(b.requireIP, src); r != nil {
			return blocked(r, false)
		}
	} else {
		allowed := b.granted || firstMatch(b.requireIP, src) != nil
		switch {
		case b.deniedAll != nil && !allowed:
			return blocked(b.deniedAll, false)
		case len(b.requireIP) > 0 && !allowed && !b.otherReq && b.kind != "requireall":
			return blocked(&b.requireIP[0], true)
		}
	}
	if !b.hasAccess22 {
		return Decision{}
	}
	allow, deny := firstMatch(b.allowFrom, src), firstMatch(b.denyFrom, src)
	if b.order == "allow,deny" {
		switch {
		case deny != nil:
			return blocked(deny, false)
		case allow == nil && len(b.allowFrom) > 0:
			return blocked(&b.allowFrom[0], true)
		case allow == nil:
			return Decision{Blocked: true, Line: b.denyFrom[0].line, Text: b.denyFrom[0].text, Policy: true}
		}
		return Decision{}
	}
	if deny != nil && allow == nil {
		return blocked(deny, false)
	}
	return Decision{}
}
