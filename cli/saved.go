// What padlock open and padlock diff share: their flags, reading a saved
// JSON report, and where the output goes.

package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"padlock/i18n"
	"padlock/internal/sanitize"
	"padlock/report"
)

// savedArgs are a saved-report command's files and how to render.
type savedArgs struct {
	files  []string
	format report.Format
	lang   i18n.Lang
}

// savedFlags parses the flags of a command that reads saved reports into
// o (--format, -o, --lang, and --color when color is set); the file
// arguments must number want.
func savedFlags(name, usage string, want int, args []string, o *Options, stdio IO, color bool) (savedArgs, int, error) {
	files, code, err := parseSavedFlags(name, usage, want, args, o, stdio.Stderr, color)
	if err != nil {
		return savedArgs{}, code, err
	}
	format, err := o.format()
	if err != nil {
		return savedArgs{}, ExitUsage, err
	}
	lang, err := o.lang(stdio.Getenv)
	if err != nil {
		return savedArgs{}, ExitUsage, err
	}
	return savedArgs{files, format, lang}, ExitOK, nil
}

func parseSavedFlags(name, usage string, want int, args []string, o *Options, stderr io.Writer, color bool) ([]string, int, error) {
	fs := flag.NewFlagSet("padlock "+name, flag.ContinueOnError)
	fs.SetOutput(sanitize.Writer{W: stderr})
	fs.StringVar(&o.Format, "format", "text", "output `FORMAT`: text, markdown or json")
	fs.StringVar(&o.Output, "o", "", "write to `FILE` instead of standard output")
	fs.StringVar(&o.Lang, "lang", "", "language, en or zh (default from LC_ALL/LANG)")
	if color {
		fs.StringVar(&o.Color, "color", "auto", "colour: auto, always or never")
	}
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "Usage: padlock "+name+" [flags] "+usage+" (reports saved with --format json)")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil, ExitOK, err
		}
		return nil, ExitUsage, usageError{err}
	}
	if fs.NArg() != want {
		return nil, ExitUsage, usagef("padlock %s takes %s", name, usage)
	}
	return fs.Args(), ExitOK, nil
}

// readSaved reads the saved JSON report at path.
func readSaved(path string) (report.JSONReport, error) {
	f, err := os.Open(path)
	if err != nil {
		return report.JSONReport{}, usageError{err}
	}
	defer f.Close()
	rep, err := report.ReadJSON(f)
	if err != nil {
		return rep, usagef("%s: %v", path, err)
	}
	return rep, nil
}

// output is -o's file, or stdout; close it when done.
func (o *Options) output(stdout io.Writer) (io.Writer, func(), error) {
	if o.Output == "" {
		return stdout, func() {}, nil
	}
	f, err := os.Create(o.Output)
	if err != nil {
		return nil, nil, fmt.Errorf("-o: %w", err)
	}
	return f, func() { f.Close() }, nil
}
