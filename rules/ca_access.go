// Catalogue entries of the ca-access probe's findings.

package rules

import "padlock/i18n"

const (
	faqCAAccess       = "免费 SSL 证书颁发时间过长或颁发失败排查方案"
	faqFileValidation = "申请 SSL 证书审核失败的原因及处理方法 / 如何查看域名型（DV）SSL 证书域名验证结果？"
)

// mpicWhy explains multi-perspective validation, shared by several entries.
var mpicWhy = i18n.Text{
	EN: " Since CA/Browser Forum ballot SC-067, every CA must confirm each validation from several remote network perspectives in different regions: at least 3 from 2026-03-15, 4 from 2026-06-15 and 5 from 2026-12-15. A site that only one country can reach, or that sends other regions to another server, fails validation.",
	ZH: " 根据 CA/浏览器论坛 SC-067 号决议，CA 必须从位于不同地区的多个网络视角确认每一次验证：2026-03-15 起至少 3 个，2026-06-15 起至少 4 个，2026-12-15 起至少 5 个。只有单一国家能访问的网站，或把其他地区引到另一台服务器的网站，都会验证失败。",
}

func why(en, zh string) i18n.Text {
	return i18n.Text{EN: en + mpicWhy.EN, ZH: zh + mpicWhy.ZH}
}

// checklistSteps is what to do when padlock cannot see the CA's view.
var checklistSteps = []i18n.Text{
	{EN: "Allow the CA's validation addresses ({ca_addresses}) to reach ports 80 and 443: in the server firewall (for iptables: `iptables -I INPUT -s 64.78.193.238 -p tcp -m multiport --dports 80,443 -j ACCEPT`), in the cloud security group's inbound rules, and in any WAF or data-center blocklist.",
		ZH: "放行 CA 验证地址（{ca_addresses}）访问 80 和 443 端口：服务器防火墙（iptables 示例：`iptables -I INPUT -s 64.78.193.238 -p tcp -m multiport --dports 80,443 -j ACCEPT`）、云服务器安全组入站规则，以及 WAF 或机房的黑名单。"},
	{EN: "If a CDN or smart (geo) DNS serves the name, make sure its overseas nodes have the validation file, or pause overseas acceleration while validating.",
		ZH: "如果域名接入了 CDN 或智能（分地区）解析，确认海外节点也有验证文件，或在验证期间暂停海外加速。"},
	{EN: "Or switch the order to DNS validation, which needs no inbound connection at all.",
		ZH: "也可以改用 DNS 验证，它完全不需要 CA 访问你的服务器。"},
}

