// The caa probe's judgement: which records apply (issue or issuewild), whether
// they allow the chosen CA, and the records that would fix it.

package probes

import (
	"fmt"
	"slices"
	"strings"

	"padlock/rules"
)

// relevantSet picks the records that decide for this request: issuewild
// for a wildcard name when there is at least one, otherwise issue. tag is
// the property used.
func relevantSet(records []CAARecord, wildcard bool) (set []CAARecord, tag string) {
	var issue, wild []CAARecord
	for _, r := range records {
		switch r.Tag {
		case "issue":
			issue = append(issue, r)
		case "issuewild":
			wild = append(wild, r)
		}
	}
	if wildcard && len(wild) > 0 {
		return wild, "issuewild"
	}
	return issue, "issue"
}

// judgeCAA turns one view into findings, and returns the relevant RRset.
func judgeCAA(v CAAView, t Target, brand *rules.Brand) ([]Finding, []CAARecord) {
	resolvers := v.Resolvers
	var fs []Finding
	for _, l := range v.Levels {
		if len(l.CNAME) > 1 && !l.failed {
			fs = append(fs, caaDescriptor.Finding("caa.cname", Evidence{
				"name": l.Name, "target": l.CNAME[len(l.CNAME)-1], "chain": strings.Join(l.CNAME, " → "),
			}))
		}
	}
	if v.Failed != "" {
		lvl := v.Levels[len(v.Levels)-1]
		return append(fs, caaDescriptor.Finding("caa.lookup-failed", Evidence{
			"name": lvl.Name, "reason": lvl.Error, "resolvers": resolvers,
			"dig": digFor(v.Dig, lvl.Name),
		})), nil
	}
	if v.FoundAt == "" {
		ev := Evidence{"name": t.Host, "resolvers": resolvers}
		if brand != nil {
			ev["ca"] = brand.Name
		}
		return append(fs, caaDescriptor.Finding("caa.none", ev)), nil
	}
	records := v.Levels[len(v.Levels)-1].Records
	rendered := make([]string, len(records))
	for i, r := range records {
		rendered[i] = r.String()
	}
	base := Evidence{"found_at": v.FoundAt, "records": rendered, "dig": digFor(v.Dig, v.FoundAt)}
	for _, r := range records {
		if r.Critical && !slices.Contains(knownCAATags, r.Tag) {
			return append(fs, caaDescriptor.Finding("caa.critical-unknown", base.With(Evidence{
				"tag": r.Tag, "flags": int(r.Flags), "record": r.String(),
			}))), records
		}
	}
	set, tag := relevantSet(records, t.Intent.Wildcard)
	for _, r := range set {
		if r.Malformed != "" {
			fs = append(fs, caaDescriptor.Finding("caa.malformed", base.With(Evidence{"record": r.String(), "reason": r.Malformed})))
		}
	}
	if len(set) == 0 {
		// Records exist but none restricts this request (only iodef, or only
		// issuewild for a non-wildcard name): any CA may issue.
		ev := base.With(Evidence{"allows": "any CA"})
		if brand != nil {
			ev["ca"] = brand.Name
			return append(fs, caaDescriptor.Finding("caa.allowed", ev)), records
		}
		return append(fs, caaDescriptor.Finding("caa.allows", ev)), records
	}
	var issuers []string
	for _, r := range set {
		if r.Malformed == "" && r.Issuer != "" && !slices.Contains(issuers, r.Issuer) {
			issuers = append(issuers, r.Issuer)
		}
	}
	if len(issuers) == 0 {
		ev := base.With(Evidence{"tag": tag, "name": t.Name()})
		if brand != nil {
			ev["fix"] = caaFix(v.FoundAt, brand, t.Intent.Wildcard)
		} else {
			ev["fix"] = []string{fmt.Sprintf("%s. IN CAA 0 %s \"<issuer domain of your CA>\"", v.FoundAt, tag)}
		}
		return append(fs, caaDescriptor.Finding("caa.forbidden", ev)), records
	}
	if brand == nil {
		return append(fs, caaDescriptor.Finding("caa.allows", base.With(Evidence{"allows": describeIssuers(issuers), "tag": tag}))), records
	}
	for _, r := range set {
		if r.Malformed != "" || !slices.ContainsFunc(brand.CAA, func(id string) bool { return strings.EqualFold(id, r.Issuer) }) {
			continue
		}
		fs = append(fs, caaDescriptor.Finding("caa.allowed", base.With(Evidence{"ca": brand.Name, "record": r.String(), "allows": describeIssuers(issuers)})))
		if len(r.Params) > 0 {
			fs = append(fs, caaDescriptor.Finding("caa.parameters", base.With(Evidence{
				"ca": brand.Name, "record": r.String(),
				"accounturi": r.Params["accounturi"], "validationmethods": r.Params["validationmethods"],
			})))
		}
		return fs, records
	}
	if chain := v.Levels[len(v.Levels)-1].CNAME; len(chain) > 1 {
		// The records belong to the alias target: nothing can be added at
		// the alias itself (a CNAME owns no other records).
		target := chain[len(chain)-1]
		return append(fs, caaDescriptor.Finding("caa.cname-not-allowed", base.With(Evidence{
			"ca": brand.Name, "tag": tag, "name": t.Name(), "allows": describeIssuers(issuers),
			"target": target, "chain": strings.Join(chain, " → "),
			"fix": caaFix(target, brand, t.Intent.Wildcard),
		}))), records
	}
	return append(fs, caaDescriptor.Finding("caa.not-allowed", base.With(Evidence{
		"ca": brand.Name, "tag": tag, "name": t.Name(), "allows": describeIssuers(issuers),
		"fix": caaFix(v.FoundAt, brand, t.Intent.Wildcard),
	}))), records
}

