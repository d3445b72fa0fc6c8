package probes

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"net/http"
	"net/url"
	"runtime"
	"strings"
	"testing"
	"time"

	"padlock/internal/httpfetch"
)

// pages serves a small site: path → HTML (or CSS for .css paths).
func pages(m map[string]string, headers ...string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, ok := m[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		for i := 0; i+1 < len(headers); i += 2 {
			w.Header().Set(headers[i], headers[i+1])
		}
		if strings.HasSuffix(r.URL.Path, ".css") {
			w.Header().Set("Content-Type", "text/css")
		} else {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
		}
		fmt.Fprint(w, body)
	})
}

// mixedSite serves h over https for mc.test, with port 80 redirecting to
// https.
func mixedSite(t *testing.T, h http.Handler) *httpTestNet {
	n := newHTTPTestNet(t)
	n.serve("mc.test", 443, h)
	n.serve("mc.test", 80, redirectTo("https://mc.test$path", 301))
	return n
}

func mcTarget() Target { return Target{Host: "mc.test", Port: 443, Path: "/"} }

func TestMixedContentVerdicts(t *testing.T) {
	tests := []struct {
		name    string
		site    map[string]string
		headers []string
		status  Status
		ids     []string
	}{
		{
			name:   "http script",
			site:   map[string]string{"/": "<!doctype html>\n<p>hi\n<script src=\"http://cdn.test/app.js\"></script>"},
			status: Fail, ids: []string{"mixed-content.blockable/fail"},
		},
		{
			name:   "only an http image",
			site:   map[string]string{"/": `<img src="http://mc.test/logo.png">`},
			status: Warn, ids: []string{"mixed-content.upgradeable/warn"},
		},
		{
			name:   "http form",
			site:   map[string]string{"/": `<form action="http://mc.test/login" method=post></form>`},
			status: Warn, ids: []string{"mixed-content.insecure-form/warn"},
		},
		{
			name: "css background in a same-origin stylesheet",
			site: map[string]string{
				"/":             `<link rel="stylesheet" href="/css/site.css">`,
				"/css/site.css": "body {\n  background: url(http://mc.test/bg.jpg);\n}\n",
			},
			status: Warn, ids: []string{"mixed-content.css-image/warn"},
		},
		{
			name:   "font and import in a style block",
			site:   map[string]string{"/": "<style>\n@import url(http://cdn.test/x.css);\n@font-face { src: url(http://cdn.test/f.woff2) }\n</style>"},
			status: Fail, ids: []string{"mixed-content.css-import/fail", "mixed-content.css-font/fail"},
		},
		{
			name:    "upgrade-insecure-requests header lowers",
			site:    map[string]string{"/": `<script src="http://cdn.test/app.js"></script><img src="http://cdn.test/a.png">`},
			headers: []string{"Content-Security-Policy", "upgrade-insecure-requests"},
			status:  Warn, ids: []string{"mixed-content.csp-upgrade/pass", "mixed-content.upgraded/warn", "mixed-content.upgraded/pass"},
		},
		{
			name:   "upgrade-insecure-requests meta lowers",
			site:   map[string]string{"/": `<meta http-equiv="Content-Security-Policy" content="upgrade-insecure-requests"><iframe src="http://cdn.test/f"></iframe>`},
			status: Warn, ids: []string{"mixed-content.csp-upgrade/pass", "mixed-content.upgraded/warn"},
		},
		{
			name:   "an http link alone is not mixed content",
			site:   map[string]string{"/": `<a href="http://elsewhere.test/">elsewhere</a> <a href="http://mc.test/old">old</a>`},
			status: Pass,
		},
		{
			name:   "http base and refresh",
			site:   map[string]string{"/": `<base href="http://mc.test/"><meta http-equiv="refresh" content="30;url=http://mc.test/next">`},
			status: Warn, ids: []string{"mixed-content.insecure-base/warn", "mixed-content.insecure-refresh/warn"},
		},
		{
			name:   "relative script under an http base",
			site:   map[string]string{"/": `<base href="http://mc.test/"><script src="app.js"></script>`},
			status: Fail, ids: []string{"mixed-content.insecure-base/warn", "mixed-content.blockable/fail"},
		},
		{
			name:   "clean page",
			site:   map[string]string{"/": `<img src="/a.png"><script src="//mc.test/x.js"></script><link rel=stylesheet href="https://mc.test/s.css">`, "/s.css": "a{b:url(/c.png)}"},
			status: Pass,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := mixedSite(t, pages(tt.site, tt.headers...))
			r := runProbe(t, MixedContent{}, mcTarget(), n.env)
			if r.Status != tt.status || fmt.Sprint(findingSeverities(r)) != fmt.Sprint(tt.ids) {
				t.Errorf("status %s findings %v; want %s %v\n%+v", r.Status, findingSeverities(r), tt.status, tt.ids, r.Details)
			}
		})
	}
}

