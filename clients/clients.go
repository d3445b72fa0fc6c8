// Package clients describes real TLS clients as data: which ones fetch a
// missing intermediate through AIA, which preload intermediates, and which
// family a report groups them under. The certificate probe asks it who
// accepts a chain; client simulation (handshake profiles, root stores,
// policies) extends the same table.
package clients

// Profile is one kind of client.
type Profile struct {
	// ID is stable ("chrome-desktop", "android", "java").
	ID string
	// Name is the client for people.
	Name string
	// Family is the line a report groups the client under ("Chrome, Edge,
	// Safari (desktop)").
	Family string
	// FetchesAIA is set for clients that download a missing intermediate
	// from the certificate's AIA caIssuers URL.
	FetchesAIA bool
	// PreloadsIntermediates is set for clients that ship the publicly
	// disclosed intermediates (Firefox).
	PreloadsIntermediates bool
	// Source says where the facts come from, and AsOf when they were true.
	Source, AsOf string
}

// Builtin returns the profiles padlock knows, in report order.
func Builtin() []Profile {
	const desktop = "Chrome, Edge, Safari (desktop)"
	const android = "Android apps and some Android browsers"
	const api = "Java, curl, Go, Python, most API clients"
	const aia = "the FAQ (如何补全 SSL 证书链？): desktop browsers fetch a missing intermediate through AIA, some Android clients do not"
	return []Profile{
		{ID: "chrome-desktop", Name: "Chrome (desktop)", Family: desktop, FetchesAIA: true, Source: aia, AsOf: "2026-12"},
		{ID: "edge-desktop", Name: "Edge (desktop)", Family: desktop, FetchesAIA: true, Source: aia, AsOf: "2026-12"},
		{ID: "safari-macos", Name: "Safari (macOS)", Family: desktop, FetchesAIA: true, Source: aia, AsOf: "2026-12"},
		{ID: "firefox", Name: "Firefox", Family: "Firefox", PreloadsIntermediates: true,
			Source: "Mozilla ships the intermediates disclosed to the CCADB (intermediate preloading)", AsOf: "2026-12"},
		{ID: "android", Name: "Android apps and WebView", Family: android, Source: aia, AsOf: "2026-12"},
		{ID: "java", Name: "Java", Family: api, Source: "Java does not fetch intermediates unless com.sun.security.enableAIAcaIssuers is set", AsOf: "2026-12"},
		{ID: "curl", Name: "curl (OpenSSL)", Family: api, Source: "OpenSSL does not fetch intermediates", AsOf: "2026-12"},
		{ID: "go", Name: "Go", Family: api, Source: "crypto/x509 does not fetch intermediates", AsOf: "2026-12"},
		{ID: "python", Name: "Python requests (certifi)", Family: api, Source: "OpenSSL does not fetch intermediates", AsOf: "2026-12"},
	}
}

// Chain is what the certificate probe learnt about a served chain.
type Chain struct {
	// Complete is set when the chain verifies as sent.
	Complete bool
	// CompletableViaAIA is set when fetching the AIA intermediate(s)
	// completes it.
	CompletableViaAIA bool
	// PublicIntermediate is set when the missing intermediate is public
	// (so preloaded by Firefox).
	PublicIntermediate bool
}

// Verdict is whether one family of clients accepts a chain, and why.
type Verdict struct {
	Client string `json:"client"`
	Works  bool   `json:"works"`
	Why    string `json:"why"`
}

// Accepts reports whether p accepts chain c, and why.
func (p Profile) Accepts(c Chain) (bool, string) {
	switch {
	case c.Complete:
		return true, "the chain is complete as sent"
	case !c.CompletableViaAIA:
		return false, "no trusted chain can be built"
	case p.PreloadsIntermediates && c.PublicIntermediate:
		return true, "preloads publicly disclosed intermediates"
	case p.PreloadsIntermediates:
		return false, "the intermediate is private, so not in Firefox's preloaded list"
	case p.FetchesAIA:
		return true, "fetch the missing intermediate through AIA"
	}
	return false, "do not fetch intermediates"
}

// ChainVerdicts says who among profiles accepts chain c, one verdict per
// family in the profiles' order; when every client agrees, one verdict
// for "all clients".
func ChainVerdicts(profiles []Profile, c Chain) []Verdict {
	if c.Complete || !c.CompletableViaAIA {
		works, why := Profile{}.Accepts(c)
		return []Verdict{{Client: "all clients", Works: works, Why: why}}
	}
	var out []Verdict
	seen := map[string]bool{}
	for _, p := range profiles {
		if seen[p.Family] {
			continue
		}
		seen[p.Family] = true
		works, why := p.Accepts(c)
		out = append(out, Verdict{Client: p.Family, Works: works, Why: why})
	}
	return out
}
