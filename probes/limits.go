// Limits: every deadline and size cap of a run, and --limit NAME=VALUE.

package probes

import (
	"fmt"
	"net/netip"
	"sort"
	"strconv"
	"strings"
	"time"
)

// limitField describes one settable limit for --limit NAME=VALUE.
type limitField struct {
	doc   string
	size  func(*Limits) *int64
	count func(*Limits) *int
	dur   func(*Limits) *time.Duration
}

func limitFields() map[string]limitField {
	return map[string]limitField{
		"probe-timeout": {doc: "deadline of each probe (also --timeout)", dur: func(l *Limits) *time.Duration { return &l.ProbeTimeout }},
		"dial-timeout":  {doc: "one TCP connect", dur: func(l *Limits) *time.Duration { return &l.DialTimeout }},
		"dns-timeout":   {doc: "one DNS exchange", dur: func(l *Limits) *time.Duration { return &l.DNSTimeout }},
		"body":          {doc: "one HTTP response body", size: func(l *Limits) *int64 { return &l.MaxBody }},
		"headers":       {doc: "one HTTP response header block", size: func(l *Limits) *int64 { return &l.MaxHeaderBytes }},
		"fetch":         {doc: "one AIA, OCSP or CRL download", size: func(l *Limits) *int64 { return &l.MaxFetch }},
		"css":           {doc: "stylesheet bytes fetched per page", size: func(l *Limits) *int64 { return &l.MaxCSS }},
		"stylesheets":   {doc: "stylesheets fetched per crawl, @imports included", count: func(l *Limits) *int { return &l.MaxStylesheets }},
		"import-depth":  {doc: "@import nesting followed", count: func(l *Limits) *int { return &l.MaxImportDepth }},
		"crawl":         {doc: "all pages of one mixed-content crawl together", size: func(l *Limits) *int64 { return &l.MaxCrawlBytes }},
		"redirects":     {doc: "redirect hops followed to show where they lead", count: func(l *Limits) *int { return &l.MaxRedirects }},
		"chain-certs":   {doc: "certificates accepted in one chain", count: func(l *Limits) *int { return &l.MaxChainCerts }},
		"addresses":     {doc: "addresses probed per name", count: func(l *Limits) *int { return &l.MaxAddresses }},
		"pages":         {doc: "pages crawled for mixed content", count: func(l *Limits) *int { return &l.MaxPages }},
		"html-depth":    {doc: "element nesting depth examined", count: func(l *Limits) *int { return &l.MaxHTMLDepth }},
		"workers":       {doc: "concurrent connections per probe", count: func(l *Limits) *int { return &l.Workers }},
	}
}

// LimitNames lists the names --limit accepts, sorted.
func LimitNames() []string {
	var names []string
	for n := range limitFields() {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// LimitDoc describes each limit with its value in l, one "name=value  doc"
// line per limit, for help text and the README.
func (l Limits) LimitDoc() []string {
	fields := limitFields()
	var lines []string
	for _, n := range LimitNames() {
		f := fields[n]
		var v string
		switch {
		case f.size != nil:
			v = FormatSize(*f.size(&l))
		case f.count != nil:
			v = strconv.Itoa(*f.count(&l))
		default:
			v = f.dur(&l).String()
		}
		lines = append(lines, fmt.Sprintf("%-14s %-8s %s", n, v, f.doc))
	}
	return lines
}

// Set changes the limit called name to value: sizes take an optional KiB,
// MiB or GiB suffix, durations Go's syntax (500ms, 10s).
func (l *Limits) Set(name, value string) error {
	f, ok := limitFields()[name]
	if !ok {
		return fmt.Errorf("unknown limit %q (known: %s)", name, strings.Join(LimitNames(), ", "))
	}
	switch {
	case f.size != nil:
		n, err := ParseSize(value)
		if err != nil {
			return fmt.Errorf("limit %s: %w", name, err)
		}
		*f.size(l) = n
	case f.count != nil:
		n, err := strconv.Atoi(value)
		if err != nil || n < 1 {
			return fmt.Errorf("limit %s: %q is not a positive whole number", name, value)
		}
		*f.count(l) = n
	default:
		d, err := time.ParseDuration(value)
		if err != nil || d <= 0 {
			return fmt.Errorf("limit %s: %q is not a positive duration", name, value)
		}
		*f.dur(l) = d
	}
	return nil
}

// ParseSize parses "2048", "64KiB", "2MiB", "1GiB" (KB/MB/GB mean the same).
func ParseSize(s string) (int64, error) {
	t := strings.TrimSpace(s)
	mult := int64(1)
	for _, u := range []struct {
		suffixes []string
		mult     int64
	}{
		{[]string{"GiB", "GB", "G"}, 1 << 30},
		{[]string{"MiB", "MB", "M"}, 1 << 20},
		{[]string{"KiB", "KB", "K"}, 1 << 10},
		{[]string{"B"}, 1},
	} {
		for _, suf := range u.suffixes {
			if strings.HasSuffix(t, suf) {
				t, mult = strings.TrimSuffix(t, suf), u.mult
				goto parsed
			}
		}
	}
parsed:
	n, err := strconv.ParseInt(strings.TrimSpace(t), 10, 64)
	if err != nil || n < 1 || n > (1<<40)/mult {
		return 0, fmt.Errorf("%q is not a size (e.g. 512KiB, 2MiB)", s)
	}
	return n * mult, nil
}

// FormatSize renders a byte count with the largest exact binary unit.
func FormatSize(n int64) string {
	switch {
	case n >= 1<<30 && n%(1<<30) == 0:
		return fmt.Sprintf("%dGiB", n>>30)
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%dMiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%dKiB", n>>10)
	}
	return fmt.Sprintf("%dB", n)
}

// CapAddrs keeps the first MaxAddresses of addrs (all when it is 0) and
// says how many it left out; reports count those as not probed.
func (l Limits) CapAddrs(addrs []netip.Addr) (kept []netip.Addr, notProbed int) {
	if l.MaxAddresses > 0 && len(addrs) > l.MaxAddresses {
		return addrs[:l.MaxAddresses], len(addrs) - l.MaxAddresses
	}
	return addrs, 0
}
