package firewall

import (
	"fmt"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var (
	caA = netip.MustParseAddr("64.78.193.238")
	caB = netip.MustParseAddr("216.168.247.9")
	web = []uint16{80, 443}
)

func parseFixture(t *testing.T, name string) Ruleset {
	t.Helper()
	path := filepath.Join("..", "..", "testdata", "firewall", name)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	rs, err := Parse(data, Options{Name: path})
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return rs
}

// TestFixtures checks, for each saved dump, the format detected and every
// line that blocks a CA address, with the addresses and ports it blocks.
func TestFixtures(t *testing.T) {
	type block struct {
		line   int
		chain  string
		text   string // substring of the rule
		addrs  string
		ports  string
		policy bool
	}
	tests := []struct {
		file   string
		format Format
		want   []block
	}{
		{"iptables-drop-ca.rules", IPTables, []block{
			{8, "filter INPUT", "-A INPUT -s 64.78.193.0/24 -p tcp -m tcp --dport 80 -j DROP", "64.78.193.238", "80", false},
		}},
		{"iptables-ok.rules", IPTables, nil},
		{"iptables-policy-drop.rules", IPTables, []block{
			{2, "filter INPUT", ":INPUT DROP", "64.78.193.238 216.168.247.9", "80 443", true},
		}},
		{"nginx-deny.conf", Nginx, []block{
			{8, "", "deny 216.168.247.9;", "216.168.247.9", "80 443", false},
		}},
		{"nftables-set-drop.nft", NFTables, []block{
			{13, "inet filter input", "ip saddr @blocklist tcp dport { 80, 443 }", "216.168.247.9", "80 443", false},
			{14, "inet filter input", "ip saddr 64.78.193.238 tcp dport 443 reject", "64.78.193.238", "443", false},
		}},
		{"site.htaccess", Apache, []block{
			{4, "", "Require not ip 216.168.247.9", "216.168.247.9", "80 443", false},
			// line 8 denies 64.78/16 only for legacy.php, not the CA's file
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			rs := parseFixture(t, tt.file)
			if rs.Format() != tt.format {
				t.Errorf("format %q, want %q", rs.Format(), tt.format)
			}
			got := Check(rs, []netip.Addr{caA, caB}, web)
			if len(got) != len(tt.want) {
				t.Fatalf("got %d blocks, want %d: %+v", len(got), len(tt.want), got)
			}
			for i, w := range tt.want {
				g := got[i]
				if g.Chain != w.chain {
					t.Errorf("block %d: chain %q, want %q", i, g.Chain, w.chain)
				}
				if g.Line != w.line || !strings.Contains(g.Text, w.text) || g.Policy != w.policy {
					t.Errorf("block %d: line %d %q policy %v, want line %d %q policy %v", i, g.Line, g.Text, g.Policy, w.line, w.text, w.policy)
				}
				if a := join(g.Addrs); a != w.addrs {
					t.Errorf("block %d: addrs %q, want %q", i, a, w.addrs)
				}
				if p := joinPorts(g.Ports); p != w.ports {
					t.Errorf("block %d: ports %q, want %q", i, p, w.ports)
				}
			}
		})
	}
}

func join(as []netip.Addr) string {
	s := make([]string, len(as))
	for i, a := range as {
		s[i] = a.String()
	}
	return strings.Join(s, " ")
}

func joinPorts(ps []uint16) string {
	s := make([]string, len(ps))
	for i, p := range ps {
		s[i] = netip.AddrPortFrom(netip.IPv4Unspecified(), p).String()[len("0.0.0.0:"):]
	}
	return strings.Join(s, " ")
}

func TestDecideCases(t *testing.T) {
	tests := []struct {
		name    string
		format  Format
		rules   string
		src     string
		port    uint16
		blocked bool
	}{
		{"accept before drop", IPTables, "-A INPUT -p tcp --dport 80 -j ACCEPT\n-A INPUT -s 64.78.193.0/24 -j DROP", "64.78.193.238", 80, false},
		{"negated source", IPTables, "-A INPUT ! -s 10.0.0.0/8 -p tcp --dport 443 -j REJECT", "64.78.193.238", 443, true},
		{"other port", IPTables, "-A INPUT -s 64.78.193.238 -p tcp --dport 22 -j DROP", "64.78.193.238", 80, false},
		{"udp only", IPTables, "-A INPUT -s 64.78.193.238 -p udp -j DROP", "64.78.193.238", 80, false},
		{"established only", IPTables, "-A INPUT -m state --state ESTABLISHED -s 64.78.193.238 -j DROP", "64.78.193.238", 80, false},
		{"rate limit is not a block", IPTables, "-A INPUT -p tcp --dport 80 -m recent --update --hitcount 20 -j DROP", "64.78.193.238", 80, false},
		{"ipset unknown", IPTables, "-A INPUT -m set --match-set bad src -j DROP", "64.78.193.238", 80, false},
		{"iprange", IPTables, "-A INPUT -m iprange --src-range 216.168.247.1-216.168.247.20 -j DROP", "216.168.247.9", 443, true},
		{"script line", IPTables, "sudo iptables -I INPUT -s 216.168.247.9 -j DROP", "216.168.247.9", 80, true},
		{"-I goes before earlier -A", IPTables, "iptables -A INPUT -s 64.78.193.0/24 -p tcp --dport 80 -j DROP\niptables -I INPUT -s 64.78.193.238 -p tcp --dport 80 -j ACCEPT", "64.78.193.238", 80, false},
		{"-I drop before earlier accept", IPTables, "iptables -A INPUT -p tcp --dport 80 -j ACCEPT\niptables -I INPUT -s 64.78.193.238 -j DROP", "64.78.193.238", 80, true},
		{"-I at a position", IPTables, "-A INPUT -p tcp --dport 80 -j ACCEPT\n-A INPUT -j DROP\n-I INPUT 2 -s 64.78.193.238 -j DROP", "64.78.193.238", 80, false},
		{"-I past the end appends", IPTables, "-A INPUT -p tcp --dport 22 -j ACCEPT\n-I INPUT 9 -s 64.78.193.238 -j DROP", "64.78.193.238", 80, true},
		{"ip6 dump ignores v4", IPTables, "# Generated by ip6tables-save v1.8\n*filter\n:INPUT DROP [0:0]\nCOMMIT", "64.78.193.238", 80, false},
		{"iptables -S policy", IPTables, "-P INPUT DROP\n-A INPUT -p tcp --dport 22 -j ACCEPT", "64.78.193.238", 443, true},
		{"jump loop terminates", IPTables, "-N A\n-N B\n-A INPUT -j A\n-A A -j B\n-A B -j A", "64.78.193.238", 80, false},
		{"nft drop prefix", NFTables, "table ip f {\n chain in {\n  type filter hook input priority 0; policy accept;\n  ip saddr 64.78.193.0/24 drop\n }\n}", "64.78.193.238", 80, true},
		{"nft negated", NFTables, "table ip f {\n chain in {\n  type filter hook input priority 0;\n  ip saddr != 10.0.0.0/8 tcp dport 80 drop\n }\n}", "64.78.193.238", 80, true},
		{"nft non-base chain unused", NFTables, "table ip f {\n chain helper {\n  ip saddr 64.78.193.238 drop\n }\n}", "64.78.193.238", 80, false},
		{"nft jump", NFTables, "table inet f {\n chain in {\n  type filter hook input priority 0;\n  tcp dport { http, https } jump web\n }\n chain web {\n  ip saddr 216.168.247.0/24 drop\n }\n}", "216.168.247.9", 443, true},
		{"nginx allow first", Nginx, "location / { allow 64.78.193.238; deny all; }", "64.78.193.238", 80, false},
		{"nginx deny all", Nginx, "location / { allow 10.0.0.0/8; deny all; }", "64.78.193.238", 80, true},
		{"nginx deny in another location", Nginx, "server {\n location / { root /srv; }\n location /admin/ { allow 10.0.0.0/8; deny all; }\n location ~ /\\.ht { deny all; }\n}", "64.78.193.238", 80, false},
		{"nginx longest prefix wins", Nginx, "server {\n location / { deny 216.168.247.9; }\n location /.well-known/pki-validation/ { allow all; }\n}", "216.168.247.9", 80, false},
		{"nginx regex beats plain prefix", Nginx, "server {\n location /.well-known/ { allow all; }\n location ~ /\\. { deny all; }\n}", "216.168.247.9", 80, true},
		{"nginx ^~ stops regex", Nginx, "server {\n location ^~ /.well-known/ { allow all; }\n location ~ /\\. { deny all; }\n}", "216.168.247.9", 80, false},
		{"nginx server deny inherited", Nginx, "server {\n deny 216.168.247.9;\n location / { root /srv; }\n}", "216.168.247.9", 80, true},
		{"nginx location overrides server", Nginx, "server {\n deny 216.168.247.9;\n location /.well-known/ { allow all; }\n}", "216.168.247.9", 80, false},
		{"nginx limit_except spares GET", Nginx, "location / { limit_except GET { deny all; } }", "216.168.247.9", 80, false},
		{"nginx types block is no route", Nginx, "server {\n deny 216.168.247.9;\n location / { allow all; }\n types { text/plain txt; }\n}", "216.168.247.9", 80, false},
		{"nginx stream server", Nginx, "stream {\n server {\n  listen 443;\n  deny 216.168.247.9;\n }\n}", "216.168.247.9", 443, true},
		{"apache require ip only", Apache, "<Directory /var/www>\nRequire ip 10.0.0.0/8\n</Directory>", "64.78.193.238", 80, true},
		{"apache order allow,deny", Apache, "Order Allow,Deny\nAllow from all\nDeny from 216.168.247.9", "216.168.247.9", 80, true},
		{"apache deny,allow overridden", Apache, "Order Deny,Allow\nDeny from all\nAllow from 64.78.193.0/255.255.255.0", "64.78.193.238", 80, false},
		{"apache stock Directory / denied", Apache, "<Directory />\n\tAllowOverride None\n\tRequire all denied\n</Directory>\n<Directory /var/www/>\n\tRequire all granted\n</Directory>\n<FilesMatch \"^\\.ht\">\n\tRequire all denied\n</FilesMatch>", "64.78.193.238", 80, false},
		{"apache other file", Apache, "<Files \"legacy.php\">\nOrder Deny,Allow\nDeny from 64.78\n</Files>", "64.78.193.238", 80, false},
		{"apache txt files", Apache, "<FilesMatch \"\\.txt$\">\nRequire all denied\n</FilesMatch>", "64.78.193.238", 80, true},
		{"apache other location", Apache, "<Location /admin>\nRequire ip 10.0.0.0/8\n</Location>", "64.78.193.238", 80, false},
		{"apache root location", Apache, "<Location />\nRequire not ip 216.168.247.9\n</Location>", "216.168.247.9", 80, true},
		{"apache document root", Apache, "DocumentRoot /srv/site\n<Directory /srv/site>\n<RequireAll>\nRequire all granted\nRequire not ip 216.168.247.9\n</RequireAll>\n</Directory>", "216.168.247.9", 80, true},
		{"apache directory outside root", Apache, "DocumentRoot /srv/site\n<Directory /srv/private>\nRequire all denied\n</Directory>", "216.168.247.9", 80, false},
		{"apache granted", Apache, "Require all granted", "64.78.193.238", 80, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rs, err := Parse([]byte(tt.rules), Options{Format: tt.format})
			if err != nil {
				t.Fatal(err)
			}
			d := rs.Decide(netip.MustParseAddr(tt.src), tt.port)
			if d.Blocked != tt.blocked {
				t.Errorf("blocked = %v (%+v), want %v", d.Blocked, d, tt.blocked)
			}
		})
	}
}