func TestMixedContentEvidence(t *testing.T) {
	n := mixedSite(t, pages(map[string]string{
		"/":       "<!doctype html>\n<html>\n<head>\n<link rel=stylesheet href=/s.css>\n</head>\n<body>\n<script src=\"http://cdn.test/app.js\"></script>\n<img src=\"http://nohttps.test/x.png\">",
		"/s.css":  "\n\n@font-face{src:url(http://cdn.test/f.woff)}",
		"/app.js": "",
		"/f.woff": "",
	}))
	// cdn.test answers over https (on loopback); nohttps.test does not.
	n.serve("cdn.test", 443, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "ok") }))
	n.serve("nohttps.test", 443, nil)
	r := runProbe(t, MixedContent{}, mcTarget(), n.env)
	want := map[string]Evidence{
		"mixed-content.blockable":   {"page": "https://mc.test/", "line": 7, "element": "<script src>", "url": "http://cdn.test/app.js"},
		"mixed-content.upgradeable": {"page": "https://mc.test/", "line": 8, "element": "<img src>", "url": "http://nohttps.test/x.png"},
		"mixed-content.css-font":    {"page": "https://mc.test/s.css", "line": 3, "element": "@font-face url()", "url": "http://cdn.test/f.woff"},
	}
	for id, ev := range want {
		f, ok := findFinding(r, id)
		if !ok {
			t.Errorf("no %s in %v", id, findingSeverities(r))
			continue
		}
		for k, v := range ev {
			if f.Evidence[k] != v {
				t.Errorf("%s: %s = %v, want %v", id, k, f.Evidence[k], v)
			}
		}
	}
	if f, _ := findFinding(r, "mixed-content.blockable"); !strings.HasPrefix(fmt.Sprint(f.Evidence["https_version"]), "yes") {
		t.Errorf("https version of cdn.test: %v", f.Evidence["https_version"])
	}
	if f, _ := findFinding(r, "mixed-content.upgradeable"); !strings.HasPrefix(fmt.Sprint(f.Evidence["https_version"]), "no") {
		t.Errorf("https version of nohttps.test: %v", f.Evidence["https_version"])
	}
}

func TestMixedContentHTTPDoesNotRedirect(t *testing.T) {
	n := newHTTPTestNet(t)
	page := pages(map[string]string{"/": "<p>hello"})
	n.serve("mc.test", 443, page)
	n.serve("mc.test", 80, page)
	r := runProbe(t, MixedContent{}, mcTarget(), n.env)
	if fmt.Sprint(findingSeverities(r)) != "[mixed-content.no-https-redirect/warn]" {
		t.Errorf("findings %v", findingSeverities(r))
	}
	// Port 80 closed: nothing to say.
	n = newHTTPTestNet(t)
	n.serve("mc.test", 443, page)
	n.serve("mc.test", 80, nil)
	if r := runProbe(t, MixedContent{}, mcTarget(), n.env); r.Status != Pass {
		t.Errorf("port 80 closed: %s %v", r.Status, findingSeverities(r))
	}
}

func TestMixedContentFollowsSameSiteRedirectAndCrawls(t *testing.T) {
	site := map[string]string{
		"/home": `<a href="/a">a</a> <a href="https://mc.test/b#x">b</a> <a href="https://other.test/c">c</a>`,
		"/a":    `<a href="/home">home</a><img src="http://mc.test/a.png">`,
		"/b":    `<script src="http://mc.test/b.js"></script>`,
	}
	inner := pages(site)
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/" {
			http.Redirect(w, r, "/home", http.StatusFound)
			return
		}
		inner.ServeHTTP(w, r)
	})
	n := mixedSite(t, h)
	target := mcTarget()
	r := runProbe(t, MixedContent{}, target, n.env)
	if r.Status != Pass {
		t.Errorf("one page: %s %v", r.Status, findingSeverities(r))
	}
	target.Intent.Pages = 5
	r = runProbe(t, MixedContent{}, target, n.env)
	if fmt.Sprint(findingSeverities(r)) != "[mixed-content.upgradeable/warn mixed-content.blockable/fail]" {
		t.Errorf("crawl: %v", findingSeverities(r))
	}
	d := r.Details.(MixedContentDetails)
	var urls []string
	for _, p := range d.Pages {
		urls = append(urls, p.URL)
	}
	if fmt.Sprint(urls) != "[https://mc.test/home https://mc.test/a https://mc.test/b]" {
		t.Errorf("pages %v", urls)
	}
	target.Intent.Pages = 2
	r = runProbe(t, MixedContent{}, target, n.env)
	if len(r.Details.(MixedContentDetails).Pages) != 2 {
		t.Errorf("--pages 2 read %d pages", len(r.Details.(MixedContentDetails).Pages))
	}
}

