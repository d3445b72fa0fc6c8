// Catalogue entries of the file-validation probe's findings.

package rules

import "padlock/i18n"

// fileFAQ is the FAQ section most file-validation advice rests on.
const fileFAQ = "申请 SSL 证书审核失败的原因及处理方法 / 如何查看域名型（DV）SSL 证书域名验证结果？"

// Steps shared by several file-validation findings.
var (
	stepTestBothSchemes = i18n.Text{
		EN: "Test the URL the way the CA will, on both schemes: `curl -v http://HOST/.well-known/pki-validation/FILE` and `curl -kv https://HOST/.well-known/pki-validation/FILE` (or `wget -S URL`). Each must answer 200 with the file's text, not a redirect.",
		ZH: "按 CA 的方式分别测试两种协议：`curl -v http://HOST/.well-known/pki-validation/FILE` 与 `curl -kv https://HOST/.well-known/pki-validation/FILE`（或 `wget -S URL`）。两者都应直接返回 200 和文件内容，而不是跳转。",
	}
	stepExemptNginx = i18n.Text{
		EN: "nginx: in the port 80 (and 443) server block, before the redirect, add `location ^~ /.well-known/pki-validation/ { root /var/www/html; try_files $uri =404; }` so the validation path is served instead of redirected; then `nginx -t && nginx -s reload`.",
		ZH: "nginx：在 80（以及 443）端口的 server 块中、跳转规则之前加入 `location ^~ /.well-known/pki-validation/ { root /var/www/html; try_files $uri =404; }`，让验证路径直接返回文件而不跳转；然后执行 `nginx -t && nginx -s reload`。",
	}
	stepExemptApache = i18n.Text{
		EN: "Apache: put `RewriteCond %{REQUEST_URI} !^/\\.well-known/pki-validation/` on the line just above the `RewriteRule` that redirects (in the VirtualHost or .htaccess), then `apachectl configtest && apachectl graceful`.",
		ZH: "Apache：在负责跳转的 `RewriteRule` 上一行加入 `RewriteCond %{REQUEST_URI} !^/\\.well-known/pki-validation/`（VirtualHost 或 .htaccess 中均可），然后执行 `apachectl configtest && apachectl graceful`。",
	}
	stepExemptIIS = i18n.Text{
		EN: "IIS: in URL Rewrite, open the redirect rule and add a condition `{REQUEST_URI}` \"Does Not Match the Pattern\" `^/\\.well-known/pki-validation/` (in web.config: `<add input=\"{REQUEST_URI}\" pattern=\"^/\\.well-known/pki-validation/\" negate=\"true\" />`). Cloud load balancers and CDNs: turn off \"force HTTPS\" for that path or while validating.",
		ZH: "IIS：在“URL 重写”中打开跳转规则，添加条件 `{REQUEST_URI}`“与模式不匹配”`^/\\.well-known/pki-validation/`（web.config 中为 `<add input=\"{REQUEST_URI}\" pattern=\"^/\\.well-known/pki-validation/\" negate=\"true\" />`）。云负载均衡或 CDN：对该路径关闭“强制 HTTPS”，或在验证期间暂时关闭。",
	}
	stepSwitchToDNS = i18n.Text{
		EN: "If the file cannot be served reliably (CDN, overseas nodes, strict redirects), switch the order to DNS validation instead.",
		ZH: "如果无法稳定地提供验证文件（CDN、海外节点、强制跳转等），改用 DNS 验证方式。",
	}
)

