// The certificate probe's chain analysis: layout of the sent chain, signatures,
// trust against the root pools, AIA chasing for missing intermediates and the
// per-client verdicts that follow from it.

package probes

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"slices"
	"time"

	"padlock/clients"
	"padlock/i18n"
	"padlock/internal/certs"
)

// maxAIAHops bounds how many issuers are fetched through AIA caIssuers.
const maxAIAHops = 4

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

func role(i int) i18n.Text {
	if i == 0 {
		return i18n.T("leaf", "站点证书")
	}
	return i18n.T("intermediate", "中间证书")
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

// clientVerdicts says who accepts the chain (package clients holds who
// fetches intermediates and who preloads them).
func clientVerdicts(complete, viaAIA, public bool) []ClientVerdict {
	return clients.ChainVerdicts(clients.Builtin(), clients.Chain{Complete: complete, CompletableViaAIA: viaAIA, PublicIntermediate: public})
}

func withoutRoot(chain []*x509.Certificate) []*x509.Certificate {
	out := slices.Clone(chain)
	if n := len(out); n > 1 && certs.SelfSigned(out[n-1]) {
		out = out[:n-1]
	}
	return out
}
