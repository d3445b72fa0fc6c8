package ui

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"padlock/i18n"
	"padlock/internal/sanitize"
	"padlock/probes"
	"padlock/rules"
)

// field is one control of the form.
type field int

const (
	fieldTarget field = iota
	fieldCA
	fieldWildcard
	fieldMethod
	fieldDNSName
	fieldDNSValue
	fieldFileURL
	fieldFileContent
)

// method is how the user validates the certificate order.
type method int

const (
	methodNone  method = iota
	methodDNS          // a TXT record
	methodCNAME        // a CNAME record
	methodFile         // a file on the site
	methodCount
)

// form asks for the target and the optional intent, validating as the user
// types with the command line's rules.
type form struct {
	focused  field
	target   textinput.Model
	caFilter textinput.Model
	brands   []rules.Brand
	caCursor int // index into filtered(), 0 is "none"
	wildcard bool
	method   method
	dnsName  textinput.Model
	dnsValue textinput.Model
	fileURL  textinput.Model
	fileBody textinput.Model
	tried    bool // enter was pressed: show every error
	keys     formKeys
	styles   Styles
	width    int
	height   int
}

func newForm() form {
	in := func(placeholder string) textinput.Model {
		t := textinput.New()
		t.Prompt = "> "
		t.Placeholder = placeholder
		t.CharLimit = 2048
		return t
	}
	return form{
		target:   in("example.com, https://example.com/path, *.example.com"),
		caFilter: in("type to filter"),
		brands:   rules.Brands(),
		dnsName:  in("_dnsauth.example.com"),
		dnsValue: in("the value the CA gave you"),
		fileURL:  in("http://example.com/.well-known/pki-validation/file.txt"),
		fileBody: in("the content the CA expects"),
	}
}

// SetSize sets the form's area.
func (f *form) SetSize(w, h int) {
	f.width, f.height = w, h
	for _, t := range f.inputs() {
		t.SetWidth(max(10, w-24))
	}
}

func (f *form) inputs() []*textinput.Model {
	return []*textinput.Model{&f.target, &f.caFilter, &f.dnsName, &f.dnsValue, &f.fileURL, &f.fileBody}
}

func (f *form) setStyles(s Styles) {
	f.styles = s
	for _, t := range f.inputs() {
		ts := t.Styles()
		ts.Focused.Prompt = s.Key
		ts.Blurred.Prompt = s.Subtle
		ts.Focused.Placeholder = s.Subtle
		ts.Blurred.Placeholder = s.Subtle
		ts.Cursor.Blink = false
		t.SetStyles(ts)
	}
}

// fields are the controls shown for the chosen method, in tab order.
func (f *form) fields() []field {
	fs := []field{fieldTarget, fieldCA, fieldWildcard, fieldMethod}
	switch f.method {
	case methodDNS, methodCNAME:
		fs = append(fs, fieldDNSName, fieldDNSValue)
	case methodFile:
		fs = append(fs, fieldFileURL, fieldFileContent)
	}
	return fs
}

// input is the text input of a field, nil for the choice fields.
func (f *form) input(fl field) *textinput.Model {
	switch fl {
	case fieldTarget:
		return &f.target
	case fieldCA:
		return &f.caFilter
	case fieldDNSName:
		return &f.dnsName
	case fieldDNSValue:
		return &f.dnsValue
	case fieldFileURL:
		return &f.fileURL
	case fieldFileContent:
		return &f.fileBody
	}
	return nil
}

// focus gives the keyboard to the focused field.
func (f *form) focus() tea.Cmd {
	var cmd tea.Cmd
	for _, fl := range []field{fieldTarget, fieldCA, fieldDNSName, fieldDNSValue, fieldFileURL, fieldFileContent} {
		if fl == f.focused {
			cmd = f.input(fl).Focus()
		} else {
			f.input(fl).Blur()
		}
	}
	return cmd
}

// moveFocus goes delta fields forward or back, wrapping around.
func (f *form) moveFocus(delta int) tea.Cmd {
	fs := f.fields()
	i := 0
	for j, fl := range fs {
		if fl == f.focused {
			i = j
		}
	}
	f.focused = fs[(i+delta+len(fs))%len(fs)]
	return f.focus()
}

