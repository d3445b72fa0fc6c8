package htmlscan

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
)

type want struct {
	line  int
	el    string
	url   string
	class Class
}

func TestScanClassifies(t *testing.T) {
	page := `<!doctype html>
<html><head>
<link rel="stylesheet" href="http://a.test/s.css">
<link rel="icon" href="http://a.test/i.png">
<link rel="preload" as="font" href="http://a.test/f.woff2">
<link rel="manifest" href="/m.json">
<meta http-equiv="refresh" content="10; URL='http://a.test/next'">
<script src="http://a.test/x.js"></script>
<style>
body { background: url(http://a.test/bg.png) }
@font-face { font-family: x;
  src: url("http://a.test/f.woff") }
@import 'http://a.test/more.css';
</style>
</head><body style="background-image:url('http://a.test/b2.png')">
<img src="http://a.test/plain.png">
<img src="http://a.test/r.png" srcset="http://a.test/r1.png 1x, http://a.test/r2.png 2x">
<picture><source srcset="http://a.test/p.webp"><img src="http://a.test/p.png"></picture>
<video src="http://a.test/v.mp4"><source src="http://a.test/v2.mp4"></video>
<form action="http://a.test/post"></form>
<a href="http://a.test/page">link</a>
<iframe src="http://a.test/frame"></iframe>
<script>var w = new Worker("http://a.test/w.js");</script>
</body></html>`
	got := Scan(strings.NewReader(page), Options{MaxDepth: 512})
	wants := []want{
		{3, `<link rel="stylesheet">`, "http://a.test/s.css", Blockable},
		{4, `<link rel="icon">`, "http://a.test/i.png", Upgradeable},
		{5, `<link rel="preload">`, "http://a.test/f.woff2", Blockable},
		{6, `<link rel="manifest">`, "/m.json", Blockable},
		{7, `<meta http-equiv="refresh">`, "http://a.test/next", Refresh},
		{8, `<script src>`, "http://a.test/x.js", Blockable},
		{10, `<style> url()`, "http://a.test/bg.png", Upgradeable},
		{12, `<style> @font-face url()`, "http://a.test/f.woff", Blockable},
		{13, `<style> @import`, "http://a.test/more.css", Blockable},
		{15, `<body style="…"> url()`, "http://a.test/b2.png", Upgradeable},
		{16, `<img src>`, "http://a.test/plain.png", Upgradeable},
		{17, `<img src>`, "http://a.test/r.png", Blockable},
		{17, `<img srcset>`, "http://a.test/r1.png", Blockable},
		{17, `<img srcset>`, "http://a.test/r2.png", Blockable},
		{18, `<source srcset>`, "http://a.test/p.webp", Blockable},
		{18, `<img src>`, "http://a.test/p.png", Blockable},
		{19, `<video src>`, "http://a.test/v.mp4", Upgradeable},
		{19, `<source src>`, "http://a.test/v2.mp4", Upgradeable},
		{20, `<form action>`, "http://a.test/post", Form},
		{21, `<a href>`, "http://a.test/page", Link},
		{22, `<iframe src>`, "http://a.test/frame", Blockable},
		{23, `<script> new Worker()`, "http://a.test/w.js", Blockable},
	}
	if len(got.Refs) != len(wants) {
		for _, r := range got.Refs {
			t.Logf("%d %s %s %s", r.Line, r.Element, r.URL, r.Class)
		}
		t.Fatalf("got %d refs, want %d", len(got.Refs), len(wants))
	}
	for i, w := range wants {
		r := got.Refs[i]
		if r.Line != w.line || r.Element != w.el || r.URL != w.url || r.Class != w.class {
			t.Errorf("ref %d = {%d %q %q %s}, want {%d %q %q %s}", i, r.Line, r.Element, r.URL, r.Class, w.line, w.el, w.url, w.class)
		}
	}
	if !got.Refs[2].Font || !got.Refs[7].Font {
		t.Error("fonts not marked as fonts")
	}
	if !got.Refs[0].Stylesheet || !got.Refs[8].Stylesheet {
		t.Error("stylesheets not marked")
	}
}

func TestScanCSPMetaAndBase(t *testing.T) {
	p := Scan(strings.NewReader(`<meta http-equiv="Content-Security-Policy" content="default-src https:; upgrade-insecure-requests">
<base href="http://b.test/">`), Options{})
	if !p.CSPUpgrade || p.CSPLine != 1 {
		t.Errorf("CSP = %v line %d", p.CSPUpgrade, p.CSPLine)
	}
	if p.Base != "http://b.test/" {
		t.Errorf("Base = %q", p.Base)
	}
	if HasUpgradeInsecure("default-src 'self'") {
		t.Error("HasUpgradeInsecure without the directive")
	}
}

