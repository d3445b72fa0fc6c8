// padlock diff: compares two saved JSON reports of a site, the support
// engineer's "what did the fix change".

package cli

import (
	"context"
	"fmt"

	"padlock/probes"
	"padlock/report"
)

// diff is "padlock diff [flags] BEFORE.json AFTER.json". Its exit code is
// check's for the AFTER run.
func diff(_ context.Context, args []string, stdio IO) (int, error) {
	var o Options
	sa, code, err := savedFlags("diff", "two JSON reports: BEFORE.json AFTER.json", 2, args, &o, stdio, false)
	if err != nil {
		return code, err
	}
	var reps [2]report.JSONReport
	for i, path := range sa.files {
		if reps[i], err = readSaved(path); err != nil {
			return ExitUsage, err
		}
	}
	out, done, err := o.output(stdio.Stdout)
	if err != nil {
		return ExitBroken, err
	}
	defer done()
	d := report.Compare(reps[0], reps[1])
	if err := report.WriteDiff(out, d, report.Options{Format: sa.format, Lang: sa.lang, Catalogue: probes.Builtin().Catalogue()}); err != nil {
		return ExitBroken, fmt.Errorf("write comparison: %w", err)
	}
	if reps[1].Summary.Status >= probes.Fail {
		return ExitFail, nil
	}
	return ExitOK, nil
}
