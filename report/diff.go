// The ticket loop's other end: reading a saved JSON report back, and
// comparing two runs of the same site ("padlock diff BEFORE.json
// AFTER.json"): what was fixed, what is new, what remains, and how each
// probe's state changed. Finding texts are explained again from the
// catalogue in the reader's language, whatever language the reports were
// written in.

package report

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"padlock/i18n"
	"padlock/internal/sanitize"
	"padlock/probes"
)

// MaxJSONReport is the most bytes ReadJSON reads of one report.
const MaxJSONReport = 64 << 20

// ReadJSON reads the first report of r (padlock's --format json or jsonl
// output), at most MaxJSONReport bytes.
func ReadJSON(r io.Reader) (JSONReport, error) {
	dec := json.NewDecoder(bufio.NewReader(io.LimitReader(r, MaxJSONReport)))
	var raw json.RawMessage
	var rep JSONReport
	if err := dec.Decode(&raw); err != nil {
		if errors.Is(err, io.EOF) {
			return rep, errors.New("empty input: no report")
		}
		return rep, fmt.Errorf("not a padlock JSON report: %w", err)
	}
	// Details keep their field order (a map would sort it): they are read
	// again as raw JSON.
	var details struct {
		Probes []struct {
			Details json.RawMessage `json:"details"`
		} `json:"probes"`
	}
	if err := json.Unmarshal(raw, &rep); err != nil {
		return rep, fmt.Errorf("not a padlock JSON report: %w", err)
	}
	if rep.Tool.Name != "padlock" || len(rep.Probes) == 0 {
		return rep, errors.New("not a padlock JSON report (no tool name or no probes)")
	}
	if json.Unmarshal(raw, &details) == nil && len(details.Probes) == len(rep.Probes) {
		for i, p := range details.Probes {
			if len(p.Details) > 0 && string(p.Details) != "null" {
				rep.Probes[i].Details = p.Details
			}
		}
	}
	return rep, nil
}

// Change is one finding in a comparison.
type Change struct {
	Probe    string
	ID       string
	Severity string
	Evidence probes.Evidence
}

// ProbeChange is one probe's state before and after.
type ProbeChange struct {
	ID            string
	Before, After probes.Status
}

// Diff compares two runs.
type Diff struct {
	Before, After JSONReport
	// Fixed were problems before and are gone; New were not there before;
	// Remaining are in both (as in After).
	Fixed, New, Remaining []Change
	// Probes lists every probe of either run in After's order (then
	// Before's), with both states; a probe absent from a run is NotRun.
	Probes []ProbeChange
}

// Compare says what changed from before to after. Only problems count
// (warn, fail, error findings); a finding is the same when its probe and id
// are, however its evidence changed.
func Compare(before, after JSONReport) Diff {
	d := Diff{Before: before, After: after}
	b, a := problems(before), problems(after)
	for _, c := range problemList(after) {
		if _, was := b[c.Probe+" "+c.ID]; was {
			d.Remaining = append(d.Remaining, c)
		} else {
			d.New = append(d.New, c)
		}
	}
	for _, c := range problemList(before) {
		if _, is := a[c.Probe+" "+c.ID]; !is {
			d.Fixed = append(d.Fixed, c)
		}
	}
	seen := map[string]bool{}
	status := func(r JSONReport, id string) probes.Status {
		for _, p := range r.Probes {
			if p.ID == id {
				return p.Status
			}
		}
		return probes.NotRun
	}
	for _, r := range []JSONReport{after, before} {
		for _, p := range r.Probes {
			if !seen[p.ID] {
				seen[p.ID] = true
				d.Probes = append(d.Probes, ProbeChange{ID: p.ID, Before: status(before, p.ID), After: status(after, p.ID)})
			}
		}
	}
	return d
}

// problemList is the problems of r in report order, one per probe and id.
func problemList(r JSONReport) []Change {
	var out []Change
	seen := map[string]bool{}
	for _, p := range r.Probes {
		for _, f := range p.Findings {
			key := p.ID + " " + f.ID
			if f.Severity == "info" || seen[key] {
				continue
			}
			seen[key] = true
			out = append(out, Change{Probe: p.ID, ID: f.ID, Severity: f.Severity, Evidence: f.Evidence})
		}
	}
	return out
}

func problems(r JSONReport) map[string]Change {
	m := map[string]Change{}
	for _, c := range problemList(r) {
		m[c.Probe+" "+c.ID] = c
	}
	return m
}

// Unchanged reports whether the runs found the same problems with the
// same probe states.
func (d Diff) Unchanged() bool {
	return len(d.Fixed) == 0 && len(d.New) == 0 && !slices.ContainsFunc(d.Probes, func(p ProbeChange) bool { return p.Before != p.After })
}

