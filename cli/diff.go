// padlock diff: compares two saved JSON reports of a site, the support
// engineer's "what did the fix change".

package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"

	"padlock/internal/sanitize"
	"padlock/probes"
	"padlock/report"
)

// diff is "padlock diff [flags] BEFORE.json AFTER.json". Its exit code is
// check's for the AFTER run.
func diff(_ context.Context, args []string, stdio IO) (int, error) {
	var o Options
	fs := flag.NewFlagSet("padlock diff", flag.ContinueOnError)
	fs.SetOutput(sanitize.Writer{W: stdio.Stderr})
	fs.StringVar(&o.Format, "format", "text", "comparison `FORMAT`: text, markdown or json")
	fs.StringVar(&o.Output, "o", "", "write the comparison to `FILE` instead of standard output")
	fs.StringVar(&o.Lang, "lang", "", "language, en or zh (default from LC_ALL/LANG)")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "Usage: padlock diff [flags] BEFORE.json AFTER.json (reports saved with --format json)")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return ExitOK, err
		}
		return ExitUsage, usageError{err}
	}
	if fs.NArg() != 2 {
		return ExitUsage, usagef("diff takes two JSON reports: padlock diff BEFORE.json AFTER.json")
	}
	var reps [2]report.JSONReport
	for i, path := range fs.Args() {
		f, err := os.Open(path)
		if err != nil {
			return ExitUsage, usageError{err}
		}
		reps[i], err = report.ReadJSON(f)
		f.Close()
		if err != nil {
			return ExitUsage, usagef("%s: %v", path, err)
		}
	}
	format, err := o.format()
	if err != nil {
		return ExitUsage, err
	}
	lang, err := o.lang(stdio.Getenv)
	if err != nil {
		return ExitUsage, err
	}
	out := stdio.Stdout
	if o.Output != "" {
		f, err := os.Create(o.Output)
		if err != nil {
			return ExitBroken, fmt.Errorf("-o: %w", err)
		}
		defer f.Close()
		out = f
	}
	d := report.Compare(reps[0], reps[1])
	if err := report.WriteDiff(out, d, report.Options{Format: format, Lang: lang, Catalogue: probes.Builtin().Catalogue()}); err != nil {
		return ExitBroken, fmt.Errorf("write comparison: %w", err)
	}
	if reps[1].Summary.Status >= probes.Fail {
		return ExitFail, nil
	}
	return ExitOK, nil
}
