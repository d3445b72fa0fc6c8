// The caa probe: its descriptor and details, and Run, which gathers the CAA
// views (caa_lookup.go) and judges them for the chosen CA (caa_judge.go).

package probes

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"padlock/i18n"
	"padlock/rules"
)

// CAA is the caa probe: do the CAA records (RFC 8659) allow the chosen CA
// to issue for this (wildcard) name? It follows the algorithm as Let's
// Encrypt's Boulder implements it: every name from the host up to and
// including the TLD is asked for CAA (no public suffix list), the closest
// non-empty RRset is the relevant one, and a lookup that fails at or below
// that level blocks issuance. Every resolver of the Env is asked, in
// parallel; resolvers that see different records are reported.
type CAA struct{}

// IDCAA is the caa probe's public id.
const IDCAA = "caa"

// caaDescriptor describes the caa probe; its findings are explained in
// rules/caa.go.
var caaDescriptor = Descriptor{
	ID:    IDCAA,
	Title: i18n.T("CAA records", "CAA 记录"),
	What: i18n.T("The CAA records of the name and its parents: which CAs may issue for it.",
		"该域名及其上级域名的 CAA 记录：允许哪些 CA 签发证书。"),
	Why: i18n.T("A CA must refuse to issue when CAA names only other CAs, so the order fails before it starts.",
		"如果 CAA 只列出了其他 CA，所选 CA 必须拒绝签发，订单会直接失败。"),
	Findings: rules.CAAEntries(),
	Scenarios: []Scenario{
		{Host: "caa-other-ca", Status: Fail, Finding: "caa.not-allowed"},
	},
}

// Describe returns the caa probe's descriptor.
func (CAA) Describe() Descriptor { return caaDescriptor }

// CAARecord is one CAA record as found, parsed.
type CAARecord struct {
	Flags uint8  `json:"flags"`
	Tag   string `json:"tag"`
	Value string `json:"value"`
	// Critical: the issuer-critical flag (bit 128; Boulder also honours bit
	// 1, which many zone editors set by mistake).
	Critical bool `json:"critical,omitempty"`
	// Issuer is the issuer domain of an issue/issuewild value, lower-cased;
	// empty for ";" (no CA may issue).
	Issuer string `json:"issuer,omitempty"`
	// Params are the RFC 8657 parameters (accounturi, validationmethods...).
	Params map[string]string `json:"params,omitempty"`
	// Malformed says why the value could not be parsed (the record is then
	// ignored, as CAs do).
	Malformed string `json:"malformed,omitempty"`
}

// String renders the record in zone-file presentation.
func (r CAARecord) String() string {
	return fmt.Sprintf("%d %s %q", r.Flags, r.Tag, r.Value)
}

// CAALevel is what one name of the climb returned.
type CAALevel struct {
	Name    string      `json:"name"`
	Rcode   string      `json:"rcode,omitempty"`
	CNAME   []string    `json:"cname,omitempty"` // the chain followed, name first
	Records []CAARecord `json:"records,omitempty"`
	Error   string      `json:"error,omitempty"`
	// failed: this lookup blocks issuance if nothing was found below it.
	failed bool
	// unreachable: the resolver did not answer at all (a network error).
	unreachable bool
}

// CAAView is the climb as one group of resolvers saw it.
type CAAView struct {
	Resolvers []string   `json:"resolvers"`
	FoundAt   string     `json:"found_at,omitempty"`
	Failed    string     `json:"failed_at,omitempty"`
	Levels    []CAALevel `json:"levels"`
	Dig       []string   `json:"dig"`
}

// CAADetails is the caa probe's Result.Details.
type CAADetails struct {
	// Name is the certificate name checked (*.example.com for a wildcard).
	Name string `json:"name"`
	CA   string `json:"ca,omitempty"`
	// CAIdentifiers are the issuer domains the CA documents.
	CAIdentifiers []string `json:"ca_identifiers,omitempty"`
	FoundAt       string   `json:"found_at,omitempty"`
	// Records is the relevant RRset (the one that decides).
	Records []CAARecord `json:"records,omitempty"`
	// Allows lists the CAs the relevant records allow for this name, or
	// "any CA".
	Allows []string `json:"allows,omitempty"`
	// Views is what each group of agreeing resolvers saw.
	Views       []CAAView `json:"views"`
	Unreachable []string  `json:"unreachable_resolvers,omitempty"`
}

