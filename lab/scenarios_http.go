package lab

import (
	"bytes"
	"compress/gzip"
	"crypto/tls"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"padlock/internal/statichttp"
	"padlock/probes"
)

// The validation file the file-validation scenarios serve or expect.
const (
	labFilePath    = "/.well-known/pki-validation/fileauth.txt"
	labFileContent = "padlock-lab-7f3c9a1e5b2d4086"
)

// httpSite describes one http scenario: a host whose https (443) and
// plain http (80) handlers are given; a nil h80 redirects to https (with
// the validation paths exempted).
type httpSite struct {
	label   string
	summary string
	args    []string
	expect  map[string]probes.Status
	h443    http.Handler
	h80     http.Handler
}

// httpScenarios add the file-validation and mixed-content deployments, and
// the hostile HTTP servers of issue 9.
func httpScenarios(l *Lab) error {
	sites := append(fileValidationSites(), mixedContentSites()...)
	sites = append(sites, hostileHTTPSites()...)
	for _, s := range sites {
		if err := l.addHTTPSite(s); err != nil {
			return err
		}
	}
	for probe, want := range map[string]probes.Status{probes.IDMixedContent: probes.Pass, probes.IDFileValidation: probes.Pass} {
		if err := l.Expect("healthy", probe, want); err != nil {
			return err
		}
	}
	return nil
}

func (l *Lab) addHTTPSite(s httpSite) error {
	name, ip := l.AddSite(Host{Name: s.label, Summary: s.summary, Args: s.args, Expect: s.expect})
	cert, err := l.IssueLeaf(name)
	if err != nil {
		return err
	}
	if err := l.ServeHTTPS(ip, 443, TLSConfig(cert, tls.VersionTLS12, 0), s.h443); err != nil {
		return err
	}
	h80 := s.h80
	if h80 == nil {
		h80 = RedirectToHTTPS()
	}
	return l.ServeHTTP(ip, 80, h80)
}

// fileArgs are the flags of a file-validation scenario for label.
func fileArgs(label string) []string {
	return []string{"--file-url", "http://" + label + "." + Zone + labFilePath, "--file-content", labFileContent}
}

// redirectAll answers every request with a 301 to https, validation path
// included (the misconfiguration).
func redirectAll() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "https://"+r.Host+r.URL.RequestURI(), http.StatusMovedPermanently)
	})
}

func fileValidationSites() []httpSite {
	good := statichttp.File(labFilePath, labFileContent+"\n")
	fail := map[string]probes.Status{probes.IDFileValidation: probes.Fail}
	return []httpSite{
		{
			label:   "fv-redirect",
			summary: "file validation: http redirects the validation URL to https (301), which the FAQ's CAs refuse",
			args:    fileArgs("fv-redirect"), expect: fail, h443: good, h80: redirectAll(),
		},
		{
			label:   "fv-https-404",
			summary: "file validation: the file is only under the HTTP site; HTTPS answers 404",
			args:    fileArgs("fv-https-404"), expect: fail, h443: http.NotFoundHandler(), h80: good,
		},
		{
			label:   "fv-wrong-content",
			summary: "file validation: the URL serves an old token, not the expected content",
			args:    fileArgs("fv-wrong-content"), expect: fail,
			h443: statichttp.File(labFilePath, "padlock-lab-0ld0rder2025"),
			h80:  statichttp.File(labFilePath, "padlock-lab-0ld0rder2025"),
		},
		{
			label:   "fv-correct",
			summary: "file validation: the file answers 200 with the right content on http and https",
			args:    fileArgs("fv-correct"), expect: map[string]probes.Status{probes.IDFileValidation: probes.Pass},
			h443: good, h80: good,
		},
	}
}

// page serves html at / (and a stylesheet at /site.css when css is set),
// with extra response headers as name, value pairs.
func page(html, css string, headers ...string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for i := 0; i+1 < len(headers); i += 2 {
			w.Header().Set(headers[i], headers[i+1])
		}
		switch {
		case r.URL.Path == "/":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			io.WriteString(w, html)
		case r.URL.Path == "/site.css" && css != "":
			w.Header().Set("Content-Type", "text/css")
			io.WriteString(w, css)
		default:
			http.NotFound(w, r)
		}
	})
}

func htmlDoc(title, body string) string {
	return "<!doctype html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n<title>" + title + "</title>\n</head>\n<body>\n" + body + "\n</body>\n</html>\n"
}

