package certs

import (
	"bytes"
	"crypto/x509"
	"errors"
)

// IssuedBy reports whether parent issued child: the names chain and
// parent's key verifies child's signature. A signature made with an
// algorithm Go refuses as insecure (SHA-1, MD5) still counts when the
// names chain, so that such chains can be shown and flagged.
func IssuedBy(child, parent *x509.Certificate) bool {
	if !bytes.Equal(child.RawIssuer, parent.RawSubject) {
		return false
	}
	err := parent.CheckSignature(child.SignatureAlgorithm, child.RawTBSCertificate, child.Signature)
	return err == nil || isInsecureAlgorithm(err)
}

// SelfSigned reports whether c is signed by its own key under its own name
// (a root, or a self-signed server certificate).
func SelfSigned(c *x509.Certificate) bool {
	return IssuedBy(c, c)
}

func isInsecureAlgorithm(err error) bool {
	var ia x509.InsecureAlgorithmError
	return errors.As(err, &ia)
}

// Same reports whether a and b are the same certificate.
func Same(a, b *x509.Certificate) bool { return bytes.Equal(a.Raw, b.Raw) }

// Layout describes how a server's chain is arranged: the path it spells
// out from its first certificate, and what else it holds.
type Layout struct {
	// Path starts with the leaf (sent[0]) and follows issuers among the
	// sent certificates, wherever they were in the list.
	Path []*x509.Certificate
	// InOrder is true when the sent list starts with Path, in order
	// (each certificate followed by its issuer).
	InOrder bool
	// Duplicates are certificates sent more than once (listed once each).
	Duplicates []*x509.Certificate
	// Unrelated are sent certificates that are not on the path.
	Unrelated []*x509.Certificate
}

// Arrange works out the Layout of sent (the leaf first, as TLS requires).
func Arrange(sent []*x509.Certificate) Layout {
	var l Layout
	if len(sent) == 0 {
		return l
	}
	var unique []*x509.Certificate
	for _, c := range sent {
		dup := false
		for _, u := range unique {
			if Same(c, u) {
				dup = true
				break
			}
		}
		if dup {
			if !containsCert(l.Duplicates, c) {
				l.Duplicates = append(l.Duplicates, c)
			}
			continue
		}
		unique = append(unique, c)
	}
	l.Path = []*x509.Certificate{unique[0]}
	used := map[int]bool{0: true}
	for cur := unique[0]; !SelfSigned(cur); {
		next := -1
		for i, c := range unique {
			if !used[i] && IssuedBy(cur, c) {
				next = i
				break
			}
		}
		if next < 0 {
			break
		}
		used[next] = true
		cur = unique[next]
		l.Path = append(l.Path, cur)
	}
	for i, c := range unique {
		if !used[i] {
			l.Unrelated = append(l.Unrelated, c)
		}
	}
	l.InOrder = true
	for i, c := range l.Path {
		if i >= len(sent) || !Same(sent[i], c) {
			l.InOrder = false
			break
		}
	}
	return l
}

func containsCert(list []*x509.Certificate, c *x509.Certificate) bool {
	for _, x := range list {
		if Same(x, c) {
			return true
		}
	}
	return false
}
