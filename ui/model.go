// Package ui is padlock's interactive terminal UI: a form for the target and
// the intent, the live probe list, a detail pane for every finding, guided
// mode, export and copy. It is a Bubble Tea v2 program; the engine (package
// probes) runs in the background and streams its progress events to it.
package ui

import (
	"context"
	"time"

	"charm.land/bubbles/v2/help"
	tea "charm.land/bubbletea/v2"

	"padlock/i18n"
	"padlock/internal/sanitize"
	"padlock/probes"
	"padlock/report"
	"padlock/rules"
)

// Config is what the UI needs from the command line.
type Config struct {
	// Context bounds every run; cancelling it stops the probes.
	Context context.Context
	// Env is the engine's environment; Probes are the probes to run, in
	// report order.
	Env    *probes.Env
	Probes []probes.Probe
	// Catalogue explains the probes and their findings (the registry's
	// that Probes come from); the built-in registry's when nil.
	Catalogue *rules.Catalogue
	// Target, when set, is diagnosed at once (no form).
	Target *probes.Target
	// Intent is the intent given on the command line: a target from the
	// form keeps its Pages, Local and FirewallFiles, which the form does
	// not ask for.
	Intent probes.Intent
	// Choices, when not empty, open a picker first (padlock demo); Target is
	// then ignored.
	Choices []Choice
	// Lang is the starting language (l switches).
	Lang i18n.Lang
	// Guided starts in guided mode: one probe at a time.
	Guided bool
	// Report builds the report of a run exactly as padlock check does, so
	// that the export equals check's text report. Nil builds a bare one.
	Report ReportFunc
	// CommandLine returns the padlock check command equivalent to
	// diagnosing t (copied with Y). Nil gives "padlock check TARGET".
	CommandLine func(t probes.Target) string
	// ExportDir is where e writes reports; the working directory when empty.
	ExportDir string
	// Location is the time zone of the report header.
	Location *time.Location
	// Clock is the UI's clock (elapsed times, durations, file names); the
	// Env's clock when nil.
	Clock func() time.Time
	// Static turns off animation (the spinner shows one frame): for tests.
	Static bool
}

// ReportFunc builds the report of one run; env is the run's environment
// (from Env.ForRun), which knows the --connect-to rules the run applied.
type ReportFunc func(env *probes.Env, t probes.Target, started time.Time, d time.Duration, results []probes.Result) *report.Report

// Choice is one entry of the demo's host picker.
type Choice struct {
	Name    string
	Summary string
	Target  probes.Target
	// Env, when set, replaces Config.Env for this host (a lab host may
	// bring its own resolvers).
	Env *probes.Env
	// CommandLine reproduces this diagnosis on the command line.
	CommandLine string
}

// screen is what the body shows.
type screen int

const (
	screenPicker  screen = iota // demo: choose a lab host
	screenForm                  // target and intent
	screenRun                   // the probe list
	screenProbe                 // one probe's findings
	screenFinding               // one finding, explained
	screenDetails               // one probe's structured details
	screenReport                // the whole text report (end of guided mode)
	screenGuided                // one probe at a time
)

// Model is the UI's state. Update and View live in update.go and view.go;
// each region of the screen is a component with its own SetSize.
type Model struct {
	cfg        Config
	lang       i18n.Lang
	keys       globalKeys // help, language, quit: every screen but the form
	reportKeys reportKeys // export and copy: every result screen
	styles     Styles
	help       help.Model

	width, height int
	screen        screen
	home          screen // where esc from the run view goes: form or picker

	form   form
	picker picker
	list   probeList
	detail detailPane
	guide  guide
	footer footer

	target      probes.Target
	env         *probes.Env // the environment m.target is diagnosed in
	commandLine string
	run         run
	exportMenu  bool // E pressed: waiting for the format key
	quitting    bool
}

// run is the probe run in progress or last finished.
type run struct {
	id      int
	active  bool
	cancel  context.CancelCauseFunc
	env     *probes.Env // this run's environment (Env.ForRun)
	events  <-chan probes.Event
	started time.Time
}

// New returns the UI's model for cfg.
func New(cfg Config) *Model {
	if cfg.Context == nil {
		cfg.Context = context.Background()
	}
	if cfg.Clock == nil {
		if cfg.Env != nil {
			cfg.Clock = cfg.Env.Clock
		} else {
			cfg.Clock = time.Now
		}
	}
	if cfg.Lang == "" {
		cfg.Lang = i18n.EN
	}
	if cfg.Catalogue == nil {
		cfg.Catalogue = probes.Builtin().Catalogue()
	}
	m := &Model{
		cfg:    cfg,
		lang:   cfg.Lang,
		styles: NewStyles(true),
		help:   help.New(),
		width:  80,
		height: 24,
		env:    cfg.Env,
	}
	m.list = newProbeList(cfg.Probes, cfg.Catalogue, cfg.Static)
	m.list.clock = cfg.Clock
	if cfg.Env != nil {
		m.list.deadline = cfg.Env.ProbeDeadline()
	}
	m.form = newForm()
	m.picker = newPicker(cfg.Choices)
	m.setKeyLang(cfg.Lang)
	m.applyStyles()
	switch {
	case len(cfg.Choices) > 0:
		m.screen, m.home = screenPicker, screenPicker
	case cfg.Target != nil:
		m.screen, m.home = screenRun, screenRun
		m.target = *cfg.Target
		m.commandLine = m.commandLineFor(m.target, "")
	default:
		m.screen, m.home = screenForm, screenForm
	}
	m.resize()
	return m
}

// Init asks for the background colour (the styles are rebuilt when it
// answers) and starts the run when the target was given.
func (m *Model) Init() tea.Cmd {
	cmds := []tea.Cmd{tea.RequestBackgroundColor}
	if m.screen == screenForm {
		cmds = append(cmds, m.form.focus())
	}
	if m.screen == screenRun {
		if m.cfg.Guided {
			cmds = append(cmds, m.startGuide())
		} else {
			cmds = append(cmds, m.startRun(m.cfg.Probes))
		}
	}
	return tea.Batch(cmds...)
}

// commandLineFor is the equivalent padlock check command for t.
func (m *Model) commandLineFor(t probes.Target, override string) string {
	switch {
	case override != "":
		return override
	case m.cfg.CommandLine != nil:
		return m.cfg.CommandLine(t)
	}
	return "padlock check " + sanitize.ShellQuote(t.Input)
}

// applyStyles hands the current styles to every component.
func (m *Model) applyStyles() {
	m.help.Styles = m.styles.Help
	m.list.setStyles(m.styles)
	m.form.setStyles(m.styles)
}

// resize gives every component its share of the window.
func (m *Model) resize() {
	m.help.SetWidth(m.width)
	body := m.bodyHeight()
	m.list.SetSize(m.width, min(body, len(m.list.order)))
	m.detail.SetSize(m.width, body)
	m.form.SetSize(m.width, body)
	m.picker.SetSize(m.width, body)
	m.guide.SetSize(m.width, body)
	m.footer.SetSize(m.width)
}

// bodyHeight is the height left between the header and the footer.
func (m *Model) bodyHeight() int {
	return max(1, m.height-2-m.footerHeight())
}

// Lang is the language the UI currently speaks.
func (m *Model) Lang() i18n.Lang { return m.lang }

// Results are the results so far, in probe order.
func (m *Model) Results() []probes.Result { return m.list.results() }