// update passes a message to the focused text input.
func (f *form) update(msg tea.Msg) tea.Cmd {
	in := f.input(f.focused)
	if in == nil {
		return nil
	}
	var cmd tea.Cmd
	*in, cmd = in.Update(msg)
	if f.focused == fieldCA {
		f.caCursor = clamp(f.caCursor, 0, len(f.filtered()))
	}
	return cmd
}

// filtered are the brands matching the filter ("none" is not included).
func (f *form) filtered() []rules.Brand {
	q := strings.ToLower(strings.TrimSpace(f.caFilter.Value()))
	var out []rules.Brand
	for _, b := range f.brands {
		if q == "" || strings.Contains(strings.ToLower(b.Name), q) || strings.Contains(b.ID, q) {
			out = append(out, b)
		}
	}
	return out
}

// brand is the chosen brand, or nil for none.
func (f *form) brand() *rules.Brand {
	list := f.filtered()
	if f.caCursor == 0 || f.caCursor > len(list) {
		return nil
	}
	return &list[f.caCursor-1]
}

// formAction is what a key asks of the root model beyond the form.
type formAction int

const (
	formNone   formAction = iota
	formSubmit            // enter: diagnose what the form holds
	formQuit              // q on an empty form (ctrl+c is the root's)
)

// handleFormKey routes a key to the form and acts on what it asks.
func (m *Model) handleFormKey(msg tea.KeyPressMsg) tea.Cmd {
	cmd, act := m.form.handleKey(msg)
	switch act {
	case formSubmit:
		t, err := m.form.result(m.cfg.Intent)
		if err != nil {
			return m.form.showErrors()
		}
		m.target = t
		m.commandLine = m.commandLineFor(t, "")
		return m.begin()
	case formQuit:
		return m.quit()
	}
	return cmd
}

// showErrors marks the form as tried and focuses the first invalid field.
func (f *form) showErrors() tea.Cmd {
	f.tried = true
	f.focused = f.firstInvalid()
	return f.focus()
}

// handleKey handles the form's own keys: tab moves, enter and esc go to the
// root model, the focused field takes the rest.
func (f *form) handleKey(msg tea.KeyPressMsg) (tea.Cmd, formAction) {
	k := f.keys
	switch {
	case key.Matches(msg, k.NextField), msg.String() == "down" && f.focused != fieldCA:
		return f.moveFocus(1), formNone
	case key.Matches(msg, k.PrevField), msg.String() == "up" && f.focused != fieldCA:
		return f.moveFocus(-1), formNone
	case key.Matches(msg, k.Start):
		return nil, formSubmit
	case key.Matches(msg, k.Clear):
		// esc never quits: it clears the focused field, keeping the rest.
		if in := f.input(f.focused); in != nil {
			in.SetValue("")
			if f.focused == fieldCA {
				f.caCursor = 0
			}
		}
		return nil, formNone
	case msg.String() == "q" && f.empty():
		return nil, formQuit
	}
	return f.editField(msg), formNone
}

// empty reports whether nothing has been typed in any field.
func (f *form) empty() bool {
	for _, in := range f.inputs() {
		if in.Value() != "" {
			return false
		}
	}
	return true
}

// editField gives a key to the focused field.
func (f *form) editField(msg tea.KeyPressMsg) tea.Cmd {
	switch f.focused {
	case fieldCA:
		switch msg.String() {
		case "up":
			f.caCursor = clamp(f.caCursor-1, 0, len(f.filtered()))
			return nil
		case "down":
			f.caCursor = clamp(f.caCursor+1, 0, len(f.filtered()))
			return nil
		}
		before := f.caFilter.Value()
		cmd := f.update(msg)
		if f.caFilter.Value() != before {
			f.caCursor = min(1, len(f.filtered()))
			if strings.TrimSpace(f.caFilter.Value()) == "" {
				f.caCursor = 0
			}
		}
		return cmd
	case fieldWildcard:
		switch msg.String() {
		case "space", "left", "right", "x":
			f.wildcard = !f.wildcard
		}
		return nil
	case fieldMethod:
		switch msg.String() {
		case "space", "right":
			f.method = (f.method + 1) % methodCount
		case "left":
			f.method = (f.method + methodCount - 1) % methodCount
		}
		return nil
	}
	return f.update(msg)
}

