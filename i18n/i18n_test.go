package i18n

import (
	"testing"
	"time"
)

func TestParseLang(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Lang
		bad  bool
	}{
		{"en", EN, false}, {"zh", ZH, false}, {"zh_CN.UTF-8", ZH, false},
		{"C", EN, false}, {"", EN, false}, {"en_GB", EN, false}, {"fr", "", true},
	} {
		got, err := ParseLang(tc.in)
		if (err != nil) != tc.bad || got != tc.want {
			t.Errorf("ParseLang(%q) = %q, %v", tc.in, got, err)
		}
	}
}

func TestTextIn(t *testing.T) {
	x := T("Check %d of %d", "第 %d 项，共 %d 项")
	if got := x.Format(ZH, 1, 8); got != "第 1 项，共 8 项" {
		t.Errorf("zh: %q", got)
	}
	if got := x.Format(EN, 1, 8); got != "Check 1 of 8" {
		t.Errorf("en: %q", got)
	}
	if got := T("only English", "").In(ZH); got != "only English" {
		t.Errorf("fallback: %q", got)
	}
	if !(Text{}).IsZero() || Same("x").IsZero() {
		t.Error("IsZero")
	}
}

func TestDuration(t *testing.T) {
	for _, tc := range []struct {
		d      time.Duration
		en, zh string
	}{
		{40 * time.Millisecond, "40 ms", "40 毫秒"},
		{45 * time.Second, "45 s", "45 秒"},
		{10 * time.Minute, "10 min", "10 分钟"},
		{time.Hour, "1 h", "1 小时"},
		{90 * time.Minute, "1 h 30 min", "1 小时 30 分钟"},
		{49 * time.Hour, "2 d 1 h", "2 天 1 小时"},
	} {
		got := Duration(tc.d)
		if got.EN != tc.en || got.ZH != tc.zh {
			t.Errorf("Duration(%v) = %+v, want %q / %q", tc.d, got, tc.en, tc.zh)
		}
	}
}
