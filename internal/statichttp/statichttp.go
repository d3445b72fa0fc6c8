// Package statichttp has the small fixed-content HTTP handlers the lab and
// the tests serve: a set of paths with their bodies and types, 404 for the
// rest.
package statichttp

import (
	"io"
	"net/http"
)

// Page is one path's answer.
type Page struct {
	Type string // Content-Type
	Body string
}

// Pages answers each path in pages with its page and every other path
// with 404.
func Pages(pages map[string]Page) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, ok := pages[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", p.Type)
		io.WriteString(w, p.Body) //nolint:errcheck // the client went away
	})
}

// File answers path with body as text/plain, and 404 elsewhere (a
// validation file).
func File(path, body string) http.Handler {
	return Pages(map[string]Page{path: {Type: "text/plain", Body: body}})
}
