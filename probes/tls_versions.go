// The tls-versions probe: which of TLS 1.0-1.3 every address accepts, told
// apart from refusals, stalls and non-TLS answers.

package probes

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"slices"
	"strings"
	"time"

	"padlock/i18n"
	"padlock/rules"
)

// TLSVersions is the tls-versions probe: which of TLS 1.0, 1.1, 1.2 and 1.3
// does the server accept? It makes one handshake per version and address,
// concurrently, with the target's name as SNI, and does not judge the
// certificate (the certificate probe does).
type TLSVersions struct{}

// IDTLSVersions is the tls-versions probe's public id.
const IDTLSVersions = "tls-versions"

// tlsVersionsDescriptor describes the tls-versions probe; its findings are explained in
// rules/tls_versions.go.
var tlsVersionsDescriptor = Descriptor{
	ID:    IDTLSVersions,
	Title: i18n.T("TLS protocol versions", "TLS 协议版本"),
	What: i18n.T("Which TLS versions the server accepts: 1.0, 1.1, 1.2 and 1.3.",
		"服务器接受哪些 TLS 版本：1.0、1.1、1.2、1.3。"),
	Why: i18n.T("Browsers refuse TLS 1.0 and 1.1 today; a server without TLS 1.2 or 1.3 cannot be reached by them at all.",
		"如今浏览器已不再接受 TLS 1.0/1.1；不支持 TLS 1.2 或 1.3 的服务器根本无法访问。"),
	Findings: rules.TLSVersionsEntries(),
	Scenarios: []Scenario{
		{Host: "tls10-only", Status: Fail, Finding: "tls-versions.legacy-only"},
		{Host: "legacy-tls", Status: Warn, Finding: "tls-versions.legacy-enabled"},
	},
}

// Describe returns the tls-versions probe's descriptor.
func (TLSVersions) Describe() Descriptor { return tlsVersionsDescriptor }

// Handshake outcomes, as they appear in TLSVersionsDetails.
const (
	HandshakeAccepted = "accepted" // the server completed a handshake at this version
	HandshakeRefused  = "refused"  // an alert, or the server chose another version
	HandshakeClosed   = "closed"   // the server closed the connection without a byte
	HandshakeSilent   = "silent"   // the server accepted TCP and never answered
	HandshakeStalled  = "stalled"  // the server started answering, then stopped
	HandshakeHTTP     = "http"     // the server answered in plain HTTP
	HandshakeNotTLS   = "not-tls"  // the server answered with bytes that are not TLS
	HandshakeNoTCP    = "no-tcp"   // the TCP connection itself failed
	HandshakeError    = "error"    // anything else (see the error text)
)

// tlsvVersions are the versions asked about, oldest first.
var tlsvVersions = []uint16{tls.VersionTLS10, tls.VersionTLS11, tls.VersionTLS12, tls.VersionTLS13}

// tlsvHeadBytes is how many of the server's first bytes are kept as
// evidence.
const tlsvHeadBytes = 16

// TLSVersionsDetails is the tls-versions probe's Result.Details.
type TLSVersionsDetails struct {
	Host string `json:"host"`
	Port int    `json:"port"`
	// Accepted lists the versions any address accepted, oldest first.
	Accepted  []string     `json:"accepted"`
	Addresses []TLSAddress `json:"addresses"`
	// NotProbed counts addresses beyond Limits.MaxAddresses.
	NotProbed int `json:"addresses_not_probed,omitempty"`
}

// TLSAddress is what one address answered.
type TLSAddress struct {
	Address   string `json:"address"`
	RoutedTo  string `json:"routed_to,omitempty"`
	ConnectTo string `json:"connect_to,omitempty"`
	// Verdict sums up the address: "tls" (it speaks TLS), "no-tcp", or the
	// outcome that shows nothing speaks TLS there (silent, closed, http...).
	Verdict  string             `json:"verdict"`
	Versions []TLSVersionResult `json:"versions"`
}

