package report

import (
	"fmt"
	"regexp"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"padlock/i18n"
	"padlock/internal/sanitize"
	"padlock/rules"
)

// privateKeyPEM matches a PEM private key block, up to its end line or the
// end of the text.
var privateKeyPEM = regexp.MustCompile(`(?s)-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----(?:.*?-----END [A-Z0-9 ]*PRIVATE KEY-----|.*)`)

// privateKeyJSON matches a private key block inside an encoded JSON string,
// up to its end line or the end of the string.
var privateKeyJSON = regexp.MustCompile(`-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----(?:[^"]*?-----END [A-Z0-9 ]*PRIVATE KEY-----|[^"]*)`)

// redact replaces private key material with a notice: a report never shows
// a key, whatever a probe or a server put in its evidence.
func redact(s string, lang i18n.Lang) string {
	if !strings.Contains(s, "PRIVATE KEY-----") {
		return s
	}
	return privateKeyPEM.ReplaceAllLiteralString(s, l(lang, "redacted"))
}

// line makes an untrusted value fit for one line of a text or Markdown
// report: private keys removed, control characters and escape sequences
// shown visibly.
func line(s string, lang i18n.Lang) string {
	return sanitize.Line(redact(s, lang))
}

// block is line for text whose line breaks and tabs are layout (catalogue
// text). Tabs become spaces so that wrapping can measure them.
func block(s string, lang i18n.Lang) string {
	return strings.ReplaceAll(sanitize.Block(redact(s, lang)), "\t", "    ")
}

// escaper turns a sanitised value into text for one context of one format.
type escaper struct {
	prose func(string) string // running text
	code  func(string) string // inside an inline code span or a code block
	// literal escapes the catalogue's own text outside code spans (the
	// template around the values); nil leaves it as it is.
	literal func(string) string
}

var plainEscaper = escaper{prose: identity, code: identity}

func identity(s string) string { return s }

// fill is rules.Fill with each value sanitised and escaped for where it
// lands: in running text or inside an inline `code` span of the template.
func fill(template string, evidence map[string]any, lang i18n.Lang, esc escaper) string {
	if esc.literal == nil && !strings.Contains(template, "{") {
		return template
	}
	var b strings.Builder
	inCode := false
	lit := 0 // start of the pending run of template text
	flush := func(end int) {
		if esc.literal != nil && !inCode {
			b.WriteString(esc.literal(template[lit:end]))
		} else {
			b.WriteString(template[lit:end])
		}
	}
	for i := 0; i < len(template); {
		switch template[i] {
		case '`':
			flush(i)
			inCode = !inCode
			b.WriteByte('`')
			i++
			lit = i
		case '{':
			end := strings.IndexByte(template[i:], '}')
			key := ""
			if end > 0 {
				key = template[i+1 : i+end]
			}
			v, ok := evidence[key]
			if !ok || key == "" || strings.ContainsAny(key, "{ ") {
				i++
				continue
			}
			flush(i)
			s := line(rules.FormatValue(v, lang), lang)
			if inCode {
				b.WriteString(esc.code(s))
			} else {
				b.WriteString(esc.prose(s))
			}
			i += end + 1
			lit = i
		default:
			i++
		}
	}
	flush(len(template))
	return b.String()
}

// safeJSON makes encoded JSON safe to print: besides what encoding/json
// escapes, DEL, C1 controls, bidi overrides and other invisible steering
// characters are written as \u escapes (the decoded text is unchanged),
// and private key blocks are removed.
func safeJSON(b []byte, lang i18n.Lang) []byte {
	s := redactJSON(string(b), lang)
	var out strings.Builder
	out.Grow(len(s))
	for _, r := range s {
		if r == utf8.RuneError || sanitize.Escaped(r) {
			for _, u := range utf16.Encode([]rune{r}) {
				fmt.Fprintf(&out, `\u%04x`, u)
			}
			continue
		}
		out.WriteRune(r)
	}
	return []byte(out.String())
}

// redactJSON removes private keys from encoded JSON, where a PEM block's
// newlines appear as \n.
func redactJSON(s string, lang i18n.Lang) string {
	if !strings.Contains(s, "PRIVATE KEY-----") {
		return s
	}
	return privateKeyJSON.ReplaceAllLiteralString(s, l(lang, "redacted"))
}
