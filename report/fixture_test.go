package report

import (
	"maps"
	"slices"
	"strings"
	"time"

	"padlock/i18n"
	"padlock/probes"
	"padlock/rules"
)

// The fixture catalogue: realistic entries of our own, so that golden files
// stay stable while the real catalogue grows.
var fixtureEntries = map[string]rules.Entry{
	"certificate.chain-incomplete": {
		ID:       "certificate.chain-incomplete",
		Severity: "fail",
		Title: i18n.Text{
			EN: "The server sends {sent_count} certificate(s) but not the intermediate {missing_issuer}",
			ZH: "服务器只发送了 {sent_count} 张证书，缺少中间证书 {missing_issuer}",
		},
		Why: i18n.Text{
			EN: "Desktop browsers quietly download a missing intermediate from the certificate's AIA address, so the site looks fine on a PC. Many Android browsers, curl, Java and most API clients do not: they report the certificate as untrusted and refuse to connect.",
			ZH: "电脑上的浏览器会通过证书里的 AIA 地址自动补下载缺少的中间证书，所以在电脑上看起来一切正常；但不少安卓手机浏览器、curl、Java 程序和各类接口客户端不会这样做，它们会提示证书不受信任并拒绝连接。",
		},
		Steps: []i18n.Text{
			{
				EN: "Build one file holding the site certificate first, then the intermediate(s), in that order:\n\n    cat example.com.crt {missing_issuer_file} > /etc/ssl/example.com.fullchain.pem",
				ZH: "把站点证书和中间证书按顺序合并成一个文件（站点证书在前，中间证书在后）：\n\n    cat example.com.crt {missing_issuer_file} > /etc/ssl/example.com.fullchain.pem",
			},
			{
				EN: "nginx: point `ssl_certificate` at the combined file, then run `nginx -t && nginx -s reload`:\n```nginx\nssl_certificate     /etc/ssl/example.com.fullchain.pem;\nssl_certificate_key /etc/ssl/example.com.key;\n```",
				ZH: "nginx：把 `ssl_certificate` 指向合并后的文件，然后执行 `nginx -t && nginx -s reload`：\n```nginx\nssl_certificate     /etc/ssl/example.com.fullchain.pem;\nssl_certificate_key /etc/ssl/example.com.key;\n```",
			},
			{
				EN: "Apache 2.4.8 and later: point `SSLCertificateFile` at the combined file (older versions: put the intermediate in `SSLCertificateChainFile`), then run `apachectl graceful`.",
				ZH: "Apache 2.4.8 及以上版本：把 `SSLCertificateFile` 指向合并后的文件（更早的版本请把中间证书写在 `SSLCertificateChainFile` 里），然后执行 `apachectl graceful`。",
			},
			{
				EN: "Tomcat and IIS: import the intermediate into the keystore or the Windows \"Intermediate Certification Authorities\" store; a CDN or cloud load balancer: upload the combined file as the certificate body.",
				ZH: "Tomcat 和 IIS：把中间证书导入密钥库，或导入 Windows 的“中间证书颁发机构”存储；CDN 或云负载均衡：把合并后的文件整体粘贴到证书内容一栏。",
			},
			{
				EN: "Check again: `openssl s_client -connect {host}:443 -servername {host} -showcerts` must list two certificates or more.",
				ZH: "重新检测：执行 `openssl s_client -connect {host}:443 -servername {host} -showcerts`，应能看到两张或更多证书。",
			},
		},
		FAQ: "如何补全 SSL 证书链？",
	},
	"tls-versions.legacy-enabled": {
		ID:       "tls-versions.legacy-enabled",
		Severity: "warn",
		Title:    i18n.Text{EN: "Outdated TLS versions are still accepted: {versions}", ZH: "服务器仍接受已淘汰的 TLS 版本：{versions}"},
		Why: i18n.Text{
			EN: "Browsers removed TLS 1.0 and 1.1 in 2020 and RFC 8996 deprecates them; keeping them on only helps old clients and fails many security audits.",
			ZH: "主流浏览器在 2020 年已停止支持 TLS 1.0 和 1.1，RFC 8996 也已正式弃用它们；继续开启只对老旧客户端有用，而且通不过多数安全检查。",
		},
		Steps: []i18n.Text{
			{EN: "nginx: `ssl_protocols TLSv1.2 TLSv1.3;`", ZH: "nginx：`ssl_protocols TLSv1.2 TLSv1.3;`"},
			{EN: "Apache: `SSLProtocol -all +TLSv1.2 +TLSv1.3`", ZH: "Apache：`SSLProtocol -all +TLSv1.2 +TLSv1.3`"},
		},
		FAQ: "如何设置 SSL 证书的 TLS 协议版本？",
	},
	"caa.issuance-allowed": {
		ID:       "caa.issuance-allowed",
		Severity: "info",
		Title:    i18n.Text{EN: "CAA records allow {ca} to issue for {name}", ZH: "CAA 记录允许 {ca} 为 {name} 签发证书"},
		Why:      i18n.Text{EN: "Nothing to do.", ZH: "无需处理。"},
		FAQ:      "CAA 记录说明",
	},
}

