package cli

import (
	"crypto/x509"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/netip"
	"os"
	"strings"
	"time"

	"padlock/i18n"
	"padlock/inspect"
	"padlock/internal/sanitize"
	"padlock/probes"
	"padlock/report"
	"padlock/rules"
)

// Options are the parsed command-line flags shared by the UI and check.
type Options struct {
	Resolvers     []string
	CAFiles       []string
	ConnectTo     []string
	CA            string
	Wildcard      bool
	DNSRecords    []string
	DNSCNAMEs     []string
	FileURL       string
	FileContent   string
	Only          string
	Skip          string
	Timeout       time.Duration
	Format        string
	Output        string
	Lang          string
	Color         string
	SaveChain     string
	Pages         int
	Local         bool
	FirewallFiles []string
	Guided        bool
	NoSystemRoots bool
	Limits        []string

	// Targets are the positional arguments.
	Targets []string
}

type listFlag struct{ values *[]string }

func (l listFlag) String() string {
	if l.values == nil {
		return ""
	}
	return strings.Join(*l.values, ",")
}

func (l listFlag) Set(s string) error {
	*l.values = append(*l.values, s)
	return nil
}

// newFlagSet declares every shared flag on a fresh FlagSet bound to o.
func newFlagSet(name string, o *Options, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(sanitize.Writer{W: stderr}) // flag errors echo the arguments
	fs.Var(listFlag{&o.Resolvers}, "resolver", "DNS resolver `ADDR[:PORT]` to use (repeatable; replaces the default public set)")
	fs.Var(listFlag{&o.CAFiles}, "ca-file", "extra trusted root certificates, `PEM` file (repeatable)")
	fs.Var(listFlag{&o.ConnectTo}, "connect-to", "connect to ADDR:PORT instead of HOST:PORT, curl's `HOST:PORT:ADDR:PORT` (repeatable)")
	fs.StringVar(&o.CA, "ca", "", "the CA `BRAND` issuing the certificate ("+strings.Join(rules.BrandIDs(), "|")+")")
	fs.BoolVar(&o.Wildcard, "wildcard", false, "the certificate wanted is a wildcard (*.HOST)")
	fs.Var(listFlag{&o.DNSRecords}, "dns-record", "expected validation TXT record `NAME=VALUE` (repeatable)")
	fs.Var(listFlag{&o.DNSCNAMEs}, "dns-cname", "expected validation CNAME record `NAME=TARGET` (repeatable)")
	fs.StringVar(&o.FileURL, "file-url", "", "file-validation `URL` the CA will fetch")
	fs.StringVar(&o.FileContent, "file-content", "", "the `TEXT` the CA expects at --file-url")
	fs.StringVar(&o.Only, "only", "", "run only these probes, `PROBE,...`")
	fs.StringVar(&o.Skip, "skip", "", "skip these probes, `PROBE,...`")
	fs.DurationVar(&o.Timeout, "timeout", probes.DefaultLimits().ProbeTimeout, "deadline of each probe")
	fs.StringVar(&o.Format, "format", "text", "report `FORMAT`: text, markdown or json")
	fs.StringVar(&o.Output, "o", "", "write the report to `FILE` instead of standard output")
	fs.StringVar(&o.Lang, "lang", "", "report language, en or zh (default from LC_ALL/LANG)")
	fs.StringVar(&o.Color, "color", "auto", "colour: auto, always or never (NO_COLOR is respected)")
	fs.StringVar(&o.SaveChain, "save-chain", "", "write the corrected certificate chain (PEM) to `FILE`")
	fs.IntVar(&o.Pages, "pages", 1, "pages to crawl for mixed content")
	fs.BoolVar(&o.Local, "local", false, "padlock runs on the server itself: also check its firewall")
	fs.Var(listFlag{&o.FirewallFiles}, "firewall-file", "saved iptables-save/nft output or web-server config to check for blocked CA IPs (repeatable)")
	fs.BoolVar(&o.Guided, "guided", false, "interactive UI: walk through one probe at a time")
	fs.Var(listFlag{&o.Limits}, "limit", "raise or lower a limit, `NAME=VALUE` (repeatable; names: "+strings.Join(probes.LimitNames(), ", ")+")")
	fs.BoolVar(&o.NoSystemRoots, "no-system-roots", false, "trust only Mozilla's pinned roots and --ca-file, not the system's")
	return fs
}

