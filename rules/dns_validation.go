// Catalogue entries of the dns-validation probe's findings.

package rules

import "padlock/i18n"

const (
	faqDNSCheck = "如何查看域名型（DV）SSL 证书域名验证结果？ / 申请 SSL 证书审核失败的原因及处理方法"
	faqDNSSlow  = "申请 SSL 证书审核失败的原因及处理方法 / 免费 SSL 证书颁发时间过长或颁发失败排查方案"
	faqDNSTXT   = "SSL 证书配置的 TXT 解析是否可以删除？ / 如何查看域名型（DV）SSL 证书域名验证结果？"
)

// DNSValidationEntries are the catalogue entries of the probe's findings.
func DNSValidationEntries() []Entry {
	verify := i18n.Text{
		EN: "Check again with: {dig}. It must return exactly the value shown in the certificate console.",
		ZH: "用以下命令复查：{dig}，返回值必须与证书控制台显示的值完全一致。",
	}
	return []Entry{
		{
			ID:       "dns-validation.found",
			Severity: "info",
			Title:    i18n.Text{EN: "{name} {type} has the expected value on all {servers} servers", ZH: "{name} 的 {type} 记录在全部 {servers} 台服务器上都是期望值"},
			Why: i18n.Text{
				EN: "The CA will find \"{expected}\". Reproduce with: {dig}. The record can be deleted once the certificate is issued.",
				ZH: "CA 能查到 \"{expected}\"。复现命令：{dig}。证书签发后即可删除这条记录。",
			},
			FAQ: faqDNSTXT,
		},
		{
			ID:       "dns-validation.missing",
			Severity: "fail",
			Title:    i18n.Text{EN: "No {type} record at {name}", ZH: "{name} 没有 {type} 记录"},
			Why: i18n.Text{
				EN: "The CA looks for {type} \"{expected}\" at {name} and finds nothing ({servers}), so validation fails; an order whose record is not added in time (3 days for many CAs) is cancelled.",
				ZH: "CA 会在 {name} 查找值为 \"{expected}\" 的 {type} 记录，但没有找到（{servers}），验证因此失败；多数 CA 在 3 天内未添加记录会关闭订单。",
			},
			Steps: []i18n.Text{
				{
					EN: "In the DNS console of zone {zone}, add a {type} record: host record {host_record}, value {expected} (the console appends \".{zone}\" itself).",
					ZH: "在 {zone} 的 DNS 控制台添加一条 {type} 记录：主机记录填 {host_record}，记录值填 {expected}（控制台会自动补上 \".{zone}\"）。",
				},
				{
					EN: "Make sure you edit the zone that is really delegated (the nameservers listed in this report), not a copy at another DNS provider.",
					ZH: "确认修改的是实际生效的 DNS 服务商（即本报告列出的权威服务器），而不是另一家服务商上的副本。",
				},
				verify,
			},
			FAQ: faqDNSCheck,
		},
		{
			ID:       "dns-validation.wrong-value",
			Severity: "fail",
			Title:    i18n.Text{EN: "{name} {type} has another value than the CA expects", ZH: "{name} 的 {type} 记录值与 CA 要求的不一致"},
			Why: i18n.Text{
				EN: "The CA expects \"{expected}\" but finds {found} (several values: {several}). Often the value from an earlier order is still there, or it was mistyped.",
				ZH: "CA 期望的值是 \"{expected}\"，实际查到 {found}（存在多个值：{several}）。常见原因是上一次申请的旧值还在，或值填错了。",
			},
			Steps: []i18n.Text{
				{
					EN: "Copy the value again from the certificate console and set the {type} record at {name} to exactly {expected}; delete values from old orders.",
					ZH: "从证书控制台重新复制记录值，把 {name} 的 {type} 记录改为 {expected}，并删除旧订单留下的值。",
				},
				{
					EN: "Prefer adding a new record to editing the old one: an edited value only shows once the old TTL expires, a new record is seen quickly.",
					ZH: "尽量新增记录而不是修改旧记录：修改后要等旧记录的 TTL 过期才会生效，新增的记录则很快可见。",
				},
				verify,
			},
			FAQ: faqDNSCheck,
		},
		{
			ID:       "dns-validation.input-quoted",
			Severity: "info",
			Title: i18n.Text{
				EN: "You typed the value for {name} with quotes ({typed}); padlock checked {expected}, as the CA does",
				ZH: "你输入的 {name} 记录值带了引号（{typed}）；padlock 按 CA 的方式检查的是 {expected}",
			},
			Why: i18n.Text{
				EN: "The certificate console shows the value without quotes and the CA compares it character by character. Paste it into the DNS console without quotes too: many consoles add them themselves, and typed quotes become part of the record.",
				ZH: "证书控制台给出的值本身不带引号，CA 会逐字比较。在 DNS 控制台里也请粘贴不带引号的值：很多控制台会自动加引号，自己输入的引号会变成记录内容的一部分。",
			},
			FAQ: faqDNSCheck,
		},
		{
			ID:       "dns-validation.input-doubled",
			Severity: "warn",
			Title: i18n.Text{
				EN: "The record name you typed, {typed}, has its domain twice; padlock checked {name}",
				ZH: "你输入的记录名 {typed} 把域名写了两遍；padlock 检查的是 {name}",
			},
			Why: i18n.Text{
				EN: "The certificate console gives the host record as a full name. A DNS console that appends the domain itself turns a full name into {typed}, where the CA never looks.",
				ZH: "证书控制台给出的主机记录是完整域名。如果 DNS 控制台会自动追加域名，填入完整域名就会变成 {typed}，CA 不会去查这个名字。",
			},
			Steps: []i18n.Text{{
				EN: "In the DNS console, enter the host record without the domain (the part before your domain in {name}), then check again.",
				ZH: "在 DNS 控制台中填写主机记录时不要带域名（即 {name} 中域名之前的部分），然后重新检测。",
			}},
			FAQ: faqDNSCheck,
		},
		{
			ID:       "dns-validation.value-quoted",
			Severity: "fail",
			Title:    i18n.Text{EN: "The {type} value at {name} has quotes or spaces around it", ZH: "{name} 的 {type} 记录值两侧多了引号或空格"},
			Why: i18n.Text{
				EN: "The record holds {found}, the CA compares character by character with \"{expected}\", so it does not match. Many DNS consoles add the quotes themselves.",
				ZH: "记录中实际保存的是 {found}，CA 会与 \"{expected}\" 逐字比较，因此不匹配。很多 DNS 控制台会自动加引号，无需自己输入。",
			},
			Steps: []i18n.Text{
				{
					EN: "Edit the record at {name} and paste the value without quotes or leading/trailing spaces: {expected}",
					ZH: "修改 {name} 的记录，粘贴不带引号、首尾无空格的值：{expected}",
				},
				verify,
			},
			FAQ: faqDNSCheck,
		},
		{
			ID:       "dns-validation.name-doubled",
			Severity: "fail",
			Title:    i18n.Text{EN: "The record was created as {found_at} instead of {name}", ZH: "记录被建成了 {found_at}，而不是 {name}"},
			Why: i18n.Text{
				EN: "The DNS console appends the zone to the host record, so entering the full name doubled it. The CA asks {name} and finds nothing ({servers}).",
				ZH: "DNS 控制台会自动在主机记录后面加上域名，填写完整域名就会重复一次。CA 查询 {name} 时什么也找不到（{servers}）。",
			},
			Steps: []i18n.Text{
				{
					EN: "Delete the record at {found_at} and add it again with host record {host_record} (without the domain), value {expected}.",
					ZH: "删除 {found_at} 的记录，重新添加：主机记录只填 {host_record}（不带主域名），记录值 {expected}。",
				},
				verify,
			},
			FAQ: faqDNSCheck,
		},
		{
			ID:       "dns-validation.wrong-name",
			Severity: "fail",
			Title:    i18n.Text{EN: "The expected value is at {found_at}, not at {name}", ZH: "期望的值在 {found_at} 下，而不在 {name}"},
			Why: i18n.Text{
				EN: "The CA only looks at {name}; a record at {found_at} ({found}) does not count.",
				ZH: "CA 只查询 {name}；{found_at} 下的记录（{found}）不会被采纳。",
			},
			Steps: []i18n.Text{
				{
					EN: "Add the {type} record at exactly {name} with value {expected}, then delete the one at {found_at}.",
					ZH: "在 {name} 准确地添加值为 {expected} 的 {type} 记录，再删除 {found_at} 下的记录。",
				},
				verify,
			},
			FAQ: faqDNSCheck,
		},
		{
			ID:       "dns-validation.wrong-type",
			Severity: "fail",
			Title:    i18n.Text{EN: "{name} has a {found_type} record where the CA asks for {type}", ZH: "CA 要求 {name} 使用 {type} 记录，但实际是 {found_type} 记录"},
			Why: i18n.Text{
				EN: "The CA queries {type} \"{expected}\"; the {found_type} record found ({found}) does not satisfy it.",
				ZH: "CA 查询的是值为 \"{expected}\" 的 {type} 记录；现有的 {found_type} 记录（{found}）不能满足要求。",
			},
			Steps: []i18n.Text{
				{
					EN: "Delete the {found_type} record at {name} (a name with a CNAME cannot hold other records) and add a {type} record with value {expected}.",
					ZH: "删除 {name} 的 {found_type} 记录（有 CNAME 的名字不能再有其他记录），添加值为 {expected} 的 {type} 记录。",
				},
				verify,
			},
			FAQ: faqDNSCheck,
		},
		{
			ID:       "dns-validation.wildcard",
			Severity: "fail",
			Title:    i18n.Text{EN: "A wildcard record {wildcard} answers for {name}", ZH: "泛解析记录 {wildcard} 抢答了 {name}"},
			Why: i18n.Text{
				EN: "There is no record at {name} itself, so the wildcard's value ({found}) is returned and the CA never sees \"{expected}\".",
				ZH: "{name} 本身没有记录，于是返回了泛解析的值（{found}），CA 永远看不到 \"{expected}\"。",
			},
			Steps: []i18n.Text{
				{
					EN: "Add an explicit {type} record at {name} with value {expected}: an explicit record always wins over {wildcard}.",
					ZH: "在 {name} 显式添加值为 {expected} 的 {type} 记录：显式记录优先于 {wildcard}。",
				},
				verify,
			},
			FAQ: faqDNSSlow,
		},
		{
			ID:       "dns-validation.cname-loop",
			Severity: "fail",
			Title:    i18n.Text{EN: "The CNAME chain at {name} loops", ZH: "{name} 的 CNAME 链形成了循环"},
			Why: i18n.Text{
				EN: "{chain}. A resolver following it never reaches a {type} record, so the CA's lookup fails ({servers}).",
				ZH: "{chain}。解析器沿着它永远找不到 {type} 记录，CA 的查询会失败（{servers}）。",
			},
			Steps: []i18n.Text{
				{
					EN: "Point the CNAME at {name} to the target the certificate console shows (or replace it by a {type} record with value {expected}).",
					ZH: "把 {name} 的 CNAME 指向证书控制台给出的目标（或改为值为 {expected} 的 {type} 记录）。",
				},
				verify,
			},
			FAQ: faqDNSCheck,
		},
		{
			ID:       "dns-validation.cname-target-missing",
			Severity: "fail",
			Title:    i18n.Text{EN: "{name} points to {target}, which does not exist", ZH: "{name} 指向的 {target} 不存在"},
			Why: i18n.Text{
				EN: "The CNAME chain {chain} ends in NXDOMAIN, so a CA following it finds no {type} value \"{expected}\" ({servers}).",
				ZH: "CNAME 链 {chain} 的终点返回 NXDOMAIN，CA 沿着它查询找不到值为 \"{expected}\" 的 {type} 记录（{servers}）。",
			},
			Steps: []i18n.Text{
				{
					EN: "Correct the CNAME target (copy it again from the console) or create the record at {target}.",
					ZH: "修正 CNAME 的目标（从控制台重新复制），或在 {target} 创建对应记录。",
				},
				verify,
			},
			FAQ: faqDNSCheck,
		},
		{
			ID:       "dns-validation.authoritative-disagree",
			Severity: "fail",
			Title:    i18n.Text{EN: "The authoritative nameservers give different answers for {name} {type}", ZH: "各权威服务器对 {name} 的 {type} 查询返回了不同结果"},
			Why: i18n.Text{
				EN: "The CA asks one nameserver at random and may hit one without the record: {answers}. Typical causes: a secondary that stopped transferring the zone, smart/geo DNS lines that were not all updated, or a DNS provider that has not synced.",
				ZH: "CA 会随机询问其中一台权威服务器，可能正好问到没有记录的那台：{answers}。常见原因：从服务器停止同步区域、智能解析的部分线路没有更新、或 DNS 服务商内部未同步。",
			},
			Steps: []i18n.Text{
				{
					EN: "For smart DNS, add the record on the default line (or all lines). For your own primary/secondary servers, bump the SOA serial and check zone transfers (rndc reload; rndc retransfer ZONE on the secondary).",
					ZH: "使用智能解析时，把记录添加到“默认”线路（或所有线路）。自建主从服务器时，增加 SOA 序列号并检查区域传送（rndc reload；在从服务器执行 rndc retransfer 区域名）。",
				},
				{
					EN: "Check each nameserver directly: {dig}",
					ZH: "逐台直接查询权威服务器：{dig}",
				},
			},
			FAQ: faqDNSSlow,
		},
		{
			ID:       "dns-validation.serial-mismatch",
			Severity: "fail",
			Title:    i18n.Text{EN: "The nameservers of {name} serve different versions of the zone", ZH: "{name} 的各权威服务器提供的区域版本不一致"},
			Why: i18n.Text{
				EN: "Their SOA serials differ ({serials}): some have not picked up the latest changes, and a CA asking one of them sees old data.",
				ZH: "它们的 SOA 序列号不同（{serials}）：部分服务器没有同步到最新修改，CA 问到它们时会看到旧数据。",
			},
			Steps: []i18n.Text{
				{
					EN: "On the primary, increase the SOA serial and reload; on each lagging secondary force a transfer (BIND: rndc retransfer ZONE) and check that it is allowed (allow-transfer, firewall TCP 53).",
					ZH: "在主服务器增加 SOA 序列号并重新加载；在落后的从服务器上强制同步（BIND：rndc retransfer 区域名），并确认允许区域传送（allow-transfer、防火墙放行 TCP 53）。",
				},
				{
					EN: "With a hosted DNS provider, contact its support with these serials.",
					ZH: "使用托管 DNS 服务时，请把这些序列号提供给服务商客服处理。",
				},
			},
			FAQ: faqDNSSlow,
		},
		{
			ID:       "dns-validation.resolver-stale",
			Severity: "warn",
			Title:    i18n.Text{EN: "Some resolvers still return an old value for {name}", ZH: "部分公共解析器仍返回 {name} 的旧值"},
			Why: i18n.Text{
				EN: "The authoritative servers are right, but these resolvers cached the previous value: {resolvers}. They catch up within {catch_up} (TTL {ttl} s); a CA whose resolver holds the old value fails until then.",
				ZH: "权威服务器上已经正确，但这些解析器还缓存着旧值：{resolvers}。最多 {catch_up}（TTL {ttl} 秒）后会更新；在此之前，如果 CA 使用的解析器缓存了旧值，验证会失败。",
			},
			Steps: []i18n.Text{
				{
					EN: "Wait {catch_up} and retry validation; or, faster, add a new record instead of editing the old one (a new name or value is not in any cache).",
					ZH: "等待 {catch_up} 后重新验证；更快的办法是新增一条记录而不是修改旧记录（新记录不在任何缓存中）。",
				},
				{
					EN: "Compare with: {dig}",
					ZH: "对比查询：{dig}",
				},
			},
			FAQ: faqDNSTXT,
		},
		{
			ID:       "dns-validation.resolver-missing",
			Severity: "warn",
			Title:    i18n.Text{EN: "Some resolvers do not see the record at {name} yet", ZH: "部分公共解析器还查不到 {name} 的记录"},
			Why: i18n.Text{
				EN: "The authoritative servers have it, but these resolvers cached \"no such record\" from an earlier query: {resolvers}. They catch up within {catch_up} (negative-caching TTL {ttl} s).",
				ZH: "权威服务器上已有记录，但这些解析器缓存了之前“记录不存在”的结果：{resolvers}。最多 {catch_up}（否定缓存 TTL {ttl} 秒）后会更新。",
			},
			Steps: []i18n.Text{
				{
					EN: "Wait {catch_up} and retry validation; avoid querying the name before the record exists.",
					ZH: "等待 {catch_up} 后重新验证；在记录添加之前尽量不要查询该名字。",
				},
				{
					EN: "Compare with: {dig}",
					ZH: "对比查询：{dig}",
				},
			},
			FAQ: faqDNSTXT,
		},
		{
			ID:       "dns-validation.extra-values",
			Severity: "warn",
			Title:    i18n.Text{EN: "{name} holds other TXT values beside the expected one", ZH: "{name} 除期望值外还有其他 TXT 值"},
			Why: i18n.Text{
				EN: "Besides \"{expected}\" there are {others}, usually from earlier orders. Most CAs accept any matching value, but some validators and DNS consoles trip over old ones.",
				ZH: "除 \"{expected}\" 外还有 {others}，通常是以前订单留下的。多数 CA 只要有一个匹配即可，但部分验证系统和 DNS 控制台会被旧值干扰。",
			},
			Steps: []i18n.Text{
				{
					EN: "Delete the old values once the certificate is issued. Check with: {dig}",
					ZH: "证书签发后删除旧值。查询命令：{dig}",
				},
			},
			FAQ: faqDNSTXT,
		},
		{
			ID:       "dns-validation.cname-delegated",
			Severity: "info",
			Title:    i18n.Text{EN: "{name} is delegated by CNAME: {chain}", ZH: "{name} 通过 CNAME 委托：{chain}"},
			Why: i18n.Text{
				EN: "The CA follows the CNAME and reads the TXT record at its target; keep the CNAME in place for renewals.",
				ZH: "CA 会跟随 CNAME 读取目标上的 TXT 记录；续期时也需要保留这条 CNAME。",
			},
			FAQ: faqDNSCheck,
		},
		{
			ID:       "dns-validation.no-authoritative",
			Severity: "warn",
			Title:    i18n.Text{EN: "The authoritative nameservers for {name} could not be found", ZH: "找不到 {name} 的权威服务器"},
			Why: i18n.Text{
				EN: "Only the resolvers' view was checked ({reason}). CAs query the authoritative servers through their own resolvers, so a delegation problem can fail validation.",
				ZH: "只检查了公共解析器的结果（{reason}）。CA 会通过自己的解析器查询权威服务器，委派有问题时验证可能失败。",
			},
			Steps: []i18n.Text{{
				EN: "Check the delegation: dig NS of the domain and at the registrar, and that each nameserver has an address.",
				ZH: "检查域名委派：查询域名的 NS 记录并核对注册商处的设置，确认每台域名服务器都有地址。",
			}},
			FAQ: faqDNSSlow,
		},
		{
			ID:       "dns-validation.server-unreachable",
			Severity: "warn",
			Title:    i18n.Text{EN: "Some nameservers of {zone} give no usable answer", ZH: "{zone} 的部分权威服务器没有给出有效应答"},
			Why: i18n.Text{
				EN: "A CA that picks one of these gets no answer and may fail or retry: {servers}. Self-hosted nameservers or providers that restrict queries from abroad often cause this.",
				ZH: "CA 选中这些服务器时得不到应答，可能失败或重试：{servers}。自建域名服务器或限制境外解析的服务商常出现这种情况。",
			},
			Steps: []i18n.Text{
				{
					EN: "Make sure every nameserver answers on UDP and TCP port 53 from anywhere, or remove dead ones from the NS records and at the registrar. Test: {dig}",
					ZH: "确保每台域名服务器在 UDP 和 TCP 53 端口对所有地区都能应答，或把失效的服务器从 NS 记录和注册商处删除。测试：{dig}",
				},
			},
			FAQ: faqDNSSlow,
		},
		{
			ID:       "dns-validation.resolver-unreachable",
			Severity: "info",
			Title:    i18n.Text{EN: "Some resolvers did not answer for {name}", ZH: "部分解析器没有应答 {name} 的查询"},
			Why: i18n.Text{
				EN: "They were left out of the comparison: {resolvers}. This usually says more about the network padlock runs in than about your DNS.",
				ZH: "这些解析器未参与比较：{resolvers}。这通常与运行 padlock 的网络有关，而不是您的 DNS 的问题。",
			},
		},
	}
}
