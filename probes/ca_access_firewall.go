// The ca-access probe's firewall audit: the server's live rules (--local) and
// saved rule dumps (--firewall-file), judged against the CA's published
// validation addresses.

package probes

import (
	"context"
	"fmt"
	"io"
	"net/netip"
	"os"
	"slices"
	"strconv"
	"strings"

	"padlock/internal/firewall"
)

// checkFirewalls reads the live firewall when padlock runs on the server,
// and every --firewall-file.
func (r *caRun) checkFirewalls(ctx context.Context, targetAddrs []netip.Addr) {
	if !r.src.Published() {
		return // no addresses to check rules against
	}
	local := r.t.Intent.Local || r.isLocal(targetAddrs)
	if local {
		r.liveFirewall(ctx)
	}
	if !local && len(r.t.Intent.FirewallFiles) == 0 {
		// Say so, rather than look all green: a server that drops the CA's
		// addresses answers padlock, which is not the CA, normally.
		r.add(caAccessDescriptor.Finding("ca-access.firewall-not-checked", Evidence{"ca_addresses": r.caAddresses()}))
	}
	for _, path := range r.t.Intent.FirewallFiles {
		data, err := readCapped(path, caMaxRulesFile)
		if err != nil {
			r.unreadableFile(path, err)
			continue
		}
		r.checkRules(path, path, data, firewall.Options{Name: path})
	}
}

func (r *caRun) isLocal(addrs []netip.Addr) bool {
	if r.env.LocalAddrs == nil {
		return false
	}
	mine, err := r.env.LocalAddrs()
	if err != nil {
		return false
	}
	// A loopback answer says nothing about where the CA would connect (and
	// is what test deployments use): only a routable address counts.
	return slices.ContainsFunc(addrs, func(a netip.Addr) bool {
		a = a.Unmap()
		return !a.IsLoopback() && !a.IsUnspecified() && slices.Contains(mine, a)
	})
}

func readCapped(path string, limit int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, limit))
}

func (r *caRun) unreadableFile(path string, err error) {
	r.details.Firewall = append(r.details.Firewall, FirewallCheck{Source: path, Error: err.Error()})
	r.add(caAccessDescriptor.Finding("ca-access.firewall-file-unreadable", Evidence{"source": path, "error": err.Error()}))
}

var liveFirewallCommands = []struct {
	name string
	args []string
	opts firewall.Options
}{
	{"iptables-save", nil, firewall.Options{Format: firewall.IPTables, Family: 4}},
	{"ip6tables-save", nil, firewall.Options{Format: firewall.IPTables, Family: 6}},
	{"nft", []string{"list", "ruleset"}, firewall.Options{Format: firewall.NFTables}},
}

func (r *caRun) liveFirewall(ctx context.Context) {
	var names, failures []string
	for _, c := range liveFirewallCommands {
		names = append(names, "`"+strings.Join(append([]string{c.name}, c.args...), " ")+"`")
	}
	if r.env.Command == nil {
		r.add(caAccessDescriptor.Finding("ca-access.firewall-unreadable", Evidence{"commands": names, "error": "running programs is not allowed here"}))
		return
	}
	ran := 0
	for _, c := range liveFirewallCommands {
		cctx, cancel := context.WithTimeout(ctx, r.env.limits().DialTimeout)
		out, err := r.env.Command(cctx, c.name, c.args...)
		cancel()
		source := strings.Join(append([]string{c.name}, c.args...), " ")
		if err != nil {
			failures = append(failures, c.name+": "+firstLine(err.Error()))
			r.details.Firewall = append(r.details.Firewall, FirewallCheck{Source: source, Error: err.Error()})
			continue
		}
		ran++
		r.checkRules(source, "`"+source+"`", out, c.opts)
	}
	if ran == 0 {
		r.add(caAccessDescriptor.Finding("ca-access.firewall-unreadable", Evidence{"commands": names, "error": strings.Join(failures, "; ")}))
	}
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	return s
}

