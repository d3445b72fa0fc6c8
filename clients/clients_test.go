package clients

import (
	"reflect"
	"testing"
)

func TestChainVerdicts(t *testing.T) {
	all := Builtin()
	for _, tc := range []struct {
		name  string
		chain Chain
		want  []Verdict
	}{
		{"complete", Chain{Complete: true}, []Verdict{{"all clients", true, "the chain is complete as sent"}}},
		{"broken", Chain{}, []Verdict{{"all clients", false, "no trusted chain can be built"}}},
		{"aia, public", Chain{CompletableViaAIA: true, PublicIntermediate: true}, []Verdict{
			{"Chrome, Edge, Safari (desktop)", true, "fetch the missing intermediate through AIA"},
			{"Firefox", true, "preloads publicly disclosed intermediates"},
			{"Android apps and some Android browsers", false, "do not fetch intermediates"},
			{"Java, curl, Go, Python, most API clients", false, "do not fetch intermediates"},
		}},
		{"aia, private", Chain{CompletableViaAIA: true}, []Verdict{
			{"Chrome, Edge, Safari (desktop)", true, "fetch the missing intermediate through AIA"},
			{"Firefox", false, "the intermediate is private, so not in Firefox's preloaded list"},
			{"Android apps and some Android browsers", false, "do not fetch intermediates"},
			{"Java, curl, Go, Python, most API clients", false, "do not fetch intermediates"},
		}},
	} {
		if got := ChainVerdicts(all, tc.chain); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s:\n got %v\nwant %v", tc.name, got, tc.want)
		}
	}
}

func TestProfilesAreSourced(t *testing.T) {
	seen := map[string]bool{}
	for _, p := range Builtin() {
		if p.ID == "" || p.Name == "" || p.Family == "" || p.Source == "" || p.AsOf == "" {
			t.Errorf("incomplete profile %+v", p)
		}
		if seen[p.ID] {
			t.Errorf("profile %s twice", p.ID)
		}
		seen[p.ID] = true
	}
}
