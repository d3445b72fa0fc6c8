package ui

import (
	"image/color"

	"charm.land/bubbles/v2/help"
	"charm.land/lipgloss/v2"

	"padlock/probes"
)

// Styles is every style the UI draws with, built once for the terminal's
// background (light or dark). Colour only ever doubles information that is
// also in a symbol or a word, so the UI stays legible under NO_COLOR.
type Styles struct {
	Title    lipgloss.Style
	Subtle   lipgloss.Style
	Bold     lipgloss.Style
	Rule     lipgloss.Style
	Selected lipgloss.Style
	Heading  lipgloss.Style
	Key      lipgloss.Style
	Error    lipgloss.Style
	OK       lipgloss.Style
	Notice   lipgloss.Style
	Input    lipgloss.Style
	Status   map[probes.Status]lipgloss.Style
	Running  lipgloss.Style
	Help     help.Styles
}

// NewStyles returns the styles for a dark or light background.
func NewStyles(isDark bool) Styles {
	ld := lipgloss.LightDark(isDark)
	c := func(light, dark string) color.Color { return ld(lipgloss.Color(light), lipgloss.Color(dark)) }
	subtle := c("#6c6c6c", "#8a8a8a")
	accent := c("#5a3fd1", "#a78bfa")
	green := c("#1a7f37", "#4ade80")
	yellow := c("#9a6700", "#facc15")
	red := c("#cf222e", "#f87171")
	magenta := c("#8250df", "#e879f9")
	s := Styles{
		Title:    lipgloss.NewStyle().Bold(true).Foreground(accent),
		Subtle:   lipgloss.NewStyle().Foreground(subtle),
		Bold:     lipgloss.NewStyle().Bold(true),
		Rule:     lipgloss.NewStyle().Foreground(c("#d0d0d0", "#3a3a3a")),
		Selected: lipgloss.NewStyle().Bold(true).Background(c("#e8e4fb", "#2e2650")),
		Heading:  lipgloss.NewStyle().Bold(true).Foreground(accent),
		Key:      lipgloss.NewStyle().Bold(true).Foreground(accent),
		Error:    lipgloss.NewStyle().Foreground(red),
		OK:       lipgloss.NewStyle().Foreground(green),
		Notice:   lipgloss.NewStyle().Foreground(accent),
		Input:    lipgloss.NewStyle(),
		Running:  lipgloss.NewStyle().Foreground(accent),
		Status: map[probes.Status]lipgloss.Style{
			probes.Pass:  lipgloss.NewStyle().Foreground(green),
			probes.Warn:  lipgloss.NewStyle().Foreground(yellow),
			probes.Fail:  lipgloss.NewStyle().Bold(true).Foreground(red),
			probes.Skip:  lipgloss.NewStyle().Foreground(subtle),
			probes.Error: lipgloss.NewStyle().Foreground(magenta),
		},
		Help: help.DefaultStyles(isDark),
	}
	return s
}

// statusSymbol is the glyph shown for a status (with its word next to it:
// never colour alone).
func statusSymbol(s probes.Status) string {
	switch s {
	case probes.Pass:
		return "✓"
	case probes.Warn:
		return "!"
	case probes.Fail:
		return "✗"
	case probes.Skip:
		return "–"
	default:
		return "?"
	}
}
