// The certificate probe: its descriptor and details, and Run, which shakes
// hands with every address and analyses each distinct chain (certificate_chain.go,
// certificate_validity.go, certificate_revocation.go).

package probes

import (
	"cmp"
	"context"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"encoding/hex"
	"errors"
	"fmt"
	"net/netip"
	"runtime/debug"
	"strings"
	"time"

	"padlock/clients"
	"padlock/i18n"
	"padlock/internal/certs"
	"padlock/rules"
)

// Certificate is the certificate probe: it fetches the chain every address
// of the name presents and checks it the way the strictest common clients
// do (no intermediate fetching), then explains what each kind of client
// makes of it.
type Certificate struct{}

// IDCertificate is the certificate probe's public id.
const IDCertificate = "certificate"

// certificateDescriptor describes the certificate probe; its findings are explained in
// rules/certificate.go.
var certificateDescriptor = Descriptor{
	ID:    IDCertificate,
	Title: i18n.T("Certificate and chain", "证书与证书链"),
	What: i18n.T("The certificate chain the server sends: complete and in order, trusted, valid now, covering this name, with a sound key.",
		"服务器发送的证书链：是否完整、顺序正确、受信任、在有效期内、覆盖该域名、密钥是否安全。"),
	Why: i18n.T("A missing intermediate works on some desktops and breaks Android, Java and API clients; a wrong name or date breaks everyone.",
		"缺少中间证书时部分电脑上正常，但安卓、Java 和 API 客户端会失败；域名或日期不对则所有人都会报错。"),
	Findings: rules.CertificateEntries(),
	Scenarios: []Scenario{
		{Host: "cert-incomplete", Status: Fail, Finding: "certificate.chain-incomplete"},
		{Host: "cert-expired", Status: Fail, Finding: "certificate.expired"},
	},
}

// Describe returns the certificate probe's descriptor.
func (Certificate) Describe() Descriptor { return certificateDescriptor }

// mozillaBundleModule is the module holding the pinned Mozilla root store.
const mozillaBundleModule = "golang.org/x/crypto/x509roots/fallback"

// CertificateDetails is what the certificate probe saw: the chain each
// address sent, the certificates fetched through AIA, the trusted path and
// the revocation status. It implements ChainFixer when the chain the
// server sends needs correcting.
type CertificateDetails struct {
	Host string `json:"host"`
	Port int    `json:"port"`
	// MozillaBundle is the version of the pinned Mozilla root store.
	MozillaBundle string `json:"mozilla_bundle"`
	// Addresses lists every address tried and what it presented.
	Addresses []AddressCertificate `json:"addresses"`
	// Chain is the chain as sent, in order, by the address analysed (the
	// one most addresses agree with).
	Chain []CertInfo `json:"chain"`
	// Address is the address whose chain is shown in Chain.
	Address string `json:"address,omitempty"`
	// FetchedViaAIA are the issuers padlock downloaded from AIA URLs.
	FetchedViaAIA []CertInfo `json:"fetched_via_aia,omitempty"`
	// TrustedPath is the subjects of the verified chain, leaf to root.
	TrustedPath []string `json:"trusted_path,omitempty"`
	// Covers lists the names the leaf is valid for.
	Covers []string `json:"covers,omitempty"`
	// Clients says which kinds of client accept the chain as sent.
	Clients []ClientVerdict `json:"clients,omitempty"`
	// Revocation is the OCSP status of the leaf, when it could be asked.
	Revocation *RevocationInfo `json:"revocation,omitempty"`

	fixed []*x509.Certificate
}

// FixedChainPEM returns the chain the server should send (leaf, then the
// intermediates in order, no root), or nil when the sent one is fine.
func (d *CertificateDetails) FixedChainPEM() []byte {
	if d == nil || len(d.fixed) == 0 {
		return nil
	}
	return certs.PEM(d.fixed...)
}

// AddressCertificate is what one address presented.
type AddressCertificate struct {
	Address      string `json:"address"`
	Error        string `json:"error,omitempty"`
	TLSVersion   string `json:"tls_version,omitempty"`
	Certificates int    `json:"certificates,omitempty"`
	LeafSHA256   string `json:"leaf_sha256,omitempty"`
	OCSPStapled  bool   `json:"ocsp_stapled,omitempty"`
	SameAsShown  bool   `json:"same_as_shown,omitempty"`
}

