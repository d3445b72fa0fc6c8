// The certificate probe's revocation checks: the stapled OCSP response and the
// responder named in the leaf.

package probes

import (
	"bytes"
	"context"
	"crypto/x509"
	"fmt"
	"net/http"
	"strings"
	"time"

	"golang.org/x/crypto/ocsp"

	"padlock/internal/certs"
)

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
		a.add("certificate.ocsp-unreachable", Evidence{"responder": url, "error": FailureOf(err)})
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