// FileValidationEntries are the catalogue entries of the probe's findings.
func FileValidationEntries() []Entry {
	return []Entry{
		{
			ID:       "file-validation.wildcard",
			Severity: "fail",
			Title:    i18n.Text{EN: "{name} is a wildcard: file validation cannot issue it", ZH: "{name} 是泛域名，无法通过文件验证签发"},
			Why: i18n.Text{
				EN: "Since 2021-12-01 a validation file proves control of exactly the host it sits on. CAs no longer issue wildcard certificates (or certificates for other subdomains) from it, so the order will never pass with {url}.",
				ZH: "自 2021-12-01 起，验证文件只能证明它所在的那一个主机名归你控制，CA 不再凭文件验证签发泛域名证书（或其他子域名的证书），因此用 {url} 验证的订单不会通过。",
			},
			Steps: []i18n.Text{
				{EN: "Change the order's validation method to DNS: add the TXT (or CNAME) record the CA gives you, then check it with `padlock check --dns-record NAME=VALUE`.", ZH: "把订单的验证方式改为 DNS 验证：按 CA 提供的值添加 TXT（或 CNAME）记录，再用 `padlock check --dns-record NAME=VALUE` 检查。"},
				{EN: "Or order a certificate for the exact names you need (e.g. example.com and www.example.com) and validate each by file.", ZH: "或者改为申请确切的域名（如 example.com 与 www.example.com），逐个用文件验证。"},
			},
			FAQ: "泛域名 SSL 证书相关问题 / 申请 SSL 证书审核失败的原因及处理方法",
		},
		{
			ID:       "file-validation.redirect",
			Severity: "fail",
			Title:    i18n.Text{EN: "The validation URL on {scheme} redirects ({status}), and the CA will not follow", ZH: "{scheme} 上的验证地址发生跳转（{status}），CA 不会跟随"},
			Why: i18n.Text{
				EN: "The CA must get the file itself from {url}. Redirect policy of {ca}: {reason}; so the check fails even though a browser ends up at the file. Where it went: {hops}.",
				ZH: "CA 必须在 {url} 直接拿到文件。{ca} 的跳转规则：{reason}。因此即使浏览器最终能打开文件，验证仍会失败。跳转经过：{hops}。",
			},
			Steps: []i18n.Text{stepExemptNginx, stepExemptApache, stepExemptIIS, stepTestBothSchemes,
				{EN: "A redirect to www, to a login page or to another site must go too: the file has to answer on the exact name being validated.", ZH: "跳转到 www、登录页或其他站点的规则同样要排除：文件必须在被验证的那个域名上直接返回。"},
				stepSwitchToDNS},
			FAQ: fileFAQ,
		},
		{
			ID:       "file-validation.redirect-followed",
			Severity: "info",
			Title:    i18n.Text{EN: "The {scheme} validation URL redirects, and {ca} follows it to the right file", ZH: "{scheme} 验证地址有跳转，{ca} 会跟随并拿到正确文件"},
			Why: i18n.Text{
				EN: "This CA follows this kind of redirect ({hops}), so validation can pass. Another CA, or the FAQ's free certificates, would refuse it: exempting the validation path is the safer setup.",
				ZH: "该 CA 会跟随这类跳转（{hops}），因此验证可以通过。但换成其他 CA 或 FAQ 中的免费证书就会失败，最稳妥的做法仍是让验证路径不跳转。",
			},
			Steps: []i18n.Text{stepExemptNginx, stepExemptApache},
			FAQ:   fileFAQ,
		},
		{
			ID:       "file-validation.bad-status",
			Severity: "fail",
			Title:    i18n.Text{EN: "{url} answers {status} instead of 200", ZH: "{url} 返回 {status}，而不是 200"},
			Why: i18n.Text{
				EN: "The CA accepts only a 200 answer with the file. A 404 on {scheme} usually means the file sits only under the other site (a common case: it was put under the HTTP site while HTTPS already serves another document root); 403 means access rules block it; 5xx means the server or a CDN node failed.",
				ZH: "CA 只接受带文件内容的 200 应答。{scheme} 上返回 404 通常说明文件只放在另一个站点下（常见情况：文件放在了 HTTP 站点目录，而 HTTPS 站点使用另一个根目录）；403 说明访问规则拦截了它；5xx 说明服务器或 CDN 节点出错。",
			},
			Steps: []i18n.Text{
				{EN: "Put the file in the document root of both the HTTP and the HTTPS site (nginx: the `root` of both server blocks; Apache: the `DocumentRoot` of both VirtualHosts; IIS: the physical path of both bindings), under `.well-known/pki-validation/`.", ZH: "把文件同时放到 HTTP 与 HTTPS 两个站点的根目录下的 `.well-known/pki-validation/` 中（nginx：两个 server 块的 `root`；Apache：两个 VirtualHost 的 `DocumentRoot`；IIS：两个绑定对应的物理路径）。"},
				{EN: "Or turn HTTPS off for the site while validating, and back on once the certificate is issued.", ZH: "或者在验证期间暂时关闭该站点的 HTTPS，签发后再开启。"},
				{EN: "Behind a CDN: make sure every node (overseas ones too) has the file, or pause overseas acceleration while validating.", ZH: "使用 CDN 时：确认所有节点（包括海外节点）都已同步该文件，或在验证期间暂停海外加速。"},
				stepTestBothSchemes, stepSwitchToDNS,
			},
			FAQ: fileFAQ,
		},
		{
			ID:       "file-validation.wrong-content",
			Severity: "fail",
			Title:    i18n.Text{EN: "{url} does not serve the expected validation content", ZH: "{url} 返回的内容与要求的验证内容不符"},
			Why: i18n.Text{
				EN: "The CA compares the file's text with the value it issued. Expected: {expected}. Got ({content_type}): {got}. An old file from a previous order, a default page or an error page served with status 200 all fail.",
				ZH: "CA 会把文件内容与它下发的值逐字比对。期望：{expected}。实际（{content_type}）：{got}。上一次订单留下的旧文件、默认首页或以 200 返回的错误页都会导致失败。",
			},
			Steps: []i18n.Text{
				{EN: "Download the validation file again from the certificate console and upload it unchanged (no extra lines, no BOM, plain text).", ZH: "从证书控制台重新下载验证文件，原样上传（不要增加行、不要带 BOM，保持纯文本）。"},
				{EN: "Check that both the HTTP and the HTTPS site serve the same, new file; clear any CDN or proxy cache for the URL.", ZH: "确认 HTTP 与 HTTPS 两个站点返回的是同一个新文件；清除 CDN 或代理对该地址的缓存。"},
				stepTestBothSchemes,
			},
			FAQ: fileFAQ,
		},
		{
			ID:       "file-validation.body-too-large",
			Severity: "fail",
			Title:    i18n.Text{EN: "{url} answers with more than {limit}: checked the first {limit}", ZH: "{url} 返回内容超过 {limit}，只检查了前 {limit}"},
			Why: i18n.Text{
				EN: "A validation file is a few short lines. An answer this large on {scheme} is a page or a stream, not the file, so the CA's comparison fails.",
				ZH: "验证文件只有几行短文本。{scheme} 上返回如此大的内容，说明那是网页或数据流而不是验证文件，CA 比对必然失败。",
			},
			Steps: []i18n.Text{
				{EN: "Make sure the URL maps to the static file itself (no rewrite to an application or a page).", ZH: "确认该地址直接对应静态文件本身，没有被重写到应用程序或页面。"},
				stepTestBothSchemes,
			},
			FAQ: fileFAQ,
		},
		{
			ID:       "file-validation.https-untrusted",
			Severity: "fail",
			Title:    i18n.Text{EN: "The HTTPS validation URL presents a certificate that is not trusted here", ZH: "HTTPS 验证地址出示的证书不受信任"},
			Why: i18n.Text{
				EN: "When an https:// version of the validation URL exists, the CA may try it, and an untrusted, expired or mismatched certificate makes that attempt fail ({error}). Checked: {url}.",
				ZH: "验证地址存在 https:// 版本时，CA 可能会访问它；证书不受信任、已过期或与域名不符都会让这次访问失败（{error}）。检查的地址：{url}。",
			},
			Steps: []i18n.Text{
				{EN: "Fix HTTPS for this name (install a valid certificate with its full chain), or turn HTTPS off for the site while validating, then back on.", ZH: "修好该域名的 HTTPS（安装有效证书及完整证书链），或在验证期间暂时关闭该站点的 HTTPS，验证完成后再开启。"},
				stepTestBothSchemes,
			},
			FAQ: fileFAQ,
		},
		{
			ID:       "file-validation.no-answer",
			Severity: "fail",
			Title:    i18n.Text{EN: "No answer from {url}", ZH: "{url} 没有应答"},
			Why: i18n.Text{
				EN: "The request over {scheme} failed: {error}. A CA that cannot reach the URL cannot validate; a server that never finishes its answer fails the same way.",
				ZH: "通过 {scheme} 的请求失败：{error}。CA 访问不到该地址就无法完成验证；服务器迟迟不完成应答也是同样的结果。",
			},
			Steps: []i18n.Text{
				{EN: "Open port 80 (and 443) to the internet: security group or firewall inbound rules, and make sure the web server listens there.", ZH: "向公网开放 80（和 443）端口：检查安全组或防火墙入站规则，并确认 Web 服务器在该端口监听。"},
				{EN: "Without a running website, file validation is impossible: use DNS validation.", ZH: "网站尚未上线时无法使用文件验证，请改用 DNS 验证。"},
			},
			FAQ: fileFAQ + " / 未开启网站服务前是否可以申请 SSL 证书？",
		},
		{
			ID:       "file-validation.path-redirects",
			Severity: "warn",
			Title:    i18n.Text{EN: "The validation path /.well-known/pki-validation/ is redirected ({status})", ZH: "验证路径 /.well-known/pki-validation/ 被跳转（{status}）"},
			Why: i18n.Text{
				EN: "padlock asked for a random file at {url} and was sent to {location}. Any validation file there would be redirected too, and {ca} refuses redirects, so file validation would fail. Chain: {hops}.",
				ZH: "padlock 请求了随机文件 {url}，被跳转到 {location}。放在这里的验证文件同样会被跳转，而 {ca} 不接受跳转，文件验证将会失败。跳转链：{hops}。",
			},
			Steps: []i18n.Text{stepExemptNginx, stepExemptApache, stepExemptIIS, stepSwitchToDNS},
			FAQ:   fileFAQ,
		},
		{
			ID:       "file-validation.path-unreachable",
			Severity: "warn",
			Title:    i18n.Text{EN: "Nothing answers on http:// for the validation path", ZH: "验证路径在 http:// 上没有应答"},
			Why: i18n.Text{
				EN: "padlock could not get an answer from {url} ({error}). CAs that validate by file fetch over plain HTTP on port 80 first, so file validation would fail.",
				ZH: "padlock 没能从 {url} 得到应答（{error}）。采用文件验证的 CA 会先通过 80 端口的 HTTP 访问，因此文件验证将会失败。",
			},
			Steps: []i18n.Text{
				{EN: "Open port 80 in the security group or firewall and serve the site on it (a redirect to https is fine once the validation path is exempted).", ZH: "在安全组或防火墙中开放 80 端口并提供站点服务（排除验证路径后，其余请求跳转到 https 没有问题）。"},
				stepSwitchToDNS,
			},
			FAQ: fileFAQ + " / 未开启网站服务前是否可以申请 SSL 证书？",
		},
	}
}