// CertInfo describes one certificate for people.
type CertInfo struct {
	Subject            string    `json:"subject"`
	Issuer             string    `json:"issuer"`
	SANs               []string  `json:"sans,omitempty"`
	Serial             string    `json:"serial"`
	NotBefore          time.Time `json:"not_before"`
	NotAfter           time.Time `json:"not_after"`
	DaysLeft           int       `json:"days_left"`
	Key                string    `json:"key"`
	SignatureAlgorithm string    `json:"signature_algorithm"`
	SHA256             string    `json:"sha256"`
	CA                 bool      `json:"ca"`
	SelfSigned         bool      `json:"self_signed,omitempty"`
	CAIssuers          []string  `json:"ca_issuers,omitempty"`
	OCSP               []string  `json:"ocsp,omitempty"`
}

// ClientVerdict is whether one family of clients accepts the chain as
// sent (package clients).
type ClientVerdict = clients.Verdict

// RevocationInfo is the leaf's OCSP status.
type RevocationInfo struct {
	Source     string    `json:"source"` // "stapled" or the responder URL
	Status     string    `json:"status"` // good, revoked, unknown, unavailable
	ProducedAt time.Time `json:"produced_at,omitzero"`
	RevokedAt  time.Time `json:"revoked_at,omitzero"`
	Error      string    `json:"error,omitempty"`
}

// handshake is what one address sent.
type handshake struct {
	addr    netip.Addr
	label   string // the address as shown (where --connect-to sends a pinned name)
	certs   []*x509.Certificate
	stapled []byte
	version uint16
	dialErr error // TCP never connected
	tlsErr  error // connected, but no handshake
}

func (h handshake) chainKey() string {
	s := sha256.New()
	for _, c := range h.certs {
		s.Write(c.Raw)
	}
	return hex.EncodeToString(s.Sum(nil))
}

// Run fetches and checks the chain of every address of t.Host.
func (Certificate) Run(ctx context.Context, t Target, env *Env) Result {
	if r, ok := skipWithoutSite(ctx, t, env); ok {
		return r
	}
	addrs, err := certificateAddrs(ctx, t, env)
	if err != nil {
		return Errored(err)
	}
	hs := handshakeAll(ctx, t, env, addrs)
	if err := context.Cause(ctx); err != nil && ctx.Err() != nil && !errors.Is(err, ErrProbeTimeout) {
		return Errored(err)
	}

	details := &CertificateDetails{Host: t.Host, Port: t.Port, MozillaBundle: mozillaBundleVersion()}
	var findings []Finding
	groups := map[string][]handshake{}
	var order []string
	var dialErrs []string
	var firstDialErr error
	for _, h := range hs {
		ac := AddressCertificate{Address: h.label}
		switch {
		case h.dialErr != nil:
			ac.Error = h.dialErr.Error()
			dialErrs = append(dialErrs, ac.Error)
			firstDialErr = cmp.Or(firstDialErr, h.dialErr)
		case h.tlsErr != nil:
			ac.Error = h.tlsErr.Error()
			ac.Certificates = len(h.certs)
			if leaf, ok := leafNotFirst(h.certs); ok {
				findings = append(findings, certificateDescriptor.Finding("certificate.leaf-not-first", Evidence{
					"address": h.label, "first": h.certs[0].Subject.String(),
					"leaf": leaf.Subject.String(), "sent": subjects(h.certs),
				}))
				break
			}
			findings = append(findings, certificateDescriptor.Finding("certificate.handshake-failed", Evidence{
				"address": h.label, "error": FailureOf(h.tlsErr),
			}))
		default:
			ac.TLSVersion = tls.VersionName(h.version)
			ac.Certificates = len(h.certs)
			ac.LeafSHA256 = fingerprint(h.certs[0])
			ac.OCSPStapled = len(h.stapled) > 0
			key := h.chainKey()
			if _, ok := groups[key]; !ok {
				order = append(order, key)
			}
			groups[key] = append(groups[key], h)
		}
		details.Addresses = append(details.Addresses, ac)
	}
	if len(groups) == 0 {
		if len(findings) == 0 {
			// One error says it all; the details list every address's.
			why := "no address to try"
			if len(dialErrs) > 0 {
				why = dialErrs[0]
			}
			if n := len(dialErrs) - 1; n > 0 {
				why += fmt.Sprintf(" (and %d more addresses)", n)
			}
			reason := i18n.T("could not connect to any address", "无法连接到任何地址")
			if c := CauseOf(firstDialErr); c != "" && c != CauseOther {
				reason = i18n.T(reason.EN+": "+c.Text().EN, reason.ZH+"："+c.Text().ZH)
			}
			res := ErroredWith(reason, fmt.Errorf("could not connect to any address of %s: %s", t.Host, why))
			res.Details = details
			return res
		}
		return Done(findings, details)
	}
	// The chain most addresses present is the one analysed in full; the
	// first address breaks ties.
	primary := order[0]
	for _, k := range order[1:] {
		if len(groups[k]) > len(groups[primary]) {
			primary = k
		}
	}
	main := groups[primary][0]
	details.Address = main.label
	for i := range details.Addresses {
		for _, h := range groups[primary] {
			if details.Addresses[i].Address == h.label {
				details.Addresses[i].SameAsShown = true
			}
		}
	}
	a := analyse(ctx, t, env, main, true)
	findings = append(findings, a.findings...)
	a.fill(details)

	for _, k := range order {
		if k == primary {
			continue
		}
		findings = append(findings, oddChain(ctx, t, env, groups[k], main))
	}
	return Done(findings, details)
}