// diffLabels are the fixed words of a comparison.
var diffLabels = map[string]i18n.Text{
	"title":     i18n.T("padlock comparison", "padlock 对比报告"),
	"before":    i18n.T("Before", "之前"),
	"after":     i18n.T("After", "之后"),
	"fixed":     i18n.T("Fixed", "已修复"),
	"new":       i18n.T("New", "新出现"),
	"remaining": i18n.T("Still to fix", "仍需修复"),
	"probes":    i18n.T("Probes", "检测项"),
	"none":      i18n.T("none", "无"),
	"same":      i18n.T("Nothing changed between the two runs.", "两次检测结果没有变化。"),
	"other":     i18n.T("the reports are of different targets", "两份报告的检测目标不同"),
}

func dl(lang i18n.Lang, key string) string { return diffLabels[key].In(lang) }

// WriteDiff renders d in the format and language of opts (text, markdown
// or json). Texts from the reports are sanitised.
func WriteDiff(w io.Writer, d Diff, opts Options) error {
	opts = opts.withCatalogue()
	if opts.Format == JSON {
		return writeDiffJSON(w, d)
	}
	lang, md := opts.Lang, opts.Format == Markdown
	var b strings.Builder
	heading := func(s string) {
		if md {
			fmt.Fprintf(&b, "\n## %s\n\n", s)
		} else {
			fmt.Fprintf(&b, "\n%s\n%s\n", s, strings.Repeat("-", displayWidth(s)))
		}
	}
	item := func(s string) {
		if md {
			s = mdEscape(s)
		}
		fmt.Fprintf(&b, "- %s\n", s)
	}
	title := dl(lang, "title")
	if md {
		fmt.Fprintf(&b, "# %s\n\n", title)
	} else {
		fmt.Fprintf(&b, "%s\n%s\n\n", title, strings.Repeat("=", displayWidth(title)))
	}
	for _, side := range []struct {
		key string
		r   JSONReport
	}{{"before", d.Before}, {"after", d.After}} {
		item(fmt.Sprintf("%s%s%s · %s · %s", dl(lang, side.key), colon(lang), sanitize.Line(side.r.Target.Input),
			sanitize.Line(side.r.StartedAt), strings.ToUpper(StatusWord(side.r.Summary.Status, lang))))
	}
	if d.Before.Target.Host != d.After.Target.Host {
		item("! " + dl(lang, "other"))
	}
	if d.Unchanged() {
		b.WriteString("\n" + dl(lang, "same") + "\n")
	}
	for _, sec := range []struct {
		key     string
		changes []Change
	}{{"fixed", d.Fixed}, {"new", d.New}, {"remaining", d.Remaining}} {
		heading(fmt.Sprintf("%s (%d)", dl(lang, sec.key), len(sec.changes)))
		if len(sec.changes) == 0 {
			item(dl(lang, "none"))
		}
		for _, c := range sec.changes {
			f := probes.Finding{ID: c.ID, Evidence: c.Evidence}
			t := explain(opts, f).Title
			item(fmt.Sprintf("[%s] %s (%s)", strings.ToUpper(severityWordName(c.Severity, lang)), sanitize.Line(t), sanitize.Line(c.ID)))
		}
	}
	heading(dl(lang, "probes"))
	for _, p := range d.Probes {
		mark := "  "
		if p.Before != p.After {
			mark = "→ "
		}
		item(fmt.Sprintf("%s%s: %s → %s", mark, sanitize.Line(p.ID), StatusWord(p.Before, lang), StatusWord(p.After, lang)))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// severityWordName is a catalogue severity word ("warn") for people.
func severityWordName(s string, lang i18n.Lang) string {
	if s == "info" {
		return severityWord(probes.Info, lang)
	}
	st, err := probes.ParseStatus(s)
	if err != nil {
		return s
	}
	return StatusWord(st, lang)
}

// writeDiffJSON writes d as one JSON object.
func writeDiffJSON(w io.Writer, d Diff) error {
	type change struct {
		Probe    string          `json:"probe"`
		ID       string          `json:"id"`
		Severity string          `json:"severity"`
		Evidence probes.Evidence `json:"evidence,omitempty"`
	}
	type probe struct {
		ID     string        `json:"id"`
		Before probes.Status `json:"before"`
		After  probes.Status `json:"after"`
	}
	conv := func(cs []Change) []change {
		out := make([]change, 0, len(cs))
		for _, c := range cs {
			out = append(out, change(c))
		}
		return out
	}
	ps := make([]probe, 0, len(d.Probes))
	for _, p := range d.Probes {
		ps = append(ps, probe(p))
	}
	out := struct {
		Before    JSONTarget `json:"before_target"`
		After     JSONTarget `json:"after_target"`
		Status    [2]string  `json:"status"`
		Unchanged bool       `json:"unchanged"`
		Fixed     []change   `json:"fixed"`
		New       []change   `json:"new"`
		Remaining []change   `json:"remaining"`
		Probes    []probe    `json:"probes"`
	}{d.Before.Target, d.After.Target, [2]string{d.Before.Summary.Status.String(), d.After.Summary.Status.String()},
		d.Unchanged(), conv(d.Fixed), conv(d.New), conv(d.Remaining), ps}
	b, err := json.Marshal(out)
	if err != nil {
		return fmt.Errorf("encode comparison: %w", err)
	}
	_, err = w.Write(append(safeJSON(b, i18n.EN), '\n'))
	return err
}