// Run climbs the name's labels on every resolver and judges the relevant
// RRset for the CA of the intent (or lists the CAs it allows).
func (CAA) Run(ctx context.Context, t Target, env *Env) Result {
	if t.IsIP() {
		return Skipped(i18n.T("CAA records apply to domain names, not IP addresses",
			"CAA 记录只适用于域名，不适用于 IP 地址"))
	}
	if len(env.Resolvers) == 0 {
		return ErroredWith(i18n.T("no DNS resolver is configured", "没有配置 DNS 解析服务器"), fmt.Errorf("caa: %w: none configured", ErrNoResolver))
	}
	var brand *rules.Brand
	if t.Intent.CA != "" {
		b, ok := rules.LookupBrand(t.Intent.CA)
		if !ok {
			return Errored(fmt.Errorf("caa: unknown CA brand %q", t.Intent.CA))
		}
		brand = &b
	}

	views, unreachable := climbAll(ctx, env, t.Host)
	details := &CAADetails{Name: t.Name(), Unreachable: unreachable}
	if brand != nil {
		details.CA = brand.Name
		details.CAIdentifiers = brand.CAA
	}
	if len(views) == 0 {
		if err := ctx.Err(); err != nil {
			return Errored(fmt.Errorf("caa: %w", context.Cause(ctx)))
		}
		r := ErroredWith(i18n.T("no DNS resolver answered the CAA lookups", "没有 DNS 解析服务器应答 CAA 查询"),
			fmt.Errorf("caa: %w: %s", ErrNoResolver, strings.Join(unreachable, ", ")))
		r.Details = details
		return r
	}
	details.Views = views

	// A timeout on one resolver while others got through is that
	// resolver's trouble, not proof that a CA's lookup fails.
	someOK := slices.ContainsFunc(views, func(v CAAView) bool { return v.Failed == "" })
	var findings []Finding
	for i, v := range views {
		fs, relevant := judgeCAA(v, t, brand)
		if someOK && v.Failed != "" && v.Levels[len(v.Levels)-1].unreachable {
			for j := range fs {
				if fs[j].ID == "caa.lookup-failed" {
					fs[j] = fs[j].WithSeverity(Warn)
				}
			}
		}
		findings = append(findings, fs...)
		if i == primaryView(views) {
			details.FoundAt = v.FoundAt
			details.Records = relevant
			details.Allows = allowsOf(relevant, t.Intent.Wildcard, v.FoundAt != "")
			if v.Failed != "" {
				details.Allows = []string{"unknown: the lookup failed at " + v.Failed}
			}
		}
	}
	if len(views) > 1 {
		var seen []string
		for _, v := range views {
			seen = append(seen, fmt.Sprintf("%s: %s", strings.Join(v.Resolvers, ", "), v.summary()))
		}
		findings = append(findings, caaDescriptor.Finding("caa.resolvers-disagree", Evidence{
			"name": t.Host, "views": seen,
		}))
	}
	return Done(dedupe(findings), details)
}

// primaryView is the index of the view the details summarise: the first
// whose lookup went through (views are in resolver order).
func primaryView(views []CAAView) int {
	for i, v := range views {
		if v.Failed == "" {
			return i
		}
	}
	return 0
}

// summary says in a few words what the view found.
func (v CAAView) summary() string {
	switch {
	case v.Failed != "":
		return "lookup failed at " + v.Failed
	case v.FoundAt == "":
		return "no CAA records"
	}
	for _, l := range v.Levels {
		if l.Name == v.FoundAt {
			recs := make([]string, len(l.Records))
			for i, r := range l.Records {
				recs[i] = r.String()
			}
			return fmt.Sprintf("at %s: %s", v.FoundAt, strings.Join(recs, "; "))
		}
	}
	return "records at " + v.FoundAt
}
