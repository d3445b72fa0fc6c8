// Catalogue entries of the mixed-content probe's findings.

package rules

import "padlock/i18n"

// mixedFAQ cites the FAQ section closest to mixed content. The FAQ has no
// section on mixed content itself; the closest is the one on HTTPS still
// showing "not secure" after a certificate was (re)deployed, and the title
// says so.
const mixedFAQ = "SSL 证书过期后重新申请部署依然提示 HTTPS 不安全？（FAQ 没有专讲混合内容的章节，这是最接近的一节）"

// Steps shared by the mixed-content findings.
var (
	stepRelativeURL = i18n.Text{
		EN: "For your own files, use a relative URL (`/static/app.js`) or write `https://` (`<script src=\"https://www.example.com/static/app.js\">`); search templates and the database for `http://` (`grep -rn 'http://' templates/`).",
		ZH: "自己站点的资源改用相对地址（`/static/app.js`）或直接写 `https://`（`<script src=\"https://www.example.com/static/app.js\">`）；在模板和数据库里查找 `http://`（`grep -rn 'http://' templates/`）。",
	}
	stepThirdParty = i18n.Text{
		EN: "For another host, use its https:// URL when it has one (padlock's check: {https_version}). A protocol-relative `//cdn.example.com/x.js` is the fallback when the same URL must work on http and https pages. If the host has no HTTPS at all, copy the file to your own site or change provider.",
		ZH: "第三方主机的资源改用它的 https:// 地址（padlock 的检测结果：{https_version}）。需要同时兼容 http 与 https 页面时，可退而使用协议相对地址 `//cdn.example.com/x.js`。若该主机完全不支持 HTTPS，就把文件放到自己的站点，或更换服务商。",
	}
	stepCSPNginx = i18n.Text{
		EN: "As a safety net while you fix the URLs, ask browsers to upgrade every request: nginx `add_header Content-Security-Policy \"upgrade-insecure-requests\" always;` (then `nginx -s reload`); Apache `Header always set Content-Security-Policy \"upgrade-insecure-requests\"` (mod_headers); IIS: a custom response header `Content-Security-Policy: upgrade-insecure-requests`; CDN or load balancer: a response-header rule; or in the page `<meta http-equiv=\"Content-Security-Policy\" content=\"upgrade-insecure-requests\">`. It only helps when the https:// version of each resource exists.",
		ZH: "在修改地址期间，可以让浏览器自动把请求升级为 HTTPS 作为兜底：nginx `add_header Content-Security-Policy \"upgrade-insecure-requests\" always;`（然后 `nginx -s reload`）；Apache `Header always set Content-Security-Policy \"upgrade-insecure-requests\"`（需 mod_headers）；IIS：添加自定义响应头 `Content-Security-Policy: upgrade-insecure-requests`；CDN 或负载均衡：配置响应头规则；或在页面中加入 `<meta http-equiv=\"Content-Security-Policy\" content=\"upgrade-insecure-requests\">`。前提是每个资源都有可用的 https:// 版本。",
	}
	stepVerifyConsole = i18n.Text{
		EN: "Reload the page with the browser's developer tools open (Console tab): browsers list every mixed-content request there.",
		ZH: "打开浏览器开发者工具（Console 面板）后刷新页面：浏览器会在这里列出所有混合内容请求。",
	}
)

func mixedSteps(extra ...i18n.Text) []i18n.Text {
	steps := append([]i18n.Text{}, extra...)
	return append(steps, stepRelativeURL, stepThirdParty, stepCSPNginx, stepVerifyConsole)
}

