// Before the site exists: the FAQ allows applying for a certificate (with
// DNS validation) before any server answers at the name. The probes of the
// live site then skip with one plain reason instead of a wall of errors.

package probes

import (
	"context"
	"errors"

	"padlock/i18n"
)

// DNSValidationOnly reports whether the user validates by DNS alone (a
// --dns-record or --dns-cname, no --file-url).
func (in Intent) DNSValidationOnly() bool { return len(in.DNSRecords) > 0 && in.FileURL == "" }

// noSiteYet is the reason the live-site probes skip.
var noSiteYet = i18n.T("no site at this name yet (it has no address): only the validation checks apply",
	"该域名下还没有网站（没有解析地址）：只需要看验证相关的检查")

// skipWithoutSite returns the skip of a live-site probe when t is a name
// with no address and the user validates by DNS; ok is false otherwise
// (the probe runs, and a missing address is its finding to report).
func skipWithoutSite(ctx context.Context, t Target, env *Env) (r Result, ok bool) {
	if t.IsIP() || !t.Intent.DNSValidationOnly() {
		return Result{}, false
	}
	addrs, err := env.LookupAddrs(ctx, t.Host)
	if (err == nil && len(addrs) == 0) || errors.Is(err, ErrNXDomain) {
		return Skipped(noSiteYet), true
	}
	return Result{}, false
}
