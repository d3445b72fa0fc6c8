package report

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"padlock/i18n"
	"padlock/probes"
	"padlock/rules"
)

// doc is a report laid out for people, the same for the text and the
// Markdown renderer. Every string in it is sanitised; strings that came
// from the network and landed in catalogue prose are also escaped for the
// target format (esc).
type doc struct {
	header   []field
	command  string
	counts   Counts
	summary  []summaryRow
	problems []problem // fail, then warn, then error
	infos    []problem
	details  []detailSection
	timings  []timing
	total    time.Duration
}

// field is one labelled value. A code value is shown verbatim (monospace
// in Markdown). A value may hold several items separated by "\n" (its own
// parts are sanitised, so a newline in it is always ours).
type field struct {
	label string
	value string
	code  bool
}

type summaryRow struct {
	status probes.Status
	probe  string
	line   string
}

// problem is one finding or one probe that could not run.
type problem struct {
	severity   probes.Severity
	id         string // finding id; "" for a probe error
	probe      string
	probeTitle string
	title      string
	evidence   []field
	why        string
	steps      [][]segment
	faq        string
	err        string // why the probe could not run
}

// segment is a paragraph of a fix step: prose (wrapped, may hold inline
// `code` spans) or a code block (verbatim lines).
type segment struct {
	code bool
	lang string
	text string
}

type detailSection struct {
	probe string
	title string
	lines []string
}

type timing struct {
	probe    string
	duration time.Duration
}

// buildDoc lays r out. esc escapes sanitised network values for the
// target format.
func buildDoc(r *Report, opts Options, esc escaper) *doc {
	opts = opts.withCatalogue()
	lang := opts.Lang
	d := &doc{
		header:  header(r, opts),
		command: line(r.CommandLine, lang),
		counts:  Summarize(r.Results),
		total:   r.Duration,
	}
	for _, res := range r.Results {
		d.summary = append(d.summary, summaryRow{
			status: res.Status,
			probe:  line(res.ProbeID, lang),
			line:   esc.prose(line(oneLine(opts, res), lang)),
		})
		d.timings = append(d.timings, timing{probe: line(res.ProbeID, lang), duration: res.Duration})
		if res.Status == probes.Error && res.Err != "" {
			d.problems = append(d.problems, probeError(res, opts, esc))
		}
		for _, f := range res.Findings {
			p := findingProblem(res, f, opts, esc)
			if f.Severity <= probes.Pass {
				d.infos = append(d.infos, p)
			} else {
				d.problems = append(d.problems, p)
			}
		}
		if res.Details != nil && !isSkipReasonOnly(res) {
			if tree, err := parseDetails(res.Details); err == nil && !tree.empty() {
				d.details = append(d.details, detailSection{
					probe: line(res.ProbeID, lang),
					title: probeTitle(opts, res.ProbeID, esc),
					lines: detailLines(tree, opts.width()-2, lang),
				})
			}
		}
	}
	slices.SortStableFunc(d.problems, func(a, b problem) int {
		return cmp.Compare(problemRank(a.severity), problemRank(b.severity))
	})
	return d
}

// probeTitle is the human title of a probe id (the id itself when the
// catalogue does not know it), ready for prose.
func probeTitle(opts Options, id string, esc escaper) string {
	return esc.prose(line(opts.Catalogue.ProbeTitle(id).In(opts.Lang), opts.Lang))
}

// problemRank orders problems: fail, then warn, then error (a probe that
// could not run says nothing about the site).
func problemRank(s probes.Severity) int {
	switch s {
	case probes.Fail:
		return 0
	case probes.Warn:
		return 1
	}
	return 2
}

// isSkipReasonOnly reports a skipped probe's Details that hold nothing but
// the reason already shown in the summary.
func isSkipReasonOnly(r probes.Result) bool {
	if _, ok := r.Details.(probes.SkipDetails); ok {
		return r.Status == probes.Skip
	}
	d, ok := r.Details.(map[string]string)
	return ok && r.Status == probes.Skip && len(d) == 1 && d["reason"] != ""
}

func header(r *Report, opts Options) []field {
	lang := opts.Lang
	t := r.Target
	h := []field{
		{l(lang, "target"), line(t.Input, lang), true},
		{l(lang, "checked"), line(t.URL(), lang), true},
	}
	if t.Intent.Wildcard {
		h = append(h, field{l(lang, "name"), line(t.Name(), lang), true})
	}
	if addrs := r.addresses(); len(addrs) > 0 {
		var as []string
		for _, a := range addrs {
			as = append(as, line(a, lang))
		}
		h = append(h, field{l(lang, "addresses"), strings.Join(as, ", "), true})
	}
	loc := opts.location()
	h = append(h, field{l(lang, "started"), r.StartedAt.UTC().Format("2006-01-02 15:04:05 MST"), false})
	if _, offset := r.StartedAt.In(loc).Zone(); offset != 0 || loc != time.UTC && loc.String() != "UTC" {
		h = append(h, field{l(lang, "local"), r.StartedAt.In(loc).Format("2006-01-02 15:04:05 MST (UTC-07:00)"), false})
	}
	h = append(h,
		field{l(lang, "duration"), formatDuration(r.Duration), false},
		field{l(lang, "version"), line(r.Tool.Version, lang), true},
	)
	var rs []string
	for _, res := range r.Resolvers {
		s := line(res.Addr, lang)
		if res.Label != "" && !strings.Contains(res.Label, res.Addr) {
			s += " (" + line(res.Label, lang) + ")"
		}
		rs = append(rs, s)
	}
	if len(rs) > 0 {
		h = append(h, field{l(lang, "resolvers"), strings.Join(rs, "\n"), true})
	}
	var cs []string
	for _, c := range r.ConnectTo {
		cs = append(cs, line(c.String(), lang))
	}
	if len(cs) > 0 {
		h = append(h, field{l(lang, "connect-to"), strings.Join(cs, "\n"), true})
	}
	h = append(h, intentFields(t.Intent, lang)...)
	return h
}