// fixtureCatalogue is the built-in probes' titles with the fixture's
// entries (and extra ones) as their findings.
func fixtureCatalogue(extra ...rules.Entry) *rules.Catalogue {
	c := rules.NewCatalogue()
	entries := slices.Collect(maps.Values(fixtureEntries))
	entries = append(entries, extra...)
	for _, d := range probes.Builtin().Descriptors() {
		var mine []rules.Entry
		for _, e := range entries {
			if strings.HasPrefix(e.ID, d.ID+".") {
				mine = append(mine, e)
			}
		}
		if err := c.AddProbe(d.Text(), mine...); err != nil {
			panic(err)
		}
	}
	return c
}

// Details structs as probes write them (field order kept in reports).
type certInfo struct {
	Subject   string   `json:"subject"`
	Issuer    string   `json:"issuer"`
	NotAfter  string   `json:"not_after"`
	DNSNames  []string `json:"dns_names,omitempty"`
	SHA256    string   `json:"sha256"`
	AIAIssuer string   `json:"aia_issuer,omitempty"`
}

type certDetails struct {
	Served  []certInfo `json:"served_chain"`
	Trusted bool       `json:"trusted"`
	Note    string     `json:"note,omitempty"`
}

type resolverAnswer struct {
	Resolver string   `json:"resolver"`
	Answers  []string `json:"answers"`
	RTTMS    int      `json:"rtt_ms"`
}

type reachDetails struct {
	Addresses []string         `json:"addresses"`
	Resolvers []resolverAnswer `json:"resolvers"`
	Ports     map[string]string
}

func (d reachDetails) ResolvedAddrs() []string { return d.Addresses }

type hop struct {
	URL    string `json:"url"`
	Status int    `json:"status"`
}

type fileDetails struct {
	Hops    []hop          `json:"hops"`
	Headers map[string]any `json:"headers"`
	Empty   []string       `json:"empty_list"`
}

var (
	fixtureStart = time.Date(2026, 11, 29, 15, 4, 5, 0, time.UTC)
	fixtureZone  = time.FixedZone("CST", 8*3600)
)

