// The Apache reader: one directive a line, '#' lines are comments,
// "<Name args>" opens a section and "</Name>" closes it.

package serverconf

import (
	"bytes"
	"strings"
)

// ParseApache reads an Apache config (httpd.conf, a vhost file, .htaccess)
// into a tree under a root section (which has no name). A section's Name is
// its tag ("VirtualHost"), its Args the rest of the opening line without the
// closing '>'. Unbalanced sections are tolerated.
func ParseApache(data []byte, lim Limits) *Directive {
	root := &Directive{IsBlock: true}
	stack := []*Directive{root}
	tooDeep := 0
	top := func() *Directive { return stack[len(stack)-1] }
	for i, raw := range bytes.Split(data, []byte("\n")) {
		line := strings.TrimSpace(string(raw))
		if line == "" || line[0] == '#' {
			continue
		}
		if len(line) > lim.MaxStatement {
			line = line[:lim.MaxStatement]
		}
		switch {
		case strings.HasPrefix(line, "</"):
			if tooDeep > 0 {
				tooDeep--
			} else if len(stack) > 1 {
				stack = stack[:len(stack)-1]
			}
		case strings.HasPrefix(line, "<"):
			name, args := words(strings.TrimSuffix(strings.TrimPrefix(line, "<"), ">"))
			if n := len(args); n > 0 {
				args[n-1] = unquote(strings.TrimSuffix(args[n-1], ">"))
			}
			name = strings.TrimSuffix(name, ">")
			if len(stack) > lim.MaxDepth {
				tooDeep++ // nested beyond any real config: flattened
				continue
			}
			s := &Directive{Name: name, Args: args, Raw: line, Line: i + 1, IsBlock: true}
			top().Children = append(top().Children, s)
			stack = append(stack, s)
		default:
			name, args := words(line)
			top().Children = append(top().Children, &Directive{Name: name, Args: args, Raw: line, Line: i + 1})
		}
	}
	return root
}
