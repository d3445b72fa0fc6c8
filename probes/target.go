// Target and Intent: what the user asked about, parsed from the command line.

package probes

import (
	"errors"
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/idna"
)

// DefaultPort is the HTTPS port probed when the target names none.
const DefaultPort = 443

// Target is what the user asked about: a host, a port, a path, and the
// intent (which certificate they want, how they validate it).
type Target struct {
	// Input is the text as the user typed it.
	Input string `json:"input"`
	// Host is the ASCII (punycode) host name, lower case, without a trailing
	// dot; or an IP literal (without brackets). For a wildcard target it is
	// the name below the "*." (example.com for *.example.com).
	Host string `json:"host"`
	// Port is the HTTPS port, DefaultPort unless the input named one.
	Port int `json:"port"`
	// Path is the URL path from the input, "/" when none was given.
	Path string `json:"path,omitempty"`
	// Intent is what the user wants to achieve with this host.
	Intent Intent `json:"-"`
}

// Intent describes the certificate the user wants and how they validate it.
// Probes that need an intent which is absent return Skip.
type Intent struct {
	// Wildcard: the certificate wanted is *.Host (from "*." in the input or
	// --wildcard).
	Wildcard bool
	// CA is the brand of the issuing CA, as in rules.Brands (e.g. "sectigo");
	// empty when unknown.
	CA string
	// DNSRecords are the validation records the CA asked for.
	DNSRecords []DNSExpectation
	// FileURL and FileContent are the file-validation URL and the content the
	// CA expects there.
	FileURL     string
	FileContent string
	// Pages bounds the mixed-content crawl (0 means 1).
	Pages int
	// Local says padlock runs on the server itself (firewall checks).
	Local bool
	// FirewallFiles are saved firewall dumps or web-server configs to check.
	FirewallFiles []string
}

// DNSExpectation is one DNS validation record: Name should carry a Type
// ("TXT" or "CNAME") record whose value is Value.
type DNSExpectation struct {
	Name  string `json:"name"`
	Type  string `json:"type"`
	Value string `json:"value"`
}

// IsIP reports whether the host is an IP literal.
func (t Target) IsIP() bool {
	_, err := netip.ParseAddr(t.Host)
	return err == nil
}

// Name is the name a certificate must cover: "*.Host" for a wildcard
// intent, otherwise Host.
func (t Target) Name() string {
	if t.Intent.Wildcard {
		return "*." + t.Host
	}
	return t.Host
}

// HostPort is Host and Port joined for dialing or display.
func (t Target) HostPort() string {
	return net.JoinHostPort(t.Host, strconv.Itoa(t.Port))
}

// URL is the https URL of the target's page.
func (t Target) URL() string {
	host := t.Host
	if t.IsIP() && strings.Contains(host, ":") {
		host = "[" + host + "]"
	}
	if t.Port != DefaultPort {
		host = net.JoinHostPort(strings.Trim(host, "[]"), strconv.Itoa(t.Port))
	}
	path := t.Path
	if path == "" {
		path = "/"
	}
	return "https://" + host + path
}

// ErrBadTarget is wrapped by every error ParseTarget returns.
var ErrBadTarget = errors.New("bad target")

var idnaProfile = idna.New(
	idna.MapForLookup(),
	idna.BidiRule(),
	idna.ValidateLabels(true),
	idna.StrictDomainName(false), // underscores occur in real host names
	idna.VerifyDNSLength(true),
)

