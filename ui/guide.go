package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"padlock/i18n"
	"padlock/internal/sanitize"
	"padlock/probes"
	"padlock/report"
	"padlock/rules"
)

// guideStep is where guided mode is within one probe.
type guideStep int

const (
	guideIntro   guideStep = iota // what we check and why; enter runs it
	guideRunning                  // the probe runs
	guideResult                   // what we saw, what to do; enter goes on
)

// guide is guided mode: one probe at a time, for a support engineer
// talking a customer through the diagnosis. It draws in the detail pane's
// viewport.
type guide struct {
	active bool
	index  int
	step   guideStep
	width  int
	height int
}

// SetSize sets the guide's area.
func (g *guide) SetSize(w, h int) { g.width, g.height = w, h }

// startGuide begins guided mode at the first probe, forgetting old results.
func (m *Model) startGuide() tea.Cmd {
	m.cancelRun()
	m.list.reset(m.list.order)
	m.guide = guide{active: true, width: m.guide.width, height: m.guide.height}
	m.run.started = m.cfg.Clock()
	m.run.finished = m.run.started
	m.openViewport(screenGuided)
	return nil
}

// probeFinished moves the guide on when its probe's result arrives.
func (g *guide) probeFinished(id string) {
	if g.active && g.step == guideRunning {
		g.step = guideResult
	}
}

// handleGuideKey: enter runs the probe or goes on, s skips, esc leaves.
func (m *Model) handleGuideKey(msg tea.KeyPressMsg) tea.Cmd {
	k, g := m.keys, &m.guide
	switch {
	case key.Matches(msg, k.Enter):
		switch g.step {
		case guideIntro:
			p := m.cfg.Probes[g.index]
			g.step = guideRunning
			cmd := m.startRun([]probes.Probe{p})
			m.openViewport(screenGuided)
			return cmd
		case guideResult:
			return m.guideNext()
		}
	case key.Matches(msg, k.Skip):
		if g.step != guideRunning {
			return m.guideNext()
		}
	case key.Matches(msg, k.Back):
		m.cancelRun()
		g.active = false
		m.screen = screenRun
	case key.Matches(msg, k.Up):
		m.detail.vp.ScrollUp(1)
	case key.Matches(msg, k.Down):
		m.detail.vp.ScrollDown(1)
	case key.Matches(msg, k.PageDn):
		m.detail.vp.PageDown()
	case key.Matches(msg, k.PageUp):
		m.detail.vp.PageUp()
	}
	return nil
}

// guideNext goes to the next probe, or ends with the report.
func (m *Model) guideNext() tea.Cmd {
	g := &m.guide
	g.index++
	g.step = guideIntro
	if g.index >= len(m.cfg.Probes) {
		g.active = false
		m.openViewport(screenReport)
		return nil
	}
	m.openViewport(screenGuided)
	return nil
}

// guideView is the guide's body.
func (m *Model) guideView() string { return m.detail.vp.View() }

// guideContent renders the current step.
func (m *Model) guideContent() string {
	g, s, lang, w := &m.guide, m.styles, m.lang, min(m.detail.width, readingWidth)
	if g.index >= len(m.cfg.Probes) {
		return ""
	}
	id := m.cfg.Probes[g.index].ID()
	about := probeAbout(id)
	var b strings.Builder
	b.WriteString(s.Subtle.Render(fmt.Sprintf(tr(lang, "Check %d of %d", "第 %d 项，共 %d 项"), g.index+1, len(m.cfg.Probes))) + "\n")
	b.WriteString(s.Heading.Render(rules.ProbeTitle(id).In(lang)) + "\n\n")
	b.WriteString(s.Bold.Render(tr(lang, "What we check", "检查什么")) + "\n")
	b.WriteString(indent(about.What.In(lang), "  ", "  ", w) + "\n\n")
	b.WriteString(s.Bold.Render(tr(lang, "Why it matters", "为什么重要")) + "\n")
	b.WriteString(indent(about.Why.In(lang), "  ", "  ", w) + "\n\n")
	switch g.step {
	case guideIntro:
		b.WriteString(s.Notice.Render(tr(lang, "Press enter to run this check (s skips it).", "按 enter 开始这项检查（s 跳过）。")))
	case guideRunning:
		b.WriteString(m.list.spinnerView(false) + " " + s.Running.Render(tr(lang, "Running…", "正在检查…")))
	case guideResult:
		b.WriteString(m.guideResult(id))
	}
	return b.String()
}

// guideResult is "what we saw" and "what to do" for probe id.
func (m *Model) guideResult(id string) string {
	s, lang, w := m.styles, m.lang, min(m.detail.width, readingWidth)
	st := m.list.states[id]
	r := st.result
	var b strings.Builder
	b.WriteString(s.Bold.Render(tr(lang, "What we saw", "检测结果")) + "\n")
	verdict := statusSymbol(r.Status) + " " + report.StatusWord(r.Status, lang)
	b.WriteString("  " + s.Status[r.Status].Render(verdict) + "  " + truncate(sanitize.Line(report.OneLine(r, lang)), w-textWidth(verdict)-4) + "\n")
	var problems []probes.Finding
	for _, f := range r.Findings {
		if f.Severity > probes.Pass {
			problems = append(problems, f)
		}
	}
	b.WriteString("\n" + s.Bold.Render(tr(lang, "What to do", "怎么做")) + "\n")
	if len(problems) == 0 {
		b.WriteString("  " + tr(lang, "Nothing to fix here.", "这一项无需处理。") + "\n")
	}
	for _, f := range problems {
		t := report.Explain(f, lang)
		b.WriteString(indent(sanitize.Line(t.Title), "  "+s.Status[f.Severity].Render(statusSymbol(f.Severity))+" ", "    ", w) + "\n")
		for i, step := range t.Steps {
			num := fmt.Sprintf("    %d. ", i+1)
			b.WriteString(block(step, num, strings.Repeat(" ", len(num)), w) + "\n")
		}
	}
	b.WriteString("\n")
	if m.guide.index == len(m.cfg.Probes)-1 {
		b.WriteString(s.Notice.Render(tr(lang, "Press enter to see the report.", "按 enter 查看报告。")))
	} else {
		b.WriteString(s.Notice.Render(tr(lang, "Press enter for the next check.", "按 enter 进入下一项。")))
	}
	return b.String()
}

