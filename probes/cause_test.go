package probes

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"padlock/i18n"
	"padlock/internal/certs"
	"padlock/internal/dnsq"
)

func TestCauseOf(t *testing.T) {
	var d net.Dialer
	_, refused := d.DialContext(context.Background(), "tcp", closedPort(t))

	ctx, cancel := context.WithTimeout(context.Background(), time.Nanosecond)
	defer cancel()
	<-ctx.Done()
	_, timedOut := d.DialContext(ctx, "tcp", closedPort(t))

	// A TLS server that wants a client certificate answers with an alert.
	srv := httptest.NewUnstartedServer(http.NotFoundHandler())
	srv.TLS = &tls.Config{ClientAuth: tls.RequireAnyClientCert}
	srv.StartTLS()
	defer srv.Close()
	conn, err := tls.Dial("tcp", srv.Listener.Addr().String(), &tls.Config{InsecureSkipVerify: true, MaxVersion: tls.VersionTLS12})
	var alert error
	if err != nil {
		alert = err
	} else {
		_, alert = conn.Read(make([]byte, 1))
		conn.Close()
	}
	_, untrusted := tls.Dial("tcp", srv.Listener.Addr().String(), &tls.Config{ServerName: "example.com"})

	for _, tc := range []struct {
		name string
		err  error
		want Cause
	}{
		{"refused", refused, CauseRefused},
		{"timeout", timedOut, CauseTimeout},
		{"dns timeout", fmt.Errorf("ask: %w", dnsq.ErrTimeout), CauseTimeout},
		{"cancelled", fmt.Errorf("run: %w", ErrCancelled), CauseCancelled},
		{"tls alert", alert, CauseTLSAlert},
		{"untrusted", untrusted, CauseUntrusted},
		{"name", x509.HostnameError{Certificate: srv.Certificate(), Host: "other.test"}, CauseNameMismatch},
		{"no address", &net.DNSError{Err: "no such host", Name: "x.test", IsNotFound: true}, CauseNoAddress},
		{"dns", &net.DNSError{Err: "server misbehaving", Name: "x.test"}, CauseDNS},
		{"closed", fmt.Errorf("read: %w", io.EOF), CauseClosed},
		{"too large", fmt.Errorf("aia: %w", certs.ErrTooLarge), CauseTooLarge},
		{"other", errors.New("something odd"), CauseOther},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.err == nil {
				t.Fatal("the test made no error")
			}
			if got := CauseOf(tc.err); got != tc.want {
				t.Errorf("CauseOf(%v) = %s, want %s", tc.err, got, tc.want)
			}
		})
	}
}

func TestFailureRendersThePlainCause(t *testing.T) {
	_, err := (&net.Dialer{}).DialContext(context.Background(), "tcp", closedPort(t))
	f := FailureOf(err)
	if got := f.In(i18n.ZH); got != "连接被拒绝" {
		t.Errorf("zh: %q", got)
	}
	if got := f.In(i18n.EN); got != "connection refused" || !strings.Contains(f.Detail(), "dial tcp") {
		t.Errorf("en %q, detail %q", got, f.Detail())
	}
	if b, _ := f.MarshalText(); string(b) != err.Error() {
		t.Errorf("JSON keeps %q, want the raw error", b)
	}
	for c := range causeText {
		if tx := c.Text(); tx.EN == "" || !hasHan(tx.ZH) {
			t.Errorf("cause %s is not in both languages", c)
		}
	}
}

// Errored gives a plain reason from the error's cause, and keeps the raw
// error.
func TestErroredReason(t *testing.T) {
	_, err := (&net.Dialer{}).DialContext(context.Background(), "tcp", closedPort(t))
	r := Errored(fmt.Errorf("certificate: %w", err))
	if r.Reason.ZH != "连接被拒绝" || !strings.Contains(r.Err, "connection refused") {
		t.Errorf("reason %+v, err %q", r.Reason, r.Err)
	}
	if r := Errored(errors.New("odd")); !r.Reason.IsZero() {
		t.Errorf("an unknown cause got a reason: %+v", r.Reason)
	}
}
