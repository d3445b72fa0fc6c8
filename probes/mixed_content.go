// The mixed-content probe: crawls the HTTPS page(s) and their CSS for
// resources, forms and redirects that fall back to plain HTTP.

package probes

import (
	"bytes"
	"context"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"sync"

	"golang.org/x/net/publicsuffix"

	"padlock/i18n"
	"padlock/internal/htmlscan"
	"padlock/internal/httpfetch"
	"padlock/rules"
)

// MixedContent is the mixed-content probe: does the HTTPS page load
// anything over plain HTTP? It classifies each reference as browsers do
// (blockable, upgradeable, forms), reads same-origin stylesheets, notes a
// Content-Security-Policy upgrade-insecure-requests that mitigates it, and
// crawls up to Intent.Pages same-origin pages.
type MixedContent struct{}

// IDMixedContent is the mixed-content probe's public id.
const IDMixedContent = "mixed-content"

// mixedContentDescriptor describes the mixed-content probe; its findings are explained in
// rules/mixed_content.go.
var mixedContentDescriptor = Descriptor{
	ID:    IDMixedContent,
	Title: i18n.T("Mixed content", "混合内容"),
	What: i18n.T("Whether the HTTPS page loads scripts, styles, images or frames over plain HTTP.",
		"HTTPS 页面是否通过明文 HTTP 加载脚本、样式、图片或框架。"),
	Why: i18n.T("Browsers block such scripts and frames, and mark the page as not secure.",
		"浏览器会拦截这类脚本和框架，并把页面标为“不安全”。"),
	Findings: rules.MixedContentEntries(),
	Scenarios: []Scenario{
		{Host: "mc-http-script", Status: Fail, Finding: "mixed-content.blockable"},
	},
}

// Describe returns the mixed-content probe's descriptor.
func (MixedContent) Describe() Descriptor { return mixedContentDescriptor }

// Bounds of the crawl beyond env.Limits.
const (
	// maxMixedFindings bounds the findings reported; the rest are counted.
	maxMixedFindings = 100
	// maxHTTPSChecks bounds the http resources whose https version is tried.
	maxHTTPSChecks = 8
	// httpsCheckBody is how much of an https-version answer is read.
	httpsCheckBody = 1 << 10
)

// MixedContentDetails is the probe's Result.Details.
type MixedContentDetails struct {
	// Start is the URL checked first; Redirects where it led.
	Start     string          `json:"start"`
	Redirects []httpfetch.Hop `json:"redirects,omitempty"`
	// HTTPRedirect says what http:// of the same page does.
	HTTPRedirect string `json:"http_redirect,omitempty"`
	// Pages lists the pages checked, in crawl order.
	Pages []PageCheck `json:"pages"`
	// Stylesheets lists the stylesheets read.
	Stylesheets []string `json:"stylesheets,omitempty"`
	// HTTPSVersions maps an http resource URL to what its https:// twin did.
	HTTPSVersions map[string]string `json:"https_versions,omitempty"`
	// FindingsOmitted counts findings beyond the report's cap.
	FindingsOmitted int `json:"findings_omitted,omitempty"`
}

// PageCheck is one page read.
type PageCheck struct {
	URL         string `json:"url"`
	Status      int    `json:"status,omitempty"`
	ContentType string `json:"content_type,omitempty"`
	Bytes       int    `json:"bytes"`
	Truncated   bool   `json:"truncated,omitempty"`
	Error       string `json:"error,omitempty"`
	References  int    `json:"references"`
	Insecure    int    `json:"insecure_references"`
	CSPUpgrade  string `json:"csp_upgrade_insecure_requests,omitempty"`
}

// mixedRun is the state of one run of the probe.
type mixedRun struct {
	env     *Env
	client  *http.Client
	limits  Limits
	origin  *url.URL
	details MixedContentDetails
	found   []Finding
	// pending are mixed references whose findings wait for the https
	// version check.
	pending  []pendingRef
	sheets   map[string]bool
	cssBytes int64
	cssLimit bool
	// pendingHTTP is the no-https-redirect finding, added last.
	pendingHTTP *Finding
}

type pendingRef struct {
	id       string
	ev       Evidence
	url      string
	mitigate string // how CSP mitigates it ("" when it does not)
}

