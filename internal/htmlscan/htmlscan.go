// Package htmlscan finds the URLs an HTML page makes a browser load, with
// their line numbers and what kind of request each one is, for the
// mixed-content probe. It streams the page through the golang.org/x/net/html
// tokenizer (no tree is built, so a page nested 100,000 levels deep costs no
// more than a flat one) and extracts url() and @import references from
// inline styles, <style> blocks and stylesheets.
//
// Classes follow the W3C Mixed Content specification as browsers apply it
// today: requests from <img>, <audio> and <video> are upgradeable (browsers
// rewrite them to https), everything else a page loads is blockable.
package htmlscan

import (
	"bytes"
	"io"
	"regexp"
	"strings"

	"golang.org/x/net/html"
)

// Class says what a browser does with a reference.
type Class int

// The classes of reference.
const (
	// Blockable: scripts, stylesheets, frames, plugins, fonts, workers,
	// manifests and responsive images; browsers block them over http.
	Blockable Class = iota + 1
	// Upgradeable: plain images, audio and video; browsers upgrade them to
	// https (and drop them when that fails).
	Upgradeable
	// Form is a form's submission target; browsers warn on submit.
	Form
	// Link is a navigation (a, area): never mixed content. The crawler
	// follows them.
	Link
	// Base is a <base href>: relative URLs resolve against it.
	Base
	// Refresh is a <meta http-equiv="refresh"> target.
	Refresh
)

var classNames = map[Class]string{
	Blockable: "blockable", Upgradeable: "upgradeable", Form: "form",
	Link: "link", Base: "base", Refresh: "refresh",
}

// String names the class.
func (c Class) String() string { return classNames[c] }

// Ref is one URL found in a page.
type Ref struct {
	// Line is the 1-based line of the element (or of the CSS declaration).
	Line int
	// Element describes where the URL sits, e.g. `<script src>`,
	// `<img srcset>`, `<style> url()`, `@font-face url()`.
	Element string
	// URL is the value as written, not resolved.
	URL   string
	Class Class
	// Stylesheet is set when the target is a stylesheet (to fetch and scan).
	Stylesheet bool
	// Font is set for fonts (CSS @font-face, <link rel=preload as=font>).
	Font bool
	// CSS is set for references found in CSS (inline style, <style>).
	CSS bool
}

// Page is what Scan found.
type Page struct {
	Refs []Ref
	// CSPUpgrade is set when a <meta http-equiv="Content-Security-Policy">
	// carries upgrade-insecure-requests; CSPLine is its line.
	CSPUpgrade bool
	CSPLine    int
	// Base is the first <base href>, as written ("" when none).
	Base string
	// MaxDepth is the limit that applied; Skipped counts the elements
	// nested deeper than it, which were not examined.
	MaxDepth int
	Skipped  int
	// Lines is the number of lines read.
	Lines int
}

// Options tune Scan.
type Options struct {
	// MaxDepth: elements nested deeper are counted in Page.Skipped but not
	// examined (0 means no limit).
	MaxDepth int
}

var voidElements = map[string]bool{
	"area": true, "base": true, "br": true, "col": true, "embed": true, "hr": true,
	"img": true, "input": true, "link": true, "meta": true, "param": true,
	"source": true, "track": true, "wbr": true, "keygen": true,
}

// optionalEnd are the elements whose end tag HTML lets authors omit
// (HTML Living Standard, "Optional tags"): the next sibling or the parent's
// end closes them, so they are not counted as nesting.
var optionalEnd = map[string]bool{
	"html": true, "head": true, "body": true, "li": true, "dt": true, "dd": true,
	"p": true, "rt": true, "rp": true, "optgroup": true, "option": true,
	"colgroup": true, "caption": true, "thead": true, "tbody": true, "tfoot": true,
	"tr": true, "td": true, "th": true,
}

// nests reports whether a start tag opens a level of nesting.
func nests(tag string) bool { return !voidElements[tag] && !optionalEnd[tag] }

// workerRE finds workers started from an absolute http URL in inline scripts.
var workerRE = regexp.MustCompile(`new\s+(?:Shared)?Worker\s*\(\s*["'](http://[^"'\s]+)["']`)

// Scan reads an HTML page from r (the caller bounds its size) and returns
// the references it makes. It never fails; a read error ends the scan with
// what was found so far.
func Scan(r io.Reader, opts Options) Page {
	s := scanner{z: html.NewTokenizer(r), line: 1, page: Page{MaxDepth: opts.MaxDepth}}
	s.run()
	s.page.Lines = s.line
	return s.page
}

