// Catalogue entries of the tls-versions probe's findings.

package rules

import "padlock/i18n"

// faqTLSVersions is the FAQ section the TLS-version advice rests on.
const faqTLSVersions = "如何设置 SSL 证书的 TLS 协议版本？"

// Steps that set the enabled TLS versions on the common servers.
var tlsVersionSteps = []i18n.Text{
	{
		EN: "nginx: in the `server` block (or `http`), set `ssl_protocols TLSv1.2 TLSv1.3;` (remove `TLSv1` and `TLSv1.1`), then `nginx -t && systemctl reload nginx`.",
		ZH: "nginx：在 `server`（或 `http`）块中设置 `ssl_protocols TLSv1.2 TLSv1.3;`（去掉 `TLSv1` 和 `TLSv1.1`），然后执行 `nginx -t && systemctl reload nginx`。",
	},
	{
		EN: "Apache: in the SSL virtual host (or ssl.conf), set `SSLProtocol -all +TLSv1.2 +TLSv1.3`, then `apachectl configtest && systemctl reload httpd` (apache2 on Debian/Ubuntu).",
		ZH: "Apache：在 SSL 虚拟主机（或 ssl.conf）中设置 `SSLProtocol -all +TLSv1.2 +TLSv1.3`，然后执行 `apachectl configtest && systemctl reload httpd`（Debian/Ubuntu 上是 apache2）。",
	},
	{
		EN: "Tomcat: on the HTTPS `<Connector>` (or its `<SSLHostConfig>`) in server.xml, set `sslEnabledProtocols=\"TLSv1.2,TLSv1.3\"` (`protocols=\"TLSv1.2+TLSv1.3\"` on SSLHostConfig), then restart Tomcat.",
		ZH: "Tomcat：在 server.xml 的 HTTPS `<Connector>`（或其 `<SSLHostConfig>`）上设置 `sslEnabledProtocols=\"TLSv1.2,TLSv1.3\"`（SSLHostConfig 上用 `protocols=\"TLSv1.2+TLSv1.3\"`），然后重启 Tomcat。",
	},
	{
		EN: "IIS: versions are set for all of Windows in the SChannel registry, under `HKLM\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.0\\Server` (and `TLS 1.1`): `Enabled`=0, `DisabledByDefault`=1; make sure `TLS 1.2\\Server` has `Enabled`=1; then reboot. (IIS Crypto sets the same keys.)",
		ZH: "IIS：协议版本由 Windows 的 SChannel 注册表统一控制，在 `HKLM\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.0\\Server`（以及 `TLS 1.1`）下设置 `Enabled`=0、`DisabledByDefault`=1，并确认 `TLS 1.2\\Server` 的 `Enabled`=1，然后重启系统。（IIS Crypto 工具改的也是这些键。）",
	},
	{
		EN: "Cloud load balancer (CLB) or CDN: the versions are not set on your server but in the product console, in the HTTPS listener's or domain's TLS/security policy: choose a policy with TLS 1.2 and 1.3 only.",
		ZH: "云负载均衡（CLB）或 CDN：协议版本不在你的服务器上设置，而是在产品控制台里 HTTPS 监听器或域名的 TLS/安全策略中：选择只含 TLS 1.2 和 1.3 的策略。",
	},
}