// Run crawls the target's HTTPS page(s) for insecure references.
func (MixedContent) Run(ctx context.Context, t Target, env *Env) Result {
	if r, ok := skipWithoutSite(ctx, t, env); ok {
		return r
	}
	ctx, cancel := workContext(ctx)
	defer cancel()
	start, err := url.Parse(t.URL())
	if err != nil {
		return ErroredWith(i18n.T("the target is not a valid URL", "目标不是有效的 URL"), fmt.Errorf("target URL %q: %w", t.URL(), err))
	}
	r := &mixedRun{env: env, client: env.HTTPClient(true), limits: env.limits(), sheets: map[string]bool{}}
	r.details.Start = start.String()

	var wg sync.WaitGroup
	wg.Go(func() { r.checkHTTPRedirect(ctx, start) })

	first, ok := r.fetchStart(ctx, start)
	if !ok {
		wg.Wait()
		res := Done(r.found, r.details)
		res.Err = r.details.Pages[0].Error
		res.Reason = i18n.T("the HTTPS page could not be loaded", "无法加载该 HTTPS 页面")
		return res
	}
	r.crawl(ctx, first, max(1, t.Intent.Pages))
	r.checkHTTPSVersions(ctx)
	wg.Wait()
	r.flush()
	return Done(r.found, r.details)
}

// add records a finding, up to the cap.
func (r *mixedRun) add(f Finding) {
	if len(r.found) >= maxMixedFindings {
		r.details.FindingsOmitted++
		return
	}
	r.found = append(r.found, f)
}

// sameSite reports whether u is on the target's registrable domain.
func (r *mixedRun) sameSite(u *url.URL) bool {
	a, b := strings.ToLower(u.Hostname()), strings.ToLower(r.origin.Hostname())
	if a == b {
		return true
	}
	sa, err1 := publicsuffix.EffectiveTLDPlusOne(a)
	sb, err2 := publicsuffix.EffectiveTLDPlusOne(b)
	return err1 == nil && err2 == nil && sa == sb
}

// sameOrigin reports whether u is https on the origin's host and port
// (an explicit :443 is the same origin as none).
func (r *mixedRun) sameOrigin(u *url.URL) bool {
	return u.Scheme == "https" && strings.EqualFold(u.Hostname(), r.origin.Hostname()) && httpsPort(u) == httpsPort(r.origin)
}

// httpsPort is u's port, 443 when the URL names none.
func httpsPort(u *url.URL) string {
	if p := u.Port(); p != "" {
		return p
	}
	return "443"
}

// fetchStart reads the first page, following same-site redirects.
func (r *mixedRun) fetchStart(ctx context.Context, start *url.URL) (*page, bool) {
	r.origin = start
	chain := httpfetch.Follow(ctx, r.client, start.String(), r.limits.MaxRedirects, r.limits.MaxBody, r.sameSite)
	if len(chain.Hops) > 1 {
		r.details.Redirects = chain.Hops
	}
	last := chain.Hops[len(chain.Hops)-1]
	if chain.Final == nil || chain.Loop || chain.TooLong {
		pc := PageCheck{URL: last.URL, Status: last.Status, Error: last.Error}
		switch {
		case chain.Loop:
			pc.Error = "redirect loop: " + strings.Join(hopList(chain.Hops), "; ")
		case chain.TooLong:
			pc.Error = fmt.Sprintf("more than %d redirects", r.limits.MaxRedirects)
		}
		r.details.Pages = append(r.details.Pages, pc)
		r.add(mixedContentDescriptor.Finding("mixed-content.page-unavailable", Evidence{"page": last.URL, "error": pc.Error}))
		return nil, false
	}
	final, _ := url.Parse(last.URL)
	if final.Scheme == "http" {
		r.add(mixedContentDescriptor.Finding("mixed-content.redirect-to-http", Evidence{"page": start.String(), "url": last.URL, "hops": hopList(chain.Hops)}))
	}
	if final.Scheme == "https" {
		r.origin = final
	}
	return &page{url: final, resp: chain.Final}, true
}

// page is a fetched page waiting to be scanned.
type page struct {
	url  *url.URL
	resp *httpfetch.Response
}