// TLSVersionResult is one handshake.
type TLSVersionResult struct {
	Version string `json:"version"`
	Outcome string `json:"outcome"`
	Cipher  string `json:"cipher,omitempty"`
	// Alert is the server's TLS alert when it refused with one.
	Alert string `json:"alert,omitempty"`
	// FirstBytes are the server's first bytes, in hex, when they were not a
	// TLS reply.
	FirstBytes string `json:"first_bytes,omitempty"`
	TimeMS     int64  `json:"time_ms"`
	Error      string `json:"error,omitempty"`
}

// Run handshakes with every address of the target at every version.
func (TLSVersions) Run(ctx context.Context, t Target, env *Env) Result {
	if r, ok := skipWithoutSite(ctx, t, env); ok {
		return r
	}
	d := &TLSVersionsDetails{Host: t.Host, Port: t.Port, Accepted: []string{}}
	addrs, err := reachAddrs(ctx, t.Host, env)
	if err != nil {
		r := ErroredWith(i18n.T("no address to test: the name did not resolve (see the reachability check)", "没有可检测的地址：域名未能解析（见域名解析检查）"),
			fmt.Errorf("tls-versions: %w (see reachability)", err))
		r.Details = d
		return r
	}
	addrs, d.NotProbed = env.limits().CapAddrs(addrs)
	d.Addresses = tlsvProbeAll(ctx, t, env, addrs)
	if ctx.Err() != nil && !errors.Is(context.Cause(ctx), ErrProbeTimeout) {
		r := Errored(fmt.Errorf("tls-versions: %w", context.Cause(ctx)))
		r.Details = d
		return r
	}
	for _, v := range tlsvVersions {
		name := tlsvName(v)
		for _, a := range d.Addresses {
			if a.accepts(name) {
				d.Accepted = append(d.Accepted, name)
				break
			}
		}
	}
	findings := tlsvJudge(d, t.Port)
	if len(findings) == 1 && findings[0].ID == "tls-versions.no-connection" {
		r := ErroredWith(i18n.T(fmt.Sprintf("no address accepted a connection on port %d, so no TLS version could be tested (see the reachability check)", t.Port),
			fmt.Sprintf("没有地址接受 %d 端口的连接，无法检测 TLS 版本（见域名解析与端口检查）", t.Port)),
			fmt.Errorf("tls-versions: no address of %s accepted a TCP connection on port %d (see reachability)", t.Host, t.Port), findings...)
		r.Details = d
		return r
	}
	return reachWithErrText(Done(findings, d))
}

// tlsvProbeAll runs every (address, version) handshake with at most
// Limits.Workers at once.
func tlsvProbeAll(ctx context.Context, t Target, env *Env, addrs []netip.Addr) []TLSAddress {
	out := make([]TLSAddress, len(addrs))
	workers := max(1, env.limits().Workers)
	budget := attemptBudget(ctx, env.limits().DialTimeout, len(addrs)*len(tlsvVersions), workers)
	for i, a := range addrs {
		ap := netip.AddrPortFrom(a, uint16(t.Port))
		out[i] = TLSAddress{Address: a.String(), Versions: make([]TLSVersionResult, len(tlsvVersions))}
		if to, rule := env.Route(t.Host, ap); rule != nil {
			out[i].RoutedTo, out[i].ConnectTo = to, rule.String()
		}
	}
	n := len(tlsvVersions)
	forEach(ctx, len(addrs)*n, workers, func(k int) {
		i, j := k/n, k%n
		out[i].Versions[j] = tlsvHandshake(ctx, t.Host, env, netip.AddrPortFrom(addrs[i], uint16(t.Port)), tlsvVersions[j], budget)
	}, func(k int) {
		i, j := k/n, k%n
		out[i].Versions[j] = TLSVersionResult{Version: tlsvName(tlsvVersions[j]), Outcome: HandshakeError, Error: context.Cause(ctx).Error()}
	})
	for i := range out {
		out[i].Verdict = tlsvVerdict(out[i].Versions)
	}
	return out
}