// intentFields list what the user asked padlock to check beyond the site.
// The file-validation content is shown: the CA publishes it anyway.
func intentFields(in probes.Intent, lang i18n.Lang) []field {
	var h []field
	if in.CA != "" {
		h = append(h, field{l(lang, "ca"), line(in.CA, lang), true})
	}
	for _, rec := range in.DNSRecords {
		h = append(h, field{l(lang, "dns-record"), line(rec.Name+" "+rec.Type+" "+rec.Value, lang), true})
	}
	if in.FileURL != "" {
		h = append(h, field{l(lang, "file-url"), line(in.FileURL, lang), true})
	}
	if in.FileContent != "" {
		h = append(h, field{l(lang, "file-content"), line(in.FileContent, lang), true})
	}
	return h
}

func findingProblem(res probes.Result, f probes.Finding, opts Options, esc escaper) problem {
	lang := opts.Lang
	p := problem{
		severity:   f.Severity,
		id:         line(f.ID, lang),
		probe:      line(res.ProbeID, lang),
		probeTitle: probeTitle(opts, res.ProbeID, esc),
	}
	for _, k := range slices.Sorted(maps.Keys(f.Evidence)) {
		label := opts.Catalogue.EvidenceLabel(f.ID, k).In(lang)
		p.evidence = append(p.evidence, field{line(label, lang), line(rules.FormatEvidence(f.Evidence[k], lang), lang), true})
	}
	e, ok := opts.lookup(f.ID)
	if !ok {
		p.title = esc.prose(p.id)
		p.why = l(lang, "unknown-finding")
		return p
	}
	p.title = fill(block(e.Title.In(lang), lang), f.Evidence, lang, esc)
	p.title = strings.Join(strings.Fields(p.title), " ")
	p.why = fill(block(e.Why.In(lang), lang), f.Evidence, lang, esc)
	for _, s := range e.Steps {
		p.steps = append(p.steps, parseStep(block(s.In(lang), lang), f.Evidence, lang, esc))
	}
	p.faq = line(e.FAQ, lang)
	return p
}

func probeError(res probes.Result, opts Options, esc escaper) problem {
	lang := opts.Lang
	return problem{
		severity:   probes.Error,
		probe:      line(res.ProbeID, lang),
		probeTitle: probeTitle(opts, res.ProbeID, esc),
		title:      l(lang, "probe-error"),
		err:        line(res.Err, lang),
		why:        l(lang, "probe-error-why"),
	}
}

// parseStep splits a catalogue step into prose paragraphs and code blocks:
// ``` fenced sections and lines indented by four spaces are code; other
// lines are prose, joined into paragraphs at blank lines. Placeholders are
// filled with values escaped for prose or for code.
func parseStep(text string, ev map[string]any, lang i18n.Lang, esc escaper) []segment {
	var segs []segment
	var prose, code []string
	codeLang := ""
	fenced := false
	flushProse := func() {
		if len(prose) > 0 {
			p := strings.Join(prose, " ")
			segs = append(segs, segment{text: fill(p, ev, lang, esc)})
			prose = nil
		}
	}
	flushCode := func() {
		if len(code) > 0 {
			c := strings.Join(code, "\n")
			segs = append(segs, segment{code: true, lang: codeLang, text: fill(c, ev, lang, escaper{prose: esc.code, code: esc.code})})
			code = nil
		}
		codeLang = ""
	}
	for _, ln := range strings.Split(text, "\n") {
		trimmed := strings.TrimSpace(ln)
		switch {
		case strings.HasPrefix(trimmed, "```"):
			if fenced {
				flushCode()
			} else {
				flushProse()
				codeLang = strings.TrimSpace(strings.Trim(trimmed, "`"))
			}
			fenced = !fenced
		case fenced:
			code = append(code, strings.TrimRight(ln, " "))
		case strings.HasPrefix(ln, "    "):
			flushProse()
			code = append(code, strings.TrimRight(ln[4:], " "))
		case trimmed == "":
			flushProse()
			flushCode()
		default:
			flushCode()
			prose = append(prose, trimmed)
		}
	}
	flushProse()
	flushCode()
	return segs
}

func formatDuration(d time.Duration) string {
	switch {
	case d <= 0:
		return "0 ms"
	case d < 10*time.Second:
		return fmt.Sprintf("%d ms", d.Milliseconds())
	}
	return fmt.Sprintf("%.1f s", d.Seconds())
}
