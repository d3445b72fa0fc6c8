package htmlscan

import (
	"strings"
)

// CSSRef is one URL a stylesheet refers to.
type CSSRef struct {
	// Line is the 1-based line of the reference, counted from the line the
	// stylesheet text starts on.
	Line int
	// URL is the reference as written (unescaped quotes removed), not
	// resolved.
	URL string
	// Import is set for @import rules (the target is a stylesheet).
	Import bool
	// Font is set for url() inside an @font-face rule.
	Font bool
}

// ScanCSS extracts the url() and @import references of a stylesheet whose
// text starts on line firstLine. It never fails: malformed CSS yields the
// references it could recognise. The work is linear in len(css).
func ScanCSS(css string, firstLine int) []CSSRef {
	s := cssScanner{src: css, line: firstLine}
	return s.scan()
}

type cssScanner struct {
	src  string
	pos  int
	line int
	refs []CSSRef

	// fontFaceDepth is the brace depth at which the current @font-face
	// block opened; -1 outside one.
	fontFaceDepth int
	depth         int
	// pendingFontFace is set between "@font-face" and its "{".
	pendingFontFace bool
}

func (s *cssScanner) scan() []CSSRef {
	s.fontFaceDepth = -1
	for s.pos < len(s.src) {
		c := s.src[s.pos]
		switch {
		case c == '\n':
			s.line++
			s.pos++
		case c == '/' && s.peek(1) == '*':
			s.skipComment()
		case c == '"' || c == '\'':
			s.readString()
		case c == '{':
			s.depth++
			if s.pendingFontFace {
				s.fontFaceDepth = s.depth
				s.pendingFontFace = false
			}
			s.pos++
		case c == '}':
			if s.depth == s.fontFaceDepth {
				s.fontFaceDepth = -1
			}
			if s.depth > 0 {
				s.depth--
			}
			s.pos++
		case c == ';':
			s.pendingFontFace = false
			s.pos++
		case c == '@':
			s.atRule()
		case (c == 'u' || c == 'U') && s.isIdentStart() && s.hasFoldPrefix("url("):
			line := s.line
			s.pos += len("url(")
			if u, ok := s.readURLBody(); ok {
				s.add(CSSRef{Line: line, URL: u, Font: s.fontFaceDepth >= 0})
			}
		default:
			s.pos++
		}
	}
	return s.refs
}

func (s *cssScanner) add(r CSSRef) {
	r.URL = strings.TrimSpace(r.URL)
	if r.URL != "" {
		s.refs = append(s.refs, r)
	}
}

func (s *cssScanner) peek(n int) byte {
	if s.pos+n < len(s.src) {
		return s.src[s.pos+n]
	}
	return 0
}

// isIdentStart reports whether the byte before pos does not continue an
// identifier (so "myurl(" is not a url()).
func (s *cssScanner) isIdentStart() bool {
	if s.pos == 0 {
		return true
	}
	p := s.src[s.pos-1]
	return !(p == '-' || p == '_' || p >= 'a' && p <= 'z' || p >= 'A' && p <= 'Z' || p >= '0' && p <= '9' || p == '\\')
}

func (s *cssScanner) hasFoldPrefix(p string) bool {
	return len(s.src)-s.pos >= len(p) && strings.EqualFold(s.src[s.pos:s.pos+len(p)], p)
}

func (s *cssScanner) skipComment() {
	end := strings.Index(s.src[s.pos+2:], "*/")
	var body string
	if end < 0 {
		body = s.src[s.pos:]
		s.pos = len(s.src)
	} else {
		body = s.src[s.pos : s.pos+2+end+2]
		s.pos += 2 + end + 2
	}
	s.line += strings.Count(body, "\n")
}

// readString reads a quoted string at pos and returns its value.
func (s *cssScanner) readString() string {
	quote := s.src[s.pos]
	s.pos++
	var b strings.Builder
	for s.pos < len(s.src) {
		c := s.src[s.pos]
		switch {
		case c == quote:
			s.pos++
			return b.String()
		case c == '\\' && s.pos+1 < len(s.src):
			next := s.src[s.pos+1]
			if next == '\n' {
				s.line++
			} else {
				b.WriteByte(next)
			}
			s.pos += 2
		case c == '\n':
			// An unterminated string ends at the newline (CSS bad-string).
			return b.String()
		default:
			b.WriteByte(c)
			s.pos++
		}
	}
	return b.String()
}

// readURLBody reads what follows "url(" up to the closing parenthesis.
func (s *cssScanner) readURLBody() (string, bool) {
	s.skipSpace()
	if s.pos >= len(s.src) {
		return "", false
	}
	if c := s.src[s.pos]; c == '"' || c == '\'' {
		u := s.readString()
		s.skipSpace()
		if s.pos < len(s.src) && s.src[s.pos] == ')' {
			s.pos++
		}
		return u, true
	}
	start := s.pos
	for s.pos < len(s.src) {
		c := s.src[s.pos]
		if c == ')' {
			u := s.src[start:s.pos]
			s.pos++
			return u, true
		}
		if c == '\n' {
			s.line++
		}
		if c == '"' || c == '\'' || c == '(' {
			return "", false // bad url token
		}
		s.pos++
	}
	return "", false
}

func (s *cssScanner) skipSpace() {
	for s.pos < len(s.src) {
		switch s.src[s.pos] {
		case '\n':
			s.line++
		case ' ', '\t', '\r', '\f':
		default:
			return
		}
		s.pos++
	}
}

// atRule handles "@import" and "@font-face"; other at-rules are scanned as
// ordinary text.
func (s *cssScanner) atRule() {
	s.pos++ // '@'
	start := s.pos
	for s.pos < len(s.src) {
		c := s.src[s.pos]
		if !(c == '-' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			break
		}
		s.pos++
	}
	name := strings.ToLower(s.src[start:s.pos])
	switch name {
	case "font-face":
		s.pendingFontFace = true
	case "import":
		line := s.line
		s.skipSpace()
		if s.pos >= len(s.src) {
			return
		}
		switch c := s.src[s.pos]; {
		case c == '"' || c == '\'':
			s.add(CSSRef{Line: line, URL: s.readString(), Import: true})
		case s.hasFoldPrefix("url("):
			s.pos += len("url(")
			if u, ok := s.readURLBody(); ok {
				s.add(CSSRef{Line: line, URL: u, Import: true})
			}
		}
	}
}