func mixedContentSites() []httpSite {
	mc := func(s probes.Status) map[string]probes.Status {
		return map[string]probes.Status{probes.IDMixedContent: s}
	}
	cdn := "http://static-cdn." + Zone
	return []httpSite{
		{
			label: "mc-http-script", summary: "mixed content: the HTTPS page loads a script over http (blocked by browsers)",
			expect: mc(probes.Fail),
			h443:   page(htmlDoc("shop", "<h1>Shop</h1>\n<script src=\""+cdn+"/jquery.min.js\"></script>"), ""),
		},
		{
			label: "mc-http-image", summary: "mixed content: the HTTPS page shows an image over http (upgraded or dropped)",
			expect: mc(probes.Warn),
			h443:   page(htmlDoc("blog", "<h1>Blog</h1>\n<img src=\""+cdn+"/banner.jpg\" alt=\"banner\">"), ""),
		},
		{
			label: "mc-http-form", summary: "mixed content: a login form on the HTTPS page posts to http",
			expect: mc(probes.Warn),
			h443:   page(htmlDoc("login", "<form method=\"post\" action=\"http://mc-http-form."+Zone+"/login\">\n<input name=\"user\"><input type=\"password\" name=\"pw\">\n</form>"), ""),
		},
		{
			label: "mc-css-background", summary: "mixed content: the site's stylesheet sets a background with url(http://…)",
			expect: mc(probes.Warn),
			h443: page(htmlDoc("landing", "<link rel=\"stylesheet\" href=\"/site.css\">\n<h1>Welcome</h1>"),
				"body {\n  margin: 0;\n  background: #fff url(\""+cdn+"/hero.jpg\") no-repeat;\n}\n"),
		},
		{
			label: "mc-upgrade-csp", summary: "mixed content mitigated: an http script, but Content-Security-Policy: upgrade-insecure-requests is sent",
			expect: mc(probes.Warn),
			h443: page(htmlDoc("app", "<script src=\""+cdn+"/app.js\"></script>"), "",
				"Content-Security-Policy", "upgrade-insecure-requests"),
		},
		{
			label: "mc-http-link", summary: "not mixed content: the HTTPS page only links to an http site (<a href>)",
			expect: mc(probes.Pass),
			h443:   page(htmlDoc("links", "<p>See <a href=\"http://old-partner."+Zone+"/\">our partner</a>.</p>"), ""),
		},
	}
}

// hostileHTTPSites are the hostile HTTP behaviours of issue 9: each must get
// a verdict within the deadline and bounded memory.
func hostileHTTPSites() []httpSite {
	mc := func(s probes.Status) map[string]probes.Status {
		return map[string]probes.Status{probes.IDMixedContent: s}
	}
	return []httpSite{
		{
			label: "hostile-big-page", summary: "hostile: a 100 MB page (padlock checks the first 2 MiB)",
			expect: mc(probes.Warn), h443: bigPage(100 << 20),
		},
		{
			label: "hostile-trickle-body", summary: "hostile: the page trickles one byte a second, forever",
			expect: mc(probes.Warn), h443: trickle(time.Second, false),
		},
		{
			label: "hostile-trickle-headers", summary: "hostile: the response headers trickle one byte a second",
			expect: mc(probes.Error), h443: trickle(time.Second, true),
		},
		{
			label: "hostile-many-headers", summary: "hostile: the page is sent with 100,000 headers",
			expect: mc(probes.Error), h443: manyHeaders(100000),
		},
		{
			label: "hostile-endless-1xx", summary: "hostile: an endless stream of 103 Early Hints responses",
			expect: mc(probes.Error), h443: endless1xx(),
		},
		{
			label: "hostile-gzip-bomb", summary: "hostile: a gzip-encoded page that inflates to 1 GiB (padlock never inflates it)",
			expect: mc(probes.Pass), h443: gzipBomb(1 << 10),
		},
		{
			label: "hostile-redirect-loop", summary: "hostile: the page redirects in a loop",
			expect: mc(probes.Error), h443: redirectLoop(),
		},
		{
			label: "hostile-redirect-chain", summary: "hostile: a 50-hop redirect chain alternating http and https",
			expect: mc(probes.Error), h443: schemeHopper("https"), h80: schemeHopper("http"),
		},
		{
			label: "hostile-deep-html", summary: "hostile: HTML nested 100,000 elements deep",
			expect: mc(probes.Warn), h443: page(strings.Repeat("<div>", 100000)+"<p>bottom", ""),
		},
		{
			label: "hostile-css-cycle", summary: "hostile: stylesheets that @import each other in a cycle",
			expect: mc(probes.Pass), h443: cssCycle(),
		},
		{
			label: "hostile-css-endless", summary: "hostile: stylesheets that @import a new stylesheet without end",
			expect: mc(probes.Warn), h443: cssEndless(),
		},
	}
}

// bigPage streams an HTML page of size bytes without holding it.
func bigPage(size int64) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Header().Set("Content-Length", fmt.Sprint(size))
		chunk := bytes.Repeat([]byte("<p>padding padding padding</p>\n"), 1024)
		for written := int64(0); written < size && r.Context().Err() == nil; {
			n := min(int64(len(chunk)), size-written)
			if _, err := w.Write(chunk[:n]); err != nil {
				return
			}
			written += n
		}
	})
}

