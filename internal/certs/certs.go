// Package certs parses certificate chains in the forms servers and CAs
// publish them (PEM, DER, PKCS#7 "certs-only"), fetches issuers from AIA
// caIssuers URLs with a byte cap, and relates certificates to one another
// (who issued whom, self-signed, the path a server's chain spells out).
package certs

import (
	"bytes"
	"crypto/x509"
	"encoding/asn1"
	"encoding/pem"
	"errors"
	"fmt"
)

// ErrNoCertificates is returned when data holds no certificate at all.
var ErrNoCertificates = errors.New("no certificate found")

// ErrTooMany is wrapped when data holds more certificates than allowed.
var ErrTooMany = errors.New("too many certificates")

// Parse reads certificates from data in any of the usual encodings: PEM
// (one or more CERTIFICATE or PKCS7 blocks), a DER certificate, or a DER
// PKCS#7 SignedData bundle (.p7b/.p7c). At most max certificates are
// accepted (0 means no limit); more is an error wrapping ErrTooMany.
func Parse(data []byte, max int) ([]*x509.Certificate, error) {
	var out []*x509.Certificate
	add := func(cs ...*x509.Certificate) error {
		if max > 0 && len(out)+len(cs) > max {
			return fmt.Errorf("%w: more than %d", ErrTooMany, max)
		}
		out = append(out, cs...)
		return nil
	}
	if bytes.Contains(data, []byte("-----BEGIN")) {
		rest := data
		for {
			var block *pem.Block
			block, rest = pem.Decode(rest)
			if block == nil {
				break
			}
			var cs []*x509.Certificate
			var err error
			switch block.Type {
			case "CERTIFICATE", "TRUSTED CERTIFICATE", "X509 CERTIFICATE":
				var c *x509.Certificate
				c, err = x509.ParseCertificate(block.Bytes)
				cs = []*x509.Certificate{c}
			case "PKCS7", "CMS":
				cs, err = ParsePKCS7(block.Bytes, max)
			default:
				continue
			}
			if err != nil {
				return nil, fmt.Errorf("PEM %s block: %w", block.Type, err)
			}
			if err := add(cs...); err != nil {
				return nil, err
			}
		}
		if len(out) == 0 {
			return nil, ErrNoCertificates
		}
		return out, nil
	}
	if c, err := x509.ParseCertificate(data); err == nil {
		return []*x509.Certificate{c}, nil
	}
	cs, err := ParsePKCS7(data, max)
	if err != nil {
		return nil, fmt.Errorf("neither PEM, a DER certificate nor PKCS#7: %w", err)
	}
	return cs, nil
}

var oidSignedData = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 2}

