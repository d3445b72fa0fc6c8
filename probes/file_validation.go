// The file-validation probe: does the validation URL answer 200 with the
// expected content over http and https, with no redirect the CA refuses?

package probes

import (
	"context"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"padlock/i18n"
	"padlock/internal/httpfetch"
	"padlock/rules"
)

// FileValidation is the file-validation probe: does the validation URL
// answer 200 with the expected content on http and https, with no redirect
// the CA would refuse? Without --file-url it checks that the validation
// path /.well-known/pki-validation/ is not redirected.
type FileValidation struct{}

// IDFileValidation is the file-validation probe's public id.
const IDFileValidation = "file-validation"

// fileValidationDescriptor describes the file-validation probe; its findings are explained in
// rules/file_validation.go.
var fileValidationDescriptor = Descriptor{
	ID:    IDFileValidation,
	Title: i18n.T("File validation URL", "文件验证地址"),
	What: i18n.T("Whether the validation URL answers 200 with exactly the expected content, over http and https, without redirects.",
		"验证文件地址是否在 http 和 https 下都直接返回 200 和完全一致的内容，且没有跳转。"),
	Why: i18n.T("The CA fetches the file itself; a redirect, a login page or an extra byte makes validation fail.",
		"CA 会自己来取这个文件；跳转、登录页或多出的一个字节都会让验证失败。"),
	Findings: rules.FileValidationEntries(),
	Scenarios: []Scenario{
		{Host: "fv-redirect", Status: Fail, Finding: "file-validation.redirect"},
	},
}

// Describe returns the file-validation probe's descriptor.
func (FileValidation) Describe() Descriptor { return fileValidationDescriptor }

// validationDir is where CAs look for validation files (Baseline
// Requirements 3.2.2.4.18).
const validationDir = "/.well-known/pki-validation/"

// firstBytesShown is how much of a body the details and findings quote.
const firstBytesShown = 200

// FileValidationDetails is the probe's Result.Details.
type FileValidationDetails struct {
	// URL is the validation URL checked (the random one without --file-url).
	URL string `json:"url"`
	// Expected is the content the CA expects ("" without --file-url).
	Expected string `json:"expected,omitempty"`
	// Policy names whose redirect rules applied, and where they come from.
	Policy       i18n.Text `json:"redirect_policy"`
	PolicySource string    `json:"redirect_policy_source"`
	// Schemes holds one check per scheme requested.
	Schemes []SchemeCheck `json:"schemes"`
}

// SchemeCheck is what one scheme's request showed.
type SchemeCheck struct {
	Scheme      string          `json:"scheme"`
	URL         string          `json:"url"`
	Status      int             `json:"status,omitempty"`
	Hops        []httpfetch.Hop `json:"hops,omitempty"`
	Loop        bool            `json:"redirect_loop,omitempty"`
	TooLong     bool            `json:"redirect_limit_reached,omitempty"`
	ContentType string          `json:"content_type,omitempty"`
	FirstBytes  string          `json:"first_bytes,omitempty"`
	BodyBytes   int             `json:"body_bytes,omitempty"`
	Truncated   bool            `json:"body_truncated,omitempty"`
	Error       string          `json:"error,omitempty"`
	BodyError   string          `json:"body_error,omitempty"`
	CertError   string          `json:"certificate_error,omitempty"`
	Verdict     string          `json:"verdict"`
}

// Run checks the validation URL (or the validation path) of t.
func (FileValidation) Run(ctx context.Context, t Target, env *Env) Result {
	ctx, cancel := workContext(ctx)
	defer cancel()
	policy := rules.RedirectPolicyFor(t.Intent.CA)
	if t.Intent.FileURL == "" {
		if t.Intent.Wildcard {
			return Skipped(i18n.T("a wildcard certificate can only be validated through DNS; file validation does not apply",
				"泛域名证书只能通过 DNS 验证，文件验证不适用"))
		}
		if t.Intent.DNSValidationOnly() {
			return Skipped(i18n.T("validation is by DNS (--dns-record or --dns-cname given): file validation does not apply",
				"本次通过 DNS 验证（已给出 --dns-record 或 --dns-cname），文件验证不适用"))
		}
		return checkValidationPath(ctx, t, env, policy)
	}
	return checkValidationFile(ctx, t, env, policy)
}

