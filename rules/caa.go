// Catalogue entries of the caa probe's findings.

package rules

import "padlock/i18n"

const faqCAA = "CAA 记录说明 / 免费 SSL 证书颁发时间过长或颁发失败排查方案"

// CAAEntries are the catalogue entries of the probe's findings.
func CAAEntries() []Entry {
	checkStep := i18n.Text{
		EN: "Check what a CA sees: {dig} (the CA asks every name from the host up to the top-level domain and uses the first one that has CAA records).",
		ZH: "用下面的命令查看 CA 看到的记录：{dig}（CA 会从主机名开始逐级向上查询到顶级域名，以最先找到 CAA 记录的那一级为准）。",
	}
	return []Entry{
		{
			ID:       "caa.none",
			Severity: "info",
			Title:    i18n.Text{EN: "No CAA records above {name}: any CA may issue", ZH: "{name} 及其上级域名都没有 CAA 记录：任何 CA 都可以签发"},
			Why: i18n.Text{
				EN: "Without CAA records every publicly trusted CA is allowed to issue for the name, so CAA will not block the order.",
				ZH: "没有 CAA 记录时，所有公开受信任的 CA 都可以为该域名签发证书，CAA 不会阻止本次申请。",
			},
			FAQ: faqCAA,
		},
		{
			ID:       "caa.allowed",
			Severity: "info",
			Title:    i18n.Text{EN: "CAA records at {found_at} allow {ca} to issue", ZH: "{found_at} 的 CAA 记录允许 {ca} 签发"},
			Why: i18n.Text{
				EN: "The relevant CAA record set ({records}) includes the CA you are ordering from, so CAA will not block this order.",
				ZH: "起决定作用的 CAA 记录（{records}）包含了您所申请的 CA，CAA 不会阻止本次申请。",
			},
			FAQ: faqCAA,
		},
		{
			ID:       "caa.allows",
			Severity: "info",
			Title:    i18n.Text{EN: "CAA records at {found_at} allow: {allows}", ZH: "{found_at} 的 CAA 记录允许：{allows}"},
			Why: i18n.Text{
				EN: "Only the CAs listed may issue for this name ({records}). Pass --ca with your CA to check it against them.",
				ZH: "只有列出的 CA 可以为该域名签发（{records}）。加上 --ca 指定您的 CA，即可检查它是否在列表中。",
			},
			FAQ: faqCAA,
		},
		{
			ID:       "caa.not-allowed",
			Severity: "fail",
			Title:    i18n.Text{EN: "CAA records at {found_at} do not allow {ca} to issue {name}", ZH: "{found_at} 的 CAA 记录不允许 {ca} 为 {name} 签发"},
			Why: i18n.Text{
				EN: "Since September 2017 every CA must check CAA before issuing. The records found ({records}) only allow {allows}, so {ca} will refuse the order, and it will sit in validation or fail.",
				ZH: "自 2017 年 9 月起，所有 CA 在签发前都必须检查 CAA。当前记录（{records}）只允许 {allows}，{ca} 会拒绝签发，订单会一直卡在审核中或直接失败。",
			},
			Steps: []i18n.Text{
				{
					EN: "In your DNS provider's console, add these CAA records at {found_at} (host record \"@\" when it is the domain itself), keeping the existing ones if those CAs should stay allowed: {fix}",
					ZH: "在 DNS 服务商控制台，于 {found_at}（如果就是主域名本身，主机记录填 \"@\"）添加以下 CAA 记录；原有记录中仍需保留的 CA 不要删除：{fix}",
				},
				{
					EN: "Or delete every CAA record at {found_at}: with no CAA records any CA may issue.",
					ZH: "或者删除 {found_at} 下的全部 CAA 记录：没有 CAA 记录时任何 CA 都可以签发。",
				},
				checkStep,
				{
					EN: "Then retry validation in the certificate console; the CA re-checks CAA right before issuing.",
					ZH: "然后在证书控制台重新提交验证；CA 会在签发前再次检查 CAA。",
				},
			},
			FAQ: faqCAA,
		},
		{
			ID:       "caa.cname-not-allowed",
			Severity: "fail",
			Title:    i18n.Text{EN: "{found_at} is an alias of {target}, whose CAA records do not allow {ca}", ZH: "{found_at} 是 {target} 的别名，而后者的 CAA 记录不允许 {ca} 签发"},
			Why: i18n.Text{
				EN: "CAs follow the CNAME ({chain}) and apply the records found at the target ({records}), which only allow {allows}. A name that is a CNAME cannot carry CAA records of its own, so nothing added at {found_at} changes this.",
				ZH: "CA 会跟随 CNAME（{chain}），采用目标上的记录（{records}），而这些记录只允许 {allows}。设置了 CNAME 的名字不能再有自己的 CAA 记录，因此在 {found_at} 添加记录无济于事。",
			},
			Steps: []i18n.Text{
				{
					EN: "Ask whoever runs {target} (your CDN, load balancer or SaaS provider) to add: {fix}. Many providers only issue through their own CA: then order from that CA instead.",
					ZH: "请 {target} 的管理方（CDN、负载均衡或 SaaS 服务商）添加：{fix}。很多服务商只允许其合作的 CA 签发，此时请改向该 CA 申请。",
				},
				{
					EN: "Or, while validating, replace the CNAME at {found_at} by A/AAAA records, so that the CAA records of your own zone apply.",
					ZH: "或者在验证期间把 {found_at} 的 CNAME 换成 A/AAAA 记录，使您自己域名的 CAA 记录生效。",
				},
				checkStep,
			},
			FAQ: faqCAA,
		},
		{
			ID:       "caa.forbidden",
			Severity: "fail",
			Title:    i18n.Text{EN: "CAA records at {found_at} forbid every CA from issuing {name} ({tag} \";\")", ZH: "{found_at} 的 CAA 记录禁止任何 CA 为 {name} 签发（{tag} \";\"）"},
			Why: i18n.Text{
				EN: "A {tag} record with an empty issuer (\";\") tells every CA not to issue. Records found: {records}.",
				ZH: "发行者为空（\";\"）的 {tag} 记录表示任何 CA 都不得签发。当前记录：{records}。",
			},
			Steps: []i18n.Text{
				{
					EN: "Delete the {tag} \";\" record at {found_at} and add the record for your CA instead: {fix}",
					ZH: "删除 {found_at} 下的 {tag} \";\" 记录，改为添加您所用 CA 的记录：{fix}",
				},
				checkStep,
			},
			FAQ: faqCAA,
		},
		{
			ID:       "caa.critical-unknown",
			Severity: "fail",
			Title:    i18n.Text{EN: "CAA record at {found_at} has an unknown tag \"{tag}\" marked critical", ZH: "{found_at} 的 CAA 记录含有标记为关键（critical）的未知标签 \"{tag}\""},
			Why: i18n.Text{
				EN: "A CA must refuse to issue when the relevant CAA set holds a property it does not understand with the critical flag set (flags {flags} in {record}). Let's Encrypt and others also treat flag 1 as critical, because many DNS consoles set it by mistake.",
				ZH: "当起决定作用的 CAA 记录中存在 CA 无法识别、且带有关键标志的属性时（{record} 的 flags 为 {flags}），CA 必须拒绝签发。很多 DNS 控制台会误把 flag 设为 1，Let's Encrypt 等 CA 同样把它当作关键标志处理。",
			},
			Steps: []i18n.Text{
				{
					EN: "Edit the record at {found_at}: set its flag to 0 ({record} becomes 0 {tag} …), or delete it if nobody needs it.",
					ZH: "修改 {found_at} 下的该记录：把 flag 改为 0（{record} 改成 0 {tag} …），如无用途可直接删除。",
				},
				checkStep,
			},
			FAQ: faqCAA,
		},
		{
			ID:       "caa.lookup-failed",
			Severity: "fail",
			Title:    i18n.Text{EN: "The CAA lookup for {name} failed: CAs will refuse to issue", ZH: "{name} 的 CAA 查询失败：CA 将拒绝签发"},
			Why: i18n.Text{
				EN: "When a CAA query fails (SERVFAIL, timeout, a CNAME loop) a CA cannot know whether it is allowed, so it must not issue. Seen via {resolvers}: {reason}.",
				ZH: "CAA 查询失败（SERVFAIL、超时、CNAME 循环）时，CA 无法确认自己是否被允许，因此不会签发。通过 {resolvers} 查询的结果：{reason}。",
			},
			Steps: []i18n.Text{
				{
					EN: "Reproduce it: {dig}. A SERVFAIL usually comes from a broken DNSSEC chain, a nameserver that does not answer CAA queries (old DNS software or a firewall dropping unknown types), or a delegation to dead nameservers.",
					ZH: "复现：{dig}。SERVFAIL 通常来自 DNSSEC 链损坏、权威服务器不支持 CAA 查询（DNS 软件过旧，或防火墙丢弃未知类型的查询）、或委派到了失效的域名服务器。",
				},
				{
					EN: "Ask your DNS provider to answer CAA queries (an empty NOERROR answer is fine), fix or remove DNSSEC (DS record at the registrar), and remove CNAME loops. Every name from {name} up to the top-level domain must answer.",
					ZH: "请 DNS 服务商修复 CAA 查询（返回空的 NOERROR 也可以），修正或关闭 DNSSEC（注册商处的 DS 记录），并消除 CNAME 循环。从 {name} 到顶级域名的每一级都必须能正常应答。",
				},
			},
			FAQ: faqCAA,
		},
		{
			ID:       "caa.cname",
			Severity: "info",
			Title:    i18n.Text{EN: "{name} is a CNAME to {target}: the CAA records there apply", ZH: "{name} 是指向 {target} 的 CNAME：以目标域名的 CAA 记录为准"},
			Why: i18n.Text{
				EN: "CAs follow CNAMEs when they look up CAA ({chain}), so a CDN's or SaaS provider's CAA records can decide for your name.",
				ZH: "CA 查询 CAA 时会跟随 CNAME（{chain}），因此 CDN 或 SaaS 服务商的 CAA 记录可能决定您的域名能否签发。",
			},
			FAQ: faqCAA,
		},
		{
			ID:       "caa.malformed",
			Severity: "warn",
			Title:    i18n.Text{EN: "A CAA record at {found_at} cannot be parsed and is ignored: {record}", ZH: "{found_at} 的一条 CAA 记录无法解析，会被忽略：{record}"},
			Why: i18n.Text{
				EN: "CAs skip a record they cannot parse ({reason}); if it was meant to allow your CA, it does not.",
				ZH: "CA 会跳过无法解析的记录（{reason}）；如果它本意是允许您的 CA，那么它并没有生效。",
			},
			Steps: []i18n.Text{{
				EN: "Rewrite the value as issuer-domain, optionally followed by \"; key=value\" parameters, e.g. 0 issue \"letsencrypt.org; validationmethods=dns-01\". {dig}",
				ZH: "把值改写为“发行者域名”，需要时在后面加“; 键=值”参数，例如 0 issue \"letsencrypt.org; validationmethods=dns-01\"。{dig}",
			}},
			FAQ: faqCAA,
		},
		{
			ID:       "caa.parameters",
			Severity: "info",
			Title:    i18n.Text{EN: "The CAA record allowing {ca} restricts it: {record}", ZH: "允许 {ca} 的 CAA 记录带有限制：{record}"},
			Why: i18n.Text{
				EN: "RFC 8657 parameters limit issuance to one ACME account (accounturi {accounturi}) or to some validation methods (validationmethods {validationmethods}); an order from another account or with another method is refused.",
				ZH: "RFC 8657 参数可以把签发限制在某个 ACME 账户（accounturi {accounturi}）或某些验证方式（validationmethods {validationmethods}）；其他账户或其他验证方式的申请会被拒绝。",
			},
			FAQ: faqCAA,
		},
		{
			ID:       "caa.resolvers-disagree",
			Severity: "warn",
			Title:    i18n.Text{EN: "Resolvers see different CAA records for {name}", ZH: "不同解析器看到的 {name} 的 CAA 记录不一致"},
			Why: i18n.Text{
				EN: "A CA may see either version, depending on where it looks from: {views}. Usually a record was just changed and caches still hold the old one, or the nameservers are out of sync.",
				ZH: "CA 从不同地点查询可能看到任一版本：{views}。通常是记录刚修改、缓存中仍是旧值，或各权威服务器数据不同步。",
			},
			Steps: []i18n.Text{{
				EN: "Wait for the old record's TTL to pass, check that every nameserver of the zone serves the same records, then retry validation.",
				ZH: "等待旧记录的 TTL 过期，确认该域名所有权威服务器返回相同的记录，然后重新提交验证。",
			}},
			FAQ: faqCAA,
		},
	}
}