// trickle sends one byte per interval forever: of the header block when
// headers is set (by taking over the connection), else of the body.
func trickle(interval time.Duration, headers bool) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var write func([]byte) error
		if headers {
			conn, buf, err := http.NewResponseController(w).Hijack()
			if err != nil {
				return
			}
			defer conn.Close()
			write = func(b []byte) error {
				if _, err := buf.Write(b); err != nil {
					return err
				}
				return buf.Flush()
			}
		} else {
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(http.StatusOK)
			write = func(b []byte) error {
				if _, err := w.Write(b); err != nil {
					return err
				}
				return http.NewResponseController(w).Flush()
			}
		}
		text := []byte("HTTP/1.1 200 OK\r\nX-Slow: ")
		if !headers {
			text = []byte("<!doctype html><p>")
		}
		tick := time.NewTicker(interval)
		defer tick.Stop()
		for i := 0; ; i++ {
			b := byte('a')
			if i < len(text) {
				b = text[i]
			}
			if write([]byte{b}) != nil {
				return
			}
			select {
			case <-r.Context().Done():
				return
			case <-tick.C:
			}
		}
	})
}

// manyHeaders answers with n header lines, written raw on the taken-over
// connection (built once, so the flood costs the server nothing).
func manyHeaders(n int) http.Handler {
	var b bytes.Buffer
	b.WriteString("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n")
	for i := range n {
		fmt.Fprintf(&b, "X-Flood-%d: padlock\r\n", i)
	}
	b.WriteString("\r\n<p>flood")
	return rawAnswer(b.Bytes())
}

// endless1xx answers with 103 Early Hints responses until the client goes.
func endless1xx() http.Handler {
	return rawAnswer(bytes.Repeat([]byte("HTTP/1.1 103 Early Hints\r\nLink: </site.css>; rel=preload; as=style\r\n\r\n"), 1<<16))
}

// rawAnswer takes over the connection and writes raw, repeatedly, until
// the client hangs up.
func rawAnswer(raw []byte) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		conn, buf, err := http.NewResponseController(w).Hijack()
		if err != nil {
			return
		}
		defer conn.Close()
		for r.Context().Err() == nil {
			if _, err := buf.Write(raw); err != nil {
				return
			}
			if buf.Flush() != nil {
				return
			}
		}
	})
}

// gzipBomb serves members MiB of zeros gzip-compressed: the same 1 MiB
// member repeated (a valid multi-member gzip stream), about 1 KB each.
func gzipBomb(members int) http.Handler {
	var member bytes.Buffer
	zw := gzip.NewWriter(&member)
	zw.Write(make([]byte, 1<<20))
	zw.Close()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Header().Set("Content-Encoding", "gzip")
		for range members {
			if _, err := w.Write(member.Bytes()); err != nil {
				return
			}
		}
	})
}

func redirectLoop() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next := map[string]string{"/": "/loop-a", "/loop-a": "/loop-b"}[r.URL.Path]
		if next == "" {
			next = "/"
		}
		http.Redirect(w, r, next, http.StatusFound)
	})
}

// schemeHopper redirects /?hop=N to hop N+1 on the other scheme, 50 hops.
func schemeHopper(scheme string) http.Handler {
	other := map[string]string{"http": "https", "https": "http"}[scheme]
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var hop int
		fmt.Sscan(r.URL.Query().Get("hop"), &hop)
		if hop >= 50 {
			w.Header().Set("Content-Type", "text/html")
			io.WriteString(w, "<p>you made it")
			return
		}
		http.Redirect(w, r, fmt.Sprintf("%s://%s/?hop=%d", other, r.Host, hop+1), http.StatusFound)
	})
}

func cssCycle() http.Handler {
	return statichttp.Pages(map[string]statichttp.Page{
		"/":      {Type: "text/html", Body: htmlDoc("cycle", "<link rel=\"stylesheet\" href=\"/a.css\">")},
		"/a.css": {Type: "text/css", Body: "@import \"b.css\";\nbody { color: #333 }\n"},
		"/b.css": {Type: "text/css", Body: "@import url(/a.css);\nh1 { color: #111 }\n"},
	})
}

func cssEndless() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/" {
			w.Header().Set("Content-Type", "text/html")
			io.WriteString(w, htmlDoc("endless", "<link rel=\"stylesheet\" href=\"/s.css\">"))
			return
		}
		w.Header().Set("Content-Type", "text/css")
		fmt.Fprintf(w, "@import \"%s-x.css\";\n", strings.TrimSuffix(r.URL.Path, ".css"))
	})
}