// ParseTarget parses what a user typed: "example.com", "https://example.com/path",
// "example.com:8443", "*.example.com", an IDN, or an IPv4/IPv6 literal (IPv6
// with a port in brackets). The error is one line, fit to show as is.
func ParseTarget(input string) (Target, error) {
	bad := func(format string, args ...any) (Target, error) {
		return Target{}, fmt.Errorf("%w: "+format, append([]any{ErrBadTarget}, args...)...)
	}
	s := strings.TrimSpace(input)
	if s == "" {
		return bad("empty target")
	}
	if !utf8.ValidString(s) {
		return bad("target is not valid UTF-8")
	}
	for _, r := range s {
		if unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r) {
			return bad("target contains a control character (%U)", r)
		}
		if unicode.IsSpace(r) {
			return bad("target contains a space: %q", s)
		}
	}
	t := Target{Input: input, Port: DefaultPort, Path: "/"}

	hostport := s
	if i := strings.Index(s, "://"); i >= 0 {
		scheme := strings.ToLower(s[:i])
		if scheme != "https" && scheme != "http" {
			return bad("unsupported scheme %q (use https:// or a bare host name)", scheme)
		}
		u, err := url.Parse(s)
		if err != nil {
			return bad("cannot parse URL %q", s)
		}
		if u.Host == "" {
			return bad("URL %q has no host", s)
		}
		if u.User != nil {
			return bad("URL %q carries credentials; leave them out", s)
		}
		hostport = u.Host
		if u.Path != "" {
			t.Path = u.EscapedPath()
		}
	} else if i := strings.IndexAny(s, "/?#"); i >= 0 {
		t.Path = "/" + strings.TrimLeft(s[i:], "/")
		if s[i] != '/' {
			t.Path = "/"
		}
		hostport = s[:i]
	}

	host, port, err := splitHostPort(hostport)
	if err != nil {
		return bad("%v", err)
	}
	if port != "" {
		n, err := strconv.Atoi(port)
		if err != nil || n < 1 || n > 65535 {
			return bad("port %q is not a number from 1 to 65535", port)
		}
		t.Port = n
	}
	if addr, err := netip.ParseAddr(host); err == nil {
		if addr.Zone() != "" {
			return bad("IPv6 zones are not supported: %q", host)
		}
		t.Host = addr.Unmap().String()
		return t, nil
	}
	if strings.HasPrefix(host, "*.") {
		t.Intent.Wildcard = true
		host = host[2:]
	}
	host = strings.TrimSuffix(host, ".")
	if host == "" {
		return bad("no host name in %q", s)
	}
	if last := host[strings.LastIndexByte(host, '.')+1:]; last != "" && strings.Trim(last, "0123456789") == "" {
		// No top-level domain is all digits (RFC 3696 2): this is meant as
		// an IPv4 address, and is not a valid one.
		return bad("%q is not a valid IPv4 address (four numbers 0-255, e.g. 192.0.2.1)", host)
	}
	if strings.Contains(host, "*") {
		return bad("%q: a wildcard may only be the whole leftmost label (*.example.com)", host)
	}
	ascii, err := idnaProfile.ToASCII(host)
	if err != nil {
		return bad("%q is not a valid host name: %v", host, err)
	}
	ascii = strings.ToLower(ascii)
	for _, label := range strings.Split(ascii, ".") {
		if err := checkLabel(label); err != nil {
			return bad("%q is not a valid host name: %v", host, err)
		}
	}
	t.Host = ascii
	return t, nil
}

// splitHostPort splits "host", "host:port", "[v6]", "[v6]:port" or a bare
// IPv6 literal.
func splitHostPort(s string) (host, port string, err error) {
	if strings.HasPrefix(s, "[") {
		end := strings.Index(s, "]")
		if end < 0 {
			return "", "", fmt.Errorf("missing ] in %q", s)
		}
		host, rest := s[1:end], s[end+1:]
		if rest == "" {
			return host, "", nil
		}
		if !strings.HasPrefix(rest, ":") {
			return "", "", fmt.Errorf("unexpected %q after ]", rest)
		}
		return host, rest[1:], nil
	}
	if strings.Count(s, ":") > 1 { // bare IPv6 literal
		return s, "", nil
	}
	if h, p, ok := strings.Cut(s, ":"); ok {
		return h, p, nil
	}
	return s, "", nil
}

func checkLabel(label string) error {
	switch {
	case label == "":
		return errors.New("empty label")
	case len(label) > 63:
		return fmt.Errorf("label of %d characters (at most 63)", len(label))
	case label[0] == '-' || label[len(label)-1] == '-':
		return fmt.Errorf("label %q starts or ends with '-'", label)
	}
	for _, c := range []byte(label) {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return fmt.Errorf("character %q not allowed in a host name", c)
		}
	}
	return nil
}
