// Catalogue entries of the certificate probe's findings.

package rules

import "padlock/i18n"

// FAQ sections the certificate entries rest on.
const (
	faqChain    = "如何补全 SSL 证书链？ / GlobalSign 证书 Windows 7 系统下不受信任怎么办？"
	faqExpiry   = "SSL 证书快过期了怎么办？ / SSL 证书过期后未及时更新有哪些影响？ / 查看 SSL 证书到期相关问题"
	faqRenewed  = "SSL 证书过期后重新申请部署依然提示 HTTPS 不安全？"
	faqNames    = "如何选择 SSL 证书？ / 如何填写 SSL 证书申请中的绑定域名？ / 泛域名 SSL 证书相关问题"
	faqKey      = "RSA 加密算法与 ECC 加密算法的区别？ / 如何制作 CSR 文件？"
	faqReissue  = "重颁发证书与重新申请证书的区别？"
	faqMoved    = "服务器 IP 地址更换后原来的 SSL 证书能否生效？"
	faqProtocol = "如何设置 SSL 证书的 TLS 协议版本？ / 服务器如何开启443端口？"
)

// deployChainSteps are the per-server steps to make a server send the
// leaf followed by its intermediates.
func deployChainSteps() []i18n.Text {
	return []i18n.Text{
		{
			EN: "Build the full-chain file: your certificate first, then each intermediate, issuer after issuer (the root may be left out): `cat example.com.crt intermediate.crt > fullchain.pem`. `padlock check --save-chain fullchain.pem HOST` writes this file for you.",
			ZH: "先拼出完整证书链文件：站点证书在最前，其后依次是各级中间证书（根证书可以不放）：`cat example.com.crt intermediate.crt > fullchain.pem`。也可以直接用 `padlock check --save-chain fullchain.pem HOST` 生成这个文件。",
		},
		{
			EN: "nginx: point `ssl_certificate` at the full-chain file (`ssl_certificate /etc/nginx/ssl/fullchain.pem;`, key unchanged in `ssl_certificate_key`), then `nginx -t && nginx -s reload`.",
			ZH: "nginx：让 `ssl_certificate` 指向完整链文件（`ssl_certificate /etc/nginx/ssl/fullchain.pem;`，`ssl_certificate_key` 不变），然后执行 `nginx -t && nginx -s reload`。",
		},
		{
			EN: "Apache 2.4.8 and later: `SSLCertificateFile /etc/ssl/fullchain.pem` (leaf then intermediates in one file). Older Apache: keep the leaf in `SSLCertificateFile` and add `SSLCertificateChainFile /etc/ssl/intermediate.crt`. Then `apachectl configtest && apachectl graceful`.",
			ZH: "Apache 2.4.8 及以上：`SSLCertificateFile /etc/ssl/fullchain.pem`（同一文件内先站点证书、后中间证书）。更早的版本：`SSLCertificateFile` 只放站点证书，另加 `SSLCertificateChainFile /etc/ssl/intermediate.crt`。之后执行 `apachectl configtest && apachectl graceful`。",
		},
		{
			EN: "IIS: open `certlm.msc`, right-click \"Intermediate Certification Authorities\" → All Tasks → Import, and import the intermediate certificate; or import a PFX that carries the chain (`openssl pkcs12 -export -out site.pfx -inkey site.key -in fullchain.pem`). Then `iisreset`.",
			ZH: "IIS：运行 `certlm.msc`，在“中级证书颁发机构”上右键 → 所有任务 → 导入，导入中间证书；或者导入一个包含完整链的 PFX（`openssl pkcs12 -export -out site.pfx -inkey site.key -in fullchain.pem`）。然后执行 `iisreset`。",
		},
		{
			EN: "Tomcat: rebuild the keystore with the chain, `openssl pkcs12 -export -in site.crt -inkey site.key -certfile intermediate.crt -name tomcat -out site.p12`, reference it with `certificateKeystoreFile=\"conf/site.p12\" certificateKeystoreType=\"PKCS12\"` in the `<Certificate>` element of server.xml, and restart Tomcat.",
			ZH: "Tomcat：带上证书链重新生成密钥库：`openssl pkcs12 -export -in site.crt -inkey site.key -certfile intermediate.crt -name tomcat -out site.p12`，在 server.xml 的 `<Certificate>` 元素里用 `certificateKeystoreFile=\"conf/site.p12\" certificateKeystoreType=\"PKCS12\"` 引用它，然后重启 Tomcat。",
		},
		{
			EN: "Cloud load balancer or CDN: upload the certificate again and paste the whole full-chain file (leaf first, then intermediates) into the certificate field, the private key into the key field, then bind the new certificate to the listener or domain.",
			ZH: "云负载均衡或 CDN：重新上传证书，把完整链文件的全部内容（站点证书在前、中间证书在后）粘贴到“证书”栏，私钥粘贴到“私钥”栏，再把新证书绑定到监听器或加速域名。",
		},
		{
			EN: "Check: `openssl s_client -connect HOST:443 -servername HOST -showcerts </dev/null` must now list the leaf and every intermediate; run padlock again.",
			ZH: "验证：`openssl s_client -connect HOST:443 -servername HOST -showcerts </dev/null` 应列出站点证书和全部中间证书；再运行一次 padlock。",
		},
	}
}

