// Package cli is padlock's command line: it parses subcommands and flags,
// builds the Env and the targets, and wires the engine to the report, the
// lab and the interactive UI. main.go only calls Main.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/charmbracelet/x/term"

	"padlock/fleet"
	"padlock/internal/sanitize"
	"padlock/probes"
	"padlock/report"
	"padlock/ui"
)

// Version is padlock's version, shown by "padlock version" and in reports.
const Version = "0.1.0-dev"

// Exit codes of check (DESIGN.md).
const (
	ExitOK          = 0   // nothing failed
	ExitFail        = 1   // at least one probe failed or could not run
	ExitUsage       = 2   // bad usage or input
	ExitBroken      = 3   // padlock itself broke
	ExitInterrupted = 130 // the user pressed Ctrl-C
)

// IO is where a command reads and writes; tests pass buffers.
type IO struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	Getenv func(string) string
}

// isTerminal reports whether w is a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(f.Fd())
}

// Main runs padlock with args (without the program name) and returns the
// exit code. Cancelling ctx (Ctrl-C) stops every probe at once.
func Main(ctx context.Context, args []string, stdio IO) int {
	if stdio.Getenv == nil {
		stdio.Getenv = os.Getenv
	}
	cmd := ""
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		switch args[0] {
		case "check", "diff", "open", "lab", "demo", "version", "help":
			cmd, args = args[0], args[1:]
		}
	}
	var err error
	code := ExitOK
	switch cmd {
	case "version":
		fmt.Fprintf(stdio.Stdout, "padlock %s\n", Version)
		return ExitOK
	case "help":
		usage(stdio.Stdout)
		return ExitOK
	case "check":
		code, err = check(ctx, args, stdio)
	case "diff":
		code, err = diff(ctx, args, stdio)
	case "open":
		code, err = open(ctx, args, stdio)
	case "lab":
		err = serveLab(ctx, args, stdio)
	case "demo":
		code, err = demo(ctx, args, stdio)
	default:
		code, err = interactive(ctx, args, stdio)
	}
	writeStats(stdio.Stderr, stdio.Getenv)
	var ue usageError
	switch {
	case err == nil:
		return code
	case errors.Is(err, flag.ErrHelp) || errors.Is(err, errHelp):
		return ExitOK
	case errors.As(err, &ue):
		fmt.Fprintf(stdio.Stderr, "padlock: %s\n", oneLine(err.Error()))
		return ExitUsage
	case errors.Is(context.Cause(ctx), probes.ErrCancelled):
		fmt.Fprintln(stdio.Stderr, "padlock: interrupted")
		return ExitInterrupted
	default:
		fmt.Fprintf(stdio.Stderr, "padlock: %s\n", oneLine(err.Error()))
		return ExitBroken
	}
}

// oneLine makes an error message one safe line: it may quote the target
// or network data.
func oneLine(s string) string {
	s = strings.ReplaceAll(s, "\n", " ")
	return sanitize.Line(strings.TrimSpace(s))
}

func usage(w io.Writer) {
	fmt.Fprint(w, `padlock diagnoses broken HTTPS deployments and failed certificate validation.

Usage:
  padlock [flags] [TARGET]         interactive UI (without a terminal: like check)
  padlock check [flags] TARGET...  run the probes, print a report, exit 0/1/2/3
  padlock lab                      serve the built-in broken deployments on loopback
  padlock demo [HOST...]           the lab plus padlock pointed at it (offline)
  padlock open REPORT.json         a saved JSON report in the UI (printed without a terminal)
  padlock diff BEFORE.json AFTER.json  what a fix changed between two saved reports
  padlock version

TARGET: example.com, https://example.com/path, example.com:8443, *.example.com, an IDN
or an IP address. Run "padlock check -h" for the flags.
`)
}

