package probes

import (
	"errors"
	"strings"
	"testing"
)

func TestParseTarget(t *testing.T) {
	tests := []struct {
		in       string
		host     string
		port     int
		path     string
		wildcard bool
	}{
		{"example.com", "example.com", 443, "/", false},
		{"Example.COM.", "example.com", 443, "/", false},
		{"https://example.com/path/x?q=1", "example.com", 443, "/path/x", false},
		{"http://example.com", "example.com", 443, "/", false},
		{"example.com:8443", "example.com", 8443, "/", false},
		{"https://example.com:8443/a", "example.com", 8443, "/a", false},
		{"example.com/some/page", "example.com", 443, "/some/page", false},
		{"*.example.com", "example.com", 443, "/", true},
		{"bücher.example", "xn--bcher-kva.example", 443, "/", false},
		{"例子.中国", "xn--fsqu00a.xn--fiqs8s", 443, "/", false},
		{"192.0.2.1", "192.0.2.1", 443, "/", false},
		{"192.0.2.1:8443", "192.0.2.1", 8443, "/", false},
		{"2001:db8::1", "2001:db8::1", 443, "/", false},
		{"[2001:db8::1]:8443", "2001:db8::1", 8443, "/", false},
		{"https://[::1]/x", "::1", 443, "/x", false},
		{"_dmarc.example.com", "_dmarc.example.com", 443, "/", false},
	}
	for _, tt := range tests {
		got, err := ParseTarget(tt.in)
		if err != nil {
			t.Errorf("ParseTarget(%q): %v", tt.in, err)
			continue
		}
		if got.Host != tt.host || got.Port != tt.port || got.Path != tt.path || got.Intent.Wildcard != tt.wildcard {
			t.Errorf("ParseTarget(%q) = host %q port %d path %q wildcard %v; want %q %d %q %v",
				tt.in, got.Host, got.Port, got.Path, got.Intent.Wildcard, tt.host, tt.port, tt.path, tt.wildcard)
		}
		if got.Input != tt.in {
			t.Errorf("ParseTarget(%q).Input = %q", tt.in, got.Input)
		}
	}
}

func TestParseTargetRejects(t *testing.T) {
	for _, in := range []string{
		"",
		"   ",
		"exa mple.com",
		"http://",
		"https:///path",
		"ftp://example.com",
		strings.Repeat("a", 300) + ".com",
		strings.Repeat("a.", 130) + "com",
		"example.com\x1b[31m",
		"exam\x00ple.com",
		"example.com:0",
		"example.com:70000",
		"example.com:http",
		"*.*.example.com",
		"999.1.1.1", "1.2.3", "256.0.0.1", "1.2.3.4.5", "https://300.1.1.1/x",
		"a.*.example.com",
		"-bad.example.com",
		"bad-.example.com",
		"ex!ample.com",
		"a..b.com",
		"https://user:pw@example.com/",
		"[::1",
		"\u202eexample.com",
		"\xff.com",
	} {
		_, err := ParseTarget(in)
		if err == nil {
			t.Errorf("ParseTarget(%q) succeeded, want an error", in)
			continue
		}
		if !errors.Is(err, ErrBadTarget) {
			t.Errorf("ParseTarget(%q) error %v does not wrap ErrBadTarget", in, err)
		}
		if strings.ContainsAny(err.Error(), "\n\x1b\x00") {
			t.Errorf("ParseTarget(%q) error is not one clean line: %q", in, err)
		}
	}
}

func TestTargetHelpers(t *testing.T) {
	tg, _ := ParseTarget("*.example.com:8443")
	if got := tg.Name(); got != "*.example.com" {
		t.Errorf("Name = %q", got)
	}
	if got := tg.URL(); got != "https://example.com:8443/" {
		t.Errorf("URL = %q", got)
	}
	v6, _ := ParseTarget("[::1]")
	if got := v6.URL(); got != "https://[::1]/" {
		t.Errorf("URL = %q", got)
	}
	if !v6.IsIP() || tg.IsIP() {
		t.Errorf("IsIP wrong")
	}
}

func FuzzParseTarget(f *testing.F) {
	for _, s := range []string{"example.com", "https://a.b/c", "*.x.y", "[::1]:1", "bücher.de", "a:b:c", "http://", "\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		tg, err := ParseTarget(s)
		if err != nil {
			if strings.ContainsAny(err.Error(), "\n") {
				t.Fatalf("multi-line error for %q", s)
			}
			return
		}
		if tg.Host == "" || tg.Port < 1 || tg.Port > 65535 {
			t.Fatalf("ParseTarget(%q) = %+v: accepted without a host or port", s, tg)
		}
		for _, c := range []byte(tg.Host) {
			if c < 0x21 || c > 0x7e {
				t.Fatalf("ParseTarget(%q) host %q is not printable ASCII", s, tg.Host)
			}
		}
	})
}