func TestScanDeepNesting(t *testing.T) {
	const n = 100000
	var b bytes.Buffer
	b.WriteString(`<script src="http://a.test/top.js"></script>`)
	for range n {
		b.WriteString("<div>")
	}
	b.WriteString(`<script src="http://a.test/deep.js"></script>`)
	for range n {
		b.WriteString("</div>")
	}
	b.WriteString(`<img src="http://a.test/after.png">`)
	p := Scan(&b, Options{MaxDepth: 512})
	if p.Skipped == 0 {
		t.Error("nothing skipped beyond the depth limit")
	}
	var urls []string
	for _, r := range p.Refs {
		urls = append(urls, r.URL)
	}
	if fmt.Sprint(urls) != "[http://a.test/top.js http://a.test/after.png]" {
		t.Errorf("refs = %v", urls)
	}
}

func TestScanCSS(t *testing.T) {
	css := "/* url(http://c.test/comment.png)\n */ a{b:URL( http://c.test/a.png )}\n" +
		"@IMPORT url(\"x.css\") screen;\n" +
		"x{content:\"url(http://c.test/in-string)\"}\n" +
		"@font-face{src:url(f.woff)}y{b:url(z.png)}\nmyurl(no)"
	got := ScanCSS(css, 1)
	want := []CSSRef{
		{Line: 2, URL: "http://c.test/a.png"},
		{Line: 3, URL: "x.css", Import: true},
		{Line: 5, URL: "f.woff", Font: true},
		{Line: 5, URL: "z.png"},
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("ScanCSS = %v, want %v", got, want)
	}
}

func TestSrcsetAndRefresh(t *testing.T) {
	if got := SrcsetURLs("a.png 1x,b.png 2x, c.png, data:x,y 3x"); fmt.Sprint(got) != "[a.png b.png c.png data:x,y]" {
		t.Errorf("SrcsetURLs = %v", got)
	}
	for in, want := range map[string]string{
		"0; url=http://x.test/": "http://x.test/",
		"5;URL='/a'":            "/a",
		"5":                     "",
		"3, http://y.test":      "http://y.test",
	} {
		if got := RefreshURL(in); got != want {
			t.Errorf("RefreshURL(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzScan(f *testing.F) {
	f.Add([]byte(`<img src="http://a/x.png" srcset="a 1x, b 2x"><style>@import "y";</style>`))
	f.Add([]byte(`<picture><source srcset=","><div style="background:url(`))
	f.Add([]byte(`<meta http-equiv=refresh content="0;url=">`))
	f.Fuzz(func(t *testing.T, data []byte) {
		p := Scan(bytes.NewReader(data), Options{MaxDepth: 8})
		lines := bytes.Count(data, []byte{'\n'}) + 1
		for _, r := range p.Refs {
			if r.Line < 1 || r.Line > lines {
				t.Fatalf("line %d outside 1..%d", r.Line, lines)
			}
			if r.URL == "" || r.Class == 0 {
				t.Fatalf("bad ref %+v", r)
			}
		}
	})
}

func FuzzScanCSS(f *testing.F) {
	f.Add("@import url(a.css); @font-face{src:url('b')} x{y:url(c)}")
	f.Add("/* unterminated")
	f.Add("url(\"unterminated\n")
	f.Fuzz(func(t *testing.T, css string) {
		lines := strings.Count(css, "\n") + 1
		for _, r := range ScanCSS(css, 1) {
			if r.Line < 1 || r.Line > lines || r.URL == "" {
				t.Fatalf("bad ref %+v (lines %d)", r, lines)
			}
		}
	})
}

// Elements whose end tag HTML lets authors omit (li, p, td, tr, option...)
// do not nest: a long flat list or table written without end tags must not
// count as deep nesting and hide what follows it.
func TestScanOmittedEndTagsDoNotNest(t *testing.T) {
	var b strings.Builder
	b.WriteString("<ul>")
	for range 600 {
		b.WriteString("<li>item\n")
	}
	b.WriteString("</ul><table>")
	for range 600 {
		b.WriteString("<tr><td>a<td>b\n")
	}
	b.WriteString("</table><div><p>para<p>para</div>")
	b.WriteString(`<select>` + strings.Repeat("<option>x", 600) + `</select>`)
	b.WriteString(`<script src="http://a.test/late.js"></script>`)
	p := Scan(strings.NewReader(b.String()), Options{MaxDepth: 512})
	if p.Skipped != 0 {
		t.Errorf("Skipped = %d, want 0 for a flat page", p.Skipped)
	}
	if len(p.Refs) != 1 || p.Refs[0].URL != "http://a.test/late.js" {
		t.Errorf("refs = %+v, want the script after the list and table", p.Refs)
	}
}