// The raw answers of the header floods, built once: 100,000 header lines,
// and 100,000 informational responses.
var (
	manyHeaderBlock = func() []byte {
		var b bytes.Buffer
		b.WriteString("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n")
		for i := range 100000 {
			fmt.Fprintf(&b, "X-H%d: v\r\n", i)
		}
		b.WriteString("\r\n<p>flood")
		return b.Bytes()
	}()
	endless1xxBlock = bytes.Repeat([]byte("HTTP/1.1 103 Early Hints\r\nLink: </x.css>; rel=preload\r\n\r\n"), 100000)
)

// rawResponse takes over the connection and writes raw as the answer.
func rawResponse(raw []byte) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		conn, buf, err := http.NewResponseController(w).Hijack()
		if err != nil {
			return
		}
		defer conn.Close()
		buf.Write(raw)
		buf.Flush()
	})
}

// TestMixedContentHostile: every hostile server gets a verdict within the
// deadline, with the limit named.
func TestMixedContentHostile(t *testing.T) {
	var bomb bytes.Buffer
	zw := gzip.NewWriter(&bomb)
	zero := make([]byte, 1<<20)
	for range 64 { // 64 MiB of zeros, a few KB compressed
		zw.Write(zero)
	}
	zw.Close()
	var deep strings.Builder
	for range 100000 {
		deep.WriteString("<div>")
	}
	tests := []struct {
		name   string
		h      http.Handler
		id     string
		status Status
		detail string
	}{
		{name: "100 MB page", h: endlessBody("text/html", `<script src="http://cdn.test/early.js"></script>`, strings.Repeat("<p>padding ", 400)), id: "mixed-content.page-truncated", status: Fail, detail: "64 KiB"},
		{name: "trickled body", h: trickleBody("text/html", '<'), id: "mixed-content.page-incomplete", status: Warn, detail: "deadline"},
		{name: "100,000 headers", h: rawResponse(manyHeaderBlock), id: "mixed-content.page-unavailable", status: Error, detail: "header"},
		{name: "endless 1xx", h: rawResponse(endless1xxBlock), id: "mixed-content.page-unavailable", status: Error, detail: "header"},
		{name: "gzip bomb", h: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			w.Header().Set("Content-Encoding", "gzip")
			w.Write(bomb.Bytes())
		}), status: Pass},
		{name: "redirect loop", h: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			next := map[string]string{"/": "/a", "/a": "/b", "/b": "/"}[r.URL.Path]
			http.Redirect(w, r, next, http.StatusFound)
		}), id: "mixed-content.page-unavailable", status: Error, detail: "loop"},
		{name: "endless redirects", h: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, r.URL.Path+"x", http.StatusFound)
		}), id: "mixed-content.page-unavailable", status: Error, detail: "more than 10 redirects"},
		{name: "nested 100,000 deep", h: pages(map[string]string{"/": deep.String() + `<script src="http://cdn.test/deep.js"></script>`}),
			id: "mixed-content.too-deep", status: Warn, detail: "512"},
		{name: "@import cycle", h: pages(map[string]string{
			"/": `<link rel=stylesheet href=/a.css>`, "/a.css": `@import "b.css";`, "/b.css": `@import "/a.css"; x{y:url(http://mc.test/i.png)}`,
		}), id: "mixed-content.css-import-cycle", status: Warn},
		{name: "endless @import", h: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == "/" {
				w.Header().Set("Content-Type", "text/html")
				fmt.Fprint(w, `<link rel=stylesheet href=/s.css>`)
				return
			}
			w.Header().Set("Content-Type", "text/css")
			fmt.Fprintf(w, "@import \"%sx.css\";", strings.TrimSuffix(r.URL.Path, ".css"))
		}), id: "mixed-content.css-limit", status: Warn, detail: "@import"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := mixedSite(t, tt.h)
			n.env.Limits.ProbeTimeout = 4 * time.Second
			n.env.Limits.MaxBody = 64 << 10
			start := time.Now()
			r := runProbe(t, MixedContent{}, mcTarget(), n.env)
			if d := time.Since(start); d > n.env.Limits.ProbeTimeout+time.Second {
				t.Errorf("took %v", d)
			}
			if r.Status != tt.status {
				t.Errorf("status %s, want %s (%v, err %q)", r.Status, tt.status, findingSeverities(r), r.Err)
			}
			if tt.id == "" {
				return
			}
			f, ok := findFinding(r, tt.id)
			if !ok {
				t.Fatalf("no %s in %v (err %q)", tt.id, findingSeverities(r), r.Err)
			}
			if !strings.Contains(fmt.Sprint(f.Evidence), tt.detail) {
				t.Errorf("evidence %v does not mention %q", f.Evidence, tt.detail)
			}
		})
	}
}

