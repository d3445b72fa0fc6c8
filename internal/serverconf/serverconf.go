// Package serverconf reads web-server configuration files into one shape:
// a tree of directives (nginx statements and blocks, Apache directives and
// <sections>), and from it the TLS sites a config declares (names, listen
// addresses, certificate, key and chain files, protocols).
//
// It is the one config reader of padlock: package firewall judges the
// access rules in the tree (ca-access), and the file inspector reads the
// sites. The readers never fail on odd input: what they do not understand
// they keep as plain directives or skip, and hostile nesting or endless
// statements are cut at fixed bounds.
package serverconf

import (
	"strings"
)

// Format is a kind of server configuration.
type Format string

// The formats read here (Tomcat's server.xml and IIS's applicationHost.config
// come with the file inspector).
const (
	Nginx  Format = "nginx"
	Apache Format = "apache"
)

// Directive is one statement of a config, or a block (nginx "server {",
// Apache "<VirtualHost *:443>") holding more.
type Directive struct {
	// Name is the directive or block name as written ("listen", "server",
	// "VirtualHost"); compare it with strings.EqualFold for Apache.
	Name string
	// Args are the words after the name, with surrounding quotes removed.
	Args []string
	// Raw is the statement as written, trimmed (the header line of a block).
	Raw string
	// Line is the 1-based line the statement starts on.
	Line int
	// IsBlock is set for blocks; Children are the directives inside.
	IsBlock  bool
	Children []*Directive
}

// Arg returns the i-th argument, or "".
func (d *Directive) Arg(i int) string {
	if i < len(d.Args) {
		return d.Args[i]
	}
	return ""
}

// Find returns the direct children named name (case-insensitively).
func (d *Directive) Find(name string) []*Directive {
	var out []*Directive
	for _, c := range d.Children {
		if strings.EqualFold(c.Name, name) {
			out = append(out, c)
		}
	}
	return out
}

// First returns the first direct child named name, or nil.
func (d *Directive) First(name string) *Directive {
	if found := d.Find(name); len(found) > 0 {
		return found[0]
	}
	return nil
}

// Limits bound what a hostile file can make the readers do.
type Limits struct {
	// MaxDepth is the deepest block nesting kept; deeper blocks' directives
	// are read into the deepest kept block.
	MaxDepth int
	// MaxStatement is the longest statement kept, in runes.
	MaxStatement int
}

// DefaultLimits are far above any real config.
func DefaultLimits() Limits { return Limits{MaxDepth: 32, MaxStatement: 4096} }

// words splits a statement into its name and arguments, removing the
// quotes around each word.
func words(stmt string) (string, []string) {
	f := strings.Fields(stmt)
	if len(f) == 0 {
		return "", nil
	}
	args := make([]string, len(f)-1)
	for i, w := range f[1:] {
		args[i] = unquote(w)
	}
	return f[0], args
}

func unquote(w string) string {
	if len(w) >= 2 && (w[0] == '"' || w[0] == '\'') && w[len(w)-1] == w[0] {
		return w[1 : len(w)-1]
	}
	return w
}
