// The per-CA redirect policy for file validation.

package rules

import (
	"fmt"
	"net"
	"net/url"
	"slices"
	"strconv"

	"padlock/i18n"
)

// RedirectPolicy says which redirects a CA's file-validation fetcher
// follows. Where a CA follows redirects, the CA/Browser Forum Baseline
// Requirements bound what it may accept.
type RedirectPolicy struct {
	// Brand is the --ca id the policy is for ("" for the default).
	Brand string
	// Name is who the policy belongs to, for people.
	Name i18n.Text
	// MaxHops is how many redirects are followed; 0 means none.
	MaxHops int
	// Codes are the status codes accepted as redirects.
	Codes []int
	// Schemes and Ports are where a redirect may point.
	Schemes []string
	Ports   []int
	// IgnoresCertificate is set when an https URL is fetched without
	// checking its certificate.
	IgnoresCertificate bool
	// Source says where these facts come from.
	Source string
}

// baselineCodes, baselineSchemes and baselinePorts are what the Baseline
// Requirements allow a CA to follow during file validation (BR 3.2.2.4.18
// and 3.2.2.4.19: redirects must be HTTP-level 301, 302, 307 or 308
// responses, to http or https URLs on the Authorized Ports 80 and 443).
var (
	baselineCodes   = []int{301, 302, 307, 308}
	baselineSchemes = []string{"http", "https"}
	baselinePorts   = []int{80, 443}
)

// strictPolicy is the FAQ's rule, padlock's default: any redirect fails.
func strictPolicy(brand string, name i18n.Text) RedirectPolicy {
	return RedirectPolicy{
		Brand:  brand,
		Name:   name,
		Source: "the SSL certificate FAQ (申请 SSL 证书审核失败的原因及处理方法): the validation URL must answer 200 with the file directly; any 301/302 redirect fails validation",
	}
}

// redirectPolicies is the per-CA table; brands not listed get the strict
// FAQ rule.
var redirectPolicies = []RedirectPolicy{
	{
		Brand: "letsencrypt", Name: i18n.Same("Let's Encrypt"),
		MaxHops: 10, Codes: baselineCodes, Schemes: baselineSchemes, Ports: baselinePorts,
		IgnoresCertificate: true,
		Source:             "Let's Encrypt documentation, Challenge Types, HTTP-01 (letsencrypt.org/docs/challenge-types/): follows up to 10 redirects, only to http: or https: on ports 80 or 443, does not follow redirects to IP addresses, and does not check certificates when redirected to https",
	},
	digicertPolicy("digicert", "DigiCert"),
	digicertPolicy("geotrust", "GeoTrust (DigiCert)"),
	digicertPolicy("rapidssl", "RapidSSL (DigiCert)"),
	digicertPolicy("thawte", "Thawte (DigiCert)"),
	strictPolicy("sectigo", i18n.Text{EN: "Sectigo (the FAQ's free certificates)", ZH: "Sectigo（FAQ 中的免费证书）"}),
	strictPolicy("trustasia", i18n.Text{EN: "TrustAsia (the FAQ's free certificates)", ZH: "TrustAsia（FAQ 中的免费证书）"}),
}

func digicertPolicy(brand, name string) RedirectPolicy {
	return RedirectPolicy{
		Brand: brand, Name: i18n.Same(name),
		MaxHops: 1, Codes: baselineCodes, Schemes: baselineSchemes, Ports: baselinePorts,
		Source: "DigiCert documentation, HTTP Practical Demonstration common mistakes (docs.digicert.com): the file may sit behind up to one redirect; more than one blocks validation; redirects must meet the Baseline Requirements",
	}
}

// RedirectPolicyFor returns the redirect policy of a --ca brand id; an
// empty or unlisted brand gets the FAQ's strict rule (no redirect at all).
func RedirectPolicyFor(brand string) RedirectPolicy {
	for _, p := range redirectPolicies {
		if p.Brand == brand {
			return p
		}
	}
	if brand == "" {
		return strictPolicy("", i18n.Text{EN: "the FAQ's CAs (no --ca given)", ZH: "FAQ 中的 CA（未指定 --ca）"})
	}
	name := brand
	if b, ok := LookupBrand(brand); ok {
		name = b.Name
	}
	p := strictPolicy(brand, i18n.Text{EN: name, ZH: name})
	p.Source = "padlock does not know whether " + name + " follows redirects; it applies the FAQ's rule (any redirect fails), the safe assumption. The Baseline Requirements (3.2.2.4.18/19) would at most allow 301/302/307/308 to http/https on ports 80/443"
	return p
}

// Follows reports whether the policy follows any redirect.
func (p RedirectPolicy) Follows() bool { return p.MaxHops > 0 }

// Allows checks one redirect hop (status code and target) against the
// policy; hop is 1 for the first redirect. When it refuses, reason says
// why in English.
func (p RedirectPolicy) Allows(hop, code int, target *url.URL) (ok bool, reason i18n.Text) {
	no := func(en, zh string) (bool, i18n.Text) { return false, i18n.Text{EN: en, ZH: zh} }
	switch {
	case p.MaxHops == 0:
		return no(p.Name.EN+" follows no redirect", p.Name.ZH+" 不跟随任何跳转")
	case hop > p.MaxHops:
		return no(fmt.Sprintf("%s follows at most %d redirect(s)", p.Name.EN, p.MaxHops),
			fmt.Sprintf("%s 最多跟随 %d 次跳转", p.Name.ZH, p.MaxHops))
	case !slices.Contains(p.Codes, code):
		return no(fmt.Sprintf("status %d is not a redirect %s accepts (only %v)", code, p.Name.EN, p.Codes),
			fmt.Sprintf("%s 不接受状态码 %d 的跳转（只接受 %v）", p.Name.ZH, code, p.Codes))
	case target == nil:
		return no("the redirect has no usable Location", "跳转没有可用的 Location 地址")
	case !slices.Contains(p.Schemes, target.Scheme):
		return no(fmt.Sprintf("redirect to scheme %q (only http and https)", target.Scheme),
			fmt.Sprintf("跳转到了 %q 协议（只允许 http 和 https）", target.Scheme))
	}
	port := target.Port()
	if port == "" {
		port = map[string]string{"http": "80", "https": "443"}[target.Scheme]
	}
	n, _ := strconv.Atoi(port)
	if !slices.Contains(p.Ports, n) {
		return no(fmt.Sprintf("redirect to port %s (only ports 80 and 443)", port),
			fmt.Sprintf("跳转到了 %s 端口（只允许 80 和 443）", port))
	}
	if p.Brand == "letsencrypt" && net.ParseIP(target.Hostname()) != nil {
		return no("Let's Encrypt does not follow redirects to IP addresses", "Let's Encrypt 不跟随指向 IP 地址的跳转")
	}
	return true, i18n.Text{}
}
