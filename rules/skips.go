// Translations of the reasons probes give for not applying.

package rules

import "padlock/i18n"

// skipReasons translates the reasons probes give for not applying
// (probes.Skipped), keyed by the English text the probe returns.
var skipReasons = map[string]string{
	"the CA validates names; an IP address target has no DNS view":                             "CA 验证的是域名；以 IP 地址为目标时没有可比对的 DNS 视角",
	"CAA records apply to domain names, not IP addresses":                                      "CAA 记录只适用于域名，不适用于 IP 地址",
	"no validation record given (--dns-record NAME=VALUE or --dns-cname NAME=TARGET)":          "未指定验证记录（用 --dns-record NAME=VALUE 或 --dns-cname NAME=TARGET 指定）",
	"a wildcard certificate can only be validated through DNS; file validation does not apply": "泛域名证书只能通过 DNS 验证，文件验证不适用",
}

// SkipReason returns a probe's skip reason in both languages; a reason
// with no translation is returned as is in both.
func SkipReason(en string) i18n.Text {
	if zh, ok := skipReasons[en]; ok {
		return i18n.Text{EN: en, ZH: zh}
	}
	return i18n.Text{EN: en, ZH: en}
}
