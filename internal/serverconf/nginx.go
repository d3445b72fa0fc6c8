// The nginx reader: statements end in ';', blocks in braces, '#' starts a
// comment to the end of the line.

package serverconf

import (
	"bytes"
	"strings"
)

// ParseNginx reads an nginx config into a tree under a root block (which
// has no name). Unbalanced braces are tolerated.
func ParseNginx(data []byte, lim Limits) *Directive {
	root := &Directive{IsBlock: true}
	stack := []*Directive{root}
	tooDeep := 0
	var stmt strings.Builder
	stmtLine := 0
	top := func() *Directive { return stack[len(stack)-1] }
	for i, raw := range bytes.Split(data, []byte("\n")) {
		line := string(raw)
		if j := strings.IndexByte(line, '#'); j >= 0 {
			line = line[:j]
		}
		for _, r := range line {
			switch r {
			case '{':
				if len(stack) > lim.MaxDepth {
					tooDeep++ // nested beyond any real config: flattened
				} else {
					text := strings.TrimSpace(stmt.String())
					name, args := words(text)
					b := &Directive{Name: name, Args: args, Raw: text, Line: stmtLine, IsBlock: true}
					top().Children = append(top().Children, b)
					stack = append(stack, b)
				}
				stmt.Reset()
			case '}':
				if tooDeep > 0 {
					tooDeep--
				} else if len(stack) > 1 {
					stack = stack[:len(stack)-1]
				}
				stmt.Reset()
			case ';':
				if text := strings.TrimSpace(stmt.String()); text != "" {
					name, args := words(text)
					top().Children = append(top().Children, &Directive{Name: name, Args: args, Raw: text, Line: stmtLine})
				}
				stmt.Reset()
			default:
				if stmt.Len() == 0 && (r == ' ' || r == '\t' || r == '\r') {
					continue
				}
				if stmt.Len() == 0 {
					stmtLine = i + 1
				}
				if stmt.Len() < lim.MaxStatement {
					stmt.WriteRune(r)
				}
			}
		}
		if stmt.Len() > 0 {
			stmt.WriteByte(' ')
		}
	}
	return root
}