// workContext leaves a little of the probe's deadline for writing the
// verdict after the network work stops.
func workContext(ctx context.Context) (context.Context, context.CancelFunc) {
	deadline, ok := ctx.Deadline()
	if !ok {
		return context.WithCancel(ctx)
	}
	margin := min(time.Until(deadline)/10, time.Second)
	return context.WithDeadline(ctx, deadline.Add(-margin))
}

// checkValidationFile is the --file-url check over both schemes.
func checkValidationFile(ctx context.Context, t Target, env *Env, policy rules.RedirectPolicy) Result {
	u, err := url.Parse(t.Intent.FileURL)
	if err != nil || u.Hostname() == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return ErroredWith(i18n.T("the --file-url given is not an http or https URL with a host", "给出的 --file-url 不是带主机名的 http 或 https 地址"),
			fmt.Errorf("--file-url %q is not an http(s) URL with a host", t.Intent.FileURL))
	}
	details := FileValidationDetails{URL: u.String(), Expected: t.Intent.FileContent, Policy: policy.Name, PolicySource: policy.Source}
	var findings []Finding
	if t.Intent.Wildcard {
		findings = append(findings, fileValidationDescriptor.Finding("file-validation.wildcard", Evidence{"name": t.Name(), "url": u.String()}))
	}
	checks := make([]SchemeCheck, 2)
	var wg sync.WaitGroup
	for i, scheme := range []string{"http", "https"} {
		wg.Go(func() {
			checks[i] = checkScheme(ctx, env, policy, schemeURL(u, scheme), t.Intent.FileContent)
		})
	}
	wg.Wait()
	details.Schemes = checks

	answered := 0
	for _, c := range checks {
		if c.Error == "" {
			answered++
		}
	}
	for _, c := range checks {
		findings = append(findings, schemeFindings(c, policy, t.Intent.FileContent, answered, env)...)
	}
	return Done(findings, details)
}

// schemeURL is u with its scheme replaced; a port stays only on u's own
// scheme (the other scheme uses its standard port).
func schemeURL(u *url.URL, scheme string) string {
	v := *u
	if v.Scheme != scheme {
		v.Host = u.Hostname()
		if strings.Contains(v.Host, ":") {
			v.Host = "[" + v.Host + "]"
		}
	}
	v.Scheme = scheme
	v.Fragment = ""
	return v.String()
}

// checkScheme requests one URL and follows its redirects to show them.
func checkScheme(ctx context.Context, env *Env, policy rules.RedirectPolicy, rawURL, expected string) SchemeCheck {
	l := env.limits()
	c := SchemeCheck{Scheme: strings.SplitN(rawURL, ":", 2)[0], URL: rawURL}
	chain := httpfetch.Follow(ctx, env.HTTPClient(true), rawURL, l.MaxRedirects, l.MaxBody, nil)
	c.Hops, c.Loop, c.TooLong = chain.Hops, chain.Loop, chain.TooLong
	if chain.First == nil {
		c.Error = chain.Hops[0].Error
		c.Verdict = "no answer"
		return c
	}
	c.Status = chain.First.Status
	if c.Scheme == "https" {
		if err := verifyPeer(chain.First.TLS, hostOf(rawURL), env, l.MaxChainCerts); err != nil {
			c.CertError = err.Error()
		}
	}
	if final := chain.Final; final != nil {
		c.ContentType = final.Header.Get("Content-Type")
		c.FirstBytes = firstBytes(final.Body)
		c.BodyBytes = len(final.Body)
		c.Truncated = final.Truncated
		if final.BodyErr != nil {
			c.BodyError = fmt.Sprintf("the body stopped after %d bytes: %v", len(final.Body), final.BodyErr)
		}
	}
	c.Verdict = verdict(c, chain, policy, expected)
	return c
}

// verdict sums up one scheme in a few words for the details.
func verdict(c SchemeCheck, chain httpfetch.Chain, policy rules.RedirectPolicy, expected string) string {
	final := chain.Final
	switch {
	case chain.First.IsRedirect() && redirectRefusal(chain, policy).EN != "":
		return "redirect refused by the CA"
	case final == nil:
		return "redirect target did not answer"
	case final.Status != 200:
		return fmt.Sprintf("status %d", final.Status)
	case final.BodyErr != nil:
		return "body incomplete"
	case final.Truncated:
		return "body larger than the limit"
	case !contentMatches(final.Body, expected):
		return "wrong content"
	case chain.First.IsRedirect():
		return "ok after a redirect the CA follows"
	}
	return "ok"
}

