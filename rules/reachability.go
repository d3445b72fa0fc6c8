// Catalogue entries of the reachability probe's findings.

package rules

import "padlock/i18n"

// FAQ sections the reachability advice rests on.
const (
	faqPort443  = "服务器如何开启443端口？"
	faqIPChange = "服务器 IP 地址更换后原来的 SSL 证书能否生效？"
)

// Shared steps of the reachability entries.
var (
	stepCheckListening = i18n.Text{
		EN: "On the server, check that the web server listens on the port: `ss -ltnp | grep ':{port} '` (Windows: `netstat -ano | findstr :{port}`). No line means nothing listens: start or fix the web server (nginx: `listen {port} ssl;` in the server block, then `nginx -t && systemctl reload nginx`).",
		ZH: "在服务器上确认 Web 服务在监听该端口：`ss -ltnp | grep ':{port} '`（Windows：`netstat -ano | findstr :{port}`）。没有输出就说明没有程序在监听：启动或修好 Web 服务（nginx 在 server 块里写 `listen {port} ssl;`，再执行 `nginx -t && systemctl reload nginx`）。",
	}
	stepHostFirewall = i18n.Text{
		EN: "Open the port in the host firewall: firewalld `firewall-cmd --permanent --add-port={port}/tcp && firewall-cmd --reload`; ufw `ufw allow {port}/tcp`; iptables `iptables -I INPUT -p tcp --dport {port} -j ACCEPT` (then save the rules); Windows `netsh advfirewall firewall add rule name=\"HTTPS {port}\" dir=in action=allow protocol=TCP localport={port}`.",
		ZH: "在主机防火墙放行该端口：firewalld 执行 `firewall-cmd --permanent --add-port={port}/tcp && firewall-cmd --reload`；ufw 执行 `ufw allow {port}/tcp`；iptables 执行 `iptables -I INPUT -p tcp --dport {port} -j ACCEPT`（再保存规则）；Windows 执行 `netsh advfirewall firewall add rule name=\"HTTPS {port}\" dir=in action=allow protocol=TCP localport={port}`。",
	}
	stepSecurityGroup = i18n.Text{
		EN: "In the cloud console, add an inbound rule to the instance's security group: protocol TCP, port {port}, source 0.0.0.0/0 (and ::/0 for IPv6). Lightweight servers have their own firewall page instead; other clouds call it a security group, network ACL or firewall rule.",
		ZH: "在云控制台给实例所在的安全组添加入站规则：协议 TCP，端口 {port}，来源 0.0.0.0/0（IPv6 再加 ::/0）。轻量应用服务器没有安全组，在它自己的“防火墙”页面添加；其他云厂商叫安全组、网络 ACL 或防火墙规则。",
	}
	stepDNSPointsHere = i18n.Text{
		EN: "Make sure the name still points at the server you configured: after a move, update the A/AAAA records to the new IP. The certificate is bound to the name, not the IP, so the same certificate works on the new server once it is installed there.",
		ZH: "确认域名仍然解析到你配置的那台服务器：迁移服务器后要把 A/AAAA 记录改成新 IP。证书绑定的是域名而不是 IP，只要在新服务器上装好，原证书照样可用。",
	}
)