// tlsvLegacySuites are every TLS 1.0–1.2 suite Go implements, offered
// explicitly so that old servers (RSA key exchange, 3DES) can still answer.
func tlsvLegacySuites() []uint16 {
	var ids []uint16
	for _, s := range append(tls.CipherSuites(), tls.InsecureCipherSuites()...) {
		if slices.Contains(s.SupportedVersions, tls.VersionTLS12) || slices.Contains(s.SupportedVersions, tls.VersionTLS10) {
			ids = append(ids, s.ID)
		}
	}
	return ids
}

// tlsvHandshake connects to ap and attempts one handshake at version v.
// Dial and handshake share one budget (attemptBudget), so a silent
// server gets its verdict in time.
func tlsvHandshake(ctx context.Context, host string, env *Env, ap netip.AddrPort, v uint16, budget time.Duration) (res TLSVersionResult) {
	res.Version = tlsvName(v)
	hctx, cancel := context.WithTimeout(ctx, budget)
	defer cancel()
	start := time.Now()
	defer func() { res.TimeMS = time.Since(start).Milliseconds() }()

	raw, err := env.Dial(hctx, "tcp", host, ap)
	if err != nil {
		res.Outcome, res.Error = HandshakeNoTCP, err.Error()
		return res
	}
	defer raw.Close()
	if dl, ok := hctx.Deadline(); ok {
		raw.SetDeadline(dl) //nolint:errcheck // best effort; the context also bounds the handshake
	}
	rec := &tlsvRecorder{Conn: raw}
	cfg := &tls.Config{
		ServerName:         host, // Go sends no SNI for an IP literal
		InsecureSkipVerify: true, //nolint:gosec // this probe asks about versions; the certificate probe judges trust
		MinVersion:         v,
		MaxVersion:         v,
	}
	if v < tls.VersionTLS13 {
		cfg.CipherSuites = tlsvLegacySuites()
	}
	conn := tls.Client(rec, cfg)
	err = conn.HandshakeContext(hctx)
	if err == nil {
		st := conn.ConnectionState()
		res.Outcome = HandshakeAccepted
		res.Cipher = tls.CipherSuiteName(st.CipherSuite)
		if st.Version != v { // cannot happen with MinVersion == MaxVersion
			res.Outcome, res.Error = HandshakeRefused, "negotiated "+tlsvName(st.Version)
		}
		return res
	}
	res.Error = err.Error()
	res.Outcome, res.Alert = tlsvClassify(err, rec.head, rec.n)
	if res.Outcome == HandshakeHTTP || res.Outcome == HandshakeNotTLS {
		res.FirstBytes = hex.EncodeToString(rec.head)
	}
	return res
}

// tlsvClassify names a failed handshake from the error and what the
// server sent.
func tlsvClassify(err error, head []byte, n int) (outcome, alert string) {
	if n > 0 && !tlsvLooksTLS(head) {
		if bytes.HasPrefix([]byte("HTTP/"), head[:min(len(head), 5)]) && len(head) >= 4 {
			return HandshakeHTTP, ""
		}
		return HandshakeNotTLS, ""
	}
	var op *net.OpError
	if errors.As(err, &op) && op.Op == "remote error" {
		return HandshakeRefused, op.Err.Error()
	}
	cause := CauseOf(err)
	closed := cause == CauseClosed || cause == CauseReset
	switch {
	case cause == CauseTimeout && n == 0:
		return HandshakeSilent, ""
	case cause == CauseTimeout:
		return HandshakeStalled, ""
	case closed && n == 0:
		return HandshakeClosed, ""
	case closed:
		return HandshakeRefused, ""
	}
	var ver tls.RecordHeaderError
	if errors.As(err, &ver) {
		return HandshakeNotTLS, ""
	}
	// Go's client refusing the server's choice ("server selected
	// unsupported protocol version") is a refusal of the version asked.
	if bytes.Contains([]byte(err.Error()), []byte("protocol version")) {
		return HandshakeRefused, ""
	}
	return HandshakeError, ""
}