// crawl scans pages breadth first from first, at most n of them.
func (r *mixedRun) crawl(ctx context.Context, first *page, n int) {
	budget := r.limits.MaxCrawlBytes
	capped := r.limits.MaxPages > 0 && n > r.limits.MaxPages
	if capped {
		n = r.limits.MaxPages
	}
	seen := map[string]bool{stripFragment(first.url): true}
	queue := []*url.URL{}
	var spent int64
	for i := 0; ; i++ {
		var p *page
		if i == 0 {
			p = first
		} else {
			if len(queue) == 0 || ctx.Err() != nil {
				return
			}
			if len(r.details.Pages) >= n {
				if capped {
					r.add(mixedContentDescriptor.Finding("mixed-content.crawl-limit", Evidence{"pages": len(r.details.Pages), "limit": fmt.Sprintf("at most %d pages per check", n)}))
				}
				return
			}
			if spent >= budget {
				r.add(mixedContentDescriptor.Finding("mixed-content.crawl-limit", Evidence{"pages": len(r.details.Pages), "limit": "pages larger than " + httpfetch.Size(budget) + " in total"}))
				return
			}
			u := queue[0]
			queue = queue[1:]
			resp, err := httpfetch.Get(ctx, r.client, u.String(), min(r.limits.MaxBody, budget-spent))
			if err != nil {
				r.details.Pages = append(r.details.Pages, PageCheck{URL: u.String(), Error: err.Error()})
				continue
			}
			if resp.IsRedirect() {
				if loc := resp.Location(); loc != nil && r.sameOrigin(loc) && !seen[stripFragment(loc)] {
					seen[stripFragment(loc)] = true
					queue = append(queue, loc)
				}
				r.details.Pages = append(r.details.Pages, PageCheck{URL: u.String(), Status: resp.Status})
				continue
			}
			p = &page{url: u, resp: resp}
		}
		spent += int64(len(p.resp.Body))
		links := r.scanPage(ctx, p)
		if n > 1 {
			for _, l := range links {
				l.Fragment = ""
				if !seen[l.String()] {
					seen[l.String()] = true
					queue = append(queue, l)
				}
			}
		}
	}
}

func stripFragment(u *url.URL) string {
	v := *u
	v.Fragment = ""
	return v.String()
}

// isHTML reports whether a response is (probably) an HTML page.
func isHTML(resp *httpfetch.Response) (string, bool) {
	ct := resp.Header.Get("Content-Type")
	if ct == "" {
		return http.DetectContentType(resp.Body), strings.HasPrefix(http.DetectContentType(resp.Body), "text/html")
	}
	mt, _, err := mime.ParseMediaType(ct)
	return ct, err == nil && (mt == "text/html" || mt == "application/xhtml+xml")
}

// scanPage scans one page and returns its same-origin links.
func (r *mixedRun) scanPage(ctx context.Context, p *page) []*url.URL {
	resp := p.resp
	pageURL := p.url.String()
	pc := PageCheck{URL: pageURL, Status: resp.Status, Bytes: len(resp.Body), Truncated: resp.Truncated}
	defer func() { r.details.Pages = append(r.details.Pages, pc) }()
	ct, html := isHTML(resp)
	pc.ContentType = ct
	if resp.Status != http.StatusOK {
		r.add(mixedContentDescriptor.Finding("mixed-content.page-status", Evidence{"page": pageURL, "status": resp.Status}))
		if !html || len(resp.Body) == 0 {
			return nil
		}
	}
	if !html {
		r.add(mixedContentDescriptor.Finding("mixed-content.not-html", Evidence{"page": pageURL, "content_type": ct}))
		return nil
	}
	if resp.Truncated {
		r.add(mixedContentDescriptor.Finding("mixed-content.page-truncated", Evidence{"page": pageURL, "limit": httpfetch.Size(r.limits.MaxBody)}))
	}
	if resp.BodyErr != nil {
		pc.Error = resp.BodyErr.Error()
		r.add(mixedContentDescriptor.Finding("mixed-content.page-incomplete", Evidence{"page": pageURL, "bytes": len(resp.Body), "error": pc.Error}))
	}
	scan := htmlscan.Scan(bytes.NewReader(resp.Body), htmlscan.Options{MaxDepth: r.limits.MaxHTMLDepth})
	if scan.Skipped > 0 {
		r.add(mixedContentDescriptor.Finding("mixed-content.too-deep", Evidence{"page": pageURL, "limit": scan.MaxDepth, "skipped": scan.Skipped}))
	}
	mitigation := ""
	if htmlscan.HasUpgradeInsecure(strings.Join(resp.Header.Values("Content-Security-Policy"), ";")) {
		mitigation = "Content-Security-Policy header"
	} else if scan.CSPUpgrade {
		mitigation = fmt.Sprintf("<meta http-equiv=\"Content-Security-Policy\"> on line %d", scan.CSPLine)
	}
	pc.CSPUpgrade = mitigation

	base := p.url
	if scan.Base != "" {
		if b, err := p.url.Parse(scan.Base); err == nil {
			base = b
		}
	}
	pc.References = len(scan.Refs)
	before := len(r.pending)
	var links []*url.URL
	for _, ref := range scan.Refs {
		u, err := base.Parse(ref.URL)
		if ref.Class == htmlscan.Base {
			u, err = p.url.Parse(ref.URL)
		}
		if err != nil {
			continue
		}
		if ref.Class == htmlscan.Link {
			if r.sameOrigin(u) {
				links = append(links, u)
			}
			continue
		}
		if u.Scheme == "http" {
			r.mixed(pageURL, ref, u, mitigation)
		}
		if ref.Stylesheet && u.Scheme == "https" && r.sameOrigin(u) {
			r.stylesheet(ctx, pageURL, u, mitigation, 1)
		}
	}
	pc.Insecure = len(r.pending) - before
	if mitigation != "" && pc.Insecure > 0 {
		r.add(mixedContentDescriptor.Finding("mixed-content.csp-upgrade", Evidence{"page": pageURL, "source": mitigation, "count": pc.Insecure}))
	}
	return links
}

