// The CA brand table: names, CAA identifiers and notes per brand.

package rules

import (
	"slices"
	"strings"
)

// Brand is a certificate authority brand a user can name with --ca.
type Brand struct {
	// ID is the --ca value.
	ID string
	// Name is the brand as people know it.
	Name string
	// CAA lists the issuer domain names the CA documents for CAA records;
	// the first is the one to recommend.
	CAA []string
	// Recommend lists the issuer domains a fix should add when one is not
	// enough (a brand sold from several CA hierarchies); empty means the
	// first of CAA.
	Recommend []string
}

// Recommended returns the issuer domains a fix should add, in order.
func (b Brand) Recommended() []string {
	if len(b.Recommend) > 0 {
		return slices.Clone(b.Recommend)
	}
	if len(b.CAA) == 0 {
		return nil
	}
	return b.CAA[:1]
}

// brands is the brand table. CAA identifiers are the issuer domains each
// CA lists in its CPS or CAA help page (checked 2026-11). Notes:
//   - DigiCert accepts every one of its identifiers for all its brands
//     (GeoTrust, RapidSSL, Thawte, and the former Symantec ones), so
//     "digicert.com" is recommended for all of them.
//   - ZeroSSL issues from Sectigo's hierarchy and documents only
//     "sectigo.com".
//   - TrustAsia sells certificates issued from its own roots and from
//     Sectigo and DigiCert hosted intermediates (the free "TrustAsia DV SSL
//     CA - G5" is a Sectigo one); a record for the hierarchy actually used is
//     needed, so the fix adds all three.
//   - Entrust's public TLS business has been issued through partner CAs
//     since browsers distrusted its roots in late 2024; entrust.net and
//     affirmtrust.com stay accepted for Entrust-branded orders.
var brands = []Brand{
	{ID: "sectigo", Name: "Sectigo", CAA: []string{"sectigo.com", "comodoca.com", "comodo.com", "usertrust.com", "trust-provider.com"}},
	{ID: "digicert", Name: "DigiCert", CAA: []string{"digicert.com", "www.digicert.com", "digicert.ne.jp", "cybertrust.ne.jp", "symantec.com", "thawte.com", "geotrust.com", "rapidssl.com", "digitalcertvalidation.com"}},
	{ID: "geotrust", Name: "GeoTrust (DigiCert)", CAA: []string{"digicert.com", "geotrust.com", "www.digicert.com", "symantec.com"}},
	{ID: "rapidssl", Name: "RapidSSL (DigiCert)", CAA: []string{"digicert.com", "rapidssl.com", "www.digicert.com", "symantec.com"}},
	{ID: "thawte", Name: "Thawte (DigiCert)", CAA: []string{"digicert.com", "thawte.com", "www.digicert.com", "symantec.com"}},
	{ID: "globalsign", Name: "GlobalSign", CAA: []string{"globalsign.com"}},
	{ID: "trustasia", Name: "TrustAsia", CAA: []string{"trustasia.com", "sectigo.com", "digicert.com"},
		Recommend: []string{"sectigo.com", "digicert.com", "trustasia.com"}},
	{ID: "letsencrypt", Name: "Let's Encrypt", CAA: []string{"letsencrypt.org"}},
	{ID: "zerossl", Name: "ZeroSSL (Sectigo)", CAA: []string{"sectigo.com"}},
	{ID: "google", Name: "Google Trust Services", CAA: []string{"pki.goog"}},
	{ID: "buypass", Name: "Buypass", CAA: []string{"buypass.com", "buypass.no"}},
	{ID: "sslcom", Name: "SSL.com", CAA: []string{"ssl.com"}},
	{ID: "entrust", Name: "Entrust", CAA: []string{"entrust.net", "affirmtrust.com"}},
	{ID: "amazon", Name: "Amazon Trust Services", CAA: []string{"amazon.com", "amazontrust.com", "awstrust.com", "amazonaws.com"}},
	{ID: "certum", Name: "Certum (Asseco)", CAA: []string{"certum.pl", "certum.eu"}},
	{ID: "godaddy", Name: "GoDaddy", CAA: []string{"godaddy.com", "starfieldtech.com"}},
	{ID: "actalis", Name: "Actalis", CAA: []string{"actalis.it"}},
}

// Brands returns the brand table.
func Brands() []Brand { return slices.Clone(brands) }

// BrandIDs returns every --ca value.
func BrandIDs() []string {
	ids := make([]string, len(brands))
	for i, b := range brands {
		ids[i] = b.ID
	}
	return ids
}

// LookupBrand finds a brand by id, case-insensitively ("lets-encrypt" and
// "LetsEncrypt" work too).
func LookupBrand(id string) (Brand, bool) {
	norm := strings.NewReplacer("-", "", "_", "", "'", "", " ", "", ".", "").Replace(strings.ToLower(id))
	for _, b := range brands {
		if b.ID == norm {
			return b, true
		}
	}
	return Brand{}, false
}