// tlsNotSpeakingSteps fix a port where something other than TLS answers.
var tlsNotSpeakingSteps = []i18n.Text{
	{
		EN: "Check what owns the port: `ss -ltnp | grep ':{port} '`. It must be the web server's TLS listener, not an app server, a proxy without a backend or another service.",
		ZH: "查看占用该端口的程序：`ss -ltnp | grep ':{port} '`。它应该是 Web 服务的 TLS 监听，而不是应用服务器、没有后端的代理或其他服务。",
	},
	{
		EN: "nginx: the listen line needs `ssl`: `listen {port} ssl;` with `ssl_certificate` and `ssl_certificate_key`. Apache: `SSLEngine on` in the `<VirtualHost *:{port}>`. Tomcat: `SSLEnabled=\"true\"` and `scheme=\"https\"` on the connector.",
		ZH: "nginx 的 listen 行必须带 `ssl`：`listen {port} ssl;`，并配置 `ssl_certificate` 和 `ssl_certificate_key`。Apache：在 `<VirtualHost *:{port}>` 中写 `SSLEngine on`。Tomcat：在连接器上设置 `SSLEnabled=\"true\"` 和 `scheme=\"https\"`。",
	},
	{
		EN: "Behind a load balancer or CDN, make sure the listener on {port} is HTTPS (with the certificate) and forwards to the right backend port.",
		ZH: "如果前面有负载均衡或 CDN，确认 {port} 端口的监听器是 HTTPS（已绑定证书），并转发到正确的后端端口。",
	},
}