type scanner struct {
	z    *html.Tokenizer
	line int
	page Page

	depth     int
	inPicture int
	inMedia   int
	// rawParent is the element whose raw text comes next (style, script).
	rawParent string
}

func (s *scanner) run() {
	for {
		tt := s.z.Next()
		if tt == html.ErrorToken {
			return
		}
		start := s.line
		s.line += bytes.Count(s.z.Raw(), []byte{'\n'})
		switch tt {
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := s.z.TagName()
			tag := string(name)
			deep := s.page.MaxDepth > 0 && s.depth >= s.page.MaxDepth
			attrs := map[string]string{}
			for hasAttr {
				var k, v []byte
				k, v, hasAttr = s.z.TagAttr()
				if _, dup := attrs[string(k)]; !dup {
					attrs[string(k)] = string(v)
				}
			}
			if tt == html.StartTagToken && !voidElements[tag] {
				if nests(tag) {
					s.depth++
				}
				s.rawParent = tag
			} else {
				s.rawParent = ""
			}
			if deep {
				s.page.Skipped++
				continue
			}
			s.element(start, tag, attrs, tt == html.SelfClosingTagToken)
		case html.EndTagToken:
			name, _ := s.z.TagName()
			tag := string(name)
			if nests(tag) && s.depth > 0 {
				s.depth--
			}
			switch tag {
			case "picture":
				s.inPicture = max(0, s.inPicture-1)
			case "audio", "video":
				s.inMedia = max(0, s.inMedia-1)
			}
			s.rawParent = ""
		case html.TextToken:
			if s.page.MaxDepth > 0 && s.depth > s.page.MaxDepth {
				continue
			}
			switch s.rawParent {
			case "style":
				s.css(string(s.z.Text()), start, "<style>")
			case "script":
				s.script(string(s.z.Text()), start)
			}
		}
	}
}

func (s *scanner) add(r Ref) {
	r.URL = strings.TrimSpace(r.URL)
	if r.URL != "" {
		s.page.Refs = append(s.page.Refs, r)
	}
}

// element classifies one start tag.
func (s *scanner) element(line int, tag string, a map[string]string, selfClosing bool) {
	if style, ok := a["style"]; ok {
		s.css(style, line, "<"+tag+` style="…">`)
	}
	ref := func(attr string, c Class) {
		if v, ok := a[attr]; ok {
			s.add(Ref{Line: line, Element: "<" + tag + " " + attr + ">", URL: v, Class: c})
		}
	}
	switch tag {
	case "script":
		ref("src", Blockable)
	case "link":
		s.link(line, a)
	case "iframe", "frame":
		ref("src", Blockable)
	case "object":
		ref("data", Blockable)
	case "embed":
		ref("src", Blockable)
	case "track":
		ref("src", Blockable)
	case "img":
		_, hasSrcset := a["srcset"]
		if hasSrcset || s.inPicture > 0 {
			ref("src", Blockable)
		} else {
			ref("src", Upgradeable)
		}
		s.srcset(line, "img", a["srcset"])
	case "picture":
		if !selfClosing {
			s.inPicture++
		}
	case "source":
		if s.inPicture > 0 {
			s.srcset(line, "source", a["srcset"])
			ref("src", Blockable)
		} else if s.inMedia > 0 {
			ref("src", Upgradeable)
		} else {
			ref("src", Blockable)
		}
	case "audio", "video":
		if !selfClosing {
			s.inMedia++
		}
		ref("src", Upgradeable)
		ref("poster", Upgradeable)
	case "input":
		if strings.EqualFold(a["type"], "image") {
			ref("src", Upgradeable)
		}
		ref("formaction", Form)
	case "button":
		ref("formaction", Form)
	case "form":
		ref("action", Form)
	case "a", "area":
		ref("href", Link)
	case "base":
		if v, ok := a["href"]; ok && s.page.Base == "" {
			s.page.Base = strings.TrimSpace(v)
			s.add(Ref{Line: line, Element: "<base href>", URL: v, Class: Base})
		}
	case "meta":
		s.meta(line, a)
	}
}

