// Package rules is padlock's remediation catalogue: for every finding id a
// probe can emit, its default severity, a title, why it matters, the fix
// steps and the FAQ section the advice rests on, in English and Simplified
// Chinese. It also holds the CA brand tables the probes consult.
//
// Each probe's entries live in rules/<probe>.go as one exported function
// (ReachabilityEntries, ...) that the probe's descriptor (package probes)
// names; probes.Registry gathers the descriptors into a Catalogue, which
// the report and the UI read. Nothing here lists the probes.
//
// The text is padlock's own, written from the facts in FAQ-FACTS.md.
package rules

import (
	"fmt"
	"strings"

	"padlock/i18n"
)

// Entry explains one finding id.
type Entry struct {
	// ID is the finding id, "probe.what".
	ID string
	// Severity is the default: "info", "warn", "fail" or "error".
	Severity string
	// Title is one line. It may hold {placeholders} naming evidence keys,
	// filled by Fill.
	Title i18n.Text
	// Why says why it matters: who breaks (browsers, Android, the CA).
	Why i18n.Text
	// Steps are the fix, in order. Commands and configuration lines stay
	// as they are in both languages.
	Steps []i18n.Text
	// FAQ is the title of the FAQ section the advice rests on, in Chinese
	// as in FAQ-FACTS.md (several separated by " / ").
	FAQ string
}

// Fill replaces each {key} in template by the evidence value for key,
// formatted for English (slices joined with ", "). Unknown keys stay as
// they are. Values are not sanitised here: renderers sanitise the result.
func Fill(template string, evidence map[string]any) string {
	return FillIn(template, evidence, i18n.EN)
}

// FillIn is Fill for a language: a value that renders itself in a
// language (an i18n.Text, a probes.Failure) is rendered in lang.
func FillIn(template string, evidence map[string]any, lang i18n.Lang) string {
	if !strings.Contains(template, "{") {
		return template
	}
	var b strings.Builder
	for {
		open := strings.IndexByte(template, '{')
		if open < 0 {
			break
		}
		end := strings.IndexByte(template[open:], '}')
		if end < 0 {
			break
		}
		key := template[open+1 : open+end]
		b.WriteString(template[:open])
		if v, ok := evidence[key]; ok {
			b.WriteString(FormatValue(v, lang))
		} else {
			b.WriteString(template[open : open+end+1])
		}
		template = template[open+end+1:]
	}
	b.WriteString(template)
	return b.String()
}

// FormatValue renders one evidence value for people reading lang, the way
// it reads inside a sentence.
func FormatValue(v any, lang i18n.Lang) string {
	switch v := v.(type) {
	case i18n.Localizer:
		return v.In(lang)
	case []string:
		return strings.Join(v, ", ")
	case []i18n.Text:
		parts := make([]string, len(v))
		for i, x := range v {
			parts[i] = x.In(lang)
		}
		return strings.Join(parts, ", ")
	case []any:
		parts := make([]string, len(v))
		for i, x := range v {
			parts[i] = FormatValue(x, lang)
		}
		return strings.Join(parts, ", ")
	case nil:
		return ""
	}
	return fmt.Sprint(v)
}

// Detailer is implemented by evidence values that carry a technical
// detail besides their plain text (a failure's raw error).
type Detailer interface {
	Detail() string
}

// FormatEvidence renders one evidence value for the evidence list: as
// FormatValue, followed by its technical detail when it has one.
func FormatEvidence(v any, lang i18n.Lang) string {
	s := FormatValue(v, lang)
	if d, ok := v.(Detailer); ok && d.Detail() != "" && d.Detail() != s {
		if lang == i18n.ZH {
			return s + "（" + d.Detail() + "）"
		}
		return s + " (" + d.Detail() + ")"
	}
	return s
}
