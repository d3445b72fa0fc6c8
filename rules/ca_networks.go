// The CA validation networks table: published validation addresses per brand.

package rules

import (
	"net/netip"
	"slices"

	"padlock/i18n"
)

// FAQBrand is the brand whose validation addresses the FAQ lists: the
// provider's free DV certificates are issued through Sectigo. Probes use it
// when the user names no CA.
const FAQBrand = "sectigo"

// ValidationNetwork is one address block a CA's domain-validation servers
// connect from.
type ValidationNetwork struct {
	// Prefix is the block; a single address is a /32 or /128.
	Prefix netip.Prefix
	// Source says where padlock has it from.
	Source string
}

// ValidationSource is what padlock knows about one brand's validation
// addresses.
type ValidationSource struct {
	// Brand is the brand id (as in Brands).
	Brand string
	// Networks are the published blocks; empty when the CA publishes none.
	Networks []ValidationNetwork
	// Note explains an empty list (or qualifies a short one).
	Note i18n.Text
}

// Published reports whether padlock has validation addresses for the brand.
func (v ValidationSource) Published() bool { return len(v.Networks) > 0 }

const faqSource = "the provider's SSL FAQ, 免费 SSL 证书颁发时间过长或颁发失败排查方案: allow-list these for its free (Sectigo-issued) certificates"

// validationSources is the table. Add a brand only with a source a reader
// can check; never guess addresses.
var validationSources = []ValidationSource{
	{
		Brand: "sectigo",
		Networks: []ValidationNetwork{
			{Prefix: netip.MustParsePrefix("64.78.193.238/32"), Source: faqSource},
			{Prefix: netip.MustParsePrefix("216.168.247.9/32"), Source: faqSource},
		},
		Note: i18n.Text{
			EN: "These are the two addresses the FAQ names for its free certificates. Sectigo may validate from further, unlisted addresses, and under multi-perspective validation from several regions.",
			ZH: "这是 FAQ 为其免费证书列出的两个地址。Sectigo 还可能从其他未公布的地址验证，并且在多视角验证下会从多个地区同时访问。",
		},
	},
	{
		Brand: "letsencrypt",
		Note: i18n.Text{
			EN: "Let's Encrypt publishes no fixed validation addresses and says they change without notice; it validates from several regions at once. Do not allow-list by address: keep port 80 open to everyone.",
			ZH: "Let's Encrypt 不公布固定的验证 IP，并说明这些地址会随时变化；它同时从多个地区验证。不要按 IP 放行，应对所有来源开放 80 端口。",
		},
	},
}

var unlistedNote = i18n.Text{
	EN: "padlock knows no address list published by this CA. Ask the CA for its validation addresses, or keep ports 80 and 443 open to every source while validating.",
	ZH: "padlock 没有该 CA 公布的验证地址列表。请向 CA 索取其验证 IP，或在验证期间对所有来源开放 80 和 443 端口。",
}

// ValidationNetworks returns what padlock knows about a brand's validation
// addresses; an empty brand means FAQBrand. Unknown or unlisted brands get
// an empty list with a note saying so.
func ValidationNetworks(brand string) ValidationSource {
	id := FAQBrand
	if brand != "" {
		id = brand
		if b, ok := LookupBrand(brand); ok {
			id = b.ID
		}
	}
	for _, v := range validationSources {
		if v.Brand == id {
			v.Networks = slices.Clone(v.Networks)
			return v
		}
	}
	return ValidationSource{Brand: id, Note: unlistedNote}
}
