// Package httpfetch makes bounded HTTP GET requests for padlock's HTTP
// probes: every body is capped, redirects are followed hop by hop only to
// show where they lead (with loop detection), and the errors a hostile
// server provokes are named by the limit they hit.
package httpfetch

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
)

// Response is one HTTP exchange, its body read up to a limit.
type Response struct {
	// URL is the URL requested.
	URL string
	// Status is the HTTP status code.
	Status int
	// Header is the response header (bounded by the client's header cap).
	Header http.Header
	// Body holds at most the limit's bytes.
	Body []byte
	// Truncated is set when the body was longer than the limit.
	Truncated bool
	// BodyErr is set when reading the body failed part way (a timeout on a
	// trickling server, a reset); Body holds what arrived.
	BodyErr error
	// TLS is the connection state for https.
	TLS *tls.ConnectionState
}

// Location returns the redirect target resolved against the request URL,
// or nil when there is none or it does not parse.
func (r *Response) Location() *url.URL {
	loc := r.Header.Get("Location")
	if loc == "" {
		return nil
	}
	base, err := url.Parse(r.URL)
	if err != nil {
		return nil
	}
	u, err := base.Parse(loc)
	if err != nil {
		return nil
	}
	return u
}

// IsRedirect reports whether the status is a 3xx carrying a Location.
func (r *Response) IsRedirect() bool {
	return r.Status >= 300 && r.Status < 400 && r.Header.Get("Location") != ""
}

// Get fetches rawURL with client (which must not follow redirects) and
// reads at most maxBody bytes of the body (reading one more to tell a body
// of exactly maxBody from a longer one). The error is set only when no
// response arrived.
func Get(ctx context.Context, client *http.Client, rawURL string, maxBody int64) (*Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, rawURL, nil)
	if err != nil {
		return nil, fmt.Errorf("bad URL %q: %w", rawURL, err)
	}
	req.Header.Set("User-Agent", "padlock (HTTPS diagnostics)")
	req.Header.Set("Accept", "text/html,text/css,text/plain,*/*;q=0.8")
	resp, err := client.Do(req)
	if err != nil {
		return nil, Explain(err)
	}
	defer resp.Body.Close()
	r := &Response{URL: rawURL, Status: resp.StatusCode, Header: resp.Header, TLS: resp.TLS}
	r.Body, r.Truncated, r.BodyErr = ReadCapped(resp.Body, maxBody)
	switch {
	case r.Truncated:
	case r.BodyErr == nil && ctx.Err() != nil:
		// The transport sometimes reports a body cut short by the
		// deadline as a clean end: trust the context instead.
		r.BodyErr = ctx.Err()
	case r.BodyErr == nil && resp.ContentLength > int64(len(r.Body)):
		r.BodyErr = fmt.Errorf("%w: %d of %d bytes", io.ErrUnexpectedEOF, len(r.Body), resp.ContentLength)
	}
	r.BodyErr = Explain(r.BodyErr)
	return r, nil
}

// ReadCapped reads r up to max bytes; truncated reports that more followed.
func ReadCapped(r io.Reader, max int64) (body []byte, truncated bool, err error) {
	if max < 0 {
		max = 0
	}
	body, err = io.ReadAll(io.LimitReader(r, max+1))
	if int64(len(body)) > max {
		return body[:max], true, nil
	}
	return body, false, err
}

// Explain rewrites the errors a hostile server provokes into sentences that
// name what happened; other errors pass through.
func Explain(err error) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	switch {
	case strings.Contains(msg, "server response headers exceeded"):
		limit := "the header limit"
		if m := headerLimitRE.FindStringSubmatch(msg); m != nil {
			n, _ := strconv.ParseInt(m[1], 10, 64)
			limit = "the header limit of " + Size(n)
		}
		return fmt.Errorf("response headers larger than %s (a flood of headers or an endless stream of 1xx responses): %w", limit, err)
	case errors.Is(err, context.DeadlineExceeded) || strings.Contains(msg, "Client.Timeout") || strings.Contains(msg, "deadline exceeded"):
		return fmt.Errorf("no complete answer before the deadline (--timeout; a server that trickles its answer looks like this): %w", err)
	}
	return err
}

var headerLimitRE = regexp.MustCompile(`exceeded (\d+) bytes`)

// Size renders a byte count as people read it: "64 KiB", "2 MiB",
// "1000 bytes". The fetch errors and the probes' limit evidence use it.
func Size(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// Hop is one step of a redirect chain.
type Hop struct {
	URL      string `json:"url"`
	Status   int    `json:"status,omitempty"`
	Location string `json:"location,omitempty"`
	Error    string `json:"error,omitempty"`
}

// Chain is where a URL leads.
type Chain struct {
	Hops []Hop `json:"hops"`
	// Loop is set when a hop led back to a URL already visited.
	Loop bool `json:"loop,omitempty"`
	// TooLong is set when the chain went on past the hop limit.
	TooLong bool `json:"too_long,omitempty"`
	// First is the first response (nil when the first request failed);
	// Final is the last one (nil when the last hop failed).
	First *Response `json:"-"`
	Final *Response `json:"-"`
}

// Follow requests start and follows its redirects one by one, at most
// maxHops of them, to show where they lead. It stops at a loop, at the hop
// limit, at a failed request, or at a non-redirect answer. keep, when not
// nil, decides whether a redirect target is followed at all (e.g. same
// site only).
func Follow(ctx context.Context, client *http.Client, start string, maxHops int, maxBody int64, keep func(*url.URL) bool) Chain {
	var c Chain
	seen := map[string]bool{}
	next := start
	for {
		if seen[next] {
			c.Loop = true
			return c
		}
		seen[next] = true
		resp, err := Get(ctx, client, next, maxBody)
		if err != nil {
			c.Hops = append(c.Hops, Hop{URL: next, Error: err.Error()})
			c.Final = nil
			return c
		}
		hop := Hop{URL: next, Status: resp.Status, Location: resp.Header.Get("Location")}
		c.Hops = append(c.Hops, hop)
		c.Final = resp
		if c.First == nil {
			c.First = resp
		}
		if !resp.IsRedirect() {
			return c
		}
		loc := resp.Location()
		if loc == nil || (loc.Scheme != "http" && loc.Scheme != "https") {
			return c
		}
		if keep != nil && !keep(loc) {
			return c
		}
		if len(c.Hops) > maxHops {
			c.TooLong = true
			return c
		}
		if ctx.Err() != nil {
			return c
		}
		next = loc.String()
	}
}