// redirectRefusal returns why policy refuses the chain's redirects ("" when
// it follows all of them).
func redirectRefusal(chain httpfetch.Chain, policy rules.RedirectPolicy) i18n.Text {
	if chain.Loop {
		return i18n.Text{EN: "the redirects loop", ZH: "跳转形成了循环"}
	}
	for i, h := range chain.Hops {
		if h.Status < 300 || h.Status > 399 || h.Location == "" {
			break
		}
		base, _ := url.Parse(h.URL)
		var target *url.URL
		if base != nil {
			target, _ = base.Parse(h.Location)
		}
		if ok, reason := policy.Allows(i+1, h.Status, target); !ok {
			return reason
		}
	}
	if chain.TooLong {
		n := len(chain.Hops) - 1
		return i18n.Text{EN: fmt.Sprintf("the chain goes on past %d redirects", n), ZH: fmt.Sprintf("跳转超过 %d 次仍未结束", n)}
	}
	return i18n.Text{}
}

// schemeFindings turns one scheme's check into findings. answered is how
// many schemes answered at all.
func schemeFindings(c SchemeCheck, policy rules.RedirectPolicy, expected string, answered int, env *Env) []Finding {
	l := env.limits()
	if c.Error != "" {
		f := fileValidationDescriptor.Finding("file-validation.no-answer", Evidence{"scheme": c.Scheme, "url": c.URL, "error": c.Error})
		// One scheme answering is enough, except for Let's Encrypt, which
		// always starts on http port 80.
		if answered > 0 && !(c.Scheme == "http" && policy.Brand == "letsencrypt") {
			f = f.WithSeverity(Info)
		}
		return []Finding{f}
	}
	var out []Finding
	if c.CertError != "" {
		f := fileValidationDescriptor.Finding("file-validation.https-untrusted", Evidence{"url": c.URL, "error": c.CertError})
		if policy.IgnoresCertificate {
			f = f.WithSeverity(Info)
		}
		out = append(out, f)
	}
	hops := hopList(c.Hops)
	if len(c.Hops) > 1 || (c.Status >= 300 && c.Status < 400 && len(c.Hops) > 0 && c.Hops[0].Location != "") {
		chain := httpfetch.Chain{Hops: c.Hops, Loop: c.Loop, TooLong: c.TooLong}
		if reason := redirectRefusal(chain, policy); reason.EN != "" {
			return append(out, fileValidationDescriptor.Finding("file-validation.redirect", Evidence{
				"scheme": c.Scheme, "url": c.URL, "status": c.Status, "hops": hops,
				"reason": reason, "ca": policy.Name, "loop": c.Loop,
			}))
		}
		if c.Verdict == "ok after a redirect the CA follows" {
			out = append(out, fileValidationDescriptor.Finding("file-validation.redirect-followed", Evidence{
				"scheme": c.Scheme, "url": c.URL, "hops": hops, "ca": policy.Name,
			}))
			return out
		}
	}
	last := c.Hops[len(c.Hops)-1]
	switch {
	case last.Error != "":
		out = append(out, fileValidationDescriptor.Finding("file-validation.no-answer", Evidence{"scheme": c.Scheme, "url": last.URL, "error": last.Error}))
	case last.Status != 200:
		out = append(out, fileValidationDescriptor.Finding("file-validation.bad-status", Evidence{"scheme": c.Scheme, "url": last.URL, "status": last.Status}))
	case c.BodyError != "":
		out = append(out, fileValidationDescriptor.Finding("file-validation.no-answer", Evidence{"scheme": c.Scheme, "url": last.URL, "error": c.BodyError}))
	case c.Truncated:
		out = append(out, fileValidationDescriptor.Finding("file-validation.body-too-large", Evidence{"scheme": c.Scheme, "url": last.URL, "limit": httpfetch.Size(l.MaxBody)}))
	case c.Verdict == "wrong content":
		out = append(out, fileValidationDescriptor.Finding("file-validation.wrong-content", Evidence{
			"scheme": c.Scheme, "url": last.URL, "expected": strings.TrimSpace(expected), "got": c.FirstBytes,
			"content_type": c.ContentType,
		}))
	}
	return out
}

