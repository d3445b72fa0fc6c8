package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"time"

	"padlock/internal/sanitize"
	"padlock/probes"
)

// WriteText writes the human report: header, summary table, then each
// problem with its evidence and fix.
func WriteText(w io.Writer, r *Report, opts Options) error {
	bw := bufio.NewWriter(w)
	lang := opts.Lang
	loc := opts.Location
	if loc == nil {
		loc = time.UTC
	}
	fmt.Fprintf(bw, "padlock %s — %s\n", r.Tool.Version, sanitize.Line(r.Target.Input))
	fmt.Fprintf(bw, "%s: %s:%d\n", label(lang, "Target", "目标"), r.Target.Name(), r.Target.Port)
	fmt.Fprintf(bw, "%s: %s (%s)\n", label(lang, "Time", "时间"),
		r.StartedAt.UTC().Format(time.RFC3339), r.StartedAt.In(loc).Format("2006-01-02 15:04:05 MST"))
	if len(r.Resolvers) > 0 {
		addrs := make([]string, len(r.Resolvers))
		for i, res := range r.Resolvers {
			addrs[i] = res.Addr
		}
		fmt.Fprintf(bw, "%s: %s\n", label(lang, "Resolvers", "DNS 解析服务器"), strings.Join(addrs, ", "))
	}
	sum := Summarize(r.Results)
	fmt.Fprintf(bw, "%s: %s (pass %d, warn %d, fail %d, skip %d, error %d)\n\n",
		label(lang, "Overall", "总体结果"), sum.Status, sum.Pass, sum.Warn, sum.Fail, sum.Skip, sum.Error)
	for _, res := range r.Results {
		fmt.Fprintf(bw, "  %-5s %-16s %s\n", res.Status, res.ProbeID, sanitize.Line(OneLine(res, lang)))
	}
	for _, res := range r.Results {
		for _, f := range res.Findings {
			if f.Severity <= probes.Pass {
				continue
			}
			t := Explain(f, lang)
			fmt.Fprintf(bw, "\n[%s] %s (%s)\n", f.Severity, sanitize.Line(t.Title), f.ID)
			if t.Why != "" {
				fmt.Fprintf(bw, "  %s\n", sanitize.Line(t.Why))
			}
			for i, s := range t.Steps {
				fmt.Fprintf(bw, "  %d. %s\n", i+1, sanitize.Line(s))
			}
			if t.FAQ != "" {
				fmt.Fprintf(bw, "  FAQ: %s\n", t.FAQ)
			}
		}
	}
	return bw.Flush()
}
