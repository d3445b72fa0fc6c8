package probes

import (
	"testing"
	"time"
)

func TestLimitsSet(t *testing.T) {
	l := DefaultLimits()
	for _, tt := range []struct{ name, value string }{
		{"body", "4MiB"}, {"redirects", "20"}, {"dns-timeout", "500ms"}, {"fetch", "128KiB"},
	} {
		if err := l.Set(tt.name, tt.value); err != nil {
			t.Fatalf("Set(%s, %s): %v", tt.name, tt.value, err)
		}
	}
	if l.MaxBody != 4<<20 || l.MaxRedirects != 20 || l.DNSTimeout != 500*time.Millisecond || l.MaxFetch != 128<<10 {
		t.Errorf("limits not set: %+v", l)
	}
	for _, bad := range [][2]string{{"nope", "1"}, {"body", "lots"}, {"body", "-1"}, {"redirects", "0"}, {"dial-timeout", "soon"}} {
		if err := l.Set(bad[0], bad[1]); err == nil {
			t.Errorf("Set(%s, %s) accepted", bad[0], bad[1])
		}
	}
}

func TestSizeRoundTrip(t *testing.T) {
	for _, n := range []int64{1, 1000, 1 << 10, 64 << 10, 2 << 20, 3 << 30} {
		got, err := ParseSize(FormatSize(n))
		if err != nil || got != n {
			t.Errorf("ParseSize(FormatSize(%d)) = %d, %v", n, got, err)
		}
	}
	if len(DefaultLimits().LimitDoc()) != len(LimitNames()) {
		t.Error("LimitDoc misses a limit")
	}
}