func CAAccessEntries() []Entry {
	return []Entry{
		{
			ID:       "ca-access.different-server",
			Severity: "warn",
			Title: i18n.Text{
				EN: "The CA is sent to {ca_addresses}, you reach {local_addresses}",
				ZH: "CA 解析到 {ca_addresses}，而你解析到 {local_addresses}",
			},
			Why: why(
				"Asked on behalf of the CA's networks ({ca_network}), the domain's nameserver {nameserver} answers other addresses than you get (ECS honoured: {ecs_honoured}, scope {ecs_scope}). Geo-DNS or a CDN sends the CA's validation servers to a different server: whatever you fixed here (validation file, certificate, firewall) the CA does not see.",
				"以 CA 所在网络（{ca_network}）的身份询问时，域名的权威服务器 {nameserver} 返回的地址和你得到的不同（是否支持 ECS：{ecs_honoured}，作用范围 {ecs_scope}）。智能解析或 CDN 把 CA 的验证服务器引到了另一台服务器：你在这里修好的东西（验证文件、证书、防火墙），CA 都看不到。"),
			Steps: []i18n.Text{
				{EN: "Put the validation file on every server or node the name can lead to, including {ca_addresses}; with a CDN, sync the file to its overseas nodes or purge their cache.",
					ZH: "把验证文件放到该域名可能指向的每台服务器或节点上，包括 {ca_addresses}；使用 CDN 时，把文件同步到海外节点或刷新其缓存。"},
				{EN: "Or pause overseas acceleration / the geo-DNS line for overseas visitors until the certificate is issued, so every region gets {local_addresses}.",
					ZH: "或者在证书签发前暂停海外加速，或关闭面向境外的解析线路，让所有地区都解析到 {local_addresses}。"},
				{EN: "Or switch the order to DNS validation: a TXT or CNAME record is the same for every region.",
					ZH: "或者改用 DNS 验证：TXT 或 CNAME 记录在所有地区都一样。"},
			},
			FAQ: faqFileValidation + " / " + faqCAAccess,
		},
		{
			ID:       "ca-access.port-unreachable",
			Severity: "fail",
			Title: i18n.Text{
				EN: "The CA's address {address} does not accept connections on port {port}",
				ZH: "CA 访问的地址 {address} 的 {port} 端口无法连接",
			},
			Why: why(
				"The CA's view of the name leads to {address}, and a connection to port {port} there failed: {error}. File validation needs the CA to reach port 80 (and 443 when the site redirects or serves HTTPS).",
				"CA 看到的解析结果指向 {address}，连接其 {port} 端口失败：{error}。文件验证要求 CA 能访问 80 端口（网站跳转到 HTTPS 或提供 HTTPS 时还需要 443）。"),
			Steps: []i18n.Text{
				{EN: "Start the web server on {address} and make it listen on port {port} (nginx: `listen {port};`; Apache: `Listen {port}`).",
					ZH: "在 {address} 上启动 Web 服务并监听 {port} 端口（nginx：`listen {port};`；Apache：`Listen {port}`）。"},
				{EN: "Open port {port} in the firewall (`iptables -I INPUT -p tcp --dport {port} -j ACCEPT`) and in the cloud security group's inbound rules for source 0.0.0.0/0.",
					ZH: "在防火墙（`iptables -I INPUT -p tcp --dport {port} -j ACCEPT`）和云服务器安全组入站规则中对来源 0.0.0.0/0 开放 {port} 端口。"},
				{EN: "If {address} is a CDN node or a server you no longer use, fix the DNS line that hands it out, or switch to DNS validation.",
					ZH: "如果 {address} 是 CDN 节点或已经弃用的服务器，请修正分配该地址的解析线路，或改用 DNS 验证。"},
			},
			FAQ: faqCAAccess,
		},
		{
			ID:       "ca-access.file-bad-status",
			Severity: "fail",
			Title: i18n.Text{
				EN: "From the CA's address {address}, {url} answers {status} instead of 200",
				ZH: "从 CA 访问的地址 {address} 请求 {url}，返回 {status} 而不是 200",
			},
			Why: i18n.Text{
				EN: "The CA fetches the validation file from the address its own DNS view gives ({address}) and accepts only a 200 answer with the file itself; a 404 means that server lacks the file, and a redirect (3xx) fails validation too.",
				ZH: "CA 从它自己解析到的地址（{address}）获取验证文件，只接受直接返回文件内容的 200 响应；404 说明该服务器上没有这个文件，跳转（3xx）同样会导致验证失败。",
			},
			Steps: []i18n.Text{
				{EN: "Copy the validation file to the same path on the server at {address} (for a CDN: its origin and every overseas node), for both the http and the https site.",
					ZH: "把验证文件复制到 {address} 这台服务器的相同路径下（CDN 则包括源站和所有海外节点），http 和 https 站点都要放。"},
				{EN: "Remove any redirect for the validation path, e.g. in nginx: `location ^~ /.well-known/pki-validation/ { root /var/www/html; }` before the `return 301` rule.",
					ZH: "去掉验证路径上的跳转，例如 nginx 中在 `return 301` 规则之前加上：`location ^~ /.well-known/pki-validation/ { root /var/www/html; }`。"},
				{EN: "Check from outside: `curl -v --resolve {host}:80:{address} {url}` must print 200 and the file's content.",
					ZH: "从外部检查：`curl -v --resolve {host}:80:{address} {url}` 应返回 200 和文件内容。"},
			},
			FAQ: faqFileValidation,
		},
		{
			ID:       "ca-access.file-wrong-content",
			Severity: "fail",
			Title: i18n.Text{
				EN: "From the CA's address {address}, {url} does not hold the expected content",
				ZH: "从 CA 访问的地址 {address} 请求 {url}，内容与预期不符",
			},
			Why: i18n.Text{
				EN: "The server the CA reaches answers 200 but with other content ({got}), e.g. an old validation file or an error page, so the CA rejects it.",
				ZH: "CA 访问到的服务器返回了 200，但内容不对（{got}），例如旧的验证文件或错误页面，CA 会判定验证失败。",
			},
			Steps: []i18n.Text{
				{EN: "Replace the file on {address} with the one from the certificate console, unchanged (no added spaces, no HTML).",
					ZH: "用证书控制台提供的文件替换 {address} 上的文件，内容保持原样（不要加空格或 HTML）。"},
				{EN: "Purge the CDN cache for the validation path so no node serves the old file.",
					ZH: "刷新 CDN 上验证路径的缓存，避免节点继续返回旧文件。"},
			},
			FAQ: faqFileValidation,
		},
		{
			ID:       "ca-access.file-unreachable",
			Severity: "fail",
			Title: i18n.Text{
				EN: "From the CA's address {address}, {url} cannot be fetched",
				ZH: "从 CA 访问的地址 {address} 无法获取 {url}",
			},
			Why: why(
				"The request for the validation file to {address} failed: {error}. The CA gets no answer either.",
				"向 {address} 请求验证文件失败：{error}。CA 同样得不到响应。"),
			Steps: []i18n.Text{
				{EN: "Make the web server on {address} answer the validation URL over http and https: check that it runs, listens on the port and has a certificate for {host} on 443.",
					ZH: "让 {address} 上的 Web 服务能通过 http 和 https 响应验证地址：确认服务在运行、在监听端口，并且 443 上配置了 {host} 的证书。"},
				{EN: "Allow the CA's validation addresses in the firewall and security group, or switch to DNS validation.",
					ZH: "在防火墙和安全组中放行 CA 验证地址，或改用 DNS 验证。"},
			},
			FAQ: faqFileValidation + " / " + faqCAAccess,
		},
		{
			ID:       "ca-access.firewall-blocks",
			Severity: "fail",
			Title: i18n.Text{
				EN: "{source} line {line} stops the CA's validation servers ({ca_addresses}) on port {ports}",
				ZH: "{source} 第 {line} 行拦截了 CA 验证服务器（{ca_addresses}）访问 {ports} 端口",
			},
			Why: why(
				"This {format} rule stops the addresses the CA validates from: `{rule}`. The order then waits for the CA and never issues, although everything works from your own network.",
				"这条 {format} 规则拦截了 CA 用于验证的地址：`{rule}`。订单会一直停在等待 CA 签发，而你自己的网络访问一切正常。"),
			Steps: []i18n.Text{
				{EN: "Let the CA in ahead of this rule (or take its addresses out of the rule), and open TCP 80 and 443 to the same addresses in the cloud security group. The exact lines: {allow_lines}",
					ZH: "在这条规则之前放行 CA（或把 CA 的地址从规则中去掉），并在云服务器安全组中对这些地址开放 TCP 80 和 443。具体写法：{allow_lines}"},
				{EN: "Make the change permanent (`iptables-save > /etc/iptables/rules.v4`, `nft list ruleset > /etc/nftables.conf`, or your firewall manager: firewalld, ufw), and reload nginx (`nginx -s reload`) or Apache (`apachectl graceful`) after editing their access rules.",
					ZH: "让修改持久生效（`iptables-save > /etc/iptables/rules.v4`、`nft list ruleset > /etc/nftables.conf`，或使用 firewalld、ufw 等管理工具）；修改 nginx 或 Apache 的访问规则后重新加载（`nginx -s reload`、`apachectl graceful`）。"},
				{EN: "Check the layers padlock cannot see: the cloud security group's inbound rules, the data center's or host's blocklist, a WAF or anti-DDoS service.",
					ZH: "检查 padlock 看不到的环节：云服务器安全组入站规则、机房或主机商的黑名单、WAF 或高防服务。"},
			},
			FAQ: faqCAAccess,
		},
		{
			ID:       "ca-access.firewall-unreadable",
			Severity: "info",
			Title: i18n.Text{
				EN: "The live firewall could not be read: run as root to check the firewall",
				ZH: "无法读取本机防火墙：请以 root 身份运行以检查防火墙",
			},
			Why: i18n.Text{
				EN: "padlock runs on the server, but {commands} could not run ({error}). Reading the rules needs root; nothing was changed.",
				ZH: "padlock 运行在服务器上，但无法执行 {commands}（{error}）。读取规则需要 root 权限；padlock 不会做任何修改。",
			},
			Steps: []i18n.Text{
				{EN: "Run `sudo padlock check --local ...`, or save the rules (`sudo iptables-save > rules.txt`, `sudo nft list ruleset > nft.txt`) and pass them with `--firewall-file`.",
					ZH: "运行 `sudo padlock check --local ...`，或先保存规则（`sudo iptables-save > rules.txt`、`sudo nft list ruleset > nft.txt`）再用 `--firewall-file` 传入。"},
			},
		},
		{
			ID:       "ca-access.firewall-file-unreadable",
			Severity: "warn",
			Title: i18n.Text{
				EN: "{source} could not be checked",
				ZH: "无法检查 {source}",
			},
			Why: i18n.Text{
				EN: "The file given with --firewall-file could not be read or is not a format padlock knows ({error}), so it was not checked.",
				ZH: "通过 --firewall-file 指定的文件无法读取，或不是 padlock 支持的格式（{error}），因此没有检查。",
			},
			Steps: []i18n.Text{
				{EN: "Pass the output of `iptables-save`, `ip6tables-save`, `iptables -S` or `nft list ruleset`, an nginx configuration, or an Apache configuration or .htaccess file.",
					ZH: "请传入 `iptables-save`、`ip6tables-save`、`iptables -S` 或 `nft list ruleset` 的输出，或 nginx 配置、Apache 配置、.htaccess 文件。"},
			},
			FAQ: faqCAAccess,
		},
		{
			ID:       "ca-access.firewall-clean",
			Severity: "info",
			Title: i18n.Text{
				EN: "{source}: no rule stops the CA's validation addresses on ports 80 and 443",
				ZH: "{source}：没有规则拦截 CA 验证地址访问 80 和 443 端口",
			},
			Why: i18n.Text{
				EN: "padlock evaluated the {format} rules for {ca_addresses} as the rules' own order decides; rules that depend on state it cannot see (rate limits, ipsets not in the file) were not counted.",
				ZH: "padlock 按规则自身的顺序，对 {ca_addresses} 评估了这些 {format} 规则；依赖运行时状态的规则（限速、文件中没有的 ipset）不计入。",
			},
		},
		{
			ID:       "ca-access.firewall-not-checked",
			Severity: "info",
			Title: i18n.Text{
				EN: "The server's own firewall was not checked for the CA's addresses ({ca_addresses})",
				ZH: "没有检查服务器自身的防火墙是否拦截 CA 的地址（{ca_addresses}）",
			},
			Why: i18n.Text{
				EN: "padlock connects from where it runs, not from the CA's validation servers, so a firewall or security group that drops only the CA's addresses still answers padlock. When file validation passed but the order waits for the CA, such a rule is the usual cause.",
				ZH: "padlock 从它所在的机器发起连接，而不是从 CA 的验证服务器发起，所以只拦截 CA 地址的防火墙或安全组对 padlock 仍然放行。文件验证通过、订单却一直等待 CA 签发时，最常见的原因就是这类规则。",
			},
			Steps: []i18n.Text{
				{
					EN: "Run padlock on the server itself with `--local` (it reads iptables/nft and the web server's allow/deny rules), or save the rules and pass them: `iptables-save > rules.txt`, then `padlock check --firewall-file rules.txt HOST`.",
					ZH: "在服务器本机上运行 padlock 并加 `--local`（会读取 iptables/nft 以及 Web 服务的 allow/deny 规则），或者先导出规则再传给 padlock：`iptables-save > rules.txt`，然后 `padlock check --firewall-file rules.txt HOST`。",
				},
				{
					EN: "In the cloud console, check that the security group's inbound rules allow ports 80 and 443 from {ca_addresses}.",
					ZH: "在云控制台确认安全组的入站规则允许 {ca_addresses} 访问 80 和 443 端口。",
				},
			},
			FAQ: "免费 SSL 证书颁发时间过长或颁发失败排查方案",
		},
		{
			ID:       "ca-access.no-authoritative",
			Severity: "info",
			Title: i18n.Text{
				EN: "The authoritative nameservers of {host} could not be asked: the CA's view is unknown",
				ZH: "无法查询 {host} 的权威 DNS 服务器：无法得知 CA 看到的解析结果",
			},
			Why: why(
				"padlock asks the domain's own nameservers what they answer for the CA's networks; here that failed ({error}). Check the points below by hand.",
				"padlock 会直接询问域名的权威服务器对 CA 所在网络返回什么地址；这次失败了（{error}）。请手动检查以下几点。"),
			Steps: checklistSteps,
			FAQ:   faqCAAccess,
		},
		{
			ID:       "ca-access.ecs-ignored",
			Severity: "info",
			Title: i18n.Text{
				EN: "The nameservers of {host} ignore EDNS Client Subnet: the CA's view cannot be told apart from ours",
				ZH: "{host} 的权威服务器不支持 EDNS Client Subnet：无法区分 CA 看到的结果和我们看到的结果",
			},
			Why: why(
				"Asked with the CA's networks in an ECS option, {nameserver} answered without echoing it, so its answers do not depend on the client's subnet as seen here. A geo-DNS service that decides by the resolver's own address can still send the CA elsewhere.",
				"带着 CA 网络的 ECS 选项询问时，{nameserver} 的应答没有回传该选项，说明它的答案不随这里声明的客户端网段变化。按递归服务器自身地址分线路的智能解析，仍可能把 CA 引到别处。"),
			Steps: checklistSteps,
			FAQ:   faqCAAccess,
		},
		{
			ID:       "ca-access.no-published-ips",
			Severity: "info",
			Title: i18n.Text{
				EN: "{ca} publishes no fixed validation addresses",
				ZH: "{ca} 没有公布固定的验证 IP",
			},
			Why: why(
				"{ca} does not publish the addresses its validation servers connect from (or padlock knows no such list), so padlock cannot ask the nameservers on its behalf or check the firewall for them. Do not allow-list by address: keep ports 80 and 443 open to every source while validating.",
				"{ca} 没有公布其验证服务器使用的地址（或 padlock 不知道这样的列表），因此 padlock 无法以它的身份询问权威服务器，也无法针对这些地址检查防火墙。不要按 IP 放行：验证期间请对所有来源开放 80 和 443 端口。"),
		},
		{
			ID:       "ca-access.views-agree",
			Severity: "info",
			Title: i18n.Text{
				EN: "The CA's networks and you are sent to the same addresses: {addresses}",
				ZH: "CA 所在网络与你解析到相同的地址：{addresses}",
			},
			Why: i18n.Text{
				EN: "Asked on behalf of {ca_networks}, the authoritative nameservers answer what your resolvers answer.",
				ZH: "以 {ca_networks} 的身份询问时，权威服务器返回的结果与你的解析结果一致。",
			},
		},
	}
}