// link classifies <link rel=... href=...>.
func (s *scanner) link(line int, a map[string]string) {
	href, ok := a["href"]
	if !ok {
		return
	}
	rels := strings.Fields(strings.ToLower(a["rel"]))
	has := func(r string) bool {
		for _, x := range rels {
			if x == r {
				return true
			}
		}
		return false
	}
	as := strings.ToLower(strings.TrimSpace(a["as"]))
	el := `<link rel="` + strings.Join(rels, " ") + `">`
	switch {
	case has("stylesheet"):
		s.add(Ref{Line: line, Element: el, URL: href, Class: Blockable, Stylesheet: true})
	case has("manifest"), has("modulepreload"):
		s.add(Ref{Line: line, Element: el, URL: href, Class: Blockable})
	case has("preload"):
		switch as {
		case "image", "audio", "video":
			s.add(Ref{Line: line, Element: el, URL: href, Class: Upgradeable})
		case "":
		default:
			s.add(Ref{Line: line, Element: el, URL: href, Class: Blockable, Font: as == "font"})
		}
	case has("icon"), has("apple-touch-icon"), has("apple-touch-icon-precomposed"):
		s.add(Ref{Line: line, Element: el, URL: href, Class: Upgradeable})
	}
}

func (s *scanner) meta(line int, a map[string]string) {
	equiv := strings.ToLower(strings.TrimSpace(a["http-equiv"]))
	content := a["content"]
	switch equiv {
	case "content-security-policy":
		if HasUpgradeInsecure(content) && !s.page.CSPUpgrade {
			s.page.CSPUpgrade = true
			s.page.CSPLine = line
		}
	case "refresh":
		if u := RefreshURL(content); u != "" {
			s.add(Ref{Line: line, Element: `<meta http-equiv="refresh">`, URL: u, Class: Refresh})
		}
	}
}

// srcset adds every candidate URL of a srcset attribute as blockable
// (browsers treat responsive images as blockable).
func (s *scanner) srcset(line int, tag, v string) {
	for _, u := range SrcsetURLs(v) {
		s.add(Ref{Line: line, Element: "<" + tag + " srcset>", URL: u, Class: Blockable})
	}
}

// css adds the references of CSS text (a style attribute or block).
func (s *scanner) css(text string, line int, where string) {
	for _, r := range ScanCSS(text, line) {
		ref := Ref{Line: r.Line, URL: r.URL, CSS: true, Font: r.Font}
		switch {
		case r.Import:
			ref.Element, ref.Class, ref.Stylesheet = where+" @import", Blockable, true
		case r.Font:
			ref.Element, ref.Class = where+" @font-face url()", Blockable
		default:
			ref.Element, ref.Class = where+" url()", Upgradeable
		}
		s.add(ref)
	}
}

// script finds workers started from http URLs in inline script text.
func (s *scanner) script(text string, line int) {
	for _, m := range workerRE.FindAllStringSubmatchIndex(text, -1) {
		s.add(Ref{
			Line:    line + strings.Count(text[:m[0]], "\n"),
			Element: "<script> new Worker()",
			URL:     text[m[2]:m[3]],
			Class:   Blockable,
		})
	}
}

// SrcsetURLs returns the candidate URLs of a srcset attribute.
func SrcsetURLs(v string) []string {
	var out []string
	for i := 0; i < len(v); {
		for i < len(v) && (isSpace(v[i]) || v[i] == ',') {
			i++
		}
		start := i
		for i < len(v) && !isSpace(v[i]) {
			i++
		}
		u := v[start:i]
		trailing := strings.HasSuffix(u, ",")
		u = strings.TrimRight(u, ",")
		if u != "" {
			out = append(out, u)
		}
		if trailing {
			continue
		}
		// Skip the descriptors up to the next comma (outside parentheses).
		paren := 0
		for i < len(v) {
			c := v[i]
			if c == '(' {
				paren++
			} else if c == ')' && paren > 0 {
				paren--
			} else if c == ',' && paren == 0 {
				break
			}
			i++
		}
	}
	return out
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' }

// RefreshURL returns the URL of a refresh value such as "5; url=/next"
// ("" when it only reloads).
func RefreshURL(content string) string {
	_, rest, ok := strings.Cut(content, ";")
	if !ok {
		if _, rest, ok = strings.Cut(content, ","); !ok {
			return ""
		}
	}
	rest = strings.TrimSpace(rest)
	if len(rest) >= 4 && strings.EqualFold(rest[:3], "url") {
		after := strings.TrimSpace(rest[3:])
		if strings.HasPrefix(after, "=") {
			rest = strings.TrimSpace(after[1:])
		}
	}
	return strings.Trim(rest, `"' `)
}

// HasUpgradeInsecure reports whether a Content-Security-Policy value holds
// the upgrade-insecure-requests directive.
func HasUpgradeInsecure(policy string) bool {
	for _, d := range strings.Split(policy, ";") {
		f := strings.Fields(d)
		if len(f) > 0 && strings.EqualFold(f[0], "upgrade-insecure-requests") {
			return true
		}
	}
	return false
}
