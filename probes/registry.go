// The Registry: the ordered set of probes a run can choose from, and the
// catalogue built from their descriptors.

package probes

import (
	"fmt"
	"slices"
	"strings"

	"padlock/rules"
)

// Registry is an ordered set of probes and the catalogue built from their
// descriptors. It is immutable once made: Builtin returns a new one each
// time, and a test can make its own with a toy probe added.
type Registry struct {
	probes    []Probe
	catalogue *rules.Catalogue
}

// NewRegistry returns a registry of ps, in that order (the order reports
// list them). It fails when two probes share an id, a probe's finding id
// does not start with its own id, or a finding id appears twice.
func NewRegistry(ps ...Probe) (*Registry, error) {
	c := rules.NewCatalogue()
	if err := c.AddEntries(rules.EngineEntries()...); err != nil {
		return nil, err
	}
	for _, p := range ps {
		d := p.Describe()
		if err := c.AddProbe(d.Text(), d.Findings...); err != nil {
			return nil, err
		}
	}
	return &Registry{probes: slices.Clone(ps), catalogue: c}, nil
}

// Builtin returns the registry of padlock's own probes, in the fixed order
// reports list them.
func Builtin() *Registry {
	r, err := NewRegistry(
		Reachability{},
		TLSVersions{},
		Certificate{},
		MixedContent{},
		CAA{},
		DNSValidation{},
		FileValidation{},
		CAAccess{},
	)
	if err != nil {
		panic("probes: the built-in registry is inconsistent: " + err.Error()) // a test proves it is not
	}
	return r
}

// All returns the built-in probes, in order.
func All() []Probe { return Builtin().Probes() }

// Probes returns the registry's probes, in order.
func (r *Registry) Probes() []Probe { return slices.Clone(r.probes) }

// Descriptors returns the probes' descriptors, in order.
func (r *Registry) Descriptors() []Descriptor {
	out := make([]Descriptor, len(r.probes))
	for i, p := range r.probes {
		out[i] = p.Describe()
	}
	return out
}

// IDs returns the probe ids, in order.
func (r *Registry) IDs() []string {
	out := make([]string, len(r.probes))
	for i, p := range r.probes {
		out[i] = p.Describe().ID
	}
	return out
}

// Probe returns the probe with id.
func (r *Registry) Probe(id string) (Probe, bool) {
	for _, p := range r.probes {
		if p.Describe().ID == id {
			return p, true
		}
	}
	return nil, false
}

// Catalogue explains the registry's probes and findings.
func (r *Registry) Catalogue() *rules.Catalogue { return r.catalogue }

// Select returns the probes whose ids are in only (all when only is empty)
// and not in skip, in registry order. Unknown ids are an error.
func (r *Registry) Select(only, skip []string) ([]Probe, error) {
	known := r.IDs()
	for _, id := range append(slices.Clone(only), skip...) {
		if !slices.Contains(known, id) {
			return nil, fmt.Errorf("unknown probe %q (known: %s)", id, strings.Join(known, ", "))
		}
	}
	var out []Probe
	for _, p := range r.probes {
		id := p.Describe().ID
		if (len(only) == 0 || slices.Contains(only, id)) && !slices.Contains(skip, id) {
			out = append(out, p)
		}
	}
	return out, nil
}
