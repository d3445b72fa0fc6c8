// The ca-access probe's address checks: do the addresses the CA would use
// answer on 80/443, and serve the validation file as the CA would fetch it.

package probes

import (
	"context"
	"crypto/tls"
	"io"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// caWebPorts are the ports the CA's file validation uses.
var caWebPorts = []uint16{80, 443}

// checkAddresses dials 80 and 443 on every address of the CA's view and,
// with a validation URL, fetches it from each address.
func (r *caRun) checkAddresses(ctx context.Context, addrs []netip.Addr) {
	var fileURL *url.URL
	if r.t.Intent.FileURL != "" {
		if u, err := url.Parse(r.t.Intent.FileURL); err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Hostname() != "" {
			fileURL = u
		}
	}
	checks := make([]CAAddressCheck, len(addrs))
	forEach(ctx, len(addrs), r.env.Limits.Workers, func(i int) { checks[i] = r.checkAddress(ctx, addrs[i], fileURL) }, nil)
	// Addresses skipped because the deadline came are left out.
	r.details.Addresses = slices.DeleteFunc(checks, func(c CAAddressCheck) bool { return c.Address == "" })
}

func (r *caRun) checkAddress(ctx context.Context, a netip.Addr, fileURL *url.URL) CAAddressCheck {
	c := CAAddressCheck{Address: a.String(), Ports: map[string]string{}}
	filePort := uint16(0)
	if fileURL != nil {
		filePort = urlPort(fileURL)
	}
	for _, port := range caWebPorts {
		// The address itself, never a host-name rule: this is the CA's server.
		conn, err := r.env.Dial(ctx, "tcp", "", netip.AddrPortFrom(a, port))
		if err != nil {
			c.Ports[strconv.Itoa(int(port))] = err.Error()
			if port != filePort {
				r.add(caAccessDescriptor.Finding("ca-access.port-unreachable", Evidence{"address": a.String(), "port": int(port), "error": FailureOf(err)}))
			}
			continue
		}
		conn.Close()
		c.Ports[strconv.Itoa(int(port))] = "open"
	}
	if fileURL != nil {
		c.FileStatus, c.FileError = r.fetchFile(ctx, a, fileURL)
	}
	return c
}

func urlPort(u *url.URL) uint16 {
	if p, err := strconv.Atoi(u.Port()); err == nil && p > 0 && p < 65536 {
		return uint16(p)
	}
	if u.Scheme == "https" {
		return 443
	}
	return 80
}

// fetchFile gets the validation URL from exactly address a, with the URL's
// host in the Host header and SNI, and reports what is wrong.
func (r *caRun) fetchFile(ctx context.Context, a netip.Addr, u *url.URL) (int, string) {
	l := r.env.limits()
	target := netip.AddrPortFrom(a, urlPort(u))
	tr := &http.Transport{
		DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
			return r.env.Dial(ctx, "tcp", "", target)
		},
		// The certificate is the certificate probe's business; the CA's
		// file check is about the content reaching it.
		TLSClientConfig:        &tls.Config{ServerName: u.Hostname(), InsecureSkipVerify: true}, //nolint:gosec // content check only
		TLSHandshakeTimeout:    l.DialTimeout,
		ResponseHeaderTimeout:  l.ProbeTimeout,
		MaxResponseHeaderBytes: l.MaxHeaderBytes,
		DisableKeepAlives:      true,
		DisableCompression:     true,
	}
	defer tr.CloseIdleConnections()
	client := &http.Client{
		Transport:     tr,
		Timeout:       l.ProbeTimeout,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	ev := Evidence{"address": a.String(), "url": u.String(), "host": u.Hostname()}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return 0, err.Error()
	}
	req.Header.Set("User-Agent", "padlock (ca-access)")
	resp, err := client.Do(req)
	if err != nil {
		ev["error"] = FailureOf(err)
		r.add(caAccessDescriptor.Finding("ca-access.file-unreachable", ev))
		return 0, err.Error()
	}
	defer resp.Body.Close()
	maxBody := l.MaxBody
	if maxBody <= 0 {
		maxBody = DefaultLimits().MaxBody
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxBody+1))
	if resp.StatusCode != http.StatusOK {
		ev["status"] = resp.StatusCode
		ev["location"] = resp.Header.Get("Location")
		if ev["location"] == "" {
			ev["location"] = "-"
		}
		r.add(caAccessDescriptor.Finding("ca-access.file-bad-status", ev))
		return resp.StatusCode, ""
	}
	if err != nil {
		ev["error"] = FailureOf(err)
		r.add(caAccessDescriptor.Finding("ca-access.file-unreachable", ev))
		return resp.StatusCode, err.Error()
	}
	want := r.t.Intent.FileContent
	if int64(len(body)) > maxBody || (want != "" && normalizeContent(string(body)) != normalizeContent(want)) {
		got := string(body)
		if len(got) > 120 {
			got = strings.ToValidUTF8(got[:120], "") + "…"
		}
		ev["got"] = got
		r.add(caAccessDescriptor.Finding("ca-access.file-wrong-content", ev))
		return resp.StatusCode, "wrong content"
	}
	return resp.StatusCode, ""
}

func normalizeContent(s string) string {
	return strings.TrimSpace(strings.ReplaceAll(s, "\r\n", "\n"))
}

// ---- firewalls ----
