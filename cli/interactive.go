package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/term"

	"padlock/probes"
	"padlock/ui"
)

// uiConfig is the UI's configuration for this plan. Its report constructor
// is check's, so that the UI's export equals check's report.
func (p *plan) uiConfig(ctx context.Context, guided bool) ui.Config {
	return ui.Config{
		Context:   ctx,
		Env:       p.env,
		Probes:    p.probes,
		Catalogue: p.render.Catalogue,
		Lang:      p.render.Lang,
		Guided:    guided,
		Location:  p.render.Location,
		Report:    p.newReport,
	}
}

// runUI runs the interactive program on the terminal until the user quits.
func runUI(ctx context.Context, cfg ui.Config, stdio IO, color string) (int, error) {
	opts := []tea.ProgramOption{
		tea.WithContext(ctx),
		tea.WithInput(stdio.Stdin),
		tea.WithOutput(stdio.Stdout),
	}
	if color == "never" || stdio.Getenv("NO_COLOR") != "" || stdio.Getenv("TERM") == "dumb" {
		opts = append(opts, tea.WithColorProfile(colorprofile.Ascii))
	}
	if _, err := tea.NewProgram(ui.New(cfg), opts...).Run(); err != nil {
		if errors.Is(err, tea.ErrProgramKilled) && ctx.Err() != nil {
			return ExitInterrupted, context.Cause(ctx)
		}
		return ExitBroken, fmt.Errorf("interactive UI: %w", err)
	}
	return ExitOK, nil
}

// envArgs are the flags that shape the environment of a run (not the
// target or the intent), to rebuild an equivalent check command line.
func (o *Options) envArgs() []string {
	var args []string
	for _, r := range o.Resolvers {
		args = append(args, "--resolver", r)
	}
	for _, f := range o.CAFiles {
		args = append(args, "--ca-file", f)
	}
	if o.NoSystemRoots {
		args = append(args, "--no-system-roots")
	}
	for _, c := range o.ConnectTo {
		args = append(args, "--connect-to", c)
	}
	if o.Only != "" {
		args = append(args, "--only", o.Only)
	}
	if o.Skip != "" {
		args = append(args, "--skip", o.Skip)
	}
	if o.Timeout != probes.DefaultLimits().ProbeTimeout {
		args = append(args, "--timeout", o.Timeout.String())
	}
	if o.Lang != "" {
		args = append(args, "--lang", o.Lang)
	}
	for _, l := range o.Limits {
		args = append(args, "--limit", l)
	}
	return args
}

// stdinIsTerminal reports whether the UI can read keys from stdin.
func stdinIsTerminal(r io.Reader) bool {
	f, ok := r.(*os.File)
	return ok && term.IsTerminal(f.Fd())
}