// A file of nothing but opening braces must not make the nginx walk
// recurse once per brace.
func TestNginxDeepNesting(t *testing.T) {
	data := strings.Repeat("location / { ", 1<<20) + "deny all;"
	rs, err := Parse([]byte(data), Options{Format: Nginx})
	if err != nil {
		t.Fatal(err)
	}
	if d := rs.Decide(caA, 80); !d.Blocked {
		t.Errorf("deny all nested deep not seen: %+v", d)
	}
}

// A huge Apache file of <Directory> sections is resolved in n log n, not
// by comparing every section with every other.
func TestApacheManySections(t *testing.T) {
	var b strings.Builder
	for i := range 200000 {
		fmt.Fprintf(&b, "<Directory /srv/d%d>\nRequire all denied\n</Directory>\n", i)
	}
	rs, err := Parse([]byte(b.String()), Options{Format: Apache})
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan Decision, 1)
	go func() { done <- rs.Decide(caA, 80) }()
	select {
	case d := <-done:
		if !d.Blocked {
			t.Errorf("denied directories not seen: %+v", d)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("Decide over 200,000 sections did not finish")
	}
}

func TestDetect(t *testing.T) {
	tests := map[string]Format{
		"*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -j ACCEPT\nCOMMIT\n":                   IPTables,
		"table inet filter {\n\tchain input {\n\t\ttype filter hook input priority 0;": NFTables,
		"server {\n  listen 80;\n  deny 1.2.3.4;\n}\n":                                 Nginx,
		"<Directory /srv>\n Require not ip 1.2.3.4\n</Directory>\n":                    Apache,
		"hello world\n": Unknown,
	}
	for in, want := range tests {
		if got := Detect("", []byte(in)); got != want {
			t.Errorf("Detect(%q) = %q, want %q", in, got, want)
		}
	}
	if got := Detect("/srv/www/.htaccess", nil); got != Apache {
		t.Errorf("Detect(.htaccess) = %q", got)
	}
	if _, err := Parse([]byte("hello"), Options{}); err != ErrUnknownFormat {
		t.Errorf("Parse(junk) error = %v", err)
	}
}

