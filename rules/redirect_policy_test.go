package rules

import (
	"net/url"
	"strings"
	"testing"
)

func TestRedirectPolicies(t *testing.T) {
	u := func(s string) *url.URL {
		v, err := url.Parse(s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	tests := []struct {
		brand string
		hop   int
		code  int
		to    string
		ok    bool
	}{
		{"letsencrypt", 1, 301, "https://example.com/x", true},
		{"letsencrypt", 10, 308, "http://www.example.com/x", true},
		{"letsencrypt", 11, 301, "https://example.com/x", false},
		{"letsencrypt", 1, 303, "https://example.com/x", false},
		{"letsencrypt", 1, 301, "https://example.com:8443/x", false},
		{"letsencrypt", 1, 301, "ftp://example.com/x", false},
		{"letsencrypt", 1, 302, "https://192.0.2.1/x", false},
		{"digicert", 1, 302, "https://www.example.com/x", true},
		{"digicert", 2, 302, "https://www.example.com/x", false},
		{"geotrust", 1, 307, "https://example.com:443/x", true},
		{"sectigo", 1, 301, "https://example.com/x", false},
		{"trustasia", 1, 301, "https://example.com/x", false},
		{"", 1, 301, "https://example.com/x", false},
		{"globalsign", 1, 301, "https://example.com/x", false},
	}
	for _, tt := range tests {
		p := RedirectPolicyFor(tt.brand)
		ok, reason := p.Allows(tt.hop, tt.code, u(tt.to))
		if ok != tt.ok || (!ok && (reason.EN == "" || !hasHan(reason.ZH))) {
			t.Errorf("%q hop %d %d → %s: %v %q, want %v", tt.brand, tt.hop, tt.code, tt.to, ok, reason, tt.ok)
		}
	}
	for _, b := range append(BrandIDs(), "") {
		p := RedirectPolicyFor(b)
		if p.Source == "" || p.Name.EN == "" || p.Name.ZH == "" {
			t.Errorf("%q: policy without a name or source", b)
		}
	}
	if !RedirectPolicyFor("letsencrypt").IgnoresCertificate || RedirectPolicyFor("digicert").IgnoresCertificate {
		t.Error("certificate handling")
	}
	if !strings.Contains(RedirectPolicyFor("globalsign").Source, "does not know") {
		t.Error("an unknown policy should say so")
	}
}