// certificateAddrs are the addresses to handshake with: every A and AAAA
// address of the host, or, when a --connect-to rule names the host itself
// (curl's way of pinning a name to a server), just the unspecified address
// that the rule redirects, with no DNS lookup at all.
func certificateAddrs(ctx context.Context, t Target, env *Env) ([]netip.Addr, error) {
	if !t.IsIP() {
		pinned := netip.AddrPortFrom(netip.IPv4Unspecified(), uint16(t.Port))
		if _, rule := env.Route(t.Host, pinned); rule != nil && rule.Host == t.Host {
			return []netip.Addr{pinned.Addr()}, nil
		}
	}
	addrs, err := env.LookupAddrs(ctx, t.Host)
	if err != nil {
		return nil, fmt.Errorf("resolve %s: %w", t.Host, err)
	}
	if len(addrs) == 0 {
		return nil, fmt.Errorf("%s has no A or AAAA record", t.Host)
	}
	return addrs, nil
}

// addrLabel names an address for people: where --connect-to sends it.
func addrLabel(env *Env, t Target, a netip.Addr) string {
	to, rule := env.Route(t.Host, netip.AddrPortFrom(a, uint16(t.Port)))
	if rule != nil && a.IsUnspecified() {
		return to
	}
	return a.String()
}

// oddChain reports addresses that present another chain than the main one.
func oddChain(ctx context.Context, t Target, env *Env, group []handshake, main handshake) Finding {
	h := group[0]
	odd := analyse(ctx, t, env, h, false)
	var addrs, problems []string
	for _, g := range group {
		addrs = append(addrs, g.label)
	}
	worst := Warn
	for _, f := range odd.findings {
		if f.Severity >= Warn {
			problems = append(problems, f.ID)
		}
		worst = max(worst, f.Severity)
	}
	if len(problems) == 0 {
		problems = []string{"none"}
	}
	leaf := h.certs[0]
	return certificateDescriptor.Finding("certificate.chains-differ", Evidence{
		"addresses":      addrs,
		"main_address":   main.label,
		"leaf_subject":   leaf.Subject.String(),
		"leaf_sha256":    fingerprint(leaf),
		"leaf_not_after": leaf.NotAfter.UTC().Format(time.DateOnly),
		"main_sha256":    fingerprint(main.certs[0]),
		"certificates":   len(h.certs),
		"problems":       problems,
	}).WithSeverity(min(worst, Fail))
}

// phase returns a context for one network step: at most limit, and at
// most half the time left, so that a step that hangs still leaves time to
// give a verdict.
func phase(ctx context.Context, limit time.Duration) (context.Context, context.CancelFunc) {
	if dl, ok := ctx.Deadline(); ok {
		if half := time.Until(dl) / 2; half < limit {
			limit = half
		}
	}
	return context.WithTimeout(ctx, limit)
}

// handshakeAll handshakes with every address, Limits.Workers at a time.
func handshakeAll(ctx context.Context, t Target, env *Env, addrs []netip.Addr) []handshake {
	l := env.limits()
	workers := max(l.Workers, 1)
	out := make([]handshake, len(addrs))
	hctx, cancel := phase(ctx, 2*l.DialTimeout)
	defer cancel()
	forEach(hctx, len(addrs), workers,
		func(i int) { out[i] = handshakeOne(hctx, t, env, addrs[i]) },
		func(i int) { out[i] = handshake{addr: addrs[i], dialErr: context.Cause(hctx)} })
	for i := range out {
		out[i].label = addrLabel(env, t, out[i].addr)
	}
	return out
}

