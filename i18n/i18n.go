// Package i18n is padlock's one idea of user-facing text: a Lang, a Text
// that holds one string in every supported language, and the rendering of
// both (In, Format). The rules catalogue, the report and the UI all speak
// through it, so adding a language is adding a field here and its strings
// in the catalogues, never a change to a probe.
package i18n

import (
	"fmt"
	"strings"
	"time"
)

// Lang is a language of reports and screens.
type Lang string

// The languages every user-facing string is written in.
const (
	EN Lang = "en"
	ZH Lang = "zh"
)

// Langs lists the supported languages.
func Langs() []Lang { return []Lang{EN, ZH} }

// ParseLang accepts "en", "zh" and locale names such as "zh_CN.UTF-8".
func ParseLang(s string) (Lang, error) {
	l := strings.ToLower(s)
	switch {
	case strings.HasPrefix(l, "zh"):
		return ZH, nil
	case strings.HasPrefix(l, "en"), l == "c", l == "posix", l == "":
		return EN, nil
	}
	return "", fmt.Errorf("unsupported language %q (use en or zh)", s)
}

// Text is one user-facing string in every supported language. The zero
// Text is empty in every language.
type Text struct {
	EN string
	ZH string
}

// T is shorthand for Text{EN: en, ZH: zh}, for text written in place.
func T(en, zh string) Text { return Text{EN: en, ZH: zh} }

// Same is a Text that reads the same in every language: a command, a
// protocol name, an identifier.
func Same(s string) Text { return Text{EN: s, ZH: s} }

// In returns the text in lang, falling back to English.
func (t Text) In(lang Lang) string {
	if lang == ZH && t.ZH != "" {
		return t.ZH
	}
	return t.EN
}

// Format renders the text in lang as a fmt format with args.
func (t Text) Format(lang Lang, args ...any) string {
	return fmt.Sprintf(t.In(lang), args...)
}

// IsZero reports whether t holds no text at all.
func (t Text) IsZero() bool { return t == Text{} }

// String is the English text, so that a Text in a log or a %v reads well.
func (t Text) String() string { return t.EN }

// MarshalText renders a Text as its English string where no language is
// known (a report renders it in the reader's language first).
func (t Text) MarshalText() ([]byte, error) { return []byte(t.EN), nil }

// Localizer is implemented by values that render themselves in a language:
// a Text, an error cause, a duration. Renderers call it on evidence values.
type Localizer interface {
	In(lang Lang) string
}

// Duration is d for people, to the second: "1 h 30 min", "10 min", "45 s"
// in English, "1 小时 30 分钟", "10 分钟", "45 秒" in Chinese (never Go's
// "1h30m0s"). Under a second it is in milliseconds.
func Duration(d time.Duration) Text {
	if d < time.Second {
		ms := fmt.Sprintf("%d ms", d.Milliseconds())
		return Text{EN: ms, ZH: fmt.Sprintf("%d 毫秒", d.Milliseconds())}
	}
	d = d.Round(time.Second)
	type unit struct {
		size   time.Duration
		en, zh string
	}
	var en, zh []string
	for _, u := range []unit{{24 * time.Hour, "d", "天"}, {time.Hour, "h", "小时"}, {time.Minute, "min", "分钟"}, {time.Second, "s", "秒"}} {
		if n := d / u.size; n > 0 {
			en = append(en, fmt.Sprintf("%d %s", n, u.en))
			zh = append(zh, fmt.Sprintf("%d %s", n, u.zh))
			d -= n * u.size
		}
	}
	return Text{EN: strings.Join(en, " "), ZH: strings.Join(zh, " ")}
}