// checkValidationPath requests a random file under the validation path
// over http: a redirect there breaks any file validation.
func checkValidationPath(ctx context.Context, t Target, env *Env, policy rules.RedirectPolicy) Result {
	l := env.limits()
	host := t.Host
	if strings.Contains(host, ":") {
		host = "[" + host + "]"
	}
	rawURL := "http://" + host + validationDir + randomName()
	details := FileValidationDetails{URL: rawURL, Policy: policy.Name, PolicySource: policy.Source}
	chain := httpfetch.Follow(ctx, env.HTTPClient(true), rawURL, l.MaxRedirects, l.MaxBody, nil)
	c := SchemeCheck{Scheme: "http", URL: rawURL, Hops: chain.Hops, Loop: chain.Loop, TooLong: chain.TooLong}
	var findings []Finding
	switch {
	case chain.First == nil:
		c.Error = chain.Hops[0].Error
		c.Verdict = "no answer"
		findings = append(findings, fileValidationDescriptor.Finding("file-validation.path-unreachable", Evidence{"url": rawURL, "error": c.Error}))
	case chain.First.IsRedirect():
		c.Status = chain.First.Status
		c.Verdict = "redirected"
		sev := Warn
		if redirectRefusal(chain, policy).EN == "" {
			sev = Info // the chosen CA follows it
		}
		findings = append(findings, fileValidationDescriptor.Finding("file-validation.path-redirects", Evidence{
			"url": rawURL, "status": c.Status, "location": chain.First.Header.Get("Location"),
			"hops": hopList(chain.Hops), "ca": policy.Name,
		}).WithSeverity(sev))
	default:
		c.Status = chain.First.Status
		c.ContentType = chain.First.Header.Get("Content-Type")
		c.Verdict = fmt.Sprintf("answered %d without redirecting", c.Status)
	}
	details.Schemes = []SchemeCheck{c}
	return Done(findings, details)
}

// randomName is a file name no server has: the answer shows how the
// server treats the validation path itself.
func randomName() string {
	b := make([]byte, 12)
	rand.Read(b) //nolint:errcheck // crypto/rand.Read never fails
	return "padlock-" + hex.EncodeToString(b) + ".txt"
}

// contentMatches compares a body with the expected content, ignoring
// leading and trailing whitespace and CRLF versus LF line ends.
func contentMatches(body []byte, expected string) bool {
	return normalise(string(body)) == normalise(expected)
}

func normalise(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	lines := strings.Split(strings.TrimSpace(s), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimSpace(l)
	}
	return strings.Join(lines, "\n")
}

func firstBytes(b []byte) string {
	if len(b) > firstBytesShown {
		b = b[:firstBytesShown]
		for len(b) > 0 && !utf8.Valid(b) && len(b) > firstBytesShown-4 {
			b = b[:len(b)-1]
		}
	}
	return strings.ToValidUTF8(string(b), "\uFFFD")
}

// hopList renders a redirect chain as "301 http://a/x → https://a/x".
func hopList(hops []httpfetch.Hop) []string {
	out := make([]string, 0, len(hops))
	for _, h := range hops {
		switch {
		case h.Error != "":
			out = append(out, h.URL+" (no answer: "+h.Error+")")
		case h.Location != "" && h.Status >= 300 && h.Status < 400:
			out = append(out, fmt.Sprintf("%s → %d → %s", h.URL, h.Status, h.Location))
		default:
			out = append(out, fmt.Sprintf("%s → %d", h.URL, h.Status))
		}
	}
	return out
}

func hostOf(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil {
		return ""
	}
	return u.Hostname()
}

// verifyPeer checks the certificate an https server sent against the
// Env's roots, for host.
func verifyPeer(st *tls.ConnectionState, host string, env *Env, maxCerts int) error {
	if st == nil || len(st.PeerCertificates) == 0 {
		return errors.New("no certificate received")
	}
	certs := st.PeerCertificates
	if maxCerts > 0 && len(certs) > maxCerts {
		certs = certs[:maxCerts]
	}
	inter := x509.NewCertPool()
	for _, c := range certs[1:] {
		inter.AddCert(c)
	}
	_, err := certs[0].Verify(x509.VerifyOptions{DNSName: host, Roots: env.Roots, Intermediates: inter, CurrentTime: env.Clock()})
	return err
}