// replaceCertSteps are the steps to install a new certificate.
func replaceCertSteps() []i18n.Text {
	return []i18n.Text{
		{
			EN: "Install the new certificate with its full chain: nginx `ssl_certificate` (full-chain file) and `ssl_certificate_key`, then `nginx -t && nginx -s reload`; Apache `SSLCertificateFile`/`SSLCertificateKeyFile`, then `apachectl graceful`; IIS: import the new PFX and select it in the https binding; Tomcat: replace the keystore and restart.",
			ZH: "安装新证书（带完整链）：nginx 修改 `ssl_certificate`（完整链文件）和 `ssl_certificate_key`，然后 `nginx -t && nginx -s reload`；Apache 修改 `SSLCertificateFile`/`SSLCertificateKeyFile`，然后 `apachectl graceful`；IIS：导入新的 PFX 并在 https 绑定中选中它；Tomcat：替换密钥库后重启。",
		},
		{
			EN: "Cloud load balancer or CDN: upload the new certificate (full chain) and switch every listener or domain that used the old one to it.",
			ZH: "云负载均衡或 CDN：上传新证书（完整链），并把所有仍在使用旧证书的监听器或域名切换过去。",
		},
	}
}

func CertificateEntries() []Entry {
	entries := []Entry{
		{
			ID:       "certificate.chain-incomplete",
			Severity: "fail",
			Title: i18n.Text{
				EN: "The server does not send the intermediate certificate {missing}",
				ZH: "服务器没有发送中间证书 {missing}",
			},
			Why: i18n.Text{
				EN: "padlock could only build a trusted chain after downloading {missing} from the AIA address in the certificate ({aia_url}). Desktop Chrome, Edge and Safari do the same download, so the site works on a PC; Firefox works only for publicly disclosed intermediates, which it preloads. Android apps and some Android browsers, Java, curl, Go, Python and most API clients never download intermediates: for them the certificate is \"not trusted\". This is the classic \"works on my laptop, not on my phone\".",
				ZH: "padlock 从证书里的 AIA 地址（{aia_url}）下载了 {missing} 之后才拼出可信链。桌面版 Chrome、Edge、Safari 也会这样自动下载，所以电脑上能正常打开；Firefox 只对公开登记过的中间证书有效（它会预置这些证书）。Android 应用和部分 Android 浏览器、Java、curl、Go、Python 以及大多数 API 客户端从不下载中间证书，在它们看来证书“不受信任”。这就是典型的“电脑能打开、手机打不开”。",
			},
			Steps: deployChainSteps(),
			FAQ:   faqChain,
		},
		{
			ID:       "certificate.intermediate-missing",
			Severity: "fail",
			Title: i18n.Text{
				EN: "An intermediate certificate is missing and cannot be downloaded (issuer {issuer})",
				ZH: "缺少中间证书，且无法自动下载（签发者 {issuer}）",
			},
			Why: i18n.Text{
				EN: "The server does not send the certificate of {issuer}, and padlock could not fetch it either: {reason}. Without it no client can link the certificate to a trusted root, not even desktop browsers. This is not an unknown root: the chain is simply cut short.",
				ZH: "服务器没有发送 {issuer} 的证书，padlock 也没能下载到它：{reason}。缺了这一环，任何客户端（包括桌面浏览器）都无法把证书连到受信任的根证书上。这不是根证书未知的问题，而是证书链在中途断了。",
			},
			Steps: append([]i18n.Text{{
				EN: "Download the intermediate for {issuer} from your CA's site (or the certificate package it sent you: the file named like `chain`, `ca-bundle` or `intermediate`).",
				ZH: "从 CA 官网（或 CA 发给你的证书包里名为 `chain`、`ca-bundle`、`intermediate` 之类的文件）取得 {issuer} 的中间证书。",
			}}, deployChainSteps()...),
			FAQ: faqChain,
		},
		{
			ID:       "certificate.unknown-root",
			Severity: "fail",
			Title: i18n.Text{
				EN: "The chain ends at a root that is not trusted: {issuer}",
				ZH: "证书链最终指向一个不受信任的根证书：{issuer}",
			},
			Why: i18n.Text{
				EN: "The chain is complete, but its root, {issuer}, is in neither Mozilla's root store nor the system store (nor any --ca-file given). Browsers and API clients alike reject it. This happens with private or test CAs, and with new roots that old systems lack: GlobalSign's post-2019 intermediates chain to a root that Windows 7 does not have.",
				ZH: "证书链是完整的，但它的根证书 {issuer} 不在 Mozilla 根证书库里，也不在系统证书库里（也不在指定的 --ca-file 中），浏览器和 API 客户端都会拒绝。私有 CA、测试 CA 会出现这种情况；旧系统缺少新根证书时也会：GlobalSign 自 2019 年起使用的中间证书所属的根，Windows 7 上就没有。",
			},
			Steps: []i18n.Text{
				{
					EN: "For a public website, replace the certificate with one from a publicly trusted CA (see the replacement steps below).",
					ZH: "面向公众的网站：换用公开受信任 CA 签发的证书（见下面的更换步骤）。",
				},
				{
					EN: "For an internal service, install the root {issuer} in every client's trust store (Windows: `certutil -addstore Root root.crt`; Debian/Ubuntu: copy to `/usr/local/share/ca-certificates/` and run `update-ca-certificates`; Java: `keytool -importcert -cacerts -file root.crt -alias internal-root`), and check with `padlock check --ca-file root.crt HOST`.",
					ZH: "内部服务：把根证书 {issuer} 安装到每个客户端的信任库（Windows：`certutil -addstore Root root.crt`；Debian/Ubuntu：复制到 `/usr/local/share/ca-certificates/` 后执行 `update-ca-certificates`；Java：`keytool -importcert -cacerts -file root.crt -alias internal-root`），再用 `padlock check --ca-file root.crt HOST` 验证。",
				},
				{
					EN: "GlobalSign certificates failing on Windows 7: append GlobalSign's cross-signed root certificate at the end of the chain file (for nginx, the .crt file in `ssl_certificate`), then restart nginx.",
					ZH: "GlobalSign 证书在 Windows 7 上不受信任：把 GlobalSign 的交叉签名根证书追加到证书链文件末尾（nginx 即 `ssl_certificate` 指向的 .crt 文件），然后重启 nginx。",
				},
				replaceCertSteps()[0],
				replaceCertSteps()[1],
			},
			FAQ: faqChain,
		},
		{
			ID:       "certificate.self-signed",
			Severity: "fail",
			Title: i18n.Text{
				EN: "The certificate is self-signed ({subject})",
				ZH: "证书是自签名的（{subject}）",
			},
			Why: i18n.Text{
				EN: "Nobody vouches for a self-signed certificate but itself, so every browser shows a full-page warning and API clients refuse to connect. Often a server's default or placeholder certificate is still in place, or the request reached another virtual host than intended.",
				ZH: "自签名证书只有它自己为自己担保，所有浏览器都会整页报警，API 客户端直接拒绝连接。常见原因是服务器的默认/占位证书还没换掉，或请求落到了别的虚拟主机上。",
			},
			Steps: append([]i18n.Text{{
				EN: "Get a certificate from a public CA for this host name (a free DV certificate is enough for most sites); if the right certificate is installed already, make sure this host name's server block or site binding uses it.",
				ZH: "为该域名向公开 CA 申请证书（大多数网站用免费 DV 证书即可）；如果正确的证书其实已经装好，请检查这个域名对应的 server 块或站点绑定是否引用了它。",
			}}, replaceCertSteps()...),
			FAQ: faqNames,
		},
		{
			ID:       "certificate.untrusted",
			Severity: "fail",
			Title: i18n.Text{
				EN: "The chain is not trusted: {reason}",
				ZH: "证书链不受信任：{reason}",
			},
			Why: i18n.Text{
				EN: "A chain can be complete and still be refused: an intermediate that is not allowed to issue certificates, a name constraint, or a certificate not made for web servers. Clients that check strictly reject it the same way.",
				ZH: "证书链完整也可能被拒绝：例如中间证书无权签发证书、受名称约束限制，或证书的用途不是网站服务器。严格校验的客户端都会同样拒绝。",
			},
			Steps: append([]i18n.Text{{
				EN: "Make sure the server sends the intermediate your CA issued with this certificate (not an older or unrelated one), and that the certificate was ordered as an SSL/TLS server certificate; if in doubt, reissue it.",
				ZH: "确认服务器发送的是 CA 为这张证书配套提供的中间证书（不是旧的或不相关的），并且证书申请的是 SSL/TLS 服务器证书；拿不准时重新签发。",
			}}, deployChainSteps()[1:6]...),
			FAQ: faqChain,
		},
		{
			ID:       "certificate.chain-order",
			Severity: "warn",
			Title: i18n.Text{
				EN: "The chain is sent in the wrong order",
				ZH: "证书链的发送顺序不对",
			},
			Why: i18n.Text{
				EN: "TLS wants the leaf first and each certificate followed by the one that issued it. Sent: {sent}. Expected: {expected}. Browsers re-sort the chain, but older Android versions, Java and some embedded clients follow it as given and fail.",
				ZH: "TLS 要求站点证书在最前，之后每张证书后面紧跟签发它的证书。实际发送：{sent}。应为：{expected}。浏览器会自行重排，但旧版 Android、Java 和一些嵌入式客户端按原样处理，就会失败。",
			},
			Steps: deployChainSteps(),
			FAQ:   faqChain,
		},
		{
			ID:       "certificate.leaf-not-first",
			Severity: "fail",
			Title: i18n.Text{
				EN: "{address} sends {first} before the site's own certificate {leaf}",
				ZH: "{address} 把 {first} 放在了站点证书 {leaf} 之前",
			},
			Why: i18n.Text{
				EN: "TLS requires the site's certificate to come first: clients check the server's key against the first certificate. Here the chain starts with a CA certificate (sent: {sent}), so the key does not match and every client aborts the handshake. The certificate file lists the intermediate before the leaf.",
				ZH: "TLS 要求站点证书排在第一位：客户端会用第一张证书核对服务器的密钥。这里证书链以 CA 证书开头（实际发送：{sent}），密钥对不上，所有客户端都会中止握手。原因是证书文件里中间证书排在了站点证书前面。",
			},
			Steps: deployChainSteps(),
			FAQ:   faqChain,
		},
		{
			ID:       "certificate.chain-extra",
			Severity: "warn",
			Title: i18n.Text{
				EN: "The server sends {count} certificate(s) that do not belong to the chain",
				ZH: "服务器发送了 {count} 张与证书链无关的证书",
			},
			Why: i18n.Text{
				EN: "These certificates are not part of the path from the leaf to the root: {extra}. They make every handshake bigger, and strict clients that walk the list in order can stop at them and fail. Usually an old intermediate was left in the chain file after a renewal.",
				ZH: "这些证书不在站点证书到根证书的路径上：{extra}。它们让每次握手都变大，按顺序逐张处理的严格客户端可能在这里出错。通常是续期后旧的中间证书还留在链文件里。",
			},
			Steps: deployChainSteps(),
			FAQ:   faqChain,
		},
		{
			ID:       "certificate.chain-duplicate",
			Severity: "warn",
			Title: i18n.Text{
				EN: "The server sends the same certificate more than once",
				ZH: "服务器重复发送了同一张证书",
			},
			Why: i18n.Text{
				EN: "Sent more than once: {duplicates}. Most clients cope, but it wastes bytes on every handshake and some strict clients reject the chain. It usually comes from concatenating a chain file that already held the certificate.",
				ZH: "被重复发送的证书：{duplicates}。多数客户端能应付，但每次握手都浪费流量，个别严格的客户端会拒绝这样的证书链。通常是拼接链文件时把已经包含的证书又加了一遍。",
			},
			Steps: deployChainSteps(),
			FAQ:   faqChain,
		},
		{
			ID:       "certificate.root-sent",
			Severity: "info",
			Title: i18n.Text{
				EN: "The server also sends the root certificate ({root})",
				ZH: "服务器同时发送了根证书（{root}）",
			},
			Why: i18n.Text{
				EN: "Harmless: clients use the root from their own store and ignore the copy. Leaving it out saves a little on every handshake. The exception is a deliberately appended cross-signed root, such as GlobalSign's for Windows 7.",
				ZH: "无害：客户端只信任自己库里的根证书，会忽略这份副本。去掉它可以让每次握手小一点。例外是为了兼容而特意追加的交叉签名根证书，比如为 Windows 7 追加的 GlobalSign 证书。",
			},
			Steps: []i18n.Text{{
				EN: "Optionally remove the root from the chain file (keep leaf and intermediates) and reload the server.",
				ZH: "可选：从链文件中删掉根证书（保留站点证书和中间证书），然后重新加载服务器。",
			}},
			FAQ: faqChain,
		},
		{
			ID:       "certificate.chain-too-long",
			Severity: "fail",
			Title: i18n.Text{
				EN: "The server sends {count} certificates, more than the limit of {limit}",
				ZH: "服务器发送了 {count} 张证书，超过了 {limit} 张的上限",
			},
			Why: i18n.Text{
				EN: "A real chain holds two to four certificates. padlock checked only the first {limit}. Many clients give up on chains this long, and every handshake carries the extra weight; it usually means a whole CA bundle was pasted into the certificate file.",
				ZH: "正常的证书链只有 2 到 4 张证书，padlock 只检查了前 {limit} 张。很多客户端遇到这么长的链会直接放弃，而且每次握手都要多传这些数据；通常是把整个 CA 证书包粘进了证书文件。",
			},
			Steps: deployChainSteps(),
			FAQ:   faqChain,
		},
		{
			ID:       "certificate.weak-signature",
			Severity: "fail",
			Title: i18n.Text{
				EN: "The certificate {subject} is signed with {algorithm}",
				ZH: "证书 {subject} 使用了 {algorithm} 签名",
			},
			Why: i18n.Text{
				EN: "SHA-1 and MD5 signatures can be forged. Browsers have refused them since 2017, and current operating systems and libraries (Go, Java, OpenSSL at its default level) reject them too. Public CAs no longer issue them.",
				ZH: "SHA-1 和 MD5 签名可以被伪造。浏览器自 2017 年起已不再接受，当前的操作系统和库（Go、Java、默认安全级别的 OpenSSL）也同样拒绝。公开 CA 早已不再签发这类证书。",
			},
			Steps: append([]i18n.Text{{
				EN: "Reissue the certificate (and, for an intermediate, install the CA's current SHA-256 intermediate): `openssl req -new -nodes -sha256 -newkey rsa:2048 -keyout site.key -out site.csr`.",
				ZH: "重新签发证书（若是中间证书，换用 CA 当前的 SHA-256 中间证书）：`openssl req -new -nodes -sha256 -newkey rsa:2048 -keyout site.key -out site.csr`。",
			}}, replaceCertSteps()...),
			FAQ: faqReissue,
		},
		{
			ID:       "certificate.weak-key",
			Severity: "fail",
			Title: i18n.Text{
				EN: "The certificate {subject} has a {bits}-bit RSA key",
				ZH: "证书 {subject} 的 RSA 密钥只有 {bits} 位",
			},
			Why: i18n.Text{
				EN: "RSA keys below 2048 bits are too weak: browsers reject them and public CAs refuse to sign them. RSA 2048 is the compatible minimum; ECC P-256 is as strong as RSA 3072 and lighter.",
				ZH: "低于 2048 位的 RSA 密钥强度不够：浏览器会拒绝，公开 CA 也不再为其签发。RSA 2048 是兼容性最好的最低要求；ECC P-256 的强度相当于 RSA 3072，而且更轻量。",
			},
			Steps: append([]i18n.Text{{
				EN: "Make a new key and CSR: `openssl req -new -nodes -sha256 -newkey rsa:2048 -keyout site.key -out site.csr`, and have the certificate reissued with it.",
				ZH: "生成新的密钥和 CSR：`openssl req -new -nodes -sha256 -newkey rsa:2048 -keyout site.key -out site.csr`，再用它重新签发证书。",
			}}, replaceCertSteps()...),
			FAQ: faqKey,
		},
		{
			ID:       "certificate.ecc-key",
			Severity: "info",
			Title: i18n.Text{
				EN: "The certificate uses an ECC key ({curve})",
				ZH: "证书使用 ECC 密钥（{curve}）",
			},
			Why: i18n.Text{
				EN: "ECC P-256 is as strong as RSA 3072 and uses less CPU, memory and bandwidth. Every current browser and system supports it, but a few platforms and old clients (cPanel, some embedded devices) accept only RSA; servers can hold an RSA and an ECC certificate side by side for them.",
				ZH: "ECC P-256 的强度相当于 RSA 3072，CPU、内存和带宽开销都更小。当前所有主流浏览器和系统都支持，但少数平台和旧客户端（如 cPanel、部分嵌入式设备）只认 RSA；需要兼容时，服务器可以同时配置一张 RSA 证书和一张 ECC 证书。",
			},
			FAQ: faqKey,
		},
		{
			ID:       "certificate.expired",
			Severity: "fail",
			Title: i18n.Text{
				EN: "The certificate {subject} expired on {not_after}",
				ZH: "证书 {subject} 已于 {not_after} 过期",
			},
			Why: i18n.Text{
				EN: "Every client refuses an expired certificate: browsers show a full-page warning, apps and API calls fail, and visitors are exposed to interception. It expired {days_ago} day(s) ago. No certificate lasts forever: publicly trusted ones may be valid at most 398 days, 200 days for those issued from 2026-03-15, 100 from 2027-03-15 and 47 from 2029-03-15.",
				ZH: "所有客户端都会拒绝过期证书：浏览器整页报警，应用和 API 调用失败，访客还可能遭遇劫持。它已过期 {days_ago} 天。证书不会永久有效：公开信任的证书最长 398 天，2026-03-15 起签发的最长 200 天，2027-03-15 起 100 天，2029-03-15 起 47 天。",
			},
			Steps: append([]i18n.Text{{
				EN: "Get a new certificate now: free DV certificates cannot be renewed, apply for a new one; paid certificates can be renewed from 30 days before expiry, but still need validation and deployment. For an expired intermediate, download the CA's current one.",
				ZH: "立即取得新证书：免费 DV 证书不能续费，直接重新申请；付费证书可在到期前 30 天内续费，但仍需重新验证和部署。如果过期的是中间证书，从 CA 下载当前的中间证书。",
			}}, append(replaceCertSteps(), i18n.Text{
				EN: "If a browser still says \"not secure\" after the new certificate is in place, clear its cache and try again.",
				ZH: "换上新证书后浏览器仍提示“不安全”时，清除浏览器缓存后再试。",
			})...),
			FAQ: faqExpiry + " / " + faqRenewed,
		},
		{
			ID:       "certificate.not-yet-valid",
			Severity: "fail",
			Title: i18n.Text{
				EN: "The certificate {subject} is not valid before {not_before}",
				ZH: "证书 {subject} 要到 {not_before} 才生效",
			},
			Why: i18n.Text{
				EN: "Clients reject a certificate before its start date. Either it was deployed too early or the clock of this machine (or of the visitors) is wrong.",
				ZH: "在生效时间之前，客户端会拒绝这张证书。要么是部署得太早，要么是本机（或访客设备）的时钟不准。",
			},
			Steps: []i18n.Text{
				{
					EN: "Check the clock: `date -u` on this machine and on the server; enable NTP (`timedatectl set-ntp true`).",
					ZH: "检查时钟：在本机和服务器上执行 `date -u`；开启 NTP 校时（`timedatectl set-ntp true`）。",
				},
				{
					EN: "If the clocks are right, keep the previous certificate in place until {not_before}, or ask the CA to reissue with an earlier start.",
					ZH: "如果时钟没问题，在 {not_before} 之前继续使用旧证书，或请 CA 重新签发一张立即生效的证书。",
				},
			},
			FAQ: faqExpiry,
		},
		{
			ID:       "certificate.expires-soon",
			Severity: "warn",
			Title: i18n.Text{
				EN: "The certificate {subject} expires in {days_left} day(s), on {not_after}",
				ZH: "证书 {subject} 将在 {days_left} 天后（{not_after}）过期",
			},
			Why: i18n.Text{
				EN: "When it expires, every client refuses the site. Renewal plus validation plus deployment can take days (paid certificates: 3 to 10 working days), so start now. Publicly trusted certificates are getting shorter: at most 200 days for those issued from 2026-03-15, 100 from 2027-03-15, 47 from 2029-03-15; automate renewal (ACME) if you can.",
				ZH: "证书一旦过期，所有客户端都会拒绝访问。续费、验证再到部署可能要好几天（付费证书需 3 到 10 个工作日），请现在就开始。公开证书的有效期正在缩短：2026-03-15 起签发的最长 200 天，2027-03-15 起 100 天，2029-03-15 起 47 天；条件允许的话请用 ACME 自动续期。",
			},
			Steps: append([]i18n.Text{{
				EN: "Free DV certificate: apply for a new one (possible from one month before expiry). Paid certificate: renew (the window opens 30 days before expiry), complete validation again, then deploy.",
				ZH: "免费 DV 证书：重新申请一张（到期前一个月即可申请）。付费证书：续费（到期前 30 天开放），重新完成验证后部署。",
			}}, replaceCertSteps()...),
			FAQ: faqExpiry,
		},
		{
			ID:       "certificate.lifetime-too-long",
			Severity: "info",
			Title: i18n.Text{
				EN: "The certificate is valid for {days} days, longer than the {limit} allowed for public certificates issued on {issued}",
				ZH: "证书有效期为 {days} 天，超过了 {issued} 签发的公开证书允许的 {limit} 天",
			},
			Why: i18n.Text{
				EN: "Public CAs may issue TLS certificates for at most 398 days, 200 days from 2026-03-15, 100 from 2027-03-15 and 47 from 2029-03-15. Safari and Chrome refuse publicly trusted certificates that exceed the limit; a private CA's certificates are not bound by it, but shorter is still safer.",
				ZH: "公开 CA 签发的 TLS 证书有效期最长 398 天，2026-03-15 起 200 天，2027-03-15 起 100 天，2029-03-15 起 47 天。超期的公开证书会被 Safari 和 Chrome 拒绝；私有 CA 的证书不受此限，但有效期短一些更安全。",
			},
			FAQ: faqExpiry,
		},
		{
			ID:       "certificate.name-mismatch",
			Severity: "fail",
			Title: i18n.Text{
				EN: "The certificate does not cover {host}",
				ZH: "证书不包含域名 {host}",
			},
			Why: i18n.Text{
				EN: "Browsers match the host name against the certificate's subjectAltName entries only (the Common Name is ignored), and a wildcard stands for exactly one label. Here: {reason}. The certificate covers: {covered}. Every browser and client shows a name-mismatch error.",
				ZH: "浏览器只拿域名去匹配证书的 subjectAltName（SAN）条目，不看通用名称（CN），通配符只能匹配一级子域名。本例：{reason}。这张证书覆盖的名称：{covered}。所有浏览器和客户端都会报域名不匹配。",
			},
			Steps: append([]i18n.Text{
				{
					EN: "If another installed certificate covers {host}, make this host name use it: nginx `server_name` in the server block with the right `ssl_certificate`; Apache the `<VirtualHost>` with the right `ServerName`/`ServerAlias`; IIS an https binding with this host name (if the host name box is greyed out, set `bindingInformation=\"*:443:HOST\"` in applicationHost.config).",
					ZH: "如果已有另一张证书包含 {host}，让这个域名用上它：nginx 检查 `server_name` 所在 server 块的 `ssl_certificate`；Apache 检查 `ServerName`/`ServerAlias` 所在的 `<VirtualHost>`；IIS 为该域名添加 https 绑定（主机名输入框为灰色时，在 applicationHost.config 中把它改为 `bindingInformation=\"*:443:HOST\"`）。",
				},
				{
					EN: "Otherwise order a certificate that names {host}: a multi-domain certificate for several exact names, or a wildcard `*.parent` for one level of subdomains (a wildcard never covers the bare parent name nor deeper levels; add those as extra names).",
					ZH: "否则申请一张包含 {host} 的证书：多个确定的域名用多域名证书；同一级的多个子域名用通配符证书 `*.上级域名`（通配符既不包含上级域名本身，也不包含更深的层级，需要的话另外添加）。",
				},
			}, replaceCertSteps()...),
			FAQ: faqNames,
		},
		{
			ID:       "certificate.wildcard-missing",
			Severity: "info",
			Title: i18n.Text{
				EN: "The certificate served today is not the wildcard {wanted} being ordered",
				ZH: "当前部署的证书还不是正在申请的通配符证书 {wanted}",
			},
			Why: i18n.Text{
				EN: "--wildcard describes the certificate you are ordering, so the one deployed today is judged as it is and not failed for lacking {wanted}: it covers {covered}. Once the wildcard is issued it covers exactly one level below the name, not the bare name itself.",
				ZH: "--wildcard 描述的是你正在申请的证书，所以当前部署的证书按其本身判断，不会因为缺少 {wanted} 而判为失败：它覆盖 {covered}。通配符证书签发后只覆盖下一级子域名，不包含上级域名本身。",
			},
			Steps: append([]i18n.Text{{
				EN: "When the wildcard {wanted} is issued (wildcards need DNS validation; add the bare name too if you need it), install it on this server.",
				ZH: "通配符证书 {wanted} 签发后（通配符证书只能用 DNS 验证；需要上级域名本身时一并添加），把它部署到这台服务器上。",
			}}, replaceCertSteps()...),
			FAQ: faqNames,
		},
		{
			ID:       "certificate.revoked",
			Severity: "fail",
			Title: i18n.Text{
				EN: "The certificate has been revoked (since {revoked_at}, reason: {reason})",
				ZH: "证书已被吊销（吊销时间 {revoked_at}，原因：{reason}）",
			},
			Why: i18n.Text{
				EN: "The CA's OCSP answer ({source}) says this certificate is revoked. Clients that check revocation refuse it, and it can never become valid again. Often the certificate was revoked on purpose after a reissue, and the old one is still deployed.",
				ZH: "CA 的 OCSP 响应（{source}）表明这张证书已被吊销。检查吊销状态的客户端会拒绝它，而且它再也无法恢复有效。常见情况是重颁发之后旧证书被吊销，却仍部署在服务器上。",
			},
			Steps: append([]i18n.Text{{
				EN: "Deploy the certificate that replaced it (after a reissue), or reissue/apply for a new one; a certificate bound to a cloud load balancer or CDN must be replaced there too.",
				ZH: "部署替代它的新证书（重颁发得到的那张），或重新签发/申请一张；绑定在云负载均衡或 CDN 上的证书也要在那里一并替换。",
			}}, replaceCertSteps()...),
			FAQ: faqReissue,
		},
		{
			ID:       "certificate.ocsp-stapling-absent",
			Severity: "info",
			Title: i18n.Text{
				EN: "The server does not staple an OCSP response",
				ZH: "服务器没有启用 OCSP 装订（OCSP Stapling）",
			},
			Why: i18n.Text{
				EN: "With stapling the server hands clients a fresh signed revocation status itself, so they need not ask the CA's responder ({responder}): faster first connections and better privacy. Optional, but cheap to enable.",
				ZH: "开启装订后，服务器会把 CA 签过名的最新吊销状态直接交给客户端，客户端无需再去询问 CA 的 OCSP 服务（{responder}）：首次连接更快，也更保护隐私。这是可选项，但开启成本很低。",
			},
			Steps: []i18n.Text{
				{
					EN: "nginx: `ssl_stapling on; ssl_stapling_verify on;` with `ssl_trusted_certificate` pointing at the chain and a `resolver` line, then `nginx -t && nginx -s reload`.",
					ZH: "nginx：`ssl_stapling on; ssl_stapling_verify on;`，并配置指向证书链的 `ssl_trusted_certificate` 和一行 `resolver`，然后 `nginx -t && nginx -s reload`。",
				},
				{
					EN: "Apache: `SSLUseStapling on` in the virtual host and `SSLStaplingCache shmcb:/var/run/ocsp(128000)` at server level, then `apachectl graceful`. IIS staples by default.",
					ZH: "Apache：在虚拟主机中加 `SSLUseStapling on`，在全局配置中加 `SSLStaplingCache shmcb:/var/run/ocsp(128000)`，然后 `apachectl graceful`。IIS 默认已开启装订。",
				},
			},
			FAQ: faqChain,
		},
		{
			ID:       "certificate.ocsp-unreachable",
			Severity: "info",
			Title: i18n.Text{
				EN: "The CA's OCSP responder could not be asked ({responder})",
				ZH: "无法查询 CA 的 OCSP 服务（{responder}）",
			},
			Why: i18n.Text{
				EN: "padlock could not get the revocation status: {error}. That is usually the network or the CA, not your site; browsers treat an unreachable responder as \"not revoked\". Stapling on the server avoids the question altogether.",
				ZH: "padlock 没能取得吊销状态：{error}。这通常是网络或 CA 的问题，而不是你的网站；浏览器在联系不上 OCSP 服务时会按“未吊销”处理。在服务器上开启 OCSP 装订可以彻底避免这个问题。",
			},
			FAQ: faqChain,
		},
		{
			ID:       "certificate.handshake-failed",
			Severity: "fail",
			Title: i18n.Text{
				EN: "No certificate could be obtained from {address}",
				ZH: "无法从 {address} 取得证书",
			},
			Why: i18n.Text{
				EN: "The TCP connection opened but the TLS handshake failed: {error}. Clients landing on this address cannot open the site at all. Typical causes: no certificate configured for this name (SNI), something other than TLS answering on the port, or only protocol versions or ciphers nobody accepts.",
				ZH: "TCP 连接已建立，但 TLS 握手失败：{error}。落到这个地址的客户端完全打不开网站。常见原因：没有为该域名（SNI）配置证书、该端口上运行的不是 TLS 服务，或者只开启了没人接受的协议版本或加密套件。",
			},
			Steps: []i18n.Text{
				{
					EN: "Test by hand: `openssl s_client -connect ADDRESS:443 -servername HOST </dev/null` should print the certificate chain.",
					ZH: "手工测试：`openssl s_client -connect ADDRESS:443 -servername HOST </dev/null` 应能打印出证书链。",
				},
				{
					EN: "nginx: a server block with `listen 443 ssl;`, this host in `server_name`, plus `ssl_certificate`, `ssl_certificate_key` and `ssl_protocols TLSv1.2 TLSv1.3;`. Apache: `SSLEngine on` in a `<VirtualHost *:443>` for this name. IIS: an https binding on 443 with a certificate selected. Cloud load balancer: an HTTPS (not TCP) listener with the certificate bound.",
					ZH: "nginx：需有 `listen 443 ssl;` 的 server 块，`server_name` 含此域名，并配置 `ssl_certificate`、`ssl_certificate_key` 和 `ssl_protocols TLSv1.2 TLSv1.3;`。Apache：为该域名的 `<VirtualHost *:443>` 加上 `SSLEngine on`。IIS：在 443 上添加 https 绑定并选择证书。云负载均衡：使用绑定了证书的 HTTPS（而非 TCP）监听器。",
				},
			},
			FAQ: faqProtocol,
		},
		{
			ID:       "certificate.chains-differ",
			Severity: "warn",
			Title: i18n.Text{
				EN: "{addresses} present a different certificate than {main_address}",
				ZH: "{addresses} 出示的证书与 {main_address} 不同",
			},
			Why: i18n.Text{
				EN: "Behind one name, different servers answer with different certificates: {addresses} sends {certificates} certificate(s) with leaf {leaf_subject} (SHA-256 {leaf_sha256}, valid until {leaf_not_after}); problems found there: {problems}. Visitors get one or the other at random, so the site \"works sometimes\". Typical causes: one node of a pool not updated after a renewal, or an old server still listed in DNS after a move.",
				ZH: "同一个域名背后，不同的服务器出示了不同的证书：{addresses} 发送了 {certificates} 张证书，站点证书为 {leaf_subject}（SHA-256 {leaf_sha256}，有效期至 {leaf_not_after}）；在那里发现的问题：{problems}。访客随机落到其中一台，于是网站“时好时坏”。常见原因：续期后集群中有节点没更新，或迁移服务器后旧服务器的 IP 还留在 DNS 里。",
			},
			Steps: []i18n.Text{
				{
					EN: "Install the same, current certificate and chain on every server behind the name (every node of the pool, every load balancer listener), and reload each.",
					ZH: "在该域名背后的每台服务器（集群中的每个节点、负载均衡的每个监听器）上安装同一张最新证书和证书链，并逐一重新加载。",
				},
				{
					EN: "If {addresses} is an old server, remove its A/AAAA record at your DNS provider; the certificate does not depend on the IP, only DNS has to point at the new server.",
					ZH: "如果 {addresses} 是旧服务器，到 DNS 服务商处删除它的 A/AAAA 记录；证书与 IP 无关，只需让 DNS 指向新服务器。",
				},
			},
			FAQ: faqMoved,
		},
	}
	return entries
}
