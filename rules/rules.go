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

// ZHSuffix marks an evidence key that carries the Chinese rendering of
// another: evidence "reason_zh" is what "reason" says, for zh reports.
const ZHSuffix = "_zh"

// LocalValue is the evidence value for key in lang: in Chinese the value of
// key+ZHSuffix when the probe gave one, otherwise the value of key.
func LocalValue(evidence map[string]any, key string, lang i18n.Lang) (any, bool) {
	if lang == i18n.ZH {
		if v, ok := evidence[key+ZHSuffix]; ok {
			return v, true
		}
	}
	v, ok := evidence[key]
	return v, ok
}

// Fill replaces each {key} in template by the evidence value for key,
// formatted with fmt (slices joined with ", "). Unknown keys stay as they
// are. Values are not sanitised here: renderers sanitise the result.
func Fill(template string, evidence map[string]any) string {
	return FillIn(template, evidence, i18n.EN)
}

// FillIn is Fill for a language: placeholders take LocalValue.
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
		if v, ok := LocalValue(evidence, key, lang); ok {
			b.WriteString(FormatValue(v))
		} else {
			b.WriteString(template[open : open+end+1])
		}
		template = template[open+end+1:]
	}
	b.WriteString(template)
	return b.String()
}

// FormatValue renders one evidence value for people.
func FormatValue(v any) string {
	switch v := v.(type) {
	case []string:
		return strings.Join(v, ", ")
	case []any:
		parts := make([]string, len(v))
		for i, x := range v {
			parts[i] = FormatValue(x)
		}
		return strings.Join(parts, ", ")
	case nil:
		return ""
	}
	return fmt.Sprint(v)
}