// fieldError validates one field with the command line's rules.
func (f *form) fieldError(fl field) error {
	switch fl {
	case fieldTarget:
		_, err := probes.ParseTarget(f.target.Value())
		return err
	case fieldDNSName:
		if strings.TrimSpace(f.dnsName.Value()) == "" {
			return errors.New("the record name the CA gave you")
		}
	case fieldDNSValue:
		if f.dnsValue.Value() == "" {
			return errors.New("the value the CA gave you")
		}
	case fieldFileURL:
		u := f.fileURL.Value()
		if !strings.HasPrefix(u, "http://") && !strings.HasPrefix(u, "https://") {
			return errors.New("want an http:// or https:// URL")
		}
	case fieldFileContent:
		if f.fileBody.Value() == "" {
			return errors.New("the content the CA expects at the URL")
		}
	}
	return nil
}

func (f *form) firstInvalid() field {
	for _, fl := range f.fields() {
		if f.fieldError(fl) != nil {
			return fl
		}
	}
	return f.focused
}

// result builds the target with its intent, or says what is wrong. base is
// the command line's intent: it supplies what the form does not ask for.
func (f *form) result(base probes.Intent) (probes.Target, error) {
	for _, fl := range f.fields() {
		if err := f.fieldError(fl); err != nil {
			return probes.Target{}, err
		}
	}
	t, _ := probes.ParseTarget(f.target.Value())
	t.Intent.Wildcard = t.Intent.Wildcard || f.wildcard
	if b := f.brand(); b != nil {
		t.Intent.CA = b.ID
	}
	switch f.method {
	case methodDNS, methodCNAME:
		typ := "TXT"
		if f.method == methodCNAME {
			typ = "CNAME"
		}
		t.Intent.DNSRecords = []probes.DNSExpectation{{
			Name:  strings.ToLower(strings.TrimSuffix(strings.TrimSpace(f.dnsName.Value()), ".")),
			Type:  typ,
			Value: f.dnsValue.Value(),
		}}
	case methodFile:
		t.Intent.FileURL, t.Intent.FileContent = f.fileURL.Value(), f.fileBody.Value()
	}
	t.Intent.Pages = max(base.Pages, 1)
	t.Intent.Local = base.Local
	t.Intent.FirewallFiles = slices.Clone(base.FirewallFiles)
	return t, nil
}

