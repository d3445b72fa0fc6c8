package statichttp

import (
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestPages(t *testing.T) {
	srv := httptest.NewServer(Pages(map[string]Page{
		"/":      {Type: "text/html", Body: "<p>hi"},
		"/a.css": {Type: "text/css", Body: "body{}"},
	}))
	defer srv.Close()
	for _, tc := range []struct {
		path, typ, body string
		code            int
	}{
		{"/", "text/html", "<p>hi", 200},
		{"/a.css", "text/css", "body{}", 200},
		{"/missing", "text/plain; charset=utf-8", "404 page not found\n", 404},
	} {
		resp, err := http.Get(srv.URL + tc.path)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != tc.code || resp.Header.Get("Content-Type") != tc.typ || string(b) != tc.body {
			t.Errorf("%s: %d %q %q", tc.path, resp.StatusCode, resp.Header.Get("Content-Type"), b)
		}
	}
}
