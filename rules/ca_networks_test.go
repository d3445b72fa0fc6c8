package rules

import (
	"net/netip"
	"slices"
	"testing"
)

func TestValidationNetworks(t *testing.T) {
	faq := ValidationNetworks("")
	if faq.Brand != "sectigo" {
		t.Fatalf("default brand %q, want sectigo", faq.Brand)
	}
	var got []netip.Prefix
	for _, n := range faq.Networks {
		got = append(got, n.Prefix)
		if n.Source == "" {
			t.Errorf("%s has no source", n.Prefix)
		}
	}
	want := []netip.Prefix{netip.MustParsePrefix("64.78.193.238/32"), netip.MustParsePrefix("216.168.247.9/32")}
	if !slices.Equal(got, want) {
		t.Errorf("FAQ networks %v, want %v", got, want)
	}
	le := ValidationNetworks("Lets-Encrypt")
	if le.Brand != "letsencrypt" || le.Published() || le.Note.EN == "" || le.Note.ZH == "" {
		t.Errorf("letsencrypt: %+v", le)
	}
	if u := ValidationNetworks("globalsign"); u.Published() || u.Note.EN == "" {
		t.Errorf("unlisted brand: %+v", u)
	}
	// The table is not shared: callers may not change it.
	faq.Networks[0].Prefix = netip.Prefix{}
	if !ValidationNetworks("sectigo").Networks[0].Prefix.IsValid() {
		t.Error("ValidationNetworks returned the table itself")
	}
}
