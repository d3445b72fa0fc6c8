// padlock open: a saved JSON report read again, in the UI on a terminal
// (browse, switch language, export) or printed as a report otherwise.

package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"time"

	"padlock/internal/sanitize"
	"padlock/probes"
	"padlock/report"
	"padlock/ui"
)

// open is "padlock open [flags] REPORT.json".
func open(ctx context.Context, args []string, stdio IO) (int, error) {
	var o Options
	fs := flag.NewFlagSet("padlock open", flag.ContinueOnError)
	fs.SetOutput(sanitize.Writer{W: stdio.Stderr})
	fs.StringVar(&o.Format, "format", "text", "print the report in `FORMAT` (text, markdown or json) instead of opening the UI")
	fs.StringVar(&o.Output, "o", "", "write the report to `FILE` instead of opening the UI")
	fs.StringVar(&o.Lang, "lang", "", "language, en or zh (default from LC_ALL/LANG)")
	fs.StringVar(&o.Color, "color", "auto", "colour: auto, always or never")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "Usage: padlock open [flags] REPORT.json (a report saved with --format json)")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return ExitOK, err
		}
		return ExitUsage, usageError{err}
	}
	if fs.NArg() != 1 {
		return ExitUsage, usagef("open takes one JSON report: padlock open REPORT.json")
	}
	f, err := os.Open(fs.Arg(0))
	if err != nil {
		return ExitUsage, usageError{err}
	}
	saved, err := report.ReadJSON(f)
	f.Close()
	if err != nil {
		return ExitUsage, usagef("%s: %v", fs.Arg(0), err)
	}
	format, err := o.format()
	if err != nil {
		return ExitUsage, err
	}
	lang, err := o.lang(stdio.Getenv)
	if err != nil {
		return ExitUsage, err
	}
	rep := saved.Report()
	code := ExitOK
	if probes.Overall(rep.Results) >= probes.Fail {
		code = ExitFail
	}
	opts := report.Options{Format: format, Lang: lang, Location: time.Local, Catalogue: probes.Builtin().Catalogue()}
	if !isTerminal(stdio.Stdout) || !stdinIsTerminal(stdio.Stdin) || o.wantsReport() {
		out := stdio.Stdout
		if o.Output != "" {
			f, err := os.Create(o.Output)
			if err != nil {
				return ExitBroken, fmt.Errorf("-o: %w", err)
			}
			defer f.Close()
			out = f
		}
		opts.Color = colorWanted(o.Color, out, stdio.Getenv)
		if err := report.Write(out, rep, opts); err != nil {
			return ExitBroken, fmt.Errorf("write report: %w", err)
		}
		return code, nil
	}
	cfg := savedUIConfig(ctx, rep, opts)
	if _, err := runUI(ctx, cfg, stdio, o.Color); err != nil {
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