// parseArgs parses flags and positional targets in any order. An argument
// "@FILE" stands for the arguments in FILE, one per line (blank lines and
// lines starting with # are skipped): "padlock lab" writes such a file.
func parseArgs(fs *flag.FlagSet, args []string, o *Options) error {
	args, err := expandArgFiles(args)
	if err != nil {
		return err
	}
	for {
		if err := fs.Parse(args); err != nil {
			return err
		}
		args = fs.Args()
		if len(args) == 0 {
			return nil
		}
		if args[0] == "--" {
			o.Targets = append(o.Targets, args[1:]...)
			return nil
		}
		o.Targets = append(o.Targets, args[0])
		args = args[1:]
	}
}

// expandArgFiles replaces each "@FILE" argument by the lines of FILE.
func expandArgFiles(args []string) ([]string, error) {
	var out []string
	for _, a := range args {
		path, ok := strings.CutPrefix(a, "@")
		if !ok || path == "" {
			out = append(out, a)
			continue
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("arguments file: %w", err)
		}
		for _, line := range strings.Split(string(data), "\n") {
			line = strings.TrimSpace(line)
			if line != "" && !strings.HasPrefix(line, "#") {
				out = append(out, line)
			}
		}
	}
	return out, nil
}

// usageError is bad input: one line, exit code 2.
type usageError struct{ err error }

func (u usageError) Error() string { return u.err.Error() }
func (u usageError) Unwrap() error { return u.err }

func usagef(format string, args ...any) error {
	return usageError{fmt.Errorf(format, args...)}
}

// intent builds the Intent from the flags.
func (o *Options) intent() (probes.Intent, error) {
	in := probes.Intent{
		Wildcard:      o.Wildcard,
		FileURL:       o.FileURL,
		FileContent:   o.FileContent,
		Pages:         o.Pages,
		Local:         o.Local,
		FirewallFiles: o.FirewallFiles,
	}
	if o.CA != "" {
		b, ok := rules.LookupBrand(o.CA)
		if !ok {
			return in, usagef("unknown --ca %q (known: %s)", o.CA, strings.Join(rules.BrandIDs(), ", "))
		}
		in.CA = b.ID
	}
	for _, kv := range []struct {
		typ  string
		vals []string
	}{{"TXT", o.DNSRecords}, {"CNAME", o.DNSCNAMEs}} {
		for _, s := range kv.vals {
			name, value, ok := strings.Cut(s, "=")
			if !ok || strings.TrimSpace(name) == "" {
				return in, usagef("--dns-%s %q: want NAME=VALUE", strings.ToLower(kv.typ), s)
			}
			in.DNSRecords = append(in.DNSRecords, probes.DNSExpectation{
				Name: strings.ToLower(strings.TrimSuffix(strings.TrimSpace(name), ".")), Type: kv.typ, Value: value,
			})
		}
	}
	if (o.FileURL == "") != (o.FileContent == "") {
		return in, usagef("--file-url and --file-content go together")
	}
	if o.FileURL != "" && !strings.HasPrefix(o.FileURL, "http://") && !strings.HasPrefix(o.FileURL, "https://") {
		return in, usagef("--file-url %q: want an http:// or https:// URL", o.FileURL)
	}
	if o.Pages < 1 {
		return in, usagef("--pages must be at least 1")
	}
	return in, nil
}

// targets parses every positional target with the intent applied.
func (o *Options) targets() ([]probes.Target, error) {
	in, err := o.intent()
	if err != nil {
		return nil, err
	}
	var ts []probes.Target
	for _, s := range o.Targets {
		t, err := probes.ParseTarget(s)
		if err != nil {
			return nil, usageError{err}
		}
		wild := t.Intent.Wildcard
		t.Intent = in
		t.Intent.Wildcard = wild || in.Wildcard
		ts = append(ts, t)
	}
	return ts, nil
}

