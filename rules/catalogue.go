// The Catalogue: probe texts and finding entries of one registry.

package rules

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"padlock/i18n"
)

// ProbeText is what the catalogue says about a probe as a whole: its title
// and, for the guided mode and the docs, what it checks and why.
type ProbeText struct {
	ID    string
	Title i18n.Text
	What  i18n.Text
	Why   i18n.Text
	// Evidence labels the evidence keys of the probe's findings; a key
	// without a label is shown as itself.
	Evidence map[string]i18n.Text
}

// Catalogue explains the probes of one registry and every finding id they
// may emit. It is built once (probes.Registry builds it from the probes'
// descriptors) and read-only afterwards, so it is safe for concurrent use.
type Catalogue struct {
	probes   map[string]ProbeText
	order    []string
	entries  map[string]Entry
	evidence map[string]i18n.Text // shared evidence labels
}

// NewCatalogue returns a catalogue with the shared evidence labels and no
// probe.
func NewCatalogue() *Catalogue {
	return &Catalogue{probes: map[string]ProbeText{}, entries: map[string]Entry{}, evidence: EvidenceLabels()}
}

// AddProbe adds a probe's texts and the entries of its findings. Every
// entry id must start with the probe id and a dot, and no id may be added
// twice.
func (c *Catalogue) AddProbe(p ProbeText, entries ...Entry) error {
	if p.ID == "" {
		return fmt.Errorf("rules: a probe without an id")
	}
	if _, dup := c.probes[p.ID]; dup {
		return fmt.Errorf("rules: probe %q added twice", p.ID)
	}
	for _, e := range entries {
		if !strings.HasPrefix(e.ID, p.ID+".") {
			return fmt.Errorf("rules: probe %q owns finding %q, which does not start with %q", p.ID, e.ID, p.ID+".")
		}
	}
	if err := c.AddEntries(entries...); err != nil {
		return err
	}
	c.probes[p.ID] = p
	c.order = append(c.order, p.ID)
	return nil
}

// AddEntries adds entries that belong to no probe (the runner's own).
func (c *Catalogue) AddEntries(entries ...Entry) error {
	for _, e := range entries {
		if _, dup := c.entries[e.ID]; dup {
			return fmt.Errorf("rules: duplicate catalogue entry %s", e.ID)
		}
	}
	for _, e := range entries {
		c.entries[e.ID] = e
	}
	return nil
}

// Lookup returns the entry for a finding id.
func (c *Catalogue) Lookup(id string) (Entry, bool) {
	e, ok := c.entries[id]
	return e, ok
}

// IDs returns every catalogued finding id, sorted.
func (c *Catalogue) IDs() []string { return slices.Sorted(maps.Keys(c.entries)) }

// ProbeIDs returns the probe ids in the order they were added.
func (c *Catalogue) ProbeIDs() []string { return slices.Clone(c.order) }

// Probe returns the texts of probe id; an unknown id gets itself as title.
func (c *Catalogue) Probe(id string) ProbeText {
	if p, ok := c.probes[id]; ok {
		return p
	}
	return ProbeText{ID: id, Title: i18n.Same(id)}
}

// ProbeTitle is Probe(id).Title.
func (c *Catalogue) ProbeTitle(id string) i18n.Text { return c.Probe(id).Title }

// EvidenceLabel is how evidence key of finding id is labelled: the label
// its probe declares, else the shared one, else the key itself.
func (c *Catalogue) EvidenceLabel(findingID, key string) i18n.Text {
	probe, _, _ := strings.Cut(findingID, ".")
	if t, ok := c.probes[probe].Evidence[key]; ok {
		return t
	}
	if t, ok := c.evidence[key]; ok {
		return t
	}
	return i18n.Same(key)
}