// mixed records one insecure reference.
func (r *mixedRun) mixed(page string, ref htmlscan.Ref, u *url.URL, mitigation string) {
	var id string
	switch {
	case ref.Class == htmlscan.Form:
		id = "mixed-content.insecure-form"
	case ref.Class == htmlscan.Base:
		id = "mixed-content.insecure-base"
	case ref.Class == htmlscan.Refresh:
		id = "mixed-content.insecure-refresh"
	case ref.CSS && ref.Stylesheet:
		id = "mixed-content.css-import"
	case ref.CSS && ref.Font:
		id = "mixed-content.css-font"
	case ref.CSS:
		id = "mixed-content.css-image"
	case ref.Class == htmlscan.Blockable:
		id = "mixed-content.blockable"
	default:
		id = "mixed-content.upgradeable"
	}
	r.pending = append(r.pending, pendingRef{
		id:       id,
		url:      u.String(),
		mitigate: mitigation,
		ev:       Evidence{"page": page, "line": ref.Line, "element": ref.Element, "url": u.String()},
	})
}

// stylesheet reads a same-origin stylesheet and its imports.
func (r *mixedRun) stylesheet(ctx context.Context, from string, u *url.URL, mitigation string, depth int) {
	key := stripFragment(u)
	if r.sheets[key] {
		if depth > 1 {
			r.add(mixedContentDescriptor.Finding("mixed-content.css-import-cycle", Evidence{"stylesheet": from, "url": key}))
		}
		return
	}
	switch {
	case depth > r.limits.MaxImportDepth:
		r.cssLimitHit(fmt.Sprintf("@import nested deeper than %d", r.limits.MaxImportDepth), key)
		return
	case len(r.sheets) >= r.limits.MaxStylesheets:
		r.cssLimitHit(fmt.Sprintf("more than %d stylesheets", r.limits.MaxStylesheets), key)
		return
	case r.cssBytes >= r.limits.MaxCSS:
		r.cssLimitHit(fmt.Sprintf("stylesheets larger than %s in total", httpfetch.Size(r.limits.MaxCSS)), key)
		return
	case ctx.Err() != nil:
		return
	}
	r.sheets[key] = true
	r.details.Stylesheets = append(r.details.Stylesheets, key)
	resp, err := httpfetch.Get(ctx, r.client, key, min(r.limits.MaxBody, r.limits.MaxCSS-r.cssBytes))
	if err != nil || resp.Status != http.StatusOK {
		return
	}
	r.cssBytes += int64(len(resp.Body))
	if resp.Truncated {
		r.cssLimitHit(fmt.Sprintf("stylesheets larger than %s in total", httpfetch.Size(r.limits.MaxCSS)), key)
	}
	for _, c := range htmlscan.ScanCSS(string(resp.Body), 1) {
		t, err := u.Parse(c.URL)
		if err != nil {
			continue
		}
		ref := htmlscan.Ref{Line: c.Line, URL: c.URL, CSS: true, Font: c.Font, Stylesheet: c.Import}
		switch {
		case c.Import:
			ref.Element, ref.Class = "@import", htmlscan.Blockable
		case c.Font:
			ref.Element, ref.Class = "@font-face url()", htmlscan.Blockable
		default:
			ref.Element, ref.Class = "url()", htmlscan.Upgradeable
		}
		if t.Scheme == "http" {
			r.mixed(key, ref, t, mitigation)
		}
		if c.Import && t.Scheme == "https" && r.sameOrigin(t) {
			r.stylesheet(ctx, key, t, mitigation, depth+1)
		}
	}
}