// about explains a probe in guided mode.
type about struct{ What, Why i18n.Text }

// probeAbout says what probe id checks and why, in both languages.
func probeAbout(id string) about {
	switch id {
	case probes.IDReachability:
		return about{
			i18n.Text{EN: "Whether the name resolves (A and AAAA records) and whether every address answers on port 443 and port 80.", ZH: "域名能否解析（A 与 AAAA 记录），以及每个地址的 443 和 80 端口是否能连通。"},
			i18n.Text{EN: "If one address is dead, some visitors and the CA's validators land on it and fail while others succeed.", ZH: "只要有一个地址不通，部分访客和 CA 的验证服务器就会落到它上面而失败，其他人却一切正常。"},
		}
	case probes.IDTLSVersions:
		return about{
			i18n.Text{EN: "Which TLS versions the server accepts: 1.0, 1.1, 1.2 and 1.3.", ZH: "服务器接受哪些 TLS 版本：1.0、1.1、1.2、1.3。"},
			i18n.Text{EN: "Browsers refuse TLS 1.0 and 1.1 today; a server without TLS 1.2 or 1.3 cannot be reached by them at all.", ZH: "如今浏览器已不再接受 TLS 1.0/1.1；不支持 TLS 1.2 或 1.3 的服务器根本无法访问。"},
		}
	case probes.IDCertificate:
		return about{
			i18n.Text{EN: "The certificate chain the server sends: complete and in order, trusted, valid now, covering this name, with a sound key.", ZH: "服务器发送的证书链：是否完整、顺序正确、受信任、在有效期内、覆盖该域名、密钥是否安全。"},
			i18n.Text{EN: "A missing intermediate works on some desktops and breaks Android, Java and API clients; a wrong name or date breaks everyone.", ZH: "缺少中间证书时部分电脑上正常，但安卓、Java 和 API 客户端会失败；域名或日期不对则所有人都会报错。"},
		}
	case probes.IDMixedContent:
		return about{
			i18n.Text{EN: "Whether the HTTPS page loads scripts, styles, images or frames over plain HTTP.", ZH: "HTTPS 页面是否通过明文 HTTP 加载脚本、样式、图片或框架。"},
			i18n.Text{EN: "Browsers block such scripts and frames, and mark the page as not secure.", ZH: "浏览器会拦截这类脚本和框架，并把页面标为“不安全”。"},
		}
	case probes.IDCAA:
		return about{
			i18n.Text{EN: "The CAA records of the name and its parents: which CAs may issue for it.", ZH: "该域名及其上级域名的 CAA 记录：允许哪些 CA 签发证书。"},
			i18n.Text{EN: "A CA must refuse to issue when CAA names only other CAs, so the order fails before it starts.", ZH: "如果 CAA 只列出了其他 CA，所选 CA 必须拒绝签发，订单会直接失败。"},
		}
	case probes.IDDNSValidation:
		return about{
			i18n.Text{EN: "Whether the validation record the CA asked for has the expected value, on the authoritative servers and on public resolvers.", ZH: "CA 要求添加的验证记录，在权威服务器和各地公共解析器上是否都是预期的值。"},
			i18n.Text{EN: "The CA looks the record up itself; a typo, a stale cache or the wrong zone makes validation fail.", ZH: "CA 会自己去查这条记录；拼写错误、缓存未更新或加错了区域都会导致验证失败。"},
		}
	case probes.IDFileValidation:
		return about{
			i18n.Text{EN: "Whether the validation URL answers 200 with exactly the expected content, over http and https, without redirects.", ZH: "验证文件地址是否在 http 和 https 下都直接返回 200 和完全一致的内容，且没有跳转。"},
			i18n.Text{EN: "The CA fetches the file itself; a redirect, a login page or an extra byte makes validation fail.", ZH: "CA 会自己来取这个文件；跳转、登录页或多出的一个字节都会让验证失败。"},
		}
	case probes.IDCAAccess:
		return about{
			i18n.Text{EN: "Whether the CA's validation servers, abroad, would reach the same working server as you do.", ZH: "CA 位于境外的验证服务器，能否访问到与你相同且正常工作的服务器。"},
			i18n.Text{EN: "Geo-DNS, CDN nodes overseas or a firewall blocking foreign IPs make validation fail although the site works for you.", ZH: "智能解析、CDN 海外节点或屏蔽境外 IP 的防火墙，会让网站在你这里正常而 CA 验证失败。"},
		}
	}
	return about{i18n.Text{EN: "The " + id + " check.", ZH: id + " 检查。"}, i18n.Text{}}
}