// ReachabilityEntries are the catalogue entries of the probe's findings.
func ReachabilityEntries() []Entry {
	dnsFAQ := faqIPChange
	portFAQ := faqPort443 + " / " + faqIPChange
	return []Entry{
		{
			ID:       "reachability.nxdomain",
			Severity: "fail",
			Title:    i18n.Text{EN: "{host} does not exist in DNS (NXDOMAIN for {types})", ZH: "{host} 在 DNS 中不存在（{types} 查询返回 NXDOMAIN）"},
			Why: i18n.Text{
				EN: "No browser, app or CA can find the site: every visitor gets \"server not found\", and no certificate can be validated for the name.",
				ZH: "浏览器、App 和 CA 都找不到这个网站：访问者只会看到“找不到服务器”，CA 也无法为这个域名完成验证。",
			},
			Steps: []i18n.Text{
				{EN: "Check the spelling of {host}, and that the domain is registered and not expired.", ZH: "检查 {host} 是否拼写正确，域名是否已注册且未过期。"},
				{EN: "At your DNS provider, add an A record (and an AAAA record if the server has IPv6) for the name, pointing at the server's public IP.", ZH: "在 DNS 服务商处为该域名添加 A 记录（服务器有 IPv6 时再加 AAAA 记录），指向服务器的公网 IP。"},
				{EN: "If the records exist, check that the domain's NS records at the registrar name the DNS provider where you added them.", ZH: "如果记录已经存在，检查注册商处的 NS 记录是否指向你添加记录的那家 DNS 服务商。"},
			},
			FAQ: dnsFAQ,
		},
		{
			ID:       "reachability.servfail",
			Severity: "fail",
			Title:    i18n.Text{EN: "Resolvers answer SERVFAIL for {host} ({types})", ZH: "解析器对 {host} 返回 SERVFAIL（{types}）"},
			Why: i18n.Text{
				EN: "The resolvers could not get an answer from the domain's name servers (broken delegation, unreachable or misconfigured authoritative servers, or a DNSSEC error). Visitors behind those resolvers cannot open the site.",
				ZH: "解析器没能从域名的权威服务器拿到答案（委派错误、权威服务器不可达或配置错误，或者 DNSSEC 校验失败）。使用这些解析器的访问者打不开网站。",
			},
			Steps: []i18n.Text{
				{EN: "Check that the NS records at the registrar match the name servers that actually host the zone, and that each answers: `dig @NS-SERVER {host} A`.", ZH: "核对注册商处的 NS 记录与实际托管该区域的权威服务器是否一致，并逐个确认能应答：`dig @NS-SERVER {host} A`。"},
				{EN: "If DNSSEC is on, make sure the DS record at the registrar matches the zone's current key, or remove the DS record while you fix it.", ZH: "如果启用了 DNSSEC，确认注册商处的 DS 记录与区域当前的密钥一致；修复期间也可以先删除 DS 记录。"},
			},
			FAQ: dnsFAQ,
		},
		{
			ID:       "reachability.dns-rcode",
			Severity: "error",
			Title:    i18n.Text{EN: "The resolver answered {rcode} for {host} ({types})", ZH: "解析器对 {host} 返回 {rcode}（{types}）"},
			Why: i18n.Text{
				EN: "The resolver declined the question, so padlock cannot tell whether the name resolves. This is usually the resolver's policy, not the site's fault.",
				ZH: "解析器拒绝回答，padlock 无法判断该域名能否解析。这通常是解析器本身的策略，不是网站的问题。",
			},
			Steps: []i18n.Text{
				{EN: "Run padlock again with a resolver that serves you: `--resolver 8.8.8.8` or your own network's resolver.", ZH: "换一个可用的解析器重新运行 padlock：`--resolver 8.8.8.8`，或使用你所在网络的解析器。"},
			},
		},
		{
			ID:       "reachability.no-address",
			Severity: "fail",
			Title:    i18n.Text{EN: "{host} exists but has no A or AAAA record", ZH: "{host} 存在，但没有 A 或 AAAA 记录"},
			Why: i18n.Text{
				EN: "The name resolves to no address, so there is nothing for browsers to connect to. It often happens after a move, when the old record was deleted and the new one not yet added.",
				ZH: "域名没有解析到任何地址，浏览器无处可连。常见于迁移服务器时删掉了旧记录、却还没添加新记录。",
			},
			Steps: []i18n.Text{
				{EN: "Add an A record (and AAAA for IPv6) for {host} pointing at the server's public IP; a CNAME to your CDN or load balancer also works.", ZH: "为 {host} 添加指向服务器公网 IP 的 A 记录（IPv6 用 AAAA），或者添加指向 CDN、负载均衡的 CNAME 记录。"},
				stepDNSPointsHere,
			},
			FAQ: dnsFAQ,
		},
		{
			ID:       "reachability.resolver-timeout",
			Severity: "error",
			Title:    i18n.Text{EN: "No resolver answered for {host} in time", ZH: "没有解析器及时回答 {host} 的查询"},
			Why: i18n.Text{
				EN: "padlock could not reach any resolver ({resolvers}), so it cannot judge the site. This is about the network padlock runs on, not about the site.",
				ZH: "padlock 联系不上任何解析器（{resolvers}），因此无法判断网站情况。这是 padlock 所在网络的问题，与网站无关。",
			},
			Steps: []i18n.Text{
				{EN: "Check that this machine may send DNS (UDP and TCP port 53), or pass a resolver it can reach: `--resolver ADDR`.", ZH: "确认本机允许发出 DNS 请求（UDP 和 TCP 53 端口），或指定一个可达的解析器：`--resolver ADDR`。"},
			},
		},
		{
			ID:       "reachability.resolver-unreachable",
			Severity: "error",
			Title:    i18n.Text{EN: "The resolvers could not be asked about {host}", ZH: "无法向解析器查询 {host}"},
			Why: i18n.Text{
				EN: "Every query to {resolvers} failed ({error}), so padlock cannot judge the site. This is about the network padlock runs on, not about the site.",
				ZH: "向 {resolvers} 的查询全部失败（{error}），padlock 无法判断网站情况。这是 padlock 所在网络的问题，与网站无关。",
			},
			Steps: []i18n.Text{
				{EN: "Check the resolver addresses given with `--resolver`, and that this machine may send DNS.", ZH: "检查 `--resolver` 给出的地址是否正确，以及本机是否允许发出 DNS 请求。"},
			},
		},
		{
			ID:       "reachability.resolver-partial",
			Severity: "warn",
			Title:    i18n.Text{EN: "No answer for the {types} lookup of {host}", ZH: "{host} 的 {types} 查询没有应答"},
			Why: i18n.Text{
				EN: "Some queries for the name go unanswered. Name servers that ignore AAAA (or A) questions make browsers and resolvers wait and retry, and some clients give up.",
				ZH: "部分查询得不到应答。忽略 AAAA（或 A）查询的权威服务器会让浏览器和解析器反复等待重试，有的客户端干脆放弃。",
			},
			Steps: []i18n.Text{
				{EN: "Query the authoritative servers directly for each type: `dig @NS-SERVER {host} AAAA`. A name server must answer every type, with an empty answer when there is no record.", ZH: "直接向权威服务器查询每种类型：`dig @NS-SERVER {host} AAAA`。权威服务器对每种类型都必须应答，没有记录时返回空答案即可。"},
			},
			FAQ: dnsFAQ,
		},
		{
			ID:       "reachability.https-refused",
			Severity: "fail",
			Title:    i18n.Text{EN: "Port {port} refuses connections on {addresses}", ZH: "{addresses} 的 {port} 端口拒绝连接"},
			Why: i18n.Text{
				EN: "The server answered the connection with a reset: nothing listens on port {port}, or a firewall rule rejects it. Browsers show \"connection refused\" at once and nobody can use HTTPS. A refusal means the packets arrive, so the cloud security group is not the problem.",
				ZH: "服务器用 RST 拒绝了连接：{port} 端口没有程序监听，或者防火墙规则主动拒绝（REJECT）。浏览器会立刻提示“拒绝连接”，所有人都无法使用 HTTPS。连接被拒说明数据包已经到达服务器，问题不在云安全组。",
			},
			Steps: []i18n.Text{
				stepCheckListening,
				{EN: "If it listens, look for a REJECT rule: `iptables -S INPUT | grep -i reject`, `firewall-cmd --list-all`, `ufw status`.", ZH: "如果已在监听，再查找 REJECT 规则：`iptables -S INPUT | grep -i reject`、`firewall-cmd --list-all`、`ufw status`。"},
				stepHostFirewall,
				stepDNSPointsHere,
			},
			FAQ: portFAQ,
		},
		{
			ID:       "reachability.https-timeout",
			Severity: "fail",
			Title:    i18n.Text{EN: "Port {port} does not answer on {addresses} (timed out)", ZH: "{addresses} 的 {port} 端口无响应（连接超时）"},
			Why: i18n.Text{
				EN: "Connection attempts get no answer at all: a cloud security group or a host firewall silently drops them. Browsers spin for a long time and then fail; nobody can use HTTPS.",
				ZH: "连接请求石沉大海：云安全组或主机防火墙把数据包直接丢弃了。浏览器会转圈很久然后报错，所有人都无法使用 HTTPS。",
			},
			Steps: []i18n.Text{
				stepSecurityGroup,
				stepHostFirewall,
				{EN: "If both allow the port, check for a network ACL or an upstream firewall between the internet and the server, and that the IP really belongs to this server.", ZH: "如果两者都已放行，再检查公网与服务器之间是否有网络 ACL 或上游防火墙，以及该 IP 是否确实属于这台服务器。"},
			},
			FAQ: portFAQ,
		},
		{
			ID:       "reachability.https-unreachable",
			Severity: "fail",
			Title:    i18n.Text{EN: "No route to {addresses} (port {port})", ZH: "无法路由到 {addresses}（{port} 端口）"},
			Why: i18n.Text{
				EN: "The network reports the address as unreachable: the IP is not in use, the server is down, or a router rejects the traffic. Nobody can reach the site at that address.",
				ZH: "网络报告该地址不可达：IP 没有在用、服务器已关机，或者路由器拒绝转发。没有人能通过这个地址访问网站。",
			},
			Steps: []i18n.Text{
				{EN: "Check in the cloud console that the server is running and the public IP (or elastic IP) is still bound to it.", ZH: "在云控制台确认服务器正在运行，公网 IP（或弹性 IP）仍然绑定在它上面。"},
				stepDNSPointsHere,
			},
			FAQ: portFAQ,
		},
		{
			ID:       "reachability.https-error",
			Severity: "fail",
			Title:    i18n.Text{EN: "Connecting to port {port} on {addresses} failed", ZH: "连接 {addresses} 的 {port} 端口失败"},
			Why: i18n.Text{
				EN: "The connection failed in an unusual way (see the details for the exact error). Clients cannot reach HTTPS there.",
				ZH: "连接以少见的方式失败（具体错误见详情）。客户端无法在该地址上使用 HTTPS。",
			},
			Steps: []i18n.Text{stepCheckListening, stepSecurityGroup},
			FAQ:   portFAQ,
		},
		{
			ID:       "reachability.http-refused",
			Severity: "warn",
			Title:    i18n.Text{EN: "Port {port} (plain HTTP) refuses connections on {addresses}", ZH: "{addresses} 的 {port} 端口（HTTP）拒绝连接"},
			Why: i18n.Text{
				EN: "Visitors who type the bare name start on http:// and get an error instead of a redirect to HTTPS, and the CA's HTTP file validation (and Let's Encrypt's HTTP-01) cannot reach the server.",
				ZH: "直接输入域名的访问者会先走 http://，得到的是报错而不是跳转到 HTTPS；CA 的 HTTP 文件验证（以及 Let's Encrypt 的 HTTP-01）也访问不到服务器。",
			},
			Steps: []i18n.Text{
				{EN: "Serve port 80 with a redirect. nginx: `server { listen 80; server_name example.com; return 301 https://$host$request_uri; }`; Apache: `Redirect permanent / https://example.com/` in the `<VirtualHost *:80>`.", ZH: "让 80 端口提供跳转。nginx：`server { listen 80; server_name example.com; return 301 https://$host$request_uri; }`；Apache：在 `<VirtualHost *:80>` 中写 `Redirect permanent / https://example.com/`。"},
				stepHostFirewall,
			},
			FAQ: portFAQ,
		},
		{
			ID:       "reachability.http-timeout",
			Severity: "warn",
			Title:    i18n.Text{EN: "Port {port} (plain HTTP) does not answer on {addresses}", ZH: "{addresses} 的 {port} 端口（HTTP）无响应"},
			Why: i18n.Text{
				EN: "A firewall or security group drops plain HTTP. Visitors typing the bare name wait and fail instead of being redirected, and HTTP file validation by the CA cannot work.",
				ZH: "防火墙或安全组丢弃了 HTTP 流量。直接输入域名的访问者会一直等待然后失败，而不是跳转到 HTTPS；CA 的 HTTP 文件验证也无法完成。",
			},
			Steps: []i18n.Text{stepSecurityGroup, stepHostFirewall},
			FAQ:   portFAQ,
		},
		{
			ID:       "reachability.http-unreachable",
			Severity: "warn",
			Title:    i18n.Text{EN: "No route to {addresses} on port {port}", ZH: "无法路由到 {addresses} 的 {port} 端口"},
			Why: i18n.Text{
				EN: "Plain HTTP cannot reach the server: no redirect to HTTPS for visitors who type the bare name, and no HTTP file validation.",
				ZH: "HTTP 访问不到服务器：直接输入域名的访问者得不到 HTTPS 跳转，HTTP 文件验证也做不了。",
			},
			Steps: []i18n.Text{stepSecurityGroup, stepDNSPointsHere},
			FAQ:   portFAQ,
		},
		{
			ID:       "reachability.http-error",
			Severity: "warn",
			Title:    i18n.Text{EN: "Connecting to port {port} on {addresses} failed", ZH: "连接 {addresses} 的 {port} 端口失败"},
			Why: i18n.Text{
				EN: "Plain HTTP failed in an unusual way (see the details). Redirects to HTTPS and HTTP file validation need port 80.",
				ZH: "HTTP 连接以少见的方式失败（见详情）。跳转到 HTTPS 和 HTTP 文件验证都需要 80 端口。",
			},
			Steps: []i18n.Text{stepCheckListening, stepHostFirewall},
			FAQ:   portFAQ,
		},
		{
			ID:       "reachability.ipv6-broken",
			Severity: "warn",
			Title:    i18n.Text{EN: "HTTPS works over IPv4 but not over IPv6: {addresses}", ZH: "HTTPS 在 IPv4 上可用，在 IPv6 上不可用：{addresses}"},
			Why: i18n.Text{
				EN: "Clients that prefer IPv6 (most phones on mobile networks, many home connections) try the AAAA address first; some fall back to IPv4 after a delay, others fail outright.",
				ZH: "优先使用 IPv6 的客户端（移动网络下的大多数手机、很多家庭宽带）会先连 AAAA 地址；有的等一阵再退回 IPv4，有的直接失败。",
			},
			Steps: []i18n.Text{
				{EN: "Either make the server serve HTTPS on its IPv6 address (nginx: add `listen [::]:443 ssl;` beside `listen 443 ssl;`; allow TCP {port} from ::/0 in the security group and in `ip6tables`), or delete the AAAA record.", ZH: "要么让服务器在 IPv6 地址上提供 HTTPS（nginx 在 `listen 443 ssl;` 旁加 `listen [::]:443 ssl;`，并在安全组和 `ip6tables` 中放行来自 ::/0 的 TCP {port}），要么删除 AAAA 记录。"},
				stepDNSPointsHere,
			},
			FAQ: portFAQ,
		},
		{
			ID:       "reachability.connect-to",
			Severity: "info",
			Title:    i18n.Text{EN: "Connections were redirected by --connect-to: {rewritten}", ZH: "连接被 --connect-to 改写：{rewritten}"},
			Why: i18n.Text{
				EN: "The results describe the overridden destinations ({rules}), not what DNS returned.",
				ZH: "结果反映的是改写后的目标地址（{rules}），而不是 DNS 返回的地址。",
			},
		},
	}
}
