package probes

// The public probe ids (DESIGN.md). They are stable: JSON reports, --only
// and --skip use them.
const (
	IDReachability   = "reachability"
	IDTLSVersions    = "tls-versions"
	IDCertificate    = "certificate"
	IDMixedContent   = "mixed-content"
	IDCAA            = "caa"
	IDDNSValidation  = "dns-validation"
	IDFileValidation = "file-validation"
	IDCAAccess       = "ca-access"
)

// All returns every probe, in the fixed order reports list them.
func All() []Probe {
	return []Probe{
		Reachability{},
		TLSVersions{},
		Certificate{},
		MixedContent{},
		CAA{},
		DNSValidation{},
		FileValidation{},
		CAAccess{},
	}
}