// checkRules parses one rule source and reports what stops the CA.
func (r *caRun) checkRules(source, label string, data []byte, opts firewall.Options) {
	rs, err := firewall.Parse(data, opts)
	if err != nil {
		r.unreadableFile(label, err)
		return
	}
	var ca []netip.Addr
	for _, n := range r.src.Networks {
		ca = append(ca, n.Prefix.Addr())
	}
	blocks := firewall.Check(rs, ca, caWebPorts)
	r.details.Firewall = append(r.details.Firewall, FirewallCheck{Source: source, Format: string(rs.Format()), Blocks: len(blocks)})
	if len(blocks) == 0 {
		r.add(caAccessDescriptor.Finding("ca-access.firewall-clean", Evidence{"source": label, "format": string(rs.Format()), "ca_addresses": r.caAddresses()}))
		return
	}
	for _, b := range blocks {
		ports := make([]string, len(b.Ports))
		for i, p := range b.Ports {
			ports[i] = strconv.Itoa(int(p))
		}
		f := caAccessDescriptor.Finding("ca-access.firewall-blocks", Evidence{
			"source":       label,
			"line":         b.Line,
			"location":     fmt.Sprintf("%s:%d", source, b.Line),
			"rule":         b.Text,
			"format":       string(rs.Format()),
			"ca_addresses": addrStrings(b.Addrs),
			"ports":        ports,
			"allow_lines":  allowLines(rs.Format(), b),
			"policy":       b.Policy,
			"conditional":  b.Conditional,
		})
		if b.Conditional {
			f = f.WithSeverity(Warn)
		}
		r.add(f)
	}
}

// allowLines are the exact lines that let the blocked CA addresses in,
// ahead of the blocking rule.
func allowLines(format firewall.Format, b firewall.Block) []string {
	var v4, v6, all []string
	for _, a := range b.Addrs {
		all = append(all, a.String())
		if a.Is4() {
			v4 = append(v4, a.String())
		} else {
			v6 = append(v6, a.String())
		}
	}
	var out []string
	switch format {
	case firewall.IPTables:
		table, chain, _ := strings.Cut(b.Chain, " ")
		if table == "" || chain == "" {
			table, chain = "filter", "INPUT"
		}
		prefix := ""
		if table != "filter" {
			prefix = "-t " + table + " "
		}
		for _, a := range v4 {
			out = append(out, fmt.Sprintf("`iptables %s-I %s -s %s -p tcp -m multiport --dports 80,443 -j ACCEPT`", prefix, chain, a))
		}
		for _, a := range v6 {
			out = append(out, fmt.Sprintf("`ip6tables %s-I %s -s %s -p tcp -m multiport --dports 80,443 -j ACCEPT`", prefix, chain, a))
		}
	case firewall.NFTables:
		where := b.Chain
		if where == "" {
			where = "inet filter input"
		}
		if len(v4) > 0 {
			out = append(out, fmt.Sprintf("`nft insert rule %s ip saddr { %s } tcp dport { 80, 443 } accept`", where, strings.Join(v4, ", ")))
		}
		if len(v6) > 0 {
			out = append(out, fmt.Sprintf("`nft insert rule %s ip6 saddr { %s } tcp dport { 80, 443 } accept`", where, strings.Join(v6, ", ")))
		}
	case firewall.Nginx:
		for _, a := range all {
			out = append(out, fmt.Sprintf("`allow %s;`", a))
		}
	case firewall.Apache:
		if strings.HasPrefix(strings.ToLower(b.Text), "require not ip") {
			out = append(out, "`"+withoutAddrs(b.Text, b.Addrs)+"`")
		} else {
			out = append(out, fmt.Sprintf("`Require ip %s`", strings.Join(all, " ")),
				fmt.Sprintf("`Allow from %s`", strings.Join(all, " ")))
		}
	}
	return out
}

// withoutAddrs rewrites an Apache "Require not ip" line without the
// entries that cover addrs, or comments it out when nothing is left.
func withoutAddrs(line string, addrs []netip.Addr) string {
	f := strings.Fields(line)
	if len(f) < 3 {
		return "# " + line
	}
	kept := f[:3]
	for _, v := range f[3:] {
		p, err := netip.ParsePrefix(v)
		if err != nil {
			if a, err2 := netip.ParseAddr(v); err2 == nil {
				p = netip.PrefixFrom(a, a.BitLen())
			}
		}
		if p.IsValid() && slices.ContainsFunc(addrs, p.Contains) {
			continue
		}
		kept = append(kept, v)
	}
	if len(kept) == 3 {
		return "# " + line
	}
	return strings.Join(kept, " ")
}