// TLSVersionsEntries are the catalogue entries of the probe's findings.
func TLSVersionsEntries() []Entry {
	return []Entry{
		{
			ID:       "tls-versions.legacy-only",
			Severity: "fail",
			Title:    i18n.Text{EN: "Only outdated TLS is offered ({accepted}); no TLS 1.2 or 1.3", ZH: "只提供过时的 TLS 版本（{accepted}），没有 TLS 1.2 或 1.3"},
			Why: i18n.Text{
				EN: "All major browsers removed TLS 1.0 and 1.1 in 2020 and RFC 8996 deprecates them: Chrome, Edge, Firefox and Safari refuse to connect, as do current Android apps and API clients. Only very old systems can still open the site.",
				ZH: "各大浏览器在 2020 年已移除 TLS 1.0 和 1.1，RFC 8996 也正式将其废弃：Chrome、Edge、Firefox、Safari 以及新版 Android App 和 API 客户端都无法连接，只有非常老的系统还能打开网站。",
			},
			Steps: append([]i18n.Text{{
				EN: "Enable TLS 1.2 and 1.3. If the server software is too old to offer TLS 1.2 (e.g. OpenSSL before 1.0.1, Windows Server 2008 without updates), upgrade it first.",
				ZH: "启用 TLS 1.2 和 1.3。如果服务器软件太旧、不支持 TLS 1.2（例如 OpenSSL 1.0.1 之前的版本、未打补丁的 Windows Server 2008），先升级。",
			}}, tlsVersionSteps...),
			FAQ: faqTLSVersions,
		},
		{
			ID:       "tls-versions.none-accepted",
			Severity: "fail",
			Title:    i18n.Text{EN: "The server refused every TLS version (alerts: {alerts})", ZH: "服务器拒绝了所有 TLS 版本（告警：{alerts}）"},
			Why: i18n.Text{
				EN: "The server speaks TLS but completed no handshake at 1.0, 1.1, 1.2 or 1.3. Browsers cannot connect. Common causes: no certificate configured for this name (SNI), a cipher list no client supports, or a required client certificate.",
				ZH: "服务器能说 TLS，但 1.0、1.1、1.2、1.3 都没能完成握手，浏览器无法连接。常见原因：该域名（SNI）没有配置证书、加密套件列表没有客户端支持，或者要求客户端证书。",
			},
			Steps: append([]i18n.Text{{
				EN: "Check that a certificate is configured for this exact name and that the cipher list is not over-restricted (nginx: remove custom `ssl_ciphers` to test with the defaults).",
				ZH: "确认为这个域名配置了证书，且加密套件没有被限制得过死（nginx 可以先去掉自定义的 `ssl_ciphers`，用默认值测试）。",
			}}, tlsVersionSteps...),
			FAQ: faqTLSVersions,
		},
		{
			ID:       "tls-versions.legacy-enabled",
			Severity: "warn",
			Title:    i18n.Text{EN: "Outdated {legacy} still accepted beside TLS 1.2/1.3", ZH: "在 TLS 1.2/1.3 之外仍接受过时的 {legacy}"},
			Why: i18n.Text{
				EN: "Browsers no longer use TLS 1.0/1.1 (removed in 2020, deprecated by RFC 8996), so leaving them on helps nobody but weakens the server: security scanners and PCI DSS audits flag it, and downgrade attacks stay possible.",
				ZH: "浏览器早已不再使用 TLS 1.0/1.1（2020 年移除，RFC 8996 废弃），继续开启对用户没有好处，反而削弱服务器安全：安全扫描和 PCI DSS 审计会报出问题，降级攻击的风险也还在。",
			},
			Steps: tlsVersionSteps,
			FAQ:   faqTLSVersions,
		},
		{
			ID:       "tls-versions.no-tls13",
			Severity: "info",
			Title:    i18n.Text{EN: "TLS 1.3 is not enabled (accepted: {accepted})", ZH: "未启用 TLS 1.3（已接受：{accepted}）"},
			Why: i18n.Text{
				EN: "TLS 1.2 keeps every client working. TLS 1.3 adds a faster handshake and only modern ciphers; enable it when the server software allows (nginx with OpenSSL 1.1.1 or later).",
				ZH: "有 TLS 1.2 时所有客户端都能正常访问。TLS 1.3 握手更快、只使用现代加密套件；服务器软件支持时（如 nginx 配合 OpenSSL 1.1.1 及以上）建议开启。",
			},
			Steps: tlsVersionSteps,
			FAQ:   faqTLSVersions,
		},
		{
			ID:       "tls-versions.no-tls",
			Severity: "fail",
			Title:    i18n.Text{EN: "Port {port} is open, but nothing speaks TLS there", ZH: "{port} 端口是开着的，但那里没有 TLS 服务"},
			Why: i18n.Text{
				EN: "{addresses} accepted the TCP connection but did not send back a single byte of TLS (padlock waited, or was hung up on, after {waited_ms} ms). Browsers hang and then fail; this is not \"TLS disabled\" but a listener that is not a TLS server (a stuck process, a proxy with no backend, a wrong port mapping).",
				ZH: "{addresses} 接受了 TCP 连接，却没有回应任何 TLS 数据（padlock 等待了 {waited_ms} 毫秒，或在此期间被对方断开）。浏览器会卡住然后失败；这不是“关闭了 TLS”，而是监听该端口的程序根本不是 TLS 服务（进程卡死、代理没有后端、端口映射错误）。",
			},
			Steps: tlsNotSpeakingSteps,
			FAQ:   faqTLSVersions + " / " + faqPort443,
		},
		{
			ID:       "tls-versions.plain-http",
			Severity: "fail",
			Title:    i18n.Text{EN: "Port {port} speaks plain HTTP, not HTTPS", ZH: "{port} 端口上跑的是明文 HTTP，而不是 HTTPS"},
			Why: i18n.Text{
				EN: "{addresses} answered the TLS handshake with an HTTP response. Browsers report a protocol error (ERR_SSL_PROTOCOL_ERROR, SSL_ERROR_RX_RECORD_TOO_LONG). Usually the listen line lacks `ssl`, or the HTTPS port is mapped to the HTTP backend.",
				ZH: "{addresses} 用 HTTP 响应回答了 TLS 握手。浏览器会报协议错误（ERR_SSL_PROTOCOL_ERROR、SSL_ERROR_RX_RECORD_TOO_LONG）。通常是 listen 行漏了 `ssl`，或者 HTTPS 端口被映射到了 HTTP 后端。",
			},
			Steps: tlsNotSpeakingSteps,
			FAQ:   faqTLSVersions + " / " + faqPort443,
		},
		{
			ID:       "tls-versions.not-tls",
			Severity: "fail",
			Title:    i18n.Text{EN: "Port {port} answers with something that is not TLS", ZH: "{port} 端口的应答不是 TLS"},
			Why: i18n.Text{
				EN: "{addresses} replied to the handshake with bytes that are not TLS (first bytes {first_bytes}). Another service owns the port (SSH, a database, a custom protocol), so browsers fail with a protocol error.",
				ZH: "{addresses} 对握手回了一串不是 TLS 的字节（开头为 {first_bytes}）。该端口被其他服务占用（SSH、数据库或自定义协议），浏览器会报协议错误。",
			},
			Steps: tlsNotSpeakingSteps,
			FAQ:   faqTLSVersions + " / " + faqPort443,
		},
		{
			ID:       "tls-versions.handshake-stalled",
			Severity: "fail",
			Title:    i18n.Text{EN: "The TLS handshake on port {port} started but stalled", ZH: "{port} 端口的 TLS 握手开始后卡住了"},
			Why: i18n.Text{
				EN: "{addresses} began to answer and then stopped (gave up after {waited_ms} ms). Browsers time out. Typical causes: an overloaded server, a middlebox or MTU problem that loses large packets (the certificate), or a broken proxy.",
				ZH: "{addresses} 开始应答后就停住了（等待 {waited_ms} 毫秒后放弃）。浏览器会超时。常见原因：服务器过载、中间设备或 MTU 问题导致大包（证书）丢失，或者代理异常。",
			},
			Steps: []i18n.Text{
				{EN: "Test from the server itself: `openssl s_client -connect 127.0.0.1:{port} -servername HOST`. If that works, look at the network path (MTU, firewall, load balancer); if not, at the web server's load and logs.", ZH: "先在服务器本机测试：`openssl s_client -connect 127.0.0.1:{port} -servername HOST`。本机正常就排查网络路径（MTU、防火墙、负载均衡）；本机也不正常就查看 Web 服务的负载和日志。"},
			},
			FAQ: faqTLSVersions,
		},
		{
			ID:       "tls-versions.handshake-error",
			Severity: "error",
			Title:    i18n.Text{EN: "TLS handshakes on port {port} failed in an unexpected way", ZH: "{port} 端口的 TLS 握手以意外的方式失败"},
			Why: i18n.Text{
				EN: "padlock could not tell which versions {addresses} accepts ({error}).",
				ZH: "padlock 无法判断 {addresses} 接受哪些版本（{error}）。",
			},
			Steps: []i18n.Text{
				{EN: "Try by hand: `openssl s_client -connect HOST:{port} -tls1_2` and `-tls1_3`, and attach the output to the report.", ZH: "手动测试：`openssl s_client -connect HOST:{port} -tls1_2` 和 `-tls1_3`，并把输出附在报告中。"},
			},
		},
		{
			ID:       "tls-versions.inconsistent",
			Severity: "warn",
			Title:    i18n.Text{EN: "The addresses of this name accept different TLS versions", ZH: "该域名的各个地址接受的 TLS 版本不一致"},
			Why: i18n.Text{
				EN: "Visitors get a different server depending on which address they reach ({per_address}), so the site works for some and not for others. One server was probably missed when the configuration changed.",
				ZH: "访问者连到哪个地址，就会遇到不同的配置（{per_address}），网站时好时坏。多半是修改配置时漏掉了某台服务器。",
			},
			Steps: append([]i18n.Text{{
				EN: "Apply the same TLS settings to every server or load balancer listener behind the name.",
				ZH: "把同样的 TLS 设置应用到该域名背后的每台服务器或每个负载均衡监听器。",
			}}, tlsVersionSteps...),
			FAQ: faqTLSVersions,
		},
		{
			ID:       "tls-versions.no-connection",
			Severity: "error",
			Title:    i18n.Text{EN: "No address accepted a connection on port {port}", ZH: "没有任何地址接受 {port} 端口的连接"},
			Why: i18n.Text{
				EN: "The TLS versions cannot be tested while {addresses} refuse or drop connections ({error}). The reachability check says why.",
				ZH: "{addresses} 拒绝或丢弃连接（{error}），因此无法测试 TLS 版本。原因见“域名解析与 443/80 端口”检查。",
			},
			Steps: []i18n.Text{
				{EN: "Fix the reachability findings first, then run padlock again.", ZH: "先解决端口连通性问题，再重新运行 padlock。"},
			},
		},
	}
}