// env builds the Env from the flags. Without --resolver it uses the public
// default set: that is the only place a public address enters padlock.
func (o *Options) env() (*probes.Env, error) {
	var resolvers []probes.Resolver
	for _, r := range o.Resolvers {
		addr, err := resolverAddr(r)
		if err != nil {
			return nil, usageError{err}
		}
		resolvers = append(resolvers, probes.Resolver{Addr: addr, Label: "--resolver " + r})
	}
	if len(resolvers) == 0 {
		resolvers = probes.DefaultResolvers()
	}
	var extra []*x509.Certificate
	for _, f := range o.CAFiles {
		certs, err := readCAFile(f)
		if err != nil {
			return nil, usageError{err}
		}
		extra = append(extra, certs...)
	}
	roots, err := probes.TrustRoots(!o.NoSystemRoots, extra)
	if err != nil {
		return nil, err
	}
	env := probes.NewEnv(resolvers, roots)
	env.ExtraRoots = extra
	for _, c := range o.ConnectTo {
		rule, err := probes.ParseConnectTo(c)
		if err != nil {
			return nil, usageError{err}
		}
		env.ConnectTo = append(env.ConnectTo, rule)
	}
	if o.Timeout <= 0 {
		return nil, usagef("--timeout must be positive")
	}
	env.Limits.ProbeTimeout = o.Timeout
	for _, kv := range o.Limits {
		name, value, ok := strings.Cut(kv, "=")
		if !ok {
			return nil, usagef("--limit %q: want NAME=VALUE", kv)
		}
		if err := env.Limits.Set(name, value); err != nil {
			return nil, usageError{err}
		}
	}
	env.LocalAddrs = interfaceAddrs
	env.Command = probes.LocalCommand
	return env, nil
}

// resolverAddr accepts ADDR or ADDR:PORT (IPv6 in brackets with a port).
func resolverAddr(s string) (string, error) {
	if ap, err := netip.ParseAddrPort(s); err == nil {
		return ap.String(), nil
	}
	if a, err := netip.ParseAddr(strings.Trim(s, "[]")); err == nil {
		return netip.AddrPortFrom(a, 53).String(), nil
	}
	host, port, err := net.SplitHostPort(s)
	if err == nil && host == "localhost" {
		return net.JoinHostPort("127.0.0.1", port), nil
	}
	return "", fmt.Errorf("--resolver %q: want an IP address, optionally with :PORT", s)
}

// readCAFile reads the certificates of a --ca-file (PEM, DER or PKCS#7,
// told apart by content).
func readCAFile(path string) ([]*x509.Certificate, error) {
	f, err := inspect.Read(path, inspect.DefaultLimits())
	if err != nil {
		return nil, fmt.Errorf("--ca-file: %w", err)
	}
	return f.Certificates, nil
}

func interfaceAddrs() ([]netip.Addr, error) {
	addrs, err := net.InterfaceAddrs()
	if err != nil {
		return nil, err
	}
	var out []netip.Addr
	for _, a := range addrs {
		if p, err := netip.ParsePrefix(a.String()); err == nil {
			out = append(out, p.Addr())
		}
	}
	return out, nil
}

// selected returns the probes of registry chosen by --only/--skip.
func (o *Options) selected(registry *probes.Registry) ([]probes.Probe, error) {
	split := func(s string) []string {
		var out []string
		for _, p := range strings.Split(s, ",") {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
		return out
	}
	ps, err := registry.Select(split(o.Only), split(o.Skip))
	if err != nil {
		return nil, usageError{err}
	}
	return ps, nil
}

// lang resolves --lang, then LC_ALL, LC_MESSAGES, LANG.
func (o *Options) lang(getenv func(string) string) (i18n.Lang, error) {
	if o.Lang != "" {
		l, err := i18n.ParseLang(o.Lang)
		if err != nil {
			return "", usageError{err}
		}
		return l, nil
	}
	for _, v := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if s := getenv(v); s != "" {
			if l, err := i18n.ParseLang(s); err == nil {
				return l, nil
			}
			return i18n.EN, nil
		}
	}
	return i18n.EN, nil
}

func (o *Options) format() (report.Format, error) {
	f, err := report.ParseFormat(o.Format)
	if err != nil {
		return "", usageError{err}
	}
	return f, nil
}

var errHelp = errors.New("help requested")
