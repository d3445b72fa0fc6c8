package cli

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"padlock/lab"
	"padlock/probes"
	"padlock/ui"
)

// serveLab is "padlock lab": start the lab, say how to use it, wait.
func serveLab(ctx context.Context, args []string, stdio IO) error {
	fs := flag.NewFlagSet("padlock lab", flag.ContinueOnError)
	fs.SetOutput(stdio.Stderr)
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
	flags := labFlags(l, rootFile)
	fmt.Fprintf(w, "Point padlock at a host:\n  padlock check %s HOST\n\n", strings.Join(flags, " "))
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

// labFlags are the padlock flags that point it at the lab.
func labFlags(l *lab.Lab, rootFile string) []string {
	flags := []string{"--resolver", l.Resolver(), "--ca-file", rootFile, "--no-system-roots"}
	for _, c := range l.ConnectTo() {
		flags = append(flags, "--connect-to", c.String())
	}
	return flags
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

// demo is "padlock demo": the lab, and every probe against every lab host.
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
	if isTerminal(stdio.Stdout) && stdinIsTerminal(stdio.Stdin) && o.Output == "" {
		return demoUI(ctx, l, hosts, o, stdio)
	}
	code := ExitOK
	for i, h := range hosts {
		if ctx.Err() != nil {
			break
		}
		if i > 0 {
			fmt.Fprintln(stdio.Stdout)
		}
		fmt.Fprintf(stdio.Stdout, "=== %s — %s\n", h.Name, h.Summary)
		c, err := demoCheck(ctx, l, h, args, stdio)
		if err != nil {
			return c, err
		}
		code = max(code, c)
	}
	_ = code // the demo shows failures on purpose: it succeeds when it ran
	return ExitOK, nil
}

// demoCheck runs check against one lab host with the lab's wiring.
func demoCheck(ctx context.Context, l *lab.Lab, h lab.Host, userArgs []string, stdio IO) (int, error) {
	var o Options
	fs := newFlagSet("padlock demo", &o, stdio.Stderr)
	var args []string
	for _, a := range userArgs { // keep the user's flags, drop host names
		if strings.HasPrefix(a, "-") || len(args) > 0 && strings.HasPrefix(args[len(args)-1], "-") && !strings.Contains(args[len(args)-1], "=") {
			args = append(args, a)
		}
	}
	args = append(args, h.Args...)
	args = append(args, h.Name)
	if err := parseArgs(fs, args, &o); err != nil {
		return ExitUsage, usageError{err}
	}
	p, err := o.plan(stdio.Getenv)
	if err != nil {
		return ExitUsage, err
	}
	labEnv := l.Env()
	labEnv.Limits = p.env.Limits
	labEnv.LocalAddrs = nil
	p.env = labEnv
	p.commandLine = "padlock demo " + h.Name
	return p.run(ctx, stdio)
}

func quoteAll(args []string) []string {
	out := make([]string, len(args))
	for i, a := range args {
		out[i] = shellQuote(a)
	}
	return out
}

// demoUI opens the UI against the lab: a host picker, or the one host named.
func demoUI(ctx context.Context, l *lab.Lab, hosts []lab.Host, o Options, stdio IO) (int, error) {
	o.Targets = nil
	p, err := o.plan(stdio.Getenv)
	if err != nil {
		return ExitUsage, err
	}
	labEnv := l.Env()
	labEnv.Limits = p.env.Limits
	labEnv.LocalAddrs = nil
	p.env = labEnv
	var choices []ui.Choice
	for _, h := range hosts {
		var ho Options
		fs := newFlagSet("padlock demo", &ho, stdio.Stderr)
		if err := parseArgs(fs, append(slices.Clone(h.Args), h.Name), &ho); err != nil {
			return ExitBroken, fmt.Errorf("lab host %s: %w", h.Name, err)
		}
		ts, err := ho.targets()
		if err != nil {
			return ExitBroken, fmt.Errorf("lab host %s: %w", h.Name, err)
		}
		choices = append(choices, ui.Choice{Name: h.Name, Summary: h.Summary, Target: ts[0], CommandLine: "padlock demo " + h.Name})
	}
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