// tlsvLooksTLS reports whether a reply starts like a TLS record: an alert
// or handshake record of a 3.x version.
func tlsvLooksTLS(head []byte) bool {
	if len(head) == 0 {
		return false
	}
	if head[0] != 0x15 && head[0] != 0x16 {
		return false
	}
	return len(head) < 2 || head[1] == 0x03
}

// tlsvVerdict sums up one address from its four handshakes.
func tlsvVerdict(vs []TLSVersionResult) string {
	count := map[string]int{}
	for _, v := range vs {
		count[v.Outcome]++
	}
	switch {
	case count[HandshakeAccepted] > 0 || count[HandshakeRefused] > 0:
		return "tls"
	case count[HandshakeNoTCP] == len(vs):
		return HandshakeNoTCP
	}
	for _, o := range []string{HandshakeHTTP, HandshakeNotTLS, HandshakeStalled, HandshakeSilent, HandshakeClosed} {
		if count[o] > 0 {
			return o
		}
	}
	return HandshakeError
}

func (a TLSAddress) accepts(version string) bool {
	for _, v := range a.Versions {
		if v.Version == version && v.Outcome == HandshakeAccepted {
			return true
		}
	}
	return false
}

func (a TLSAddress) acceptedSet() []string {
	var out []string
	for _, v := range a.Versions {
		if v.Outcome == HandshakeAccepted {
			out = append(out, v.Version)
		}
	}
	return out
}

// tlsvSilentFinding is the finding of an address where nothing speaks
// TLS, by how it behaved, with the evidence that shows it.
func tlsvSilentFinding(a TLSAddress) (string, Evidence) {
	switch a.Verdict {
	case HandshakeSilent, HandshakeClosed:
		return "tls-versions.no-tls", Evidence{"behaviour": a.Verdict, "waited_ms": tlsvMaxTime(a)}
	case HandshakeHTTP:
		return "tls-versions.plain-http", Evidence{"first_bytes": tlsvFirstBytes(a)}
	case HandshakeNotTLS:
		return "tls-versions.not-tls", Evidence{"first_bytes": tlsvFirstBytes(a)}
	case HandshakeStalled:
		return "tls-versions.handshake-stalled", Evidence{"waited_ms": tlsvMaxTime(a)}
	}
	return "tls-versions.handshake-error", Evidence{"error": tlsvFirstError(a)}
}

