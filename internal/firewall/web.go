package firewall

import (
	"net/netip"
	"path"
	"regexp"
	"slices"
	"strings"

	"padlock/internal/serverconf"
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

// ValidationPath is the kind of request a CA's file validation makes: the
// web-server rules are judged for it (a deny in an unrelated location
// does not stop the CA).
const ValidationPath = "/.well-known/pki-validation/fileauth.txt"

// nginxBlock is one block of an nginx config (http, server, location...)
// with its own allow/deny directives.
type nginxBlock struct {
	name     string // "location", "server", "limit_except"...
	modifier string // a location's "=", "^~", "~", "~*" or ""
	pattern  string // a location's URI or regular expression
	rules    []accessRule
	children []*nginxBlock
}

// nginxRuleset is the block tree of an nginx config. The request for
// ValidationPath goes through the location nginx would pick at each level
// (exact, then longest prefix, ^~, regexes in order); a block without its
// own allow/deny inherits its parent's, and the first matching directive
// wins.
type nginxRuleset struct{ root *nginxBlock }

func (*nginxRuleset) Format() Format { return Nginx }

// parseNginx reads the allow/deny rules of an nginx config from the
// directive tree package serverconf reads.
func parseNginx(data []byte) *nginxRuleset {
	root := &nginxBlock{}
	addNginx(root, serverconf.ParseNginx(data, serverconf.DefaultLimits()))
	return &nginxRuleset{root: root}
}

// addNginx adds d's blocks and access rules under b.
func addNginx(b *nginxBlock, d *serverconf.Directive) {
	for _, c := range d.Children {
		if c.IsBlock {
			child := nginxHeader(c.Raw)
			b.children = append(b.children, child)
			addNginx(child, c)
		} else if rule, ok := nginxRule(c.Raw, c.Line); ok {
			b.rules = append(b.rules, rule)
		}
	}
}

// nginxHeader reads a block's header: "location ^~ /x/", "server"...
func nginxHeader(h string) *nginxBlock {
	f := strings.Fields(h)
	b := &nginxBlock{}
	if len(f) == 0 {
		return b
	}
	b.name = f[0]
	if b.name != "location" || len(f) < 2 {
		return b
	}
	switch f[1] {
	case "=", "^~", "~", "~*":
		b.modifier = f[1]
		if len(f) > 2 {
			b.pattern = strings.Trim(f[2], `"'`)
		}
	default:
		b.pattern = strings.Trim(f[1], `"'`)
	}
	return b
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

// nginxRoute is the allow/deny list that decides one request, and whether
// a location on the way could not be evaluated (a regular expression Go
// does not understand, taken as matching).
type nginxRoute struct {
	rules       []accessRule
	conditional bool
}

// routes follows the validation request from b: into the location nginx
// selects, and into every http, server and stream block (padlock cannot
// tell which server serves the name). Other blocks (types, map, upstream,
// if, limit_except, which does not restrict GET) are not on the way.
func (b *nginxBlock) routes(inherited []accessRule, conditional bool, out []nginxRoute) []nginxRoute {
	eff := inherited
	if len(b.rules) > 0 {
		eff = b.rules
	}
	var next []*nginxBlock
	var locations []*nginxBlock
	for _, c := range b.children {
		switch c.name {
		case "location":
			locations = append(locations, c)
		case "http", "server", "stream":
			next = append(next, c)
		}
	}
	sel, uncertain := selectLocation(locations, ValidationPath)
	if sel != nil {
		next = append(next, sel)
	}
	if len(next) == 0 {
		return append(out, nginxRoute{rules: eff, conditional: conditional})
	}
	for _, c := range next {
		out = c.routes(eff, conditional || (c == sel && uncertain), out)
	}
	return out
}

// selectLocation picks the location nginx uses for uri among siblings:
// an exact match; else the longest matching prefix if it is ^~; else the
// first matching regular expression; else the longest prefix. uncertain
// is set when the pick rests on a regular expression Go cannot compile.
func selectLocation(locs []*nginxBlock, uri string) (sel *nginxBlock, uncertain bool) {
	var longest *nginxBlock
	for _, l := range locs {
		switch l.modifier {
		case "=":
			if l.pattern == uri {
				return l, false
			}
		case "", "^~":
			if strings.HasPrefix(uri, l.pattern) && (longest == nil || len(l.pattern) > len(longest.pattern)) {
				longest = l
			}
		}
	}
	if longest != nil && longest.modifier == "^~" {
		return longest, false
	}
	for _, l := range locs {
		if l.modifier != "~" && l.modifier != "~*" {
			continue
		}
		expr := l.pattern
		if l.modifier == "~*" {
			expr = "(?i)" + expr
		}
		re, err := regexp.Compile(expr)
		if err != nil {
			return l, true
		}
		if re.MatchString(uri) {
			return l, false
		}
	}
	return longest, false
}

func (rs *nginxRuleset) Decide(src netip.Addr, _ uint16) Decision {
	src = src.Unmap()
	for _, route := range rs.root.routes(nil, false, nil) {
		for _, r := range route.rules {
			if !r.all && !r.src.contains(src) {
				continue
			}
			if !r.allow {
				return Decision{Blocked: true, Line: r.line, Text: r.text, Conditional: route.conditional}
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
	// scope is the innermost <Directory>, <Files> or <Location> section
	// around the block (nil at the top level or in .htaccess).
	scope *apacheScope
	// applies: the block decides the CA's request (see resolve).
	applies bool
}

// hasAuthz reports whether the block states access rules of its own.
func (b *apacheBlock) hasAuthz() bool {
	return b.granted || b.deniedAll != nil || b.otherReq || b.hasAccess22 ||
		len(b.requireIP) > 0 || len(b.requireNot) > 0
}

// apacheScope is a <Directory>, <Files> or <Location> section (or its
// Match / "~" regex form).
type apacheScope struct {
	kind  string // "directory", "files" or "location"
	regex bool
	arg   string
}

type apacheRuleset struct {
	blocks []*apacheBlock
	// docRoot is the first DocumentRoot, when the file has one.
	docRoot string
}

func (*apacheRuleset) Format() Format { return Apache }

func parseApache(data []byte) *apacheRuleset {
	rs := &apacheRuleset{}
	top := &apacheBlock{}
	rs.blocks = append(rs.blocks, top)
	rs.add(top, serverconf.ParseApache(data, serverconf.DefaultLimits()))
	rs.resolve()
	return rs
}

// add reads the directives under d into b and its sections into blocks of
// their own, in document order.
func (rs *apacheRuleset) add(b *apacheBlock, d *serverconf.Directive) {
	for _, c := range d.Children {
		if c.IsBlock {
			name := strings.ToLower(c.Name)
			child := &apacheBlock{scope: b.scope}
			switch name {
			case "requirenone", "requireall", "requireany":
				child.kind = name
			}
			if sc := apacheSection(name, c.Raw); sc != nil {
				child.scope = sc
			}
			rs.blocks = append(rs.blocks, child)
			rs.add(child, c)
			continue
		}
		rs.directive(b, c)
	}
}

// directive applies one access directive to b.
func (rs *apacheRuleset) directive(b *apacheBlock, d *serverconf.Directive) {
	f := append([]string{d.Name}, d.Args...)
	rule := func(allow bool, vals []string) accessRule {
		r := accessRule{line: d.Line, text: d.Raw, allow: allow}
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
	case len(f) >= 2 && strings.EqualFold(f[0], "documentroot") && rs.docRoot == "":
		rs.docRoot = strings.TrimSuffix(f[1], "/")
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

// apacheSection reads a section's opening line ("<Files ~ \"\\.txt$\">");
// nil for containers that do not scope access (IfModule, VirtualHost...).
func apacheSection(name, line string) *apacheScope {
	sc := &apacheScope{}
	switch name {
	case "directory", "directorymatch":
		sc.kind = "directory"
	case "files", "filesmatch":
		sc.kind = "files"
	case "location", "locationmatch":
		sc.kind = "location"
	default:
		return nil
	}
	sc.regex = strings.HasSuffix(name, "match")
	f := strings.Fields(strings.TrimSuffix(strings.TrimSpace(line), ">"))
	if len(f) > 1 && f[1] == "~" {
		sc.regex = true
		f = f[1:]
	}
	if len(f) > 1 {
		sc.arg = strings.Trim(strings.Join(f[1:], " "), `"'`)
	}
	return sc
}

// covers reports whether the section applies to the CA's request for
// ValidationPath. A pattern padlock cannot evaluate counts as covering.
func (sc *apacheScope) covers(docRoot string) bool {
	target := ValidationPath
	switch sc.kind {
	case "files":
		target = path.Base(ValidationPath)
	case "directory":
		if docRoot == "" {
			return true // the site's directory is unknown
		}
		target = docRoot + ValidationPath
	}
	if sc.regex {
		re, err := regexp.Compile(sc.arg)
		return err != nil || re.MatchString(target)
	}
	if sc.kind == "files" {
		ok, err := path.Match(sc.arg, target)
		return err != nil || ok
	}
	if strings.ContainsAny(sc.arg, "*?[") {
		return true
	}
	return underPath(target, sc.arg)
}

// underPath reports whether p is dir or lies below it.
func underPath(p, dir string) bool {
	dir = strings.TrimSuffix(dir, "/")
	return dir == "" || p == dir || strings.HasPrefix(p, dir+"/")
}

// resolve marks the blocks that decide the CA's request: their section
// covers the request, and no more specific <Directory> with access rules
// of its own overrides them (Apache merges sections; the more specific
// one replaces the access rules). Sorting keeps it O(n log n) on a huge
// file.
func (rs *apacheRuleset) resolve() {
	var dirs []string // covering <Directory> paths with access rules, "/" ended
	for _, b := range rs.blocks {
		b.applies = b.scope == nil || b.scope.covers(rs.docRoot)
		if sc := b.scope; b.applies && sc != nil && sc.kind == "directory" && !sc.regex && b.hasAuthz() {
			dirs = append(dirs, dirKey(sc.arg))
		}
	}
	slices.Sort(dirs)
	for _, b := range rs.blocks {
		sc := b.scope
		if !b.applies || sc == nil || sc.kind != "directory" || sc.regex {
			continue
		}
		d := dirKey(sc.arg)
		i, _ := slices.BinarySearch(dirs, d)
		for i < len(dirs) && dirs[i] == d {
			i++
		}
		if i < len(dirs) && strings.HasPrefix(dirs[i], d) {
			b.applies = false
		}
	}
}

func dirKey(dir string) string { return strings.TrimSuffix(dir, "/") + "/" }

func (rs *apacheRuleset) Decide(src netip.Addr, _ uint16) Decision {
	src = src.Unmap()
	for _, b := range rs.blocks {
		if !b.applies {
			continue
		}
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
