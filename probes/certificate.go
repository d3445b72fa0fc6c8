package probes

import (
	"bytes"
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
	"math"
	"net/http"
	"net/netip"
	"padlock/i18n"
	"padlock/rules"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"time"

	"golang.org/x/crypto/ocsp"

	"padlock/internal/certs"
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

// maxAIAHops bounds how many issuers are fetched through AIA caIssuers.
const maxAIAHops = 4

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

// ClientVerdict is whether one kind of client accepts the chain as sent.
type ClientVerdict struct {
	Client string `json:"client"`
	Works  bool   `json:"works"`
	Why    string `json:"why"`
}

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
	for _, h := range hs {
		ac := AddressCertificate{Address: h.label}
		switch {
		case h.dialErr != nil:
			ac.Error = h.dialErr.Error()
			dialErrs = append(dialErrs, ac.Error)
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
				"address": h.label, "error": h.tlsErr.Error(),
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
			res := Errored(fmt.Errorf("could not connect to any address of %s: %s", t.Host, why))
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
	sem := make(chan struct{}, workers)
	hctx, cancel := phase(ctx, 2*l.DialTimeout)
	defer cancel()
	var wg sync.WaitGroup
	for i, a := range addrs {
		wg.Go(func() {
			select {
			case sem <- struct{}{}:
				defer func() { <-sem }()
			case <-hctx.Done():
				out[i] = handshake{addr: a, dialErr: context.Cause(hctx)}
				return
			}
			out[i] = handshakeOne(hctx, t, env, a)
		})
	}
	wg.Wait()
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
		if errors.Is(err, context.DeadlineExceeded) || isTimeout(err) {
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

func isTimeout(err error) bool {
	var te interface{ Timeout() bool }
	return errors.As(err, &te) && te.Timeout()
}

// analysis is the verdict on one chain.
type analysis struct {
	findings []Finding
	sent     []*x509.Certificate
	fetched  []*x509.Certificate
	verified []*x509.Certificate
	fixed    []*x509.Certificate
	clients  []ClientVerdict
	revoc    *RevocationInfo
	now      time.Time
}

func (a *analysis) add(id string, ev Evidence) *Finding {
	a.findings = append(a.findings, certificateDescriptor.Finding(id, ev))
	return &a.findings[len(a.findings)-1]
}

func (a *analysis) fill(d *CertificateDetails) {
	for _, c := range a.sent {
		d.Chain = append(d.Chain, certInfo(c, a.now))
	}
	for _, c := range a.fetched {
		d.FetchedViaAIA = append(d.FetchedViaAIA, certInfo(c, a.now))
	}
	for _, c := range a.verified {
		d.TrustedPath = append(d.TrustedPath, c.Subject.String())
	}
	if len(a.sent) > 0 {
		d.Covers = certs.Names(a.sent[0])
	}
	d.Clients = a.clients
	d.Revocation = a.revoc
	d.fixed = a.fixed
}

// analyse checks one chain. full adds the network steps that only the main
// chain gets: OCSP. (AIA fetching runs for every chain: it decides trust.)
func analyse(ctx context.Context, t Target, env *Env, h handshake, full bool) *analysis {
	l := env.limits()
	a := &analysis{now: env.Clock(), sent: h.certs}
	cut := l.MaxChainCerts > 0 && len(a.sent) > l.MaxChainCerts
	if cut {
		a.add("certificate.chain-too-long", Evidence{"count": len(a.sent), "limit": l.MaxChainCerts})
		a.sent = a.sent[:l.MaxChainCerts]
	}
	leaf := a.sent[0]
	layout := certs.Arrange(a.sent)
	a.checkLayout(layout)
	weak := a.checkSignatures(layout.Path)
	if !weak && !cut { // a cut chain's top is not where the server's ends: no trust verdict
		a.checkTrust(ctx, env, layout)
	}
	a.checkNames(t, leaf)
	a.checkValidity(env, layout)
	a.checkKeys(layout)
	if full {
		a.checkRevocation(ctx, env, h.stapled, layout)
	}
	return a
}

// checkLayout reports order problems, extras, duplicates and a sent root.
func (a *analysis) checkLayout(l certs.Layout) {
	if !l.InOrder {
		var sent []string
		for _, c := range a.sent {
			sent = append(sent, c.Subject.String())
		}
		a.add("certificate.chain-order", Evidence{"sent": sent, "expected": subjects(l.Path)})
	}
	if len(l.Unrelated) > 0 {
		a.add("certificate.chain-extra", Evidence{"extra": subjects(l.Unrelated), "count": len(l.Unrelated)})
	}
	if len(l.Duplicates) > 0 {
		a.add("certificate.chain-duplicate", Evidence{"duplicates": subjects(l.Duplicates)})
	}
	if n := len(l.Path); n > 1 && certs.SelfSigned(l.Path[n-1]) {
		a.add("certificate.root-sent", Evidence{"root": l.Path[n-1].Subject.String()})
	}
}

// checkSignatures flags SHA-1 and MD5 signatures on every certificate
// that is not self-signed; it reports whether any was found (Go's
// verifier refuses them, so trust is not judged separately then).
func (a *analysis) checkSignatures(path []*x509.Certificate) bool {
	found := false
	for i, c := range path {
		if certs.SelfSigned(c) && i > 0 {
			continue // a root's self-signature is never checked by clients
		}
		if weakSignature(c.SignatureAlgorithm) {
			found = true
			a.add("certificate.weak-signature", Evidence{
				"subject": c.Subject.String(), "role": role(i), "algorithm": c.SignatureAlgorithm.String(),
			})
		}
	}
	return found
}

func weakSignature(alg x509.SignatureAlgorithm) bool {
	switch alg {
	case x509.MD2WithRSA, x509.MD5WithRSA, x509.SHA1WithRSA, x509.DSAWithSHA1, x509.ECDSAWithSHA1:
		return true
	}
	return false
}

func role(i int) string {
	if i == 0 {
		return "leaf"
	}
	return "intermediate"
}

// verify checks leaf against the Env's roots with only the given
// intermediates, never fetching. An expired or not yet valid certificate
// is looked past (validity is judged on its own) by verifying again at a
// time when the leaf and its sent issuers are all valid.
func verify(env *Env, now time.Time, leaf *x509.Certificate, inter []*x509.Certificate) ([]*x509.Certificate, error) {
	roots := env.Roots
	if roots == nil {
		roots = x509.NewCertPool() // never nil: nil means the platform verifier, which fetches
	}
	pool := x509.NewCertPool()
	for _, c := range inter {
		pool.AddCert(c)
	}
	opts := x509.VerifyOptions{
		Roots: roots, Intermediates: pool, CurrentTime: now,
		KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	chains, err := leaf.Verify(opts)
	var inv x509.CertificateInvalidError
	if errors.As(err, &inv) && inv.Reason == x509.Expired {
		opts.CurrentTime = validTime(leaf, inter)
		chains, err = leaf.Verify(opts)
	}
	if err != nil {
		return nil, err
	}
	return chains[0], nil
}

// validTime is the middle of the period in which the leaf and the issuers
// on its path among inter are all valid, or of the leaf's own validity when
// they never are at once. (The middle of the leaf's validity alone can fall
// after an intermediate expired.)
func validTime(leaf *x509.Certificate, inter []*x509.Certificate) time.Time {
	from, until := leaf.NotBefore, leaf.NotAfter
	for _, c := range certs.Arrange(append([]*x509.Certificate{leaf}, inter...)).Path {
		if c.NotBefore.After(from) {
			from = c.NotBefore
		}
		if c.NotAfter.Before(until) {
			until = c.NotAfter
		}
	}
	if until.Before(from) {
		from, until = leaf.NotBefore, leaf.NotAfter
	}
	return from.Add(until.Sub(from) / 2)
}

// checkTrust verifies the sent chain the way strict clients do and, when
// an issuer is missing, tries to complete it through AIA to tell an
// incomplete chain from an unknown root.
func (a *analysis) checkTrust(ctx context.Context, env *Env, l certs.Layout) {
	leaf := a.sent[0]
	inter := slices.Clone(a.sent[1:])
	chain, err := verify(env, a.now, leaf, inter)
	if err == nil {
		a.verified = chain
		a.clients = clientVerdicts(true, false, false)
		if !l.InOrder || len(l.Unrelated) > 0 || len(l.Duplicates) > 0 {
			a.fixed = withoutRoot(chain)
		}
		return
	}
	var ua x509.UnknownAuthorityError
	if !errors.As(err, &ua) {
		a.untrusted(err)
		return
	}
	if certs.SelfSigned(leaf) {
		a.add("certificate.self-signed", Evidence{"subject": leaf.Subject.String()})
		a.clients = clientVerdicts(false, false, false)
		return
	}
	top := l.Path[len(l.Path)-1]
	if certs.SelfSigned(top) {
		a.add("certificate.unknown-root", Evidence{"issuer": top.Subject.String(), "sha256": fingerprint(top)})
		a.clients = clientVerdicts(false, false, false)
		return
	}
	if len(l.Path) > 1 && len(top.IssuingCertificateURL) == 0 {
		// The server sent its intermediates and the last one points to no
		// download: its issuer is meant to be a root the client has.
		a.add("certificate.unknown-root", Evidence{"issuer": top.Issuer.String()})
		a.clients = clientVerdicts(false, false, false)
		return
	}
	a.chaseAIA(ctx, env, top, inter)
}

// chaseAIA follows caIssuers URLs from cur upwards, at most maxAIAHops.
func (a *analysis) chaseAIA(ctx context.Context, env *Env, cur *x509.Certificate, inter []*x509.Certificate) {
	l := env.limits()
	for hop := 0; hop < maxAIAHops; hop++ {
		issuer, url, err := fetchIssuer(ctx, env, cur)
		if err != nil {
			a.add("certificate.intermediate-missing", Evidence{
				"issuer": cur.Issuer.String(), "aia_url": url, "reason": err.Error(),
			})
			a.clients = clientVerdicts(false, false, false)
			return
		}
		a.fetched = append(a.fetched, issuer)
		inter = append(inter, issuer)
		chain, err := verify(env, a.now, a.sent[0], inter)
		if err == nil {
			a.verified = chain
			a.completedByAIA(env, chain, url)
			return
		}
		var ua x509.UnknownAuthorityError
		if !errors.As(err, &ua) {
			a.untrusted(err)
			return
		}
		if certs.SelfSigned(issuer) {
			a.add("certificate.unknown-root", Evidence{"issuer": issuer.Subject.String(), "sha256": fingerprint(issuer)})
			a.clients = clientVerdicts(false, false, false)
			return
		}
		if len(issuer.IssuingCertificateURL) == 0 {
			// As in checkTrust: an intermediate that points to no download
			// was issued by a root the client is meant to have.
			a.add("certificate.unknown-root", Evidence{"issuer": issuer.Issuer.String()})
			a.clients = clientVerdicts(false, false, false)
			return
		}
		cur = issuer
	}
	a.add("certificate.intermediate-missing", Evidence{
		"issuer": cur.Issuer.String(), "aia_url": "",
		"reason": fmt.Sprintf("no trusted root after %d AIA downloads (limit %d; each at most %d bytes)", maxAIAHops, maxAIAHops, l.MaxFetch),
	})
	a.clients = clientVerdicts(false, false, false)
}

// fetchIssuer downloads cur's issuer from its AIA caIssuers URLs.
func fetchIssuer(ctx context.Context, env *Env, cur *x509.Certificate) (*x509.Certificate, string, error) {
	if len(cur.IssuingCertificateURL) == 0 {
		return nil, "", fmt.Errorf("%q carries no AIA caIssuers URL to fetch its issuer from", cur.Subject.String())
	}
	l := env.limits()
	maxBytes := l.MaxFetch
	if maxBytes <= 0 {
		maxBytes = DefaultLimits().MaxFetch
	}
	var lastErr error
	var lastURL string
	for _, url := range cur.IssuingCertificateURL[:min(len(cur.IssuingCertificateURL), 2)] {
		lastURL = url
		fctx, cancel := phase(ctx, l.DialTimeout)
		cs, err := certs.FetchIssuers(fctx, env.HTTPClient(false), url, maxBytes, max(l.MaxChainCerts, 1))
		cancel()
		if err != nil {
			if fctx.Err() != nil {
				err = fmt.Errorf("no answer from %s in time: %w", url, err)
			}
			lastErr = err
			continue
		}
		for _, c := range cs {
			if certs.IssuedBy(cur, c) {
				return c, url, nil
			}
		}
		lastErr = fmt.Errorf("the certificate(s) at %s did not issue %q", url, cur.Subject.String())
	}
	return nil, lastURL, lastErr
}

// completedByAIA reports a chain that verifies only with downloaded
// intermediates, and keeps the corrected chain.
func (a *analysis) completedByAIA(env *Env, chain []*x509.Certificate, url string) {
	var missing []string
	for _, c := range chain[1:] {
		if slices.ContainsFunc(a.fetched, func(f *x509.Certificate) bool { return certs.Same(f, c) }) && !certs.SelfSigned(c) {
			missing = append(missing, c.Subject.String())
		}
	}
	root := chain[len(chain)-1]
	private := slices.ContainsFunc(env.ExtraRoots, func(r *x509.Certificate) bool { return certs.Same(r, root) })
	a.add("certificate.chain-incomplete", Evidence{
		"missing": missing, "count": len(missing), "aia_url": url, "root": root.Subject.String(),
	})
	a.clients = clientVerdicts(false, true, !private)
	a.fixed = withoutRoot(chain)
}

// untrusted reports a verification error other than an unknown issuer.
func (a *analysis) untrusted(err error) {
	var inv x509.CertificateInvalidError
	if errors.As(err, &inv) && (inv.Reason == x509.Expired) {
		return // reported by checkValidity
	}
	a.add("certificate.untrusted", Evidence{"reason": err.Error()})
	a.clients = clientVerdicts(false, false, false)
}

// clientVerdicts says who accepts the chain: everyone when it verified as
// sent; desktop browsers only when AIA completes it (Firefox when the
// intermediate is public and so preloaded); nobody otherwise.
func clientVerdicts(complete, viaAIA, public bool) []ClientVerdict {
	switch {
	case complete:
		return []ClientVerdict{{Client: "all clients", Works: true, Why: "the chain is complete as sent"}}
	case viaAIA:
		ff := ClientVerdict{Client: "Firefox", Works: public, Why: "preloads publicly disclosed intermediates"}
		if !public {
			ff.Why = "the intermediate is private, so not in Firefox's preloaded list"
		}
		return []ClientVerdict{
			{Client: "Chrome, Edge, Safari (desktop)", Works: true, Why: "fetch the missing intermediate through AIA"},
			ff,
			{Client: "Android apps and some Android browsers", Works: false, Why: "do not fetch intermediates"},
			{Client: "Java, curl, Go, Python, most API clients", Works: false, Why: "do not fetch intermediates"},
		}
	}
	return []ClientVerdict{{Client: "all clients", Works: false, Why: "no trusted chain can be built"}}
}

func withoutRoot(chain []*x509.Certificate) []*x509.Certificate {
	out := slices.Clone(chain)
	if n := len(out); n > 1 && certs.SelfSigned(out[n-1]) {
		out = out[:n-1]
	}
	return out
}

// checkNames matches the host (and the wildcard wanted) against the SANs.
func (a *analysis) checkNames(t Target, leaf *x509.Certificate) {
	covered := certs.Names(leaf)
	if len(covered) == 0 {
		covered = []string{"(none)"}
	}
	if ok, why := certs.Covers(leaf, t.Host); !ok {
		a.add("certificate.name-mismatch", Evidence{"host": t.Host, "reason": why, "covered": covered})
	}
	if t.Intent.Wildcard && !certs.HasWildcard(leaf, t.Host) {
		a.add("certificate.wildcard-missing", Evidence{"wanted": "*." + t.Host, "covered": covered})
	}
}

// checkValidity reports expired, not yet valid and soon expiring
// certificates (leaf and intermediates), and a leaf lifetime above
// today's limit.
func (a *analysis) checkValidity(env *Env, l certs.Layout) {
	list := slices.Clone(l.Path)
	for _, c := range a.verified {
		if !slices.ContainsFunc(list, func(x *x509.Certificate) bool { return certs.Same(x, c) }) {
			list = append(list, c)
		}
	}
	for i, c := range list {
		if i > 0 && certs.SelfSigned(c) {
			continue // roots are judged by the trust store, not their dates
		}
		ev := Evidence{
			"subject": c.Subject.String(), "role": role(i),
			"not_after":  c.NotAfter.UTC().Format(time.RFC3339),
			"not_before": c.NotBefore.UTC().Format(time.RFC3339),
		}
		left := daysLeft(c, a.now)
		switch {
		case a.now.After(c.NotAfter):
			ev["days_ago"] = int(a.now.Sub(c.NotAfter).Hours() / 24)
			a.add("certificate.expired", ev)
		case a.now.Before(c.NotBefore):
			a.add("certificate.not-yet-valid", ev)
		case left < 30:
			ev["days_left"] = left
			f := a.add("certificate.expires-soon", ev)
			if left < 7 {
				f.Severity = Fail
			}
		}
	}
	leaf := list[0]
	limit := LifetimeLimit(leaf.NotBefore)
	if days := int(leaf.NotAfter.Sub(leaf.NotBefore).Hours() / 24); days > limit {
		a.add("certificate.lifetime-too-long", Evidence{
			"days": days, "limit": limit, "issued": leaf.NotBefore.UTC().Format(time.DateOnly),
		})
	}
}

// LifetimeLimit is the longest validity, in days, a publicly trusted TLS
// certificate issued at t may have (CA/Browser Forum, ballot SC-081).
func LifetimeLimit(issued time.Time) int {
	switch {
	case !issued.Before(time.Date(2029, 3, 15, 0, 0, 0, 0, time.UTC)):
		return 47
	case !issued.Before(time.Date(2027, 3, 15, 0, 0, 0, 0, time.UTC)):
		return 100
	case !issued.Before(time.Date(2026, 3, 15, 0, 0, 0, 0, time.UTC)):
		return 200
	}
	return 398
}

func daysLeft(c *x509.Certificate, now time.Time) int {
	return int(math.Floor(c.NotAfter.Sub(now).Hours() / 24))
}

// checkKeys reports RSA keys below 2048 bits and notes an ECC leaf.
func (a *analysis) checkKeys(l certs.Layout) {
	for i, c := range l.Path {
		if i > 0 && certs.SelfSigned(c) {
			continue
		}
		if k, ok := c.PublicKey.(*rsa.PublicKey); ok && k.N.BitLen() < 2048 {
			a.add("certificate.weak-key", Evidence{"subject": c.Subject.String(), "role": role(i), "bits": k.N.BitLen()})
		}
	}
	if k, ok := l.Path[0].PublicKey.(*ecdsa.PublicKey); ok {
		a.add("certificate.ecc-key", Evidence{"curve": k.Curve.Params().Name})
	}
}

// checkRevocation reads the stapled OCSP response, or asks the responder.
func (a *analysis) checkRevocation(ctx context.Context, env *Env, stapled []byte, l certs.Layout) {
	leaf := a.sent[0]
	var issuer *x509.Certificate
	switch {
	case len(a.verified) > 1:
		issuer = a.verified[1]
	case len(l.Path) > 1:
		issuer = l.Path[1]
	}
	if len(stapled) > 0 {
		info := &RevocationInfo{Source: "stapled"}
		resp, err := ocsp.ParseResponseForCert(stapled, leaf, issuer)
		a.revoc = info
		if err != nil {
			info.Status, info.Error = "unavailable", "stapled response: "+err.Error()
			return
		}
		a.ocspStatus(info, resp)
		return
	}
	if len(leaf.OCSPServer) == 0 {
		return // no responder: nothing to staple or ask (CRL-only or short-lived)
	}
	a.add("certificate.ocsp-stapling-absent", Evidence{"responder": leaf.OCSPServer[0]})
	if issuer == nil || certs.SelfSigned(leaf) {
		return
	}
	url := leaf.OCSPServer[0]
	info := &RevocationInfo{Source: url}
	a.revoc = info
	resp, err := askOCSP(ctx, env, url, leaf, issuer)
	if err != nil {
		info.Status, info.Error = "unavailable", err.Error()
		a.add("certificate.ocsp-unreachable", Evidence{"responder": url, "error": err.Error()})
		return
	}
	a.ocspStatus(info, resp)
}

func (a *analysis) ocspStatus(info *RevocationInfo, resp *ocsp.Response) {
	info.ProducedAt = resp.ProducedAt
	switch resp.Status {
	case ocsp.Good:
		info.Status = "good"
	case ocsp.Revoked:
		info.Status = "revoked"
		info.RevokedAt = resp.RevokedAt
		a.add("certificate.revoked", Evidence{
			"revoked_at": resp.RevokedAt.UTC().Format(time.RFC3339),
			"source":     info.Source,
			"reason":     revocationReason(resp.RevocationReason),
		})
	default:
		info.Status = "unknown"
	}
}

func revocationReason(code int) string {
	names := map[int]string{
		ocsp.Unspecified: "unspecified", ocsp.KeyCompromise: "key compromise", ocsp.CACompromise: "CA compromise",
		ocsp.AffiliationChanged: "affiliation changed", ocsp.Superseded: "superseded",
		ocsp.CessationOfOperation: "cessation of operation", ocsp.CertificateHold: "certificate hold",
		ocsp.RemoveFromCRL: "remove from CRL", ocsp.PrivilegeWithdrawn: "privilege withdrawn", ocsp.AACompromise: "AA compromise",
	}
	if n, ok := names[code]; ok {
		return n
	}
	return fmt.Sprintf("code %d", code)
}

// askOCSP posts an OCSP request for leaf to url, bounded in time and size.
func askOCSP(ctx context.Context, env *Env, url string, leaf, issuer *x509.Certificate) (*ocsp.Response, error) {
	if !strings.HasPrefix(url, "http://") {
		return nil, fmt.Errorf("OCSP URL %q is not http", url)
	}
	req, err := ocsp.CreateRequest(leaf, issuer, nil)
	if err != nil {
		return nil, fmt.Errorf("build OCSP request: %w", err)
	}
	l := env.limits()
	maxBytes := l.MaxFetch
	if maxBytes <= 0 {
		maxBytes = DefaultLimits().MaxFetch
	}
	octx, cancel := phase(ctx, l.DialTimeout)
	defer cancel()
	hreq, err := http.NewRequestWithContext(octx, http.MethodPost, url, bytes.NewReader(req))
	if err != nil {
		return nil, err
	}
	hreq.Header.Set("Content-Type", "application/ocsp-request")
	body, err := certs.Do(env.HTTPClient(false), hreq, maxBytes)
	if err != nil {
		if octx.Err() != nil {
			return nil, fmt.Errorf("no answer from %s in time: %w", url, err)
		}
		return nil, err
	}
	resp, err := ocsp.ParseResponseForCert(body, leaf, issuer)
	if err != nil {
		return nil, fmt.Errorf("OCSP answer from %s: %w", url, err)
	}
	return resp, nil
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
