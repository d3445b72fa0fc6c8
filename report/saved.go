// A saved JSON report turned back into a Report, so that it renders (and
// the UI browses it) exactly like a fresh run: in any language, since the
// finding texts come from the catalogue and the evidence.

package report

import (
	"encoding/json"
	"time"

	"padlock/probes"
)

// Report rebuilds the run j describes. Finding severities, evidence,
// details and errors are as saved; titles and remediation are explained
// again when rendered.
func (j JSONReport) Report() *Report {
	r := &Report{
		Tool: j.Tool,
		Target: probes.Target{
			Input: j.Target.Input, Host: j.Target.Host, Port: j.Target.Port, Path: j.Target.Path,
			Intent: probes.Intent{
				Wildcard: j.Target.Wildcard, CA: j.Target.CA, DNSRecords: j.Target.DNSRecords,
				FileURL: j.Target.FileURL, FileContent: j.Target.FileContent,
			},
		},
		Duration:    time.Duration(j.DurationMS) * time.Millisecond,
		CommandLine: j.Command,
		Addresses:   j.Target.Addresses,
	}
	r.StartedAt, _ = time.Parse(time.RFC3339, j.StartedAt)
	for _, a := range j.Resolvers {
		r.Resolvers = append(r.Resolvers, probes.Resolver{Addr: a})
	}
	for _, c := range j.ConnectTo {
		if rule, err := probes.ParseConnectTo(c); err == nil {
			r.ConnectTo = append(r.ConnectTo, rule)
		}
	}
	for _, p := range j.Probes {
		res := probes.Result{
			ProbeID: p.ID, Status: p.Status, Duration: time.Duration(p.DurationMS) * time.Millisecond,
			Details: p.Details, Err: p.Error,
		}
		if p.Status == probes.Skip || p.Status == probes.NotRun {
			res.Details = skipDetails(p.Details)
		}
		for _, f := range p.Findings {
			sev, err := probes.ParseStatus(f.Severity)
			if f.Severity == "info" || err != nil {
				sev = probes.Info
			}
			res.Findings = append(res.Findings, probes.Finding{ID: f.ID, Severity: sev, Evidence: f.Evidence})
		}
		r.Results = append(r.Results, res)
	}
	return r
}

// skipDetails reads a skipped probe's saved details back as the string map
// probes give (reason, hints), or leaves them as they are.
func skipDetails(details any) any {
	raw, ok := details.(json.RawMessage)
	if !ok {
		return details
	}
	var m map[string]string
	if json.Unmarshal(raw, &m) != nil {
		return details
	}
	return m
}
