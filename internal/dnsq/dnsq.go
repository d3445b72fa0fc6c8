// Package dnsq sends DNS queries straight to a named server with
// github.com/miekg/dns: UDP with EDNS0, TCP when the UDP answer is truncated,
// and a deadline on every exchange. It never uses the operating system's
// resolver.
package dnsq

import (
	"context"
	"errors"
	"fmt"
	"net"
	"time"

	"github.com/miekg/dns"
)

// DefaultUDPSize is the EDNS0 buffer size advertised (the DNS flag day 2020
// value, which avoids IP fragmentation).
const DefaultUDPSize = 1232

// Client queries DNS servers directly. The zero value is usable.
type Client struct {
	// Timeout bounds one exchange (UDP, then TCP if truncated, each get it
	// in full); the context's deadline bounds it too. Default 3 s.
	Timeout time.Duration
	// UDPSize is the EDNS0 buffer size; DefaultUDPSize when 0.
	UDPSize uint16
	// Route maps a server address ("ip:port") to the address actually dialed;
	// padlock's --connect-to rules plug in here. Nil means identity.
	Route func(server string) string
}

// ErrTimeout is wrapped when a server did not answer in time.
var ErrTimeout = errors.New("no answer in time")

// Exchange sends m to server ("ip:port") over UDP and retries over TCP when
// the answer is truncated or larger than the UDP buffer advertised. It adds an EDNS0 OPT record if m has none. The
// reply's ID is checked against m by miekg/dns (over UDP, replies with
// another ID are skipped until the deadline); its question is not.
func (c *Client) Exchange(ctx context.Context, server string, m *dns.Msg) (*dns.Msg, error) {
	if m.IsEdns0() == nil {
		m.SetEdns0(c.udpSize(), false)
	}
	addr := server
	if c.Route != nil {
		addr = c.Route(server)
	}
	timeout := c.Timeout
	if timeout <= 0 {
		timeout = 3 * time.Second
	}
	r, err := exchange(ctx, &dns.Client{Net: "udp", UDPSize: c.udpSize(), Timeout: timeout}, addr, m)
	switch {
	case errors.Is(err, dns.ErrBuf):
		// The server ignored our EDNS buffer size and sent more than fits
		// (instead of truncating): ask again over TCP, as for TC.
	case err != nil:
		return nil, wrap(ctx, server, "udp", err)
	case !r.Truncated:
		return r, nil
	}
	r, err = exchange(ctx, &dns.Client{Net: "tcp", Timeout: timeout}, addr, m)
	if err != nil {
		return nil, wrap(ctx, server, "tcp after truncated udp", err)
	}
	return r, nil
}

// exchange is one query over one connection that is closed the moment ctx
// is done (miekg/dns only honours a context's deadline, not its
// cancellation).
func exchange(ctx context.Context, cl *dns.Client, addr string, m *dns.Msg) (*dns.Msg, error) {
	co, err := cl.DialContext(ctx, addr)
	if err != nil {
		return nil, err
	}
	defer co.Close()
	stop := context.AfterFunc(ctx, func() { co.Close() })
	defer stop()
	r, _, err := cl.ExchangeWithConnContext(ctx, m, co)
	if err != nil && ctx.Err() != nil {
		return nil, fmt.Errorf("%w: %w", context.Cause(ctx), err)
	}
	return r, err
}

// Query asks server for name/qtype. recurse sets the RD bit: true for a
// recursive resolver, false for an authoritative server.
func (c *Client) Query(ctx context.Context, server, name string, qtype uint16, recurse bool) (*dns.Msg, error) {
	m := new(dns.Msg)
	m.SetQuestion(dns.Fqdn(name), qtype)
	m.RecursionDesired = recurse
	return c.Exchange(ctx, server, m)
}

func (c *Client) udpSize() uint16 {
	if c.UDPSize == 0 {
		return DefaultUDPSize
	}
	return c.UDPSize
}

func wrap(ctx context.Context, server, via string, err error) error {
	var ne net.Error
	switch {
	case errors.Is(ctx.Err(), context.Canceled):
		return fmt.Errorf("dns %s via %s: %w", server, via, err)
	case ctx.Err() != nil, errors.As(err, &ne) && ne.Timeout(), errors.Is(err, context.DeadlineExceeded):
		return fmt.Errorf("dns %s via %s: %w: %w", server, via, ErrTimeout, err)
	}
	return fmt.Errorf("dns %s via %s: %w", server, via, err)
}