// View renders the form.
func (f *form) View(lang i18n.Lang) string {
	s := f.styles
	var lines []string
	label := func(fl field, text string) string {
		if fl == f.focused {
			return s.Key.Render("› " + text)
		}
		return "  " + text
	}
	// What the input means, or what is wrong with it.
	hint := func(fl field, ok string) {
		err := f.fieldError(fl)
		switch {
		case err != nil && (f.tried || f.input(fl).Value() != ""):
			msg := strings.TrimPrefix(err.Error(), probes.ErrBadTarget.Error()+": ")
			lines = append(lines, s.Error.Render(truncate("    ✗ "+sanitize.Line(msg), f.width)))
		case err == nil && ok != "":
			lines = append(lines, s.OK.Render(truncate("    ✓ "+ok, f.width)))
		default:
			lines = append(lines, "")
		}
	}
	lines = append(lines, label(fieldTarget, i18n.T("Site to check", "要检查的网站").In(lang)))
	lines = append(lines, "  "+f.target.View())
	desc := ""
	if t, err := probes.ParseTarget(f.target.Value()); err == nil {
		desc = fmt.Sprintf("%s, %s %d", sanitize.Line(t.Name()), i18n.T("port", "端口").In(lang), t.Port)
	}
	hint(fieldTarget, desc)

	caLabel := label(fieldCA, i18n.T("CA brand (optional)", "证书品牌（可选）").In(lang))
	if f.focused == fieldCA {
		caLabel += s.Subtle.Render(truncate(i18n.T(" — type to filter, ↑/↓ to choose", " — 输入以筛选，↑/↓ 选择").In(lang), max(0, f.width-textWidth(caLabel))))
	}
	lines = append(lines, caLabel)
	if f.focused == fieldCA {
		lines = append(lines, "  "+f.caFilter.View())
		lines = append(lines, f.brandRows(lang)...)
	} else {
		name := i18n.T("none", "未指定").In(lang)
		if b := f.brand(); b != nil {
			name = b.Name
		}
		lines = append(lines, "    "+name)
	}

	box, yes := "[ ]", i18n.T("no", "否").In(lang)
	if f.wildcard {
		box, yes = "[x]", i18n.T("yes", "是").In(lang)
	}
	if t, err := probes.ParseTarget(f.target.Value()); err == nil && t.Intent.Wildcard {
		box, yes = "[x]", i18n.T("yes (the site starts with *.)", "是（网站以 *. 开头）").In(lang)
	}
	lines = append(lines, label(fieldWildcard, i18n.T("Wildcard certificate ", "通配符证书 ").In(lang)+box+" "+yes))

	var opts []string
	for i, name := range []string{i18n.T("none", "无").In(lang), "DNS TXT", "DNS CNAME", i18n.T("file", "文件").In(lang)} {
		mark := "( )"
		if method(i) == f.method {
			mark = "(•)"
		}
		opts = append(opts, mark+" "+name)
	}
	lines = append(lines, label(fieldMethod, truncate(i18n.T("Validation ", "验证方式 ").In(lang)+strings.Join(opts, " "), f.width-2)))
	switch f.method {
	case methodDNS, methodCNAME:
		typ, value := "TXT", i18n.T("value", "值").In(lang)
		if f.method == methodCNAME {
			typ, value = "CNAME", i18n.T("target", "目标").In(lang)
		}
		lines = append(lines, label(fieldDNSName, typ+i18n.T(" record name", " 记录名").In(lang)), "  "+f.dnsName.View())
		hint(fieldDNSName, "")
		lines = append(lines, label(fieldDNSValue, typ+i18n.T(" record ", " 记录").In(lang)+value), "  "+f.dnsValue.View())
		hint(fieldDNSValue, "")
	case methodFile:
		lines = append(lines, label(fieldFileURL, i18n.T("File URL", "文件地址").In(lang)), "  "+f.fileURL.View())
		hint(fieldFileURL, "")
		lines = append(lines, label(fieldFileContent, i18n.T("File content", "文件内容").In(lang)), "  "+f.fileBody.View())
		hint(fieldFileContent, "")
	}
	return strings.Join(lines, "\n")
}

// brandRows lists the matching brands around the cursor ("none" first).
func (f *form) brandRows(lang i18n.Lang) []string {
	s := f.styles
	names := []string{i18n.T("none", "未指定").In(lang)}
	for _, b := range f.filtered() {
		names = append(names, b.Name+s.Subtle.Render("  --ca "+b.ID))
	}
	room := clamp(f.height-14, 2, 6)
	start := clamp(f.caCursor-room/2, 0, max(0, len(names)-room))
	var rows []string
	for i := start; i < len(names) && i < start+room; i++ {
		if i == f.caCursor {
			rows = append(rows, s.Selected.Render("    › "+names[i]))
		} else {
			rows = append(rows, "      "+names[i])
		}
	}
	if len(names) == 1 && strings.TrimSpace(f.caFilter.Value()) != "" {
		rows = append(rows, s.Subtle.Render("      "+i18n.T("no brand matches", "没有匹配的品牌").In(lang)))
	}
	return rows
}

// IntentArgs are the padlock check flags that express t's intent.
func IntentArgs(t probes.Target) []string {
	var args []string
	in := t.Intent
	if in.CA != "" {
		args = append(args, "--ca", in.CA)
	}
	if in.Wildcard && !strings.HasPrefix(strings.TrimSpace(t.Input), "*.") {
		args = append(args, "--wildcard")
	}
	for _, r := range in.DNSRecords {
		flag := "--dns-record"
		if r.Type == "CNAME" {
			flag = "--dns-cname"
		}
		args = append(args, flag, r.Name+"="+r.Value)
	}
	if in.FileURL != "" {
		args = append(args, "--file-url", in.FileURL, "--file-content", in.FileContent)
	}
	if in.Pages > 1 {
		args = append(args, "--pages", strconv.Itoa(in.Pages))
	}
	if in.Local {
		args = append(args, "--local")
	}
	for _, f := range in.FirewallFiles {
		args = append(args, "--firewall-file", f)
	}
	return args
}
