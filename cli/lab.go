package cli

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"padlock/internal/sanitize"
	"padlock/lab"
	"padlock/probes"
	"padlock/ui"
)

// serveLab is "padlock lab": start the lab, say how to use it, wait.
func serveLab(ctx context.Context, args []string, stdio IO) error {
	fs := flag.NewFlagSet("padlock lab", flag.ContinueOnError)
	fs.SetOutput(sanitize.Writer{W: stdio.Stderr}) // flag errors echo the arguments
	if err := fs.Parse(args); err != nil {
		return usageError{err}
	}
	l, err := lab.Start(lab.Options{})
	if err != nil {
		return fmt.Errorf("start lab: %w", err)
	}
	defer l.Close()
	rootFile, cleanup, err := writeLabRoot(l)
	if err != nil {
		return err
	}
	defer cleanup()
	w := stdio.Stdout
	fmt.Fprintf(w, "padlock lab is running on loopback. Ctrl-C stops it.\n\n")
	fmt.Fprintf(w, "DNS server (zone %s): %s\n", lab.Zone, l.Resolver())
	fmt.Fprintf(w, "Lab root CA:           %s\n\n", rootFile)
	argsFile := filepath.Join(filepath.Dir(rootFile), "lab.args")
	if err := writeArgsFile(argsFile, l.Flags(rootFile)); err != nil {
		return err
	}
	fmt.Fprintf(w, "Point padlock at a host (%s holds the lab's resolver, root and\n", argsFile)
	fmt.Fprintf(w, "--connect-to rules, one argument per line):\n")
	fmt.Fprintf(w, "  padlock check @%s HOST\n", argsFile)
	fmt.Fprintf(w, "  padlock @%s HOST          (the interactive UI)\n\n", argsFile)
	fmt.Fprintf(w, "Hosts:\n")
	for _, h := range l.Hosts() {
		fmt.Fprintf(w, "  %-40s %s\n", h.Name, h.Summary)
		if len(h.Args) > 0 {
			fmt.Fprintf(w, "  %-40s   with: %s\n", "", strings.Join(quoteAll(h.Args), " "))
		}
	}
	if h, ok := l.Host("healthy"); ok {
		fmt.Fprintf(w, "\nWith curl and openssl (the same mapping):\n")
		to, _ := routeFor(l, h.Name)
		fmt.Fprintf(w, "  curl --cacert %s --connect-to %s:443:%s https://%s/\n", rootFile, h.Name, to, h.Name)
		fmt.Fprintf(w, "  openssl s_client -connect %s -servername %s -CAfile %s\n", to, h.Name, rootFile)
		fmt.Fprintf(w, "  dig @%s -p %s %s A\n", hostOf(l.Resolver()), portOf(l.Resolver()), h.Name)
	}
	<-ctx.Done()
	return nil
}

// writeArgsFile writes args one per line, for "@FILE".
func writeArgsFile(path string, args []string) error {
	body := "# padlock arguments that point it at the running lab\n" + strings.Join(args, "\n") + "\n"
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		return fmt.Errorf("lab: %w", err)
	}
	return nil
}

func writeLabRoot(l *lab.Lab) (string, func(), error) {
	dir, err := os.MkdirTemp("", "padlock-lab-")
	if err != nil {
		return "", nil, fmt.Errorf("lab: %w", err)
	}
	path := filepath.Join(dir, "lab-root.pem")
	if err := os.WriteFile(path, l.RootPEM(), 0o644); err != nil {
		os.RemoveAll(dir)
		return "", nil, fmt.Errorf("lab: %w", err)
	}
	return path, func() { os.RemoveAll(dir) }, nil
}

// routeFor resolves a lab host's first address and where port 443 of it
// really listens.
func routeFor(l *lab.Lab, host string) (string, error) {
	env := l.Env()
	addrs, err := env.LookupAddrs(context.Background(), host)
	if err != nil || len(addrs) == 0 {
		return "", fmt.Errorf("resolve %s: %v", host, err)
	}
	to, _ := env.Route(host, addrPort(addrs[0], 443))
	return to, nil
}

// demoWorkers is how many lab hosts the printed demo checks at once.
const demoWorkers = 4

