// Causes: the one place a Go error becomes a plain reason people read
// (no address, refused, timed out, TLS alert, ...), and Failure, the
// evidence value that carries that reason with the raw error as detail.

package probes

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"net"
	"strings"
	"syscall"

	"padlock/i18n"
	"padlock/internal/certs"
	"padlock/internal/dnsq"
)

// Cause is the plain reason a network step failed. Its values are stable
// ids (JSON and tests use them).
type Cause string

// The causes, from the most specific to Other.
const (
	CauseCancelled    Cause = "cancelled"     // the user stopped the run
	CauseTimeout      Cause = "timeout"       // no answer within the deadline
	CauseRefused      Cause = "refused"       // RST: nothing listening, or a REJECT rule
	CauseReset        Cause = "reset"         // the peer reset an open connection
	CauseUnreachable  Cause = "unreachable"   // no route to the address
	CauseClosed       Cause = "closed"        // the peer closed the connection early
	CauseNoAddress    Cause = "no-address"    // the name has no address
	CauseDNS          Cause = "dns"           // the lookup failed otherwise
	CauseTLSAlert     Cause = "tls-alert"     // the server ended the handshake with an alert
	CauseNotTLS       Cause = "not-tls"       // the answer was not TLS
	CauseNameMismatch Cause = "name-mismatch" // the certificate does not cover the name
	CauseUntrusted    Cause = "untrusted"     // the chain leads to no trusted root
	CauseExpired      Cause = "expired"       // a certificate is outside its validity
	CauseTooLarge     Cause = "too-large"     // the answer passed a size limit
	CauseOther        Cause = "other"         // none of the above: see the detail
)

// causeText is each cause for people.
var causeText = map[Cause]i18n.Text{
	CauseCancelled:    i18n.T("cancelled by the user", "已被用户取消"),
	CauseTimeout:      i18n.T("no answer within the deadline", "在时限内没有应答"),
	CauseRefused:      i18n.T("connection refused", "连接被拒绝"),
	CauseReset:        i18n.T("connection reset by the server", "连接被服务器重置"),
	CauseUnreachable:  i18n.T("address unreachable (no route)", "地址不可达（没有路由）"),
	CauseClosed:       i18n.T("the server closed the connection", "服务器关闭了连接"),
	CauseNoAddress:    i18n.T("no address for this name", "该域名没有解析地址"),
	CauseDNS:          i18n.T("the DNS lookup failed", "DNS 查询失败"),
	CauseTLSAlert:     i18n.T("the server refused the TLS handshake", "服务器拒绝了 TLS 握手"),
	CauseNotTLS:       i18n.T("the server did not answer in TLS", "服务器没有用 TLS 应答"),
	CauseNameMismatch: i18n.T("the certificate is not valid for this name", "证书不适用于该域名"),
	CauseUntrusted:    i18n.T("the certificate is not trusted", "证书不受信任"),
	CauseExpired:      i18n.T("a certificate is expired or not yet valid", "证书已过期或尚未生效"),
	CauseTooLarge:     i18n.T("the answer was larger than padlock reads", "应答超过了 padlock 读取的上限"),
	CauseOther:        i18n.T("the request failed", "请求失败"),
}

// Text is the cause for people.
func (c Cause) Text() i18n.Text {
	if t, ok := causeText[c]; ok {
		return t
	}
	return causeText[CauseOther]
}

// CauseOf maps err to its cause. It is the only classifier of network
// errors: probes call it instead of matching errors themselves.
func CauseOf(err error) Cause {
	var (
		alert    tls.AlertError
		remote   *net.OpError
		header   tls.RecordHeaderError
		dnsErr   *net.DNSError
		hostErr  x509.HostnameError
		authErr  x509.UnknownAuthorityError
		invalid  x509.CertificateInvalidError
		timeouts interface{ Timeout() bool }
	)
	switch {
	case err == nil:
		return ""
	case errors.Is(err, certs.ErrTooLarge):
		return CauseTooLarge
	case errors.Is(err, ErrCancelled), errors.Is(err, context.Canceled):
		return CauseCancelled
	case errors.As(err, &alert), errors.As(err, &remote) && remote.Op == "remote error":
		return CauseTLSAlert
	case errors.As(err, &header):
		return CauseNotTLS
	case errors.As(err, &hostErr):
		return CauseNameMismatch
	case errors.As(err, &authErr):
		return CauseUntrusted
	case errors.As(err, &invalid):
		if invalid.Reason == x509.Expired {
			return CauseExpired
		}
		return CauseUntrusted
	case errors.As(err, &dnsErr) && dnsErr.IsNotFound:
		return CauseNoAddress
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, ErrProbeTimeout),
		errors.Is(err, syscall.ETIMEDOUT), errors.Is(err, dnsq.ErrTimeout),
		errors.As(err, &timeouts) && timeouts.Timeout():
		return CauseTimeout
	case errors.Is(err, syscall.ECONNREFUSED):
		return CauseRefused
	case errors.Is(err, syscall.ECONNRESET):
		return CauseReset
	case errors.Is(err, syscall.EHOSTUNREACH), errors.Is(err, syscall.ENETUNREACH),
		errors.Is(err, syscall.EADDRNOTAVAIL), errors.Is(err, syscall.EAFNOSUPPORT):
		return CauseUnreachable
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return CauseClosed
	case errors.As(err, &dnsErr):
		return CauseDNS
	}
	return CauseOther
}

// Failure is an error as evidence: its plain cause for people, and the raw
// error as the detail that reports list and JSON keeps.
type Failure struct {
	Cause Cause
	// Alert names the TLS alert the server sent, when Cause is
	// CauseTLSAlert and Go told which.
	Alert string
	// Raw is err.Error(), kept for the evidence list and JSON.
	Raw string
}

// FailureOf wraps err as evidence.
func FailureOf(err error) Failure {
	if err == nil {
		return Failure{}
	}
	f := Failure{Cause: CauseOf(err), Raw: err.Error()}
	if f.Cause == CauseTLSAlert {
		f.Alert = alertName(err)
	}
	return f
}

// In is the cause in lang (with the TLS alert's name when known).
func (f Failure) In(lang i18n.Lang) string {
	s := f.Cause.Text().In(lang)
	if f.Alert != "" {
		if lang == i18n.ZH {
			return s + "（告警 " + f.Alert + "）"
		}
		return s + " (alert " + f.Alert + ")"
	}
	return s
}

// Detail is the raw error.
func (f Failure) Detail() string { return f.Raw }

// String is the raw error, so that a Failure in a log reads as before.
func (f Failure) String() string { return f.Raw }

// MarshalText keeps the raw error in JSON, as the contract wants.
func (f Failure) MarshalText() ([]byte, error) { return []byte(f.Raw), nil }

// alertName is the TLS alert in err ("handshake failure"), or "".
func alertName(err error) string {
	var alert tls.AlertError
	if errors.As(err, &alert) {
		return alert.Error()
	}
	var remote *net.OpError
	if errors.As(err, &remote) && remote.Op == "remote error" && remote.Err != nil {
		return strings.TrimPrefix(remote.Err.Error(), "tls: ")
	}
	return ""
}
