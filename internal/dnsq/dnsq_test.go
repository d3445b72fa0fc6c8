package dnsq

import (
	"context"
	"errors"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/miekg/dns"

	"padlock/internal/dnstest"
)

// serve starts a miekg/dns server on UDP and TCP of one loopback port.
func serve(t *testing.T, h dns.HandlerFunc) string { return dnstest.Serve(t, h) }

func TestTruncatedUDPFallsBackToTCP(t *testing.T) {
	big := strings.Repeat("x", 250)
	addr := serve(t, func(w dns.ResponseWriter, r *dns.Msg) {
		m := new(dns.Msg)
		m.SetReply(r)
		for i := 0; i < 40; i++ { // about 10 KB: far over any UDP size
			m.Answer = append(m.Answer, &dns.TXT{
				Hdr: dns.RR_Header{Name: r.Question[0].Name, Rrtype: dns.TypeTXT, Class: dns.ClassINET, Ttl: 60},
				Txt: []string{big},
			})
		}
		if _, udp := w.RemoteAddr().(*net.UDPAddr); udp {
			m.Truncate(512)
		}
		w.WriteMsg(m)
	})
	c := &Client{Timeout: 2 * time.Second}
	m, err := c.Query(context.Background(), addr, "big.test", dns.TypeTXT, true)
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Answer) != 40 || m.Truncated {
		t.Errorf("got %d answers (truncated %v), want all 40 over TCP", len(m.Answer), m.Truncated)
	}
}

func TestSilentServerTimesOut(t *testing.T) {
	addr := serve(t, func(w dns.ResponseWriter, r *dns.Msg) {}) // never answers
	c := &Client{Timeout: 50 * time.Millisecond}
	start := time.Now()
	_, err := c.Query(context.Background(), addr, "x.test", dns.TypeA, true)
	if !errors.Is(err, ErrTimeout) {
		t.Fatalf("err = %v, want ErrTimeout", err)
	}
	if time.Since(start) > 2*time.Second {
		t.Errorf("took %v, want about the timeout", time.Since(start))
	}
}

func TestRouteRewritesServer(t *testing.T) {
	addr := serve(t, func(w dns.ResponseWriter, r *dns.Msg) {
		m := new(dns.Msg)
		m.SetRcode(r, dns.RcodeNameError)
		w.WriteMsg(m)
	})
	c := &Client{Timeout: time.Second, Route: func(string) string { return addr }}
	m, err := c.Query(context.Background(), "192.0.2.53:53", "x.test", dns.TypeA, false)
	if err != nil || m.Rcode != dns.RcodeNameError {
		t.Fatalf("got %v, %v", m, err)
	}
}

func TestCancelStopsAnExchangeAtOnce(t *testing.T) {
	arrived := make(chan struct{}, 1)
	addr := serve(t, func(w dns.ResponseWriter, r *dns.Msg) { arrived <- struct{}{} }) // never answers
	ctx, cancel := context.WithCancel(context.Background())
	c := &Client{Timeout: time.Minute}
	errc := make(chan error, 1)
	go func() {
		_, err := c.Query(ctx, addr, "x.test", dns.TypeA, true)
		errc <- err
	}()
	<-arrived
	cancel()
	select {
	case err := <-errc:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("err = %v, want context.Canceled", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("exchange still running 5 s after cancel")
	}
}

// A server that ignores the advertised EDNS size and sends an oversized
// UDP answer (no TC bit) is asked again over TCP.
func TestOversizedUDPAnswerFallsBackToTCP(t *testing.T) {
	addr := serve(t, func(w dns.ResponseWriter, r *dns.Msg) {
		m := new(dns.Msg)
		m.SetReply(r)
		for i := 0; i < 100; i++ { // about 1.6 KB of A records, never truncated
			m.Answer = append(m.Answer, &dns.A{
				Hdr: dns.RR_Header{Name: r.Question[0].Name, Rrtype: dns.TypeA, Class: dns.ClassINET, Ttl: 60},
				A:   net.IPv4(127, 0, 1, byte(i+1)),
			})
		}
		w.WriteMsg(m)
	})
	c := &Client{Timeout: 2 * time.Second}
	m, err := c.Query(context.Background(), addr, "many.test", dns.TypeA, true)
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Answer) != 100 {
		t.Errorf("got %d answers, want all 100 over TCP", len(m.Answer))
	}
}