// interactive is "padlock [flags] [TARGET]": the UI on a terminal, check
// otherwise. The mode is decided before any program starts, so that without
// a terminal nothing tries to open /dev/tty.
func interactive(ctx context.Context, args []string, stdio IO) (int, error) {
	if !isTerminal(stdio.Stdout) || !stdinIsTerminal(stdio.Stdin) {
		if len(args) == 0 {
			usage(stdio.Stderr)
			return ExitUsage, nil
		}
		return check(ctx, args, stdio)
	}
	var o Options
	fs := newFlagSet("padlock", &o, stdio.Stderr)
	if err := parseArgs(fs, args, &o); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return ExitOK, err
		}
		return ExitUsage, usageError{err}
	}
	if len(o.Targets) > 1 || o.wantsReport() {
		return check(ctx, args, stdio)
	}
	p, err := o.plan(stdio.Getenv)
	if err != nil {
		return ExitUsage, err
	}
	p.commandLine = commandLine("check", args)
	cfg := p.uiConfig(ctx, o.Guided)
	if len(p.targets) == 1 {
		cfg.Target = &p.targets[0]
		line := commandLine("check", args)
		cfg.CommandLine = func(probes.Target) string { return line }
	} else {
		in, err := o.intent()
		if err != nil {
			return ExitUsage, err
		}
		cfg.Intent = in
		base := o.envArgs()
		cfg.CommandLine = func(t probes.Target) string {
			return commandLine("check", append(append(slices.Clone(base), ui.IntentArgs(t)...), t.Input))
		}
	}
	return runUI(ctx, cfg, stdio, p.opts.Color)
}

// wantsReport reports whether the flags ask for what only the printed
// report does: a report file or format, or the corrected chain written out.
// The UI would silently ignore them.
func (o *Options) wantsReport() bool {
	return o.Output != "" || o.SaveChain != "" || o.Format != "text"
}

// check runs the probes against every target and writes the reports.
func check(ctx context.Context, args []string, stdio IO) (int, error) {
	var o Options
	fs := newFlagSet("padlock check", &o, stdio.Stderr)
	if err := parseArgs(fs, args, &o); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return ExitOK, err
		}
		return ExitUsage, usageError{err}
	}
	if len(o.Targets) == 0 {
		return ExitUsage, usagef("no target given (try: padlock check example.com)")
	}
	plan, err := o.plan(stdio.Getenv)
	if err != nil {
		return ExitUsage, err
	}
	plan.commandLine = commandLine("check", args)
	return plan.run(ctx, stdio)
}

// plan is a parsed, validated check run.
type plan struct {
	opts        *Options
	targets     []probes.Target
	env         *probes.Env
	probes      []probes.Probe
	render      report.Options
	commandLine string
}

func (o *Options) plan(getenv func(string) string) (*plan, error) {
	targets, err := o.targets()
	if err != nil {
		return nil, err
	}
	env, err := o.env()
	if err != nil {
		return nil, err
	}
	registry := probes.Builtin()
	ps, err := o.selected(registry)
	if err != nil {
		return nil, err
	}
	lang, err := o.lang(getenv)
	if err != nil {
		return nil, err
	}
	format, err := o.format()
	if err != nil {
		return nil, err
	}
	switch o.Color {
	case "auto", "always", "never":
	default:
		return nil, usagef("--color %q: want auto, always or never", o.Color)
	}
	return &plan{opts: o, targets: targets, env: env, probes: ps,
		render: report.Options{Format: format, Lang: lang, Location: time.Local, Catalogue: registry.Catalogue()}}, nil
}

