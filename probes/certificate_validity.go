// The certificate probe's checks of the leaf itself: the names it covers, its
// validity period against today's lifetime limits, and its key.

package probes

import (
	"crypto/ecdsa"
	"crypto/rsa"
	"crypto/x509"
	"math"
	"slices"
	"time"

	"padlock/internal/certs"
)

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