// FuzzParse feeds arbitrary text to every parser and the checker: they must
// never panic, and a block must always name a line of the input.
func FuzzParse(f *testing.F) {
	for _, name := range []string{"iptables-drop-ca.rules", "iptables-ok.rules", "nginx-deny.conf", "nftables-set-drop.nft", "site.htaccess"} {
		if data, err := os.ReadFile(filepath.Join("..", "..", "testdata", "firewall", name)); err == nil {
			f.Add(data)
		}
	}
	f.Add([]byte("-A INPUT ! -s 10.0.0.0/8 -p tcp --dport 80:443 -j DROP"))
	f.Add([]byte("table ip t { chain c { type filter hook input priority 0; policy drop; } }"))
	f.Fuzz(func(t *testing.T, data []byte) {
		lines := strings.Count(string(data), "\n") + 1
		for _, format := range []Format{IPTables, NFTables, Nginx, Apache} {
			rs, err := Parse(data, Options{Format: format})
			if err != nil {
				t.Fatal(err)
			}
			for _, b := range Check(rs, []netip.Addr{caA, caB, netip.MustParseAddr("2001:db8::1")}, web) {
				if b.Line < 1 || b.Line > lines {
					t.Fatalf("%s: block names line %d of %d", format, b.Line, lines)
				}
			}
		}
		Detect("", data)
	})
}