// fixtureReport is a broken site: an incomplete chain, old TLS versions, a
// DNS check that could not run, skipped probes.
func fixtureReport() *Report {
	target, err := probes.ParseTarget("https://shop.example.com/")
	if err != nil {
		panic(err)
	}
	target.Intent.CA = "sectigo"
	target.Intent.FileURL = "http://shop.example.com/.well-known/pki-validation/fileauth.txt"
	target.Intent.FileContent = "202611290000003x1vhz5hdpaxbqnls7t0p"
	ct, _ := probes.ParseConnectTo("shop.example.com:443:127.0.0.1:8443")
	return &Report{
		Tool:        Tool{Name: "padlock", Version: "0.1.0-test"},
		Target:      target,
		StartedAt:   fixtureStart,
		Duration:    1530 * time.Millisecond,
		Resolvers:   []probes.Resolver{{Addr: "127.0.0.1:5353", Label: "lab"}, {Addr: "127.0.0.1:5354", Label: "lab, second"}},
		ConnectTo:   []probes.ConnectTo{ct},
		CommandLine: "padlock check --resolver 127.0.0.1:5353 --connect-to shop.example.com:443:127.0.0.1:8443 --ca sectigo https://shop.example.com/",
		Results: []probes.Result{
			{
				ProbeID: "reachability", Status: probes.Pass, Duration: 42 * time.Millisecond,
				Details: reachDetails{
					Addresses: []string{"192.0.2.10", "2001:db8::10"},
					Resolvers: []resolverAnswer{
						{Resolver: "127.0.0.1:5353", Answers: []string{"A 192.0.2.10", "AAAA 2001:db8::10"}, RTTMS: 3},
					},
					Ports: map[string]string{"443": "open", "80": "open"},
				},
			},
			{
				ProbeID: "tls-versions", Status: probes.Warn, Duration: 310 * time.Millisecond,
				Findings: []probes.Finding{{ID: "tls-versions.legacy-enabled", Severity: probes.Warn,
					Evidence: probes.Evidence{"versions": []string{"TLS 1.0", "TLS 1.1"}}}},
			},
			{
				ProbeID: "certificate", Status: probes.Fail, Duration: 215 * time.Millisecond,
				Findings: []probes.Finding{{ID: "certificate.chain-incomplete", Severity: probes.Fail,
					Evidence: probes.Evidence{
						"sent_count":          1,
						"missing_issuer":      "Example Issuing CA R7",
						"missing_issuer_file": "ExampleIssuingCAR7.crt",
						"aia_url":             "http://aia.example.net/r7.der",
						"host":                "shop.example.com",
					}}},
				Details: certDetails{
					Served: []certInfo{{
						Subject:   "CN=shop.example.com",
						Issuer:    "CN=Example Issuing CA R7,O=Example Trust Ltd,C=GB",
						NotAfter:  "2027-02-26T23:59:59Z",
						DNSNames:  []string{"shop.example.com", "www.shop.example.com"},
						SHA256:    "3f1c9a4e5b7d2c0a8e6f4b2d1c9a7e5f3b1d9c7a5e3f1b9d7c5a3e1f9b7d5c3a",
						AIAIssuer: "http://aia.example.net/r7.der",
					}},
					Trusted: false,
					Note:    "first line of a note\nsecond line of a note",
				},
			},
			{
				ProbeID: "mixed-content", Status: probes.Skip, Duration: 0,
				Details: map[string]string{"reason": "the page could not be fetched"},
			},
			{
				ProbeID: "caa", Status: probes.Pass, Duration: 18 * time.Millisecond,
				Findings: []probes.Finding{{ID: "caa.issuance-allowed", Severity: probes.Info,
					Evidence: probes.Evidence{"ca": "sectigo.com", "name": "shop.example.com"}}},
			},
			{
				ProbeID: "dns-validation", Status: probes.Error, Duration: 5001 * time.Millisecond,
				Err: "no resolver answered: read udp 127.0.0.1:40022->127.0.0.1:5353: i/o timeout",
			},
			{
				ProbeID: "file-validation", Status: probes.Warn, Duration: 97 * time.Millisecond,
				Findings: []probes.Finding{{ID: "file-validation.redirected", Severity: probes.Warn,
					Evidence: probes.Evidence{"from": "http://shop.example.com/.well-known/pki-validation/fileauth.txt", "status": 301}}},
				Details: fileDetails{
					Hops: []hop{
						{URL: "http://shop.example.com/.well-known/pki-validation/fileauth.txt", Status: 301},
						{URL: "https://shop.example.com/.well-known/pki-validation/fileauth.txt", Status: 200},
					},
					Headers: map[string]any{"server": "nginx/1.24.0", "content-length": 35},
					Empty:   []string{},
				},
			},
			{
				ProbeID: "ca-access", Status: probes.Skip, Duration: 0,
				Details: map[string]string{"reason": "validation addresses of this CA brand are not known", "hint": "--ca digicert"},
			},
		},
	}
}

// fixtureOptions render the fixture deterministically.
func fixtureOptions(format Format, lang i18n.Lang) Options {
	return Options{Format: format, Lang: lang, Location: fixtureZone, Catalogue: fixtureCatalogue()}
}
