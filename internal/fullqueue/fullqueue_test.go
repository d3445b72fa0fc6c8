package fullqueue

import (
	"context"
	"errors"
	"net"
	"net/netip"
	"testing"
	"time"
)

func TestConnectTimesOut(t *testing.T) {
	for _, ip := range []string{"127.0.0.1", "::1"} {
		t.Run(ip, func(t *testing.T) {
			p, err := Listen(netip.MustParseAddr(ip))
			if errors.Is(err, ErrUnsupported) {
				t.Skip(err)
			}
			if err != nil {
				t.Fatal(err)
			}
			defer p.Close()
			d := net.Dialer{Timeout: 300 * time.Millisecond}
			conn, err := d.DialContext(context.Background(), "tcp", p.Addr())
			if err == nil {
				conn.Close()
				t.Fatal("connect succeeded; want a timeout")
			}
			var ne net.Error
			if !errors.As(err, &ne) || !ne.Timeout() {
				t.Fatalf("connect error %v; want a timeout", err)
			}
		})
	}
}