// caaFix is the exact records to add at name so that brand may issue.
func caaFix(name string, brand *rules.Brand, wildcard bool) []string {
	var out []string
	for _, id := range brand.Recommended() {
		out = append(out, fmt.Sprintf("%s. IN CAA 0 issue %q", name, id))
		if wildcard {
			out = append(out, fmt.Sprintf("%s. IN CAA 0 issuewild %q", name, id))
		}
	}
	return out
}

// describeIssuers names the brands behind issuer domains:
// "sectigo.com (Sectigo, ZeroSSL (Sectigo))".
func describeIssuers(issuers []string) []string {
	out := make([]string, len(issuers))
	for i, iss := range issuers {
		var names []string
		for _, b := range rules.Brands() {
			if slices.ContainsFunc(b.CAA, func(id string) bool { return strings.EqualFold(id, iss) }) {
				names = append(names, b.Name)
			}
		}
		out[i] = iss
		if len(names) > 0 {
			out[i] += " (" + strings.Join(names, ", ") + ")"
		}
	}
	return out
}

// allowsOf summarises the relevant records for the details.
func allowsOf(records []CAARecord, wildcard, found bool) []string {
	if !found {
		return []string{"any CA: no CAA records"}
	}
	set, _ := relevantSet(records, wildcard)
	if len(set) == 0 {
		return []string{"any CA: no issue property applies"}
	}
	var issuers []string
	for _, r := range set {
		if r.Malformed == "" && r.Issuer != "" && !slices.Contains(issuers, r.Issuer) {
			issuers = append(issuers, r.Issuer)
		}
	}
	if len(issuers) == 0 {
		return []string{"no CA"}
	}
	return describeIssuers(issuers)
}

func digFor(digs []string, name string) string {
	for _, d := range digs {
		if strings.Contains(d, " "+name+" ") {
			return d
		}
	}
	if len(digs) > 0 {
		return digs[0]
	}
	return ""
}

func caaDigs(r Resolver, names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = digCommand(r.Addr, "", n, "CAA", true)
	}
	return out
}

// dedupe drops findings identical in id and evidence (several views can
// produce the same one).
func dedupe(fs []Finding) []Finding {
	seen := map[string]bool{}
	var out []Finding
	for _, f := range fs {
		key := f.ID + fmt.Sprint(f.Evidence)
		if seen[key] {
			continue
		}
		seen[key] = true
		out = append(out, f)
	}
	return out
}