func (r *mixedRun) cssLimitHit(limit, url string) {
	if r.cssLimit {
		return
	}
	r.cssLimit = true
	r.add(mixedContentDescriptor.Finding("mixed-content.css-limit", Evidence{"limit": limit, "url": url}))
}

// checkHTTPRedirect asks http:// for the same page and notes when it does
// not send the visitor to https://.
func (r *mixedRun) checkHTTPRedirect(ctx context.Context, start *url.URL) {
	u := *start
	u.Scheme = "http"
	u.Host = start.Hostname()
	if strings.Contains(u.Host, ":") {
		u.Host = "[" + u.Host + "]"
	}
	resp, err := httpfetch.Get(ctx, r.client, u.String(), 4<<10)
	var note string
	var f *Finding
	switch {
	case err != nil:
		note = "no answer on http: " + err.Error()
	case resp.IsRedirect() && resp.Location() != nil && resp.Location().Scheme == "https":
		note = fmt.Sprintf("%d to %s", resp.Status, resp.Location())
	case resp.IsRedirect():
		note = fmt.Sprintf("%d to %s (not https)", resp.Status, resp.Header.Get("Location"))
		nf := mixedContentDescriptor.Finding("mixed-content.no-https-redirect", Evidence{"url": u.String(), "status": resp.Status, "location": resp.Header.Get("Location")})
		f = &nf
	default:
		note = fmt.Sprintf("answers %d without redirecting to https", resp.Status)
		nf := mixedContentDescriptor.Finding("mixed-content.no-https-redirect", Evidence{"url": u.String(), "status": resp.Status, "location": ""})
		f = &nf
	}
	r.details.HTTPRedirect = note
	if f != nil {
		r.pendingHTTP = f
	}
}

// checkHTTPSVersions tries the https:// twin of a few http resources, so
// the fix can say whether changing the URL is enough.
func (r *mixedRun) checkHTTPSVersions(ctx context.Context) {
	var urls []string
	seen := map[string]bool{}
	for _, p := range r.pending {
		if p.id == "mixed-content.insecure-form" || p.id == "mixed-content.insecure-refresh" || p.id == "mixed-content.insecure-base" {
			continue
		}
		if !seen[p.url] && len(urls) < maxHTTPSChecks {
			seen[p.url] = true
			urls = append(urls, p.url)
		}
	}
	if len(urls) == 0 || ctx.Err() != nil {
		return
	}
	results := make([]string, len(urls))
	sem := make(chan struct{}, max(1, r.limits.Workers))
	var wg sync.WaitGroup
	for i, raw := range urls {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			results[i] = r.httpsVersion(ctx, raw)
		})
	}
	wg.Wait()
	r.details.HTTPSVersions = map[string]string{}
	for i, u := range urls {
		r.details.HTTPSVersions[u] = results[i]
	}
}

// httpsVersion requests the https:// twin of an http URL and says what
// happened, verifying the certificate as a browser would.
func (r *mixedRun) httpsVersion(ctx context.Context, raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "not checked"
	}
	u.Scheme = "https"
	if u.Port() == "80" {
		u.Host = u.Hostname()
	}
	resp, err := httpfetch.Get(ctx, r.env.HTTPClient(false), u.String(), httpsCheckBody)
	switch {
	case err != nil:
		return "no: " + err.Error()
	case resp.Status >= 200 && resp.Status < 400:
		return fmt.Sprintf("yes: %s answers %d", u, resp.Status)
	default:
		return fmt.Sprintf("no: %s answers %d", u, resp.Status)
	}
}

// flush turns the pending references into findings, lowered by CSP where
// upgrade-insecure-requests applies.
func (r *mixedRun) flush() {
	if r.pendingHTTP != nil {
		r.add(*r.pendingHTTP)
	}
	for _, p := range r.pending {
		ev := p.ev
		if v, ok := r.details.HTTPSVersions[p.url]; ok {
			ev["https_version"] = v
		} else {
			ev["https_version"] = "not checked"
		}
		f := mixedContentDescriptor.Finding(p.id, ev)
		if p.mitigate != "" {
			// upgrade-insecure-requests: browsers fetch it over https, so
			// one severity lower, under its own id.
			ev["mitigated_by"] = p.mitigate
			ev["kind"] = strings.TrimPrefix(p.id, "mixed-content.")
			f = mixedContentDescriptor.Finding("mixed-content.upgraded", ev).WithSeverity(max(Info, f.Severity-1))
		}
		r.add(f)
	}
}