// tlsvJudge turns the handshakes into findings, one per kind, listing the
// addresses concerned.
func tlsvJudge(d *TLSVersionsDetails, port int) []Finding {
	byID := map[string][]string{}
	var order []string
	add := func(id, addr string) {
		if _, ok := byID[id]; !ok {
			order = append(order, id)
		}
		byID[id] = append(byID[id], addr)
	}
	extra := map[string]Evidence{}
	var legacy, alerts []string
	var sets []string
	speaking := 0
	for _, a := range d.Addresses {
		if a.Verdict == HandshakeNoTCP {
			continue
		}
		if a.Verdict != "tls" {
			id, ev := tlsvSilentFinding(a)
			add(id, a.Address)
			extra[id] = ev
			continue
		}
		speaking++
		set := a.acceptedSet()
		sets = append(sets, fmt.Sprint(set))
		modern := slices.Contains(set, "TLS 1.2") || slices.Contains(set, "TLS 1.3")
		var old []string
		for _, v := range set {
			if v == "TLS 1.0" || v == "TLS 1.1" {
				old = append(old, v)
			}
		}
		switch {
		case len(set) == 0:
			add("tls-versions.none-accepted", a.Address)
			for _, v := range a.Versions {
				if v.Alert != "" && !slices.Contains(alerts, v.Alert) {
					alerts = append(alerts, v.Alert)
				}
			}
		case !modern:
			add("tls-versions.legacy-only", a.Address)
		default:
			if len(old) > 0 {
				add("tls-versions.legacy-enabled", a.Address)
				for _, v := range old {
					if !slices.Contains(legacy, v) {
						legacy = append(legacy, v)
					}
				}
			}
			if !slices.Contains(set, "TLS 1.3") {
				add("tls-versions.no-tls13", a.Address)
			}
		}
	}
	if len(order) == 0 && speaking == 0 && len(d.Addresses) > 0 {
		var errs []string
		for _, a := range d.Addresses {
			if e := tlsvFirstError(a); e != "" {
				errs = append(errs, e)
			}
		}
		return []Finding{tlsVersionsDescriptor.Finding("tls-versions.no-connection", Evidence{
			"addresses": tlsvAddrList(d.Addresses), "port": port, "error": strings.Join(errs[:min(len(errs), 1)], ""),
		})}
	}
	slices.Sort(legacy)
	var findings []Finding
	for _, id := range order {
		ev := Evidence{"addresses": byID[id], "port": port, "accepted": tlsvOrEmpty(d.Accepted)}.With(extra[id])
		switch id {
		case "tls-versions.legacy-enabled":
			ev["legacy"] = legacy
		case "tls-versions.none-accepted":
			ev["alerts"] = tlsvOrEmpty(alerts)
		}
		findings = append(findings, tlsVersionsDescriptor.Finding(id, ev))
	}
	if len(slices.Compact(slices.Sorted(slices.Values(sets)))) > 1 {
		var per []string
		for _, a := range d.Addresses {
			if a.Verdict == "tls" {
				per = append(per, fmt.Sprintf("%s: %s", a.Address, tlsvJoin(a.acceptedSet())))
			}
		}
		findings = append(findings, tlsVersionsDescriptor.Finding("tls-versions.inconsistent", Evidence{"per_address": per}))
	}
	return findings
}

func tlsvOrEmpty(s []string) []string {
	if len(s) == 0 {
		return []string{"none"}
	}
	return s
}

func tlsvJoin(s []string) string {
	return strings.Join(tlsvOrEmpty(s), ", ")
}

func tlsvAddrList(as []TLSAddress) []string {
	out := make([]string, len(as))
	for i, a := range as {
		out[i] = a.Address
	}
	return out
}

func tlsvMaxTime(a TLSAddress) int64 {
	var m int64
	for _, v := range a.Versions {
		m = max(m, v.TimeMS)
	}
	return m
}

func tlsvFirstBytes(a TLSAddress) string {
	for _, v := range a.Versions {
		if v.FirstBytes != "" {
			return v.FirstBytes
		}
	}
	return ""
}

func tlsvFirstError(a TLSAddress) string {
	for _, v := range a.Versions {
		if v.Error != "" {
			return v.Error
		}
	}
	return ""
}

// tlsvName is "TLS 1.2" for tls.VersionTLS12.
func tlsvName(v uint16) string {
	switch v {
	case tls.VersionTLS10:
		return "TLS 1.0"
	case tls.VersionTLS11:
		return "TLS 1.1"
	case tls.VersionTLS12:
		return "TLS 1.2"
	case tls.VersionTLS13:
		return "TLS 1.3"
	}
	return fmt.Sprintf("0x%04x", v)
}

// tlsvRecorder counts the bytes a server sends and keeps the first few.
// Only the handshake goroutine reads through it.
type tlsvRecorder struct {
	net.Conn
	n    int
	head []byte
}

func (r *tlsvRecorder) Read(p []byte) (int, error) {
	n, err := r.Conn.Read(p)
	if n > 0 {
		r.n += n
		if room := tlsvHeadBytes - len(r.head); room > 0 {
			r.head = append(r.head, p[:min(n, room)]...)
		}
	}
	return n, err
}
