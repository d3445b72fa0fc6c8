package serverconf

import (
	"reflect"
	"strings"
	"testing"
)

const nginxConf = `
# a comment; with { braces }
http {
    ssl_protocols TLSv1 TLSv1.2;
    server {
        listen 80;
        server_name example.com;
        return 301 https://$host$request_uri;
    }
    server {
        listen 443 ssl;
        listen [::]:443 ssl;
        server_name example.com "www.example.com";
        ssl_certificate     /etc/nginx/ssl/example.com.crt;
        ssl_certificate_key /etc/nginx/ssl/example.com.key;
        location /.well-known/ { allow all; }
    }
}
`

func TestNginxTree(t *testing.T) {
	root := ParseNginx([]byte(nginxConf), DefaultLimits())
	http := root.First("http")
	if http == nil || !http.IsBlock || http.Line != 3 {
		t.Fatalf("http block: %+v", http)
	}
	servers := http.Find("server")
	if len(servers) != 2 {
		t.Fatalf("%d servers", len(servers))
	}
	loc := servers[1].First("location")
	if loc == nil || loc.Arg(0) != "/.well-known/" || loc.First("allow").Raw != "allow all" {
		t.Errorf("location: %+v", loc)
	}
	if n := servers[1].First("server_name"); !reflect.DeepEqual(n.Args, []string{"example.com", "www.example.com"}) {
		t.Errorf("quotes kept: %q", n.Args)
	}
}

func TestNginxSites(t *testing.T) {
	sites := Sites(Nginx, ParseNginx([]byte(nginxConf), DefaultLimits()))
	if len(sites) != 2 {
		t.Fatalf("%d sites", len(sites))
	}
	plain, tls := sites[0], sites[1]
	if plain.TLS || plain.Certificate != "" || !reflect.DeepEqual(plain.Protocols, []string{"TLSv1", "TLSv1.2"}) {
		t.Errorf("port 80 site: %+v", plain)
	}
	want := Site{Format: Nginx, Line: 10, Names: []string{"example.com", "www.example.com"},
		Listen: []string{"443 ssl", "[::]:443 ssl"}, TLS: true,
		Certificate: "/etc/nginx/ssl/example.com.crt", Key: "/etc/nginx/ssl/example.com.key",
		Protocols: []string{"TLSv1", "TLSv1.2"}}
	if !reflect.DeepEqual(tls, want) {
		t.Errorf("TLS site:\n got %+v\nwant %+v", tls, want)
	}
}

const apacheConf = `
ServerRoot "/etc/httpd"
<IfModule mod_ssl.c>
<VirtualHost *:443>
    ServerName example.com
    ServerAlias www.example.com
    SSLEngine on
    SSLProtocol -all +TLSv1.2 +TLSv1.3
    SSLCertificateFile "/etc/pki/tls/certs/example.com.crt"
    SSLCertificateKeyFile /etc/pki/tls/private/example.com.key
    SSLCertificateChainFile /etc/pki/tls/certs/chain.crt
    <Directory "/var/www/html">
        Require all granted
    </Directory>
</VirtualHost>
</IfModule>
`

func TestApacheTreeAndSites(t *testing.T) {
	root := ParseApache([]byte(apacheConf), DefaultLimits())
	if sr := root.First("serverroot"); sr == nil || sr.Arg(0) != "/etc/httpd" {
		t.Errorf("ServerRoot: %+v", sr)
	}
	vh := root.First("IfModule").First("VirtualHost")
	if vh == nil || vh.Arg(0) != "*:443" || vh.Line != 4 {
		t.Fatalf("VirtualHost: %+v", vh)
	}
	if dir := vh.First("Directory"); dir == nil || dir.Arg(0) != "/var/www/html" || dir.First("Require").Raw != "Require all granted" {
		t.Errorf("Directory: %+v", dir)
	}
	want := []Site{{Format: Apache, Line: 4, Names: []string{"example.com", "www.example.com"},
		Listen: []string{"*:443"}, TLS: true,
		Certificate: "/etc/pki/tls/certs/example.com.crt", Key: "/etc/pki/tls/private/example.com.key",
		Chain: "/etc/pki/tls/certs/chain.crt", Protocols: []string{"-all", "+TLSv1.2", "+TLSv1.3"}}}
	if got := Sites(Apache, root); !reflect.DeepEqual(got, want) {
		t.Errorf("sites:\n got %+v\nwant %+v", got, want)
	}
}

// Hostile input: deep nesting and endless statements stay within bounds,
// unbalanced closers are tolerated.
func TestHostileConfigs(t *testing.T) {
	lim := Limits{MaxDepth: 4, MaxStatement: 64}
	deep := strings.Repeat("a {", 1000) + "allow all;" + strings.Repeat("}", 1200)
	root := ParseNginx([]byte(deep), lim)
	depth, d := 0, root
	for len(d.Children) > 0 && d.Children[0].IsBlock {
		d, depth = d.Children[0], depth+1
	}
	if depth > lim.MaxDepth {
		t.Errorf("nginx nesting kept %d levels, limit %d", depth, lim.MaxDepth)
	}
	if len(d.Children) != 1 || d.Children[0].Raw != "allow all" {
		t.Errorf("the statement in the cut-off blocks was lost: %+v", d.Children)
	}
	long := "server_name " + strings.Repeat("x", 10000) + ";"
	if got := ParseNginx([]byte(long), lim).Children[0].Raw; len(got) > lim.MaxStatement {
		t.Errorf("statement of %d bytes kept", len(got))
	}
	ap := strings.Repeat("<Directory />\n", 1000) + "Require all denied\n" + strings.Repeat("</Directory>\n", 1200)
	root = ParseApache([]byte(ap), lim)
	depth, d = 0, root
	for len(d.Children) > 0 && d.Children[0].IsBlock {
		d, depth = d.Children[0], depth+1
	}
	if depth > lim.MaxDepth || len(d.Children) != 1 {
		t.Errorf("apache nesting %d levels, innermost %+v", depth, d.Children)
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(nginxConf))
	f.Add([]byte(apacheConf))
	f.Fuzz(func(t *testing.T, data []byte) {
		lim := DefaultLimits()
		Sites(Nginx, ParseNginx(data, lim))
		Sites(Apache, ParseApache(data, lim))
	})
}