// MixedContentEntries are the catalogue entries of the probe's findings.
func MixedContentEntries() []Entry {
	return []Entry{
		{
			ID:       "mixed-content.blockable",
			Severity: "fail",
			Title:    i18n.Text{EN: "{element} loads {url} over plain HTTP (line {line}): browsers block it", ZH: "{element} 通过明文 HTTP 加载 {url}（第 {line} 行），浏览器会拦截"},
			Why: i18n.Text{
				EN: "On {page}, this is active or blockable content (scripts, stylesheets, frames, plugins, fonts, workers, manifests, responsive images). Chrome, Firefox, Safari and Edge refuse to load it over http on an https page, so the part of the page that needs it breaks, and the padlock may disappear.",
				ZH: "在 {page} 上，这是可被拦截的主动内容（脚本、样式表、框架、插件、字体、Worker、manifest、响应式图片等）。Chrome、Firefox、Safari 和 Edge 都不会在 https 页面中通过 http 加载它，依赖它的功能会失效，地址栏的锁形图标也可能消失。",
			},
			Steps: mixedSteps(),
			FAQ:   mixedFAQ,
		},
		{
			ID:       "mixed-content.upgradeable",
			Severity: "warn",
			Title:    i18n.Text{EN: "{element} loads {url} over plain HTTP (line {line})", ZH: "{element} 通过明文 HTTP 加载 {url}（第 {line} 行）"},
			Why: i18n.Text{
				EN: "On {page}, this image, audio or video is upgradeable mixed content: Chrome and Firefox rewrite the request to https and drop the file if that fails; Safari and older browsers load it and show the page as not secure.",
				ZH: "在 {page} 上，这个图片、音频或视频属于可升级的混合内容：Chrome 和 Firefox 会自动改用 https 请求，失败则不显示；Safari 及旧版浏览器会照常加载，但把页面标记为“不安全”。",
			},
			Steps: mixedSteps(),
			FAQ:   mixedFAQ,
		},
		{
			ID:       "mixed-content.css-image",
			Severity: "warn",
			Title:    i18n.Text{EN: "CSS {element} points at {url} over plain HTTP (line {line})", ZH: "CSS {element} 通过明文 HTTP 引用 {url}（第 {line} 行）"},
			Why: i18n.Text{
				EN: "In {page}, a background or other image is referenced with url(http://…). Browsers upgrade or drop it (and may mark the page as not secure), so the image can vanish.",
				ZH: "{page} 中用 url(http://…) 引用了背景图等图片。浏览器会尝试升级或直接丢弃它（并可能把页面标记为不安全），图片可能因此不显示。",
			},
			Steps: mixedSteps(),
			FAQ:   mixedFAQ,
		},
		{
			ID:       "mixed-content.css-font",
			Severity: "fail",
			Title:    i18n.Text{EN: "A web font is loaded from {url} over plain HTTP (line {line})", ZH: "网页字体通过明文 HTTP 从 {url} 加载（第 {line} 行）"},
			Why: i18n.Text{
				EN: "In {page} ({element}), fonts are blockable content: browsers refuse them over http on an https page, and text falls back to another font (icon fonts show as empty boxes).",
				ZH: "{page}（{element}）中的字体属于可拦截内容：https 页面里通过 http 加载的字体会被浏览器拒绝，文字退回到其他字体（图标字体会显示成方框）。",
			},
			Steps: mixedSteps(),
			FAQ:   mixedFAQ,
		},
		{
			ID:       "mixed-content.css-import",
			Severity: "fail",
			Title:    i18n.Text{EN: "A stylesheet is imported from {url} over plain HTTP (line {line})", ZH: "样式表通过明文 HTTP 从 {url} 导入（第 {line} 行）"},
			Why: i18n.Text{
				EN: "In {page} ({element}), an @import over http is a blockable stylesheet: browsers skip it and the page renders without those styles.",
				ZH: "{page}（{element}）中通过 http 的 @import 属于可拦截的样式表：浏览器会跳过它，页面缺少这部分样式。",
			},
			Steps: mixedSteps(),
			FAQ:   mixedFAQ,
		},
		{
			ID:       "mixed-content.insecure-form",
			Severity: "warn",
			Title:    i18n.Text{EN: "A form on {page} submits to {url} over plain HTTP (line {line})", ZH: "{page} 上的表单以明文 HTTP 提交到 {url}（第 {line} 行）"},
			Why: i18n.Text{
				EN: "What visitors type ({element}) would travel unencrypted. Chrome and Firefox show a full-page warning when the form is submitted, and Safari marks the page as not secure.",
				ZH: "访客填写的内容（{element}）会以明文传输。Chrome 和 Firefox 在提交时会弹出整页警告，Safari 会把页面标记为不安全。",
			},
			Steps: []i18n.Text{
				{EN: "Make the form's action relative (`action=\"/login\"`) or https://, and make sure the endpoint answers over HTTPS.", ZH: "把表单的 action 改为相对地址（`action=\"/login\"`）或 https:// 地址，并确认该接口支持 HTTPS。"},
				stepCSPNginx,
			},
			FAQ: mixedFAQ,
		},
		{
			ID:       "mixed-content.insecure-base",
			Severity: "warn",
			Title:    i18n.Text{EN: "<base href> on {page} points at {url} (line {line})", ZH: "{page} 的 <base href> 指向 {url}（第 {line} 行）"},
			Why: i18n.Text{
				EN: "Every relative URL of the page ({element}) resolves against this http:// base, so scripts, images and links written as relative paths are fetched over plain HTTP.",
				ZH: "页面中所有相对地址（{element}）都以这个 http:// 基准解析，写成相对路径的脚本、图片和链接都会走明文 HTTP。",
			},
			Steps: []i18n.Text{
				{EN: "Change it to `<base href=\"/\">` or an https:// URL, or remove it.", ZH: "改为 `<base href=\"/\">` 或 https:// 地址，或者删除它。"},
				stepCSPNginx,
			},
			FAQ: mixedFAQ,
		},
		{
			ID:       "mixed-content.insecure-refresh",
			Severity: "warn",
			Title:    i18n.Text{EN: "{page} refreshes to {url} over plain HTTP (line {line})", ZH: "{page} 自动刷新跳转到明文 HTTP 地址 {url}（第 {line} 行）"},
			Why: i18n.Text{
				EN: "The {element} sends visitors from the secure page to an insecure one, where the browser shows \"not secure\" and traffic can be read or changed.",
				ZH: "{element} 会把访客从安全页面带到不安全页面，浏览器会提示“不安全”，流量也可能被窃听或篡改。",
			},
			Steps: []i18n.Text{
				{EN: "Point the refresh at a relative or https:// URL, or replace it with a server-side 301 to the https:// page.", ZH: "把刷新目标改为相对地址或 https:// 地址，或改用服务器端 301 跳转到 https:// 页面。"},
			},
			FAQ: mixedFAQ,
		},
		{
			ID:       "mixed-content.upgraded",
			Severity: "warn",
			Title:    i18n.Text{EN: "{element} refers to {url} over plain HTTP (line {line}); upgrade-insecure-requests makes browsers use https", ZH: "{element} 以明文 HTTP 引用 {url}（第 {line} 行）；upgrade-insecure-requests 会让浏览器改用 https"},
			Why: i18n.Text{
				EN: "On {page}, this reference ({kind}) would be mixed content, but the {mitigated_by} tells browsers to request it over https instead, so it is one severity lower. It loads only if the https:// version exists ({https_version}); fix the URL to stop depending on the policy.",
				ZH: "在 {page} 上，这个引用（{kind}）本属于混合内容，但 {mitigated_by} 要求浏览器改用 https 请求，因此严重程度降低一级。只有 https:// 版本存在时它才能加载（{https_version}）；修改地址后就不必依赖这条策略。",
			},
			Steps: []i18n.Text{stepRelativeURL, stepThirdParty, stepVerifyConsole},
			FAQ:   mixedFAQ,
		},
		{
			ID:       "mixed-content.csp-upgrade",
			Severity: "info",
			Title:    i18n.Text{EN: "upgrade-insecure-requests is set on {page}: {count} http reference(s) are upgraded", ZH: "{page} 设置了 upgrade-insecure-requests：{count} 个 http 引用会被自动升级"},
			Why: i18n.Text{
				EN: "The {source} tells browsers to fetch every http:// resource of the page over https://, so the references padlock found are lowered one severity: they work as long as each https:// version exists. Fixing the URLs is still cleaner.",
				ZH: "{source} 要求浏览器把页面中所有 http:// 资源改用 https:// 获取，因此 padlock 发现的这些引用都降低一级严重程度：只要每个资源都有 https:// 版本就能正常加载。从根本上修改地址仍然更好。",
			},
			FAQ: mixedFAQ,
		},
		{
			ID:       "mixed-content.no-https-redirect",
			Severity: "warn",
			Title:    i18n.Text{EN: "{url} does not redirect to https:// (status {status})", ZH: "{url} 没有跳转到 https://（状态码 {status}）"},
			Why: i18n.Text{
				EN: "Visitors who type the name or follow an old link stay on the plain HTTP site, which browsers mark as not secure; the certificate never gets used. Location sent: {location}.",
				ZH: "直接输入域名或点击旧链接的访客会停留在明文 HTTP 站点，浏览器会标记为不安全，证书根本没有派上用场。返回的 Location：{location}。",
			},
			Steps: []i18n.Text{
				{EN: "nginx: in the port 80 server block, `return 301 https://$host$request_uri;` (exempt `/.well-known/pki-validation/` with a `location ^~` block if you validate by file).", ZH: "nginx：在 80 端口的 server 块中写 `return 301 https://$host$request_uri;`（若使用文件验证，用 `location ^~` 块排除 `/.well-known/pki-validation/`）。"},
				{EN: "Apache: `RewriteEngine On`, `RewriteCond %{HTTPS} off`, `RewriteRule ^(.*)$ https://%{HTTP_HOST}%{REQUEST_URI} [R=301,L]`.", ZH: "Apache：依次写入 `RewriteEngine On`、`RewriteCond %{HTTPS} off`、`RewriteRule ^(.*)$ https://%{HTTP_HOST}%{REQUEST_URI} [R=301,L]`。"},
				{EN: "IIS: a URL Rewrite rule with condition `{HTTPS}` = `off` and action Redirect to `https://{HTTP_HOST}/{R:1}` (Permanent). Tomcat: a `<security-constraint>` with `<transport-guarantee>CONFIDENTIAL</transport-guarantee>` in web.xml. Load balancer or CDN: turn on \"force HTTPS\" / HTTP-to-HTTPS redirect.", ZH: "IIS：添加 URL 重写规则，条件 `{HTTPS}` 为 `off`，操作为永久重定向到 `https://{HTTP_HOST}/{R:1}`。Tomcat：在 web.xml 中配置 `<security-constraint>` 并设置 `<transport-guarantee>CONFIDENTIAL</transport-guarantee>`。负载均衡或 CDN：开启“强制 HTTPS”/HTTP 跳转 HTTPS。"},
			},
			FAQ: mixedFAQ,
		},
		{
			ID:       "mixed-content.redirect-to-http",
			Severity: "warn",
			Title:    i18n.Text{EN: "The HTTPS page {page} redirects to plain HTTP: {url}", ZH: "HTTPS 页面 {page} 跳转到了明文 HTTP：{url}"},
			Why: i18n.Text{
				EN: "Visitors arriving over https are sent back to http, where the browser shows \"not secure\". Chain: {hops}.",
				ZH: "通过 https 访问的用户被送回 http，浏览器会显示“不安全”。跳转链：{hops}。",
			},
			Steps: []i18n.Text{
				{EN: "Find the rule or application setting that builds http:// URLs (a site URL setting, a `proxy_redirect`, an `X-Forwarded-Proto` not passed by the load balancer) and make it produce https://.", ZH: "找到生成 http:// 地址的规则或应用配置（站点地址设置、`proxy_redirect`、负载均衡未传递 `X-Forwarded-Proto` 等），改为生成 https://。"},
			},
			FAQ: mixedFAQ,
		},
		{
			ID:       "mixed-content.page-unavailable",
			Severity: "error",
			Title:    i18n.Text{EN: "Could not read {page} to look for mixed content", ZH: "无法读取 {page}，未能检查混合内容"},
			Why: i18n.Text{
				EN: "The request failed: {error}. The reachability and certificate checks say why the site does not answer; this check needs the page itself.",
				ZH: "请求失败：{error}。站点为何无应答请参考可达性与证书检查；本项检查需要读取页面本身。",
			},
			Steps: []i18n.Text{
				{EN: "Fix what the other checks report, then run padlock again.", ZH: "先修复其他检查发现的问题，然后重新运行 padlock。"},
			},
		},
		{
			ID:       "mixed-content.page-status",
			Severity: "info",
			Title:    i18n.Text{EN: "{page} answers {status}", ZH: "{page} 返回 {status}"},
			Why: i18n.Text{
				EN: "padlock checks the HTML it gets; an error page may not be the page visitors see. Give the real page's URL as the target (https://host/path) to check it.",
				ZH: "padlock 只检查拿到的 HTML；错误页不一定是访客看到的页面。可以把真实页面的地址（https://host/path）作为目标再检查一次。",
			},
		},
		{
			ID:       "mixed-content.not-html",
			Severity: "info",
			Title:    i18n.Text{EN: "{page} is not an HTML page ({content_type})", ZH: "{page} 不是 HTML 页面（{content_type}）"},
			Why: i18n.Text{
				EN: "Mixed content is about what an HTML page loads; there was nothing to examine here.",
				ZH: "混合内容针对 HTML 页面加载的资源；这里没有可检查的内容。",
			},
		},
		{
			ID:       "mixed-content.page-truncated",
			Severity: "warn",
			Title:    i18n.Text{EN: "{page} is larger than {limit}: checked the first {limit}", ZH: "{page} 超过 {limit}，只检查了前 {limit}"},
			Why: i18n.Text{
				EN: "padlock reads at most {limit} of a page so a huge or endless answer cannot exhaust memory; references after that point were not checked. A page this large is also slow for visitors.",
				ZH: "为防止超大或无尽的应答耗尽内存，padlock 每个页面最多读取 {limit}，之后的引用没有检查。页面如此之大，对访客来说也很慢。",
			},
			Steps: []i18n.Text{
				{EN: "Make the page smaller, or check the rest by pointing padlock at the pages that include it.", ZH: "精简页面，或把 padlock 指向包含其余内容的页面分别检查。"},
			},
			FAQ: mixedFAQ,
		},
		{
			ID:       "mixed-content.page-incomplete",
			Severity: "warn",
			Title:    i18n.Text{EN: "{page} did not arrive completely: checked the first {bytes} bytes", ZH: "{page} 未完整接收：只检查了前 {bytes} 字节"},
			Why: i18n.Text{
				EN: "Reading the page stopped: {error}. A server that sends its page slowly makes browsers wait the same way.",
				ZH: "读取页面中断：{error}。服务器发送页面过慢，浏览器也同样要等待。",
			},
			Steps: []i18n.Text{
				{EN: "Check the server's or upstream application's response time and any proxy buffering in between.", ZH: "检查服务器或上游应用的响应时间，以及中间代理的缓冲设置。"},
			},
			FAQ: mixedFAQ,
		},
		{
			ID:       "mixed-content.too-deep",
			Severity: "warn",
			Title:    i18n.Text{EN: "{page} nests elements deeper than {limit} levels: {skipped} element(s) not checked", ZH: "{page} 的元素嵌套超过 {limit} 层：{skipped} 个元素未检查"},
			Why: i18n.Text{
				EN: "padlock examines elements up to {limit} levels deep; browsers also stop building the tree properly at some depth, so such markup is broken anyway.",
				ZH: "padlock 只检查 {limit} 层以内的元素；浏览器在过深的嵌套下也无法正常构建页面结构，这样的标记本身就有问题。",
			},
			Steps: []i18n.Text{
				{EN: "Fix the template that produces unclosed or endlessly nested tags.", ZH: "修正产生未闭合或无限嵌套标签的模板。"},
			},
			FAQ: mixedFAQ,
		},
		{
			ID:       "mixed-content.css-limit",
			Severity: "warn",
			Title:    i18n.Text{EN: "Stylesheets not fully checked: {limit}", ZH: "样式表未全部检查：{limit}"},
			Why: i18n.Text{
				EN: "padlock stops reading stylesheets at its limit ({limit}, reached at {url}) so that endless @import chains cannot stall it; references beyond were not checked.",
				ZH: "为防止无尽的 @import 链拖住检查，padlock 读取样式表达到上限即停止（{limit}，在 {url} 处达到），之后的引用没有检查。",
			},
			Steps: []i18n.Text{
				{EN: "Bundle the stylesheets into fewer files and remove @import chains.", ZH: "把样式表合并为少量文件，去掉层层 @import。"},
			},
			FAQ: mixedFAQ,
		},
		{
			ID:       "mixed-content.css-import-cycle",
			Severity: "info",
			Title:    i18n.Text{EN: "{stylesheet} imports {url}, which was already imported (a cycle)", ZH: "{stylesheet} 导入了已导入过的 {url}（循环导入）"},
			Why: i18n.Text{
				EN: "Browsers ignore the repeated import, but it is wasted requests and usually a mistake.",
				ZH: "浏览器会忽略重复的导入，但这会浪费请求，通常是配置错误。",
			},
		},
		{
			ID:       "mixed-content.crawl-limit",
			Severity: "info",
			Title:    i18n.Text{EN: "Crawl stopped after {pages} page(s): {limit}", ZH: "检查 {pages} 个页面后停止爬取：{limit}"},
			Why: i18n.Text{
				EN: "The crawl is bounded (here: {limit}) so that a huge site cannot stall the check; more same-origin pages were left unchecked. Check them by giving their URLs as targets.",
				ZH: "爬取范围有上限（此处为：{limit}），以免超大站点拖住检查；还有同源页面未检查，可以把它们的地址作为目标单独检查。",
			},
		},
	}
}
