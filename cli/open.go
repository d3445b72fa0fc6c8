// padlock open: a saved JSON report read again, in the UI on a terminal
// (browse, switch language, export) or printed as a report otherwise.

package cli

import (
	"context"
	"fmt"
	"time"

	"padlock/probes"
	"padlock/report"
	"padlock/ui"
)

// open is "padlock open [flags] REPORT.json".
func open(ctx context.Context, args []string, stdio IO) (int, error) {
	var o Options
	sa, code, err := savedFlags("open", "one JSON report: REPORT.json", 1, args, &o, stdio, true)
	if err != nil {
		return code, err
	}
	saved, err := readSaved(sa.files[0])
	if err != nil {
		return ExitUsage, err
	}
	rep := saved.Report()
	code = ExitOK
	if probes.Overall(rep.Results) >= probes.Fail {
		code = ExitFail
	}
	opts := report.Options{Format: sa.format, Lang: sa.lang, Location: time.Local, Catalogue: probes.Builtin().Catalogue()}
	if !isTerminal(stdio.Stdout) || !stdinIsTerminal(stdio.Stdin) || o.wantsReport() {
		out, done, err := o.output(stdio.Stdout)
		if err != nil {
			return ExitBroken, err
		}
		defer done()
		opts.Color = colorWanted(o.Color, out, stdio.Getenv)
		if err := report.Write(out, rep, opts); err != nil {
			return ExitBroken, fmt.Errorf("write report: %w", err)
		}
		return code, nil
	}
	if _, err := runUI(ctx, savedUIConfig(ctx, rep, opts), stdio, o.Color); err != nil {
		return ExitBroken, err
	}
	return code, nil
}

// savedUIConfig opens rep in the UI: its results are played back (nothing
// is probed again), and the UI's export is the saved report with the
// states the UI shows.
func savedUIConfig(ctx context.Context, rep *report.Report, opts report.Options) ui.Config {
	return ui.Config{
		Context:   ctx,
		Env:       probes.NewEnv(rep.Resolvers, nil),
		Probes:    probes.Replay(rep.Results),
		Catalogue: opts.Catalogue,
		Target:    &rep.Target,
		Lang:      opts.Lang,
		Location:  opts.Location,
		Report: func(_ *probes.Env, _ probes.Target, _ time.Time, _ time.Duration, results []probes.Result) *report.Report {
			r := *rep
			r.Results = results
			for i := range r.Results {
				if i < len(rep.Results) && rep.Results[i].ProbeID == results[i].ProbeID {
					r.Results[i].Duration = rep.Results[i].Duration
				}
			}
			return &r
		},
		CommandLine: func(probes.Target) string { return rep.CommandLine },
	}
}