// run probes every target (one at a time, through package fleet) and
// writes the reports in order.
func (p *plan) run(ctx context.Context, stdio IO) (int, error) {
	out := stdio.Stdout
	if p.opts.Output != "" {
		f, err := os.Create(p.opts.Output)
		if err != nil {
			return ExitBroken, fmt.Errorf("-o: %w", err)
		}
		defer f.Close()
		out = f
	}
	p.render.Color = colorWanted(p.opts.Color, out, stdio.Getenv)
	code := ExitOK
	unit := func(ctx context.Context, t probes.Target) *report.Report { return p.runTarget(ctx, t, stdio.Stderr) }
	_, err := fleet.Run(ctx, p.targets, fleet.Options{Parallel: 1}, unit, func(i int, r *report.Report) error {
		if i > 0 && p.render.Format != report.JSON {
			fmt.Fprintln(out)
		}
		if err := report.Write(out, r, p.render); err != nil {
			return fmt.Errorf("write report: %w", err)
		}
		if s := probes.Overall(r.Results); s >= probes.Fail {
			code = ExitFail
		}
		if p.opts.SaveChain != "" {
			return saveChain(p.opts.SaveChain, r.Results, stdio.Stderr)
		}
		return nil
	})
	if err != nil {
		return ExitBroken, err
	}
	if p.opts.Output != "" {
		fmt.Fprintf(stdio.Stderr, "report written to %s\n", p.opts.Output)
	}
	if errors.Is(context.Cause(ctx), probes.ErrCancelled) {
		return ExitInterrupted, context.Cause(ctx)
	}
	return code, nil
}

// runTarget runs the selected probes against t, printing progress to
// progress when it is a terminal.
func (p *plan) runTarget(ctx context.Context, t probes.Target, progress io.Writer) *report.Report {
	var events chan probes.Event
	done := make(chan struct{})
	if isTerminal(progress) {
		events = make(chan probes.Event)
		go func() {
			defer close(done)
			for ev := range events {
				if ev.Kind == probes.Finished {
					fmt.Fprintf(progress, "  %-5s %-16s %s\n", ev.Result.Status, ev.ProbeID, ev.Result.Duration.Round(time.Millisecond))
				}
			}
		}()
	} else {
		close(done)
	}
	env := p.env.ForRun()
	start := env.Clock()
	results := probes.Run(ctx, t, env, p.probes, events)
	if events != nil {
		close(events)
	}
	<-done
	return p.newReport(env, t, start, env.Clock().Sub(start), results)
}

// newReport is the report of one run of t in env (from Env.ForRun); check
// and the UI's export both build it here, so that they print the same thing.
func (p *plan) newReport(env *probes.Env, t probes.Target, start time.Time, d time.Duration, results []probes.Result) *report.Report {
	return &report.Report{
		Tool:        report.Tool{Name: "padlock", Version: Version},
		Target:      t,
		StartedAt:   start,
		Duration:    d,
		Resolvers:   env.Resolvers,
		ConnectTo:   env.UsedConnectTo(),
		CommandLine: p.commandLine,
		Results:     results,
	}
}

// saveChain writes the corrected chain the certificate probe assembled.
func saveChain(path string, results []probes.Result, stderr io.Writer) error {
	for _, r := range results {
		if c, ok := r.Details.(probes.ChainFixer); ok {
			if pem := c.FixedChainPEM(); len(pem) > 0 {
				if err := os.WriteFile(path, pem, 0o644); err != nil {
					return fmt.Errorf("--save-chain: %w", err)
				}
				fmt.Fprintf(stderr, "corrected chain written to %s\n", path)
				return nil
			}
		}
	}
	fmt.Fprintln(stderr, "--save-chain: the chain needs no correction; nothing written")
	return nil
}

// colorWanted decides colour for check's report: --color always or never
// wins (a flag overrides the environment, as no-color.org asks); auto means
// a terminal, no NO_COLOR (any non-empty value) and not TERM=dumb.
func colorWanted(mode string, w io.Writer, getenv func(string) string) bool {
	switch mode {
	case "never":
		return false
	case "always":
		return true
	}
	return getenv("NO_COLOR") == "" && isTerminal(w) && getenv("TERM") != "dumb"
}

// commandLine renders "padlock [sub] args..." with shell quoting.
func commandLine(sub string, args []string) string {
	parts := []string{"padlock"}
	if sub != "" {
		parts = append(parts, sub)
	}
	for _, a := range args {
		parts = append(parts, sanitize.ShellQuote(a))
	}
	return strings.Join(parts, " ")
}
