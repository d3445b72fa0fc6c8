package httpfetch

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

func noRedirects() *http.Client {
	return &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

func TestSize(t *testing.T) {
	if Size(2<<20) != "2 MiB" || Size(64<<10) != "64 KiB" || Size(1000) != "1000 bytes" {
		t.Error("Size")
	}
}

func TestReadCapped(t *testing.T) {
	for _, tt := range []struct {
		in        string
		max       int64
		want      string
		truncated bool
	}{
		{"hello", 5, "hello", false},
		{"hello!", 5, "hello", true},
		{"", 5, "", false},
		{"x", 0, "", true},
	} {
		got, tr, err := ReadCapped(strings.NewReader(tt.in), tt.max)
		if string(got) != tt.want || tr != tt.truncated || err != nil {
			t.Errorf("ReadCapped(%q, %d) = %q, %v, %v", tt.in, tt.max, got, tr, err)
		}
	}
}

func TestGetCapsAndExplains(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/big":
			fmt.Fprint(w, strings.Repeat("x", 10000))
		case "/headers":
			for i := range 5000 {
				w.Header().Set(fmt.Sprintf("X-%d", i), "v")
			}
		}
	}))
	defer srv.Close()
	c := noRedirects()
	c.Transport = &http.Transport{MaxResponseHeaderBytes: 4 << 10}
	r, err := Get(context.Background(), c, srv.URL+"/big", 100)
	if err != nil || len(r.Body) != 100 || !r.Truncated || r.BodyErr != nil {
		t.Errorf("big: %v len %d truncated %v bodyErr %v", err, len(r.Body), r.Truncated, r.BodyErr)
	}
	_, err = Get(context.Background(), c, srv.URL+"/headers", 100)
	if err == nil || !strings.Contains(err.Error(), "larger than the header limit of 4 KiB") {
		t.Errorf("headers: %v", err)
	}
}

func TestFollow(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.URL.Path == "/a":
			http.Redirect(w, r, "/b", http.StatusFound)
		case r.URL.Path == "/b":
			http.Redirect(w, r, "/a", http.StatusMovedPermanently)
		case strings.HasPrefix(r.URL.Path, "/deep"):
			http.Redirect(w, r, r.URL.Path+"x", http.StatusFound)
		case r.URL.Path == "/away":
			http.Redirect(w, r, "https://elsewhere.invalid/", http.StatusFound)
		default:
			fmt.Fprint(w, "done")
		}
	}))
	defer srv.Close()
	c := noRedirects()
	ctx := context.Background()
	if ch := Follow(ctx, c, srv.URL+"/a", 10, 100, nil); !ch.Loop || len(ch.Hops) != 2 {
		t.Errorf("loop: %+v", ch)
	}
	if ch := Follow(ctx, c, srv.URL+"/deep", 3, 100, nil); !ch.TooLong || len(ch.Hops) != 4 {
		t.Errorf("deep: too long %v, %d hops", ch.TooLong, len(ch.Hops))
	}
	ch := Follow(ctx, c, srv.URL+"/away", 3, 100, func(u *url.URL) bool { return u.Hostname() == "127.0.0.1" })
	if len(ch.Hops) != 1 || ch.Final == nil || ch.Final.Status != 302 || ch.First != ch.Final {
		t.Errorf("keep: %+v", ch)
	}
	if ch := Follow(ctx, c, srv.URL+"/", 3, 100, nil); string(ch.Final.Body) != "done" || len(ch.Hops) != 1 {
		t.Errorf("plain: %+v", ch)
	}
}
