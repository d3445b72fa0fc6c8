package i18n

import "testing"

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