// handshakeOne connects to addr with SNI and records what it sent, without
// verifying anything (the probe verifies itself).
func handshakeOne(ctx context.Context, t Target, env *Env, addr netip.Addr) handshake {
	h := handshake{addr: addr}
	conn, err := env.Dial(ctx, "tcp", t.Host, netip.AddrPortFrom(addr, uint16(t.Port)))
	if err != nil {
		h.dialErr = err
		return h
	}
	defer conn.Close()
	if dl, ok := ctx.Deadline(); ok {
		conn.SetDeadline(dl) //nolint:errcheck
	}
	var suites []uint16
	for _, s := range append(tls.CipherSuites(), tls.InsecureCipherSuites()...) {
		suites = append(suites, s.ID)
	}
	cfg := &tls.Config{
		InsecureSkipVerify: true, //nolint:gosec // verified below, against explicit roots
		MinVersion:         tls.VersionTLS10,
		CipherSuites:       suites,
	}
	if !t.IsIP() {
		cfg.ServerName = t.Host
	}
	// Keep what the server sent even when the handshake then fails (a
	// chain whose first certificate does not match the server's key).
	var raw [][]byte
	cfg.VerifyPeerCertificate = func(rawCerts [][]byte, _ [][]*x509.Certificate) error {
		raw = rawCerts
		return nil
	}
	tc := tls.Client(conn, cfg)
	if err := tc.HandshakeContext(ctx); err != nil {
		h.certs = parseSent(raw, env.limits().MaxChainCerts)
		if CauseOf(err) == CauseTimeout {
			err = fmt.Errorf("TLS handshake did not complete in time: %w", err)
		}
		h.tlsErr = err
		return h
	}
	cs := tc.ConnectionState()
	if len(cs.PeerCertificates) == 0 {
		h.tlsErr = errors.New("the server sent no certificate")
		return h
	}
	h.certs = cs.PeerCertificates
	h.stapled = cs.OCSPResponse
	h.version = cs.Version
	return h
}

// parseSent parses at most max certificates of a chain (0: all), skipping
// what does not parse.
func parseSent(raw [][]byte, max int) []*x509.Certificate {
	if max > 0 && len(raw) > max {
		raw = raw[:max]
	}
	var out []*x509.Certificate
	for _, r := range raw {
		if c, err := x509.ParseCertificate(r); err == nil {
			out = append(out, c)
		}
	}
	return out
}

// leafNotFirst reports whether a chain starts with a CA certificate while
// a server certificate comes later: the certificate file lists the
// intermediate before the site's own certificate.
func leafNotFirst(sent []*x509.Certificate) (*x509.Certificate, bool) {
	if len(sent) < 2 || !sent[0].IsCA {
		return nil, false
	}
	for _, c := range sent[1:] {
		if !c.IsCA {
			return c, true
		}
	}
	return nil, false
}

// certInfo turns a certificate into its report form.
func certInfo(c *x509.Certificate, now time.Time) CertInfo {
	return CertInfo{
		Subject:            c.Subject.String(),
		Issuer:             c.Issuer.String(),
		SANs:               certs.Names(c),
		Serial:             strings.ToUpper(c.SerialNumber.Text(16)),
		NotBefore:          c.NotBefore.UTC(),
		NotAfter:           c.NotAfter.UTC(),
		DaysLeft:           daysLeft(c, now),
		Key:                keyDescription(c),
		SignatureAlgorithm: c.SignatureAlgorithm.String(),
		SHA256:             fingerprint(c),
		CA:                 c.IsCA,
		SelfSigned:         certs.SelfSigned(c),
		CAIssuers:          c.IssuingCertificateURL,
		OCSP:               c.OCSPServer,
	}
}

func keyDescription(c *x509.Certificate) string {
	switch k := c.PublicKey.(type) {
	case *rsa.PublicKey:
		return fmt.Sprintf("RSA %d bits", k.N.BitLen())
	case *ecdsa.PublicKey:
		return "ECDSA " + k.Curve.Params().Name
	case ed25519.PublicKey:
		return "Ed25519"
	}
	return c.PublicKeyAlgorithm.String()
}

func fingerprint(c *x509.Certificate) string {
	sum := sha256.Sum256(c.Raw)
	return strings.ToUpper(hex.EncodeToString(sum[:]))
}

func subjects(cs []*x509.Certificate) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.Subject.String()
	}
	return out
}

// mozillaBundleVersion is the version of the pinned Mozilla root store
// this binary was built with, "unknown" when the build does not say.
func mozillaBundleVersion() string {
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, d := range bi.Deps {
			if d.Path == mozillaBundleModule {
				return d.Version
			}
		}
	}
	return "unknown"
}