// ParsePKCS7 extracts the certificates of a DER PKCS#7 (RFC 2315) or CMS
// (RFC 5652) SignedData, the "certs-only" bundles CAs publish at AIA URLs.
// Signatures and CRLs are ignored. At most max certificates (0: no limit).
func ParsePKCS7(der []byte, max int) ([]*x509.Certificate, error) {
	// ContentInfo ::= SEQUENCE { contentType OID, content [0] EXPLICIT ANY }
	var ci asn1.RawValue
	if rest, err := asn1.Unmarshal(der, &ci); err != nil {
		return nil, fmt.Errorf("pkcs7: %w", err)
	} else if len(rest) > 0 {
		return nil, errors.New("pkcs7: trailing data")
	}
	if ci.Class != asn1.ClassUniversal || ci.Tag != asn1.TagSequence {
		return nil, errors.New("pkcs7: ContentInfo is not a SEQUENCE")
	}
	var oid asn1.ObjectIdentifier
	rest, err := asn1.Unmarshal(ci.Bytes, &oid)
	if err != nil {
		return nil, fmt.Errorf("pkcs7: content type: %w", err)
	}
	if !oid.Equal(oidSignedData) {
		return nil, fmt.Errorf("pkcs7: content type %v is not SignedData", oid)
	}
	var explicit asn1.RawValue
	if _, err := asn1.Unmarshal(rest, &explicit); err != nil {
		return nil, fmt.Errorf("pkcs7: content: %w", err)
	}
	if explicit.Class != asn1.ClassContextSpecific || explicit.Tag != 0 {
		return nil, errors.New("pkcs7: content is not [0] EXPLICIT")
	}
	var sd asn1.RawValue
	if _, err := asn1.Unmarshal(explicit.Bytes, &sd); err != nil {
		return nil, fmt.Errorf("pkcs7: SignedData: %w", err)
	}
	if sd.Tag != asn1.TagSequence {
		return nil, errors.New("pkcs7: SignedData is not a SEQUENCE")
	}
	// SignedData ::= SEQUENCE { version, digestAlgorithms SET,
	//   contentInfo SEQUENCE, certificates [0] IMPLICIT SET OF OPTIONAL, ... }
	fields := sd.Bytes
	for i := 0; i < 3; i++ {
		var skip asn1.RawValue
		if fields, err = asn1.Unmarshal(fields, &skip); err != nil {
			return nil, fmt.Errorf("pkcs7: SignedData field %d: %w", i+1, err)
		}
	}
	if len(fields) == 0 {
		return nil, ErrNoCertificates
	}
	var set asn1.RawValue
	if _, err := asn1.Unmarshal(fields, &set); err != nil {
		return nil, fmt.Errorf("pkcs7: certificates: %w", err)
	}
	if set.Class != asn1.ClassContextSpecific || set.Tag != 0 {
		return nil, ErrNoCertificates
	}
	var out []*x509.Certificate
	for inner := set.Bytes; len(inner) > 0; {
		var raw asn1.RawValue
		if inner, err = asn1.Unmarshal(inner, &raw); err != nil {
			return nil, fmt.Errorf("pkcs7: certificate %d: %w", len(out)+1, err)
		}
		if raw.Tag != asn1.TagSequence || raw.Class != asn1.ClassUniversal {
			continue // attribute certificates and other choices
		}
		if max > 0 && len(out) >= max {
			return nil, fmt.Errorf("%w: more than %d", ErrTooMany, max)
		}
		c, err := x509.ParseCertificate(raw.FullBytes)
		if err != nil {
			return nil, fmt.Errorf("pkcs7: certificate %d: %w", len(out)+1, err)
		}
		out = append(out, c)
	}
	if len(out) == 0 {
		return nil, ErrNoCertificates
	}
	return out, nil
}

// MarshalPKCS7 builds a DER PKCS#7 certs-only SignedData holding certs, as
// CAs publish at AIA URLs (used by tests and the lab).
func MarshalPKCS7(certs ...*x509.Certificate) ([]byte, error) {
	var set []byte
	for _, c := range certs {
		set = append(set, c.Raw...)
	}
	data, err := asn1.Marshal(asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 1})
	if err != nil {
		return nil, err
	}
	inner := []asn1.RawValue{
		{FullBytes: []byte{0x02, 0x01, 0x01}}, // version 1
		{Class: asn1.ClassUniversal, Tag: asn1.TagSet, IsCompound: true},
		{Class: asn1.ClassUniversal, Tag: asn1.TagSequence, IsCompound: true, Bytes: data},
		{Class: asn1.ClassContextSpecific, Tag: 0, IsCompound: true, Bytes: set},
		{Class: asn1.ClassUniversal, Tag: asn1.TagSet, IsCompound: true},
	}
	var body []byte
	for _, v := range inner {
		b, err := asn1.Marshal(v)
		if err != nil {
			return nil, err
		}
		body = append(body, b...)
	}
	sd, err := asn1.Marshal(asn1.RawValue{Class: asn1.ClassUniversal, Tag: asn1.TagSequence, IsCompound: true, Bytes: body})
	if err != nil {
		return nil, err
	}
	oid, err := asn1.Marshal(oidSignedData)
	if err != nil {
		return nil, err
	}
	content, err := asn1.Marshal(asn1.RawValue{Class: asn1.ClassContextSpecific, Tag: 0, IsCompound: true, Bytes: sd})
	if err != nil {
		return nil, err
	}
	return asn1.Marshal(asn1.RawValue{Class: asn1.ClassUniversal, Tag: asn1.TagSequence, IsCompound: true, Bytes: append(oid, content...)})
}

// PEM encodes certificates as a PEM bundle, in the order given.
func PEM(certs ...*x509.Certificate) []byte {
	var out []byte
	for _, c := range certs {
		out = append(out, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: c.Raw})...)
	}
	return out
}
