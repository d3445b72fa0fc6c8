package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"padlock/i18n"
)

// node is a JSON value with the order of its object keys kept: a Details
// struct renders in its field order, a map in sorted key order (as
// encoding/json writes them).
type node struct {
	kind   nodeKind
	scalar string // string, number or bool text
	keys   []string
	items  []*node // object values (parallel to keys) or array items
}

type nodeKind int

const (
	nullNode nodeKind = iota
	stringNode
	literalNode // number or bool
	objectNode
	arrayNode
)

// parseDetails marshals v and reads it back as an ordered tree.
func parseDetails(v any) (*node, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("encode details: %w", err)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	return readNode(dec)
}

func readNode(dec *json.Decoder) (*node, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch t := tok.(type) {
	case json.Delim:
		n := &node{kind: objectNode}
		if t == '[' {
			n.kind = arrayNode
		}
		for dec.More() {
			if n.kind == objectNode {
				k, err := dec.Token()
				if err != nil {
					return nil, err
				}
				n.keys = append(n.keys, k.(string))
			}
			child, err := readNode(dec)
			if err != nil {
				return nil, err
			}
			n.items = append(n.items, child)
		}
		if _, err := dec.Token(); err != nil { // closing delimiter
			return nil, err
		}
		return n, nil
	case string:
		return &node{kind: stringNode, scalar: t}, nil
	case json.Number:
		return &node{kind: literalNode, scalar: t.String()}, nil
	case bool:
		return &node{kind: literalNode, scalar: fmt.Sprint(t)}, nil
	}
	return &node{kind: nullNode}, nil
}

func (n *node) empty() bool {
	switch n.kind {
	case nullNode:
		return true
	case objectNode, arrayNode:
		return len(n.items) == 0
	}
	return false
}

// detailLines renders a tree as indented "key: value" lines, lists with
// "- ", multi-line strings as indented blocks; every string sanitised and
// long lines wrapped to width. The output is plain text: the Markdown
// report puts it in a fenced block.
func detailLines(n *node, width int, lang i18n.Lang) []string {
	r := detailRenderer{width: width, lang: lang}
	switch {
	case n.kind == objectNode || n.kind == arrayNode:
		r.value(n, "")
	default:
		r.scalar("", n, "")
	}
	return r.lines
}

type detailRenderer struct {
	width int
	lang  i18n.Lang
	lines []string
}

func (r *detailRenderer) value(n *node, indent string) {
	switch n.kind {
	case objectNode:
		for i, k := range n.keys {
			r.entry(line(k, r.lang)+":", n.items[i], indent)
		}
	case arrayNode:
		for _, item := range n.items {
			r.entry("-", item, indent)
		}
	}
}

// entry renders "key:" or "-" followed by child.
func (r *detailRenderer) entry(lead string, child *node, indent string) {
	switch {
	case child.empty() && child.kind != nullNode:
		r.add(indent+lead+" "+l(r.lang, "none"), indent+"    ")
	case child.kind == objectNode || child.kind == arrayNode:
		if lead == "-" && child.kind == objectNode {
			// YAML style: the item's first key on the dash's line.
			start := len(r.lines)
			r.value(child, indent+"  ")
			r.lines[start] = indent + "- " + strings.TrimPrefix(r.lines[start], indent+"  ")
			return
		}
		r.lines = append(r.lines, indent+lead)
		r.value(child, indent+"  ")
	default:
		r.scalar(lead, child, indent)
	}
}

func (r *detailRenderer) scalar(lead string, n *node, indent string) {
	prefix := indent
	if lead != "" {
		prefix += lead + " "
	}
	switch n.kind {
	case nullNode:
		r.add(prefix+l(r.lang, "none"), indent+"    ")
	case literalNode:
		r.add(prefix+n.scalar, indent+"    ")
	default:
		s := redact(n.scalar, r.lang)
		switch {
		case s == "":
			r.add(prefix+l(r.lang, "empty"), indent+"    ")
		case strings.Contains(strings.TrimRight(s, "\n"), "\n"):
			// A multi-line value (a PEM block, a stack): keep its lines,
			// each one sanitised, indented below the key.
			r.lines = append(r.lines, strings.TrimRight(prefix+"|", " "))
			for _, ln := range strings.Split(strings.TrimRight(s, "\n"), "\n") {
				r.lines = append(r.lines, strings.TrimRight(indent+"    "+line(ln, r.lang), " "))
			}
		default:
			r.add(prefix+line(s, r.lang), indent+"    ")
		}
	}
}

// add appends one logical line, wrapped with a hanging indent.
func (r *detailRenderer) add(text, rest string) {
	lead := len(text) - len(strings.TrimLeft(text, " "))
	r.lines = append(r.lines, wrap(text[lead:], r.width, text[:lead], rest)...)
}
