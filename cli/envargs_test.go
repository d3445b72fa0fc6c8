package cli

import (
	"io"
	"slices"
	"testing"
)

// The command line the UI copies (Y) after the form rebuilds the run's
// environment from envArgs: every flag that shapes the environment must
// survive the round trip, or the copied command checks something else.
func TestEnvArgsRoundTrip(t *testing.T) {
	args := []string{
		"--resolver", "127.0.0.1:5353", "--ca-file", "root.pem", "--no-system-roots",
		"--connect-to", "a.test:443:127.0.0.2:8443", "--only", "caa,certificate", "--skip", "caa",
		"--timeout", "3s", "--lang", "zh", "--limit", "body=8MiB", "--limit", "redirects=20",
	}
	var o Options
	if err := parseArgs(newFlagSet("padlock", &o, io.Discard), args, &o); err != nil {
		t.Fatal(err)
	}
	var back Options
	if err := parseArgs(newFlagSet("padlock", &back, io.Discard), o.envArgs(), &back); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name      string
		got, want []string
	}{
		{"--resolver", back.Resolvers, o.Resolvers},
		{"--ca-file", back.CAFiles, o.CAFiles},
		{"--connect-to", back.ConnectTo, o.ConnectTo},
		{"--only", []string{back.Only}, []string{o.Only}},
		{"--skip", []string{back.Skip}, []string{o.Skip}},
		{"--lang", []string{back.Lang}, []string{o.Lang}},
		{"--limit", back.Limits, o.Limits},
	} {
		if !slices.Equal(c.got, c.want) {
			t.Errorf("%s: envArgs gives %q, want %q", c.name, c.got, c.want)
		}
	}
	if back.Timeout != o.Timeout || back.NoSystemRoots != o.NoSystemRoots {
		t.Errorf("--timeout/--no-system-roots lost: %v %v", back.Timeout, back.NoSystemRoots)
	}
}

// On a terminal, flags that only the printed report honours send
// "padlock TARGET" (and the demo) to check instead of the UI, which would
// ignore them.
func TestWantsReport(t *testing.T) {
	for _, c := range []struct {
		args []string
		want bool
	}{
		{[]string{"a.test"}, false},
		{[]string{"--guided", "--lang", "zh", "a.test"}, false},
		{[]string{"--format", "text", "a.test"}, false},
		{[]string{"-o", "r.txt", "a.test"}, true},
		{[]string{"--save-chain", "fullchain.pem", "a.test"}, true},
		{[]string{"--format", "json", "a.test"}, true},
	} {
		var o Options
		if err := parseArgs(newFlagSet("padlock", &o, io.Discard), c.args, &o); err != nil {
			t.Fatal(err)
		}
		if got := o.wantsReport(); got != c.want {
			t.Errorf("%q: wantsReport = %v, want %v", c.args, got, c.want)
		}
	}
}