// demo is "padlock demo": the lab, and every probe against every lab host
// (or the hosts named): the UI with a host picker on a terminal, printed
// reports otherwise.
func demo(ctx context.Context, args []string, stdio IO) (int, error) {
	var o Options
	fs := newFlagSet("padlock demo", &o, stdio.Stderr)
	if err := parseArgs(fs, args, &o); err != nil {
		return ExitUsage, usageError{err}
	}
	l, err := lab.Start(lab.Options{})
	if err != nil {
		return ExitBroken, fmt.Errorf("start lab: %w", err)
	}
	defer l.Close()
	root, cleanup, err := writeLabRoot(l)
	if err != nil {
		return ExitBroken, err
	}
	defer cleanup()
	hosts := l.Hosts()
	if len(o.Targets) > 0 {
		hosts = nil
		for _, name := range o.Targets {
			h, ok := l.Host(name)
			if !ok {
				return ExitUsage, usagef("no lab host %q (run padlock lab to list them)", name)
			}
			hosts = append(hosts, h)
		}
	}
	userFlags := flagsOnly(args, o.Targets)
	plans := make([]*plan, len(hosts))
	for i, h := range hosts {
		if plans[i], err = demoPlan(l, root, h, userFlags, stdio); err != nil {
			return ExitUsage, err
		}
	}
	if isTerminal(stdio.Stdout) && stdinIsTerminal(stdio.Stdin) && !o.wantsReport() {
		return demoUI(ctx, hosts, plans, o, stdio)
	}
	if o.Output != "" { // every host's report goes to the one file
		f, err := os.Create(o.Output)
		if err != nil {
			return ExitBroken, fmt.Errorf("-o: %w", err)
		}
		defer f.Close()
		stdio.Stdout = f
		for _, p := range plans {
			p.opts.Output = ""
		}
	}
	return demoPrint(ctx, hosts, plans, stdio)
}

// flagsOnly drops the positional host names from the demo's arguments.
func flagsOnly(args, targets []string) []string {
	var out []string
	for _, a := range args {
		if !slices.Contains(targets, a) {
			out = append(out, a)
		}
	}
	return out
}

// demoPlan is the check of one lab host exactly as a user would type it:
// the lab's flags, the user's flags, the host's own flags, the host.
func demoPlan(l *lab.Lab, root string, h lab.Host, userFlags []string, stdio IO) (*plan, error) {
	args := append(l.Flags(root), userFlags...)
	args = append(args, h.Args...)
	args = append(args, h.Name)
	var o Options
	fs := newFlagSet("padlock demo", &o, stdio.Stderr)
	if err := parseArgs(fs, args, &o); err != nil {
		return nil, usageError{fmt.Errorf("lab host %s: %w", h.Name, err)}
	}
	p, err := o.plan(stdio.Getenv)
	if err != nil {
		return nil, err
	}
	p.env.LocalAddrs = nil // the lab is not this server: no firewall reading
	p.commandLine = "padlock demo " + h.Name
	return p, nil
}

// demoPrint checks the hosts a few at a time and prints their reports in
// order. The demo shows failures on purpose: it succeeds when it ran.
func demoPrint(ctx context.Context, hosts []lab.Host, plans []*plan, stdio IO) (int, error) {
	outs := make([]chan []byte, len(hosts))
	sem := make(chan struct{}, demoWorkers)
	for i := range hosts {
		outs[i] = make(chan []byte, 1)
		go func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			var buf bytes.Buffer
			fmt.Fprintf(&buf, "=== %s — %s\n", hosts[i].Name, hosts[i].Summary)
			if _, err := plans[i].run(ctx, IO{Stdout: &buf, Stderr: &buf, Getenv: stdio.Getenv}); err != nil {
				fmt.Fprintf(&buf, "padlock: %s\n", sanitize.Line(err.Error()))
			}
			outs[i] <- buf.Bytes()
		}()
	}
	for i := range hosts {
		if i > 0 {
			fmt.Fprintln(stdio.Stdout)
		}
		if _, err := stdio.Stdout.Write(<-outs[i]); err != nil {
			return ExitBroken, fmt.Errorf("write report: %w", err)
		}
	}
	if errors.Is(context.Cause(ctx), probes.ErrCancelled) {
		return ExitInterrupted, context.Cause(ctx)
	}
	return ExitOK, nil
}

func quoteAll(args []string) []string {
	out := make([]string, len(args))
	for i, a := range args {
		out[i] = sanitize.ShellQuote(a)
	}
	return out
}

// demoUI opens the UI against the lab: a host picker, or the one host named.
func demoUI(ctx context.Context, hosts []lab.Host, plans []*plan, o Options, stdio IO) (int, error) {
	choices := make([]ui.Choice, len(hosts))
	for i, h := range hosts {
		choices[i] = ui.Choice{Name: h.Name, Summary: h.Summary, Target: plans[i].targets[0],
			Env: plans[i].env, CommandLine: plans[i].commandLine}
	}
	p := plans[0]
	cfg := p.uiConfig(ctx, o.Guided)
	if len(choices) == 1 {
		cfg.Target = &choices[0].Target
		line := choices[0].CommandLine
		cfg.CommandLine = func(probes.Target) string { return line }
	} else {
		cfg.Choices = choices
	}
	return runUI(ctx, cfg, stdio, o.Color)
}
