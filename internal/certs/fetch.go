package certs

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
)

// ErrTooLarge is wrapped when a download exceeds its byte limit.
var ErrTooLarge = errors.New("larger than the limit")

// FetchIssuers downloads the certificates at an AIA caIssuers URL (HTTP
// only, as RFC 5280 requires: fetching over HTTPS would need the chain
// being repaired). The body is read up to maxBytes; more is an error
// wrapping ErrTooLarge that names the limit. At most maxCerts are parsed.
func FetchIssuers(ctx context.Context, client *http.Client, rawURL string, maxBytes int64, maxCerts int) ([]*x509.Certificate, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, fmt.Errorf("bad AIA URL: %w", err)
	}
	if u.Scheme != "http" {
		return nil, fmt.Errorf("AIA URL scheme %q is not http", u.Scheme)
	}
	body, err := Get(ctx, client, rawURL, maxBytes)
	if err != nil {
		return nil, err
	}
	cs, err := Parse(body, maxCerts)
	if err != nil {
		return nil, fmt.Errorf("AIA %s: %w", rawURL, err)
	}
	return cs, nil
}

// Get fetches url and returns its body, at most maxBytes of it; a longer
// body is an error wrapping ErrTooLarge. Non-200 answers are errors.
func Get(ctx context.Context, client *http.Client, rawURL string, maxBytes int64) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, rawURL, nil)
	if err != nil {
		return nil, err
	}
	return Do(client, req, maxBytes)
}

// Do sends req and returns the body of a 200 answer, capped at maxBytes.
func Do(client *http.Client, req *http.Request, maxBytes int64) ([]byte, error) {
	resp, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("%s answered HTTP %d", req.URL, resp.StatusCode)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxBytes+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", req.URL, err)
	}
	if int64(len(body)) > maxBytes {
		return nil, fmt.Errorf("%s: body %w of %d bytes", req.URL, ErrTooLarge, maxBytes)
	}
	return body, nil
}