func TestMixedContentCrawlLimits(t *testing.T) {
	site := map[string]string{"/": `<a href="/1">1</a><a href="/2">2</a><a href="/3">3</a>`, "/1": "<p>1", "/2": "<p>2", "/3": "<p>3"}
	n := mixedSite(t, pages(site))
	n.env.Limits.MaxPages = 2
	target := mcTarget()
	target.Intent.Pages = 10
	r := runProbe(t, MixedContent{}, target, n.env)
	f, ok := findFinding(r, "mixed-content.crawl-limit")
	if !ok || f.Evidence["limit"] != "at most 2 pages per check" || len(r.Details.(MixedContentDetails).Pages) != 2 {
		t.Errorf("pages cap: %v %v", findingSeverities(r), f.Evidence)
	}
	// Six pages of 100 bytes behind a 100-byte start page: the crawl reads
	// at most MaxCrawlBytes.
	big := map[string]string{"/": ""}
	for i := range 6 {
		big["/"] += fmt.Sprintf(`<a href="/%d">.</a>`, i)
		big[fmt.Sprintf("/%d", i)] = "<p>" + strings.Repeat("x", 97)
	}
	n = mixedSite(t, pages(big))
	n.env.Limits.MaxBody = 100
	n.env.Limits.MaxCrawlBytes = 400
	r = runProbe(t, MixedContent{}, target, n.env)
	if f, ok := findFinding(r, "mixed-content.crawl-limit"); !ok || f.Evidence["limit"] != "pages larger than 400 bytes in total" {
		t.Errorf("bytes cap: %v %v", findingSeverities(r), f.Evidence)
	}
}

// TestMixedContentBigPageMemory: a 100 MB page costs about MaxBody, not
// 100 MB (total bytes allocated while checking it stays far below).
func TestMixedContentBigPageMemory(t *testing.T) {
	const size = 100 << 20
	chunk := bytes.Repeat([]byte("<p>padding padding padding</p>\n"), 2048)
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Header().Set("Content-Length", fmt.Sprint(size))
		for sent := 0; sent < size; sent += len(chunk) {
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	})
	n := mixedSite(t, h)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	r := runProbe(t, MixedContent{}, mcTarget(), n.env)
	runtime.ReadMemStats(&after)
	if _, ok := findFinding(r, "mixed-content.page-truncated"); !ok {
		t.Errorf("findings %v", findingSeverities(r))
	}
	t.Logf("allocated %d KiB", (after.TotalAlloc-before.TotalAlloc)>>10)
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 40<<20 {
		t.Errorf("allocated %d MiB checking a 100 MiB page (limit %s)", alloc>>20, httpfetch.Size(n.env.Limits.MaxBody))
	}
}

func TestSameOriginIgnoresDefaultPort(t *testing.T) {
	origin, _ := url.Parse("https://Site.test/")
	r := &mixedRun{origin: origin}
	for raw, want := range map[string]bool{
		"https://site.test:443/a.css": true,
		"https://site.test/a.css":     true,
		"https://site.test:8443/":     false,
		"http://site.test/a.css":      false,
		"https://other.test/":         false,
	} {
		u, _ := url.Parse(raw)
		if got := r.sameOrigin(u); got != want {
			t.Errorf("sameOrigin(%s) = %v, want %v", raw, got, want)
		}
	}
}
