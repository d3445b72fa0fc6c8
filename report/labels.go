package report

import (
	"fmt"
	"strings"

	"padlock/i18n"
	"padlock/probes"
)

// labels are the fixed words of the reports, in every language. Finding
// ids, probe ids, commands and configuration lines are never translated.
var labels = map[string]i18n.Text{
	"report":      {EN: "padlock report", ZH: "padlock 检测报告"},
	"target":      {EN: "Target as typed", ZH: "输入的目标"},
	"checked":     {EN: "Checked", ZH: "实际检测"},
	"name":        {EN: "Certificate name", ZH: "证书应覆盖的域名"},
	"addresses":   {EN: "Resolved to", ZH: "解析到的地址"},
	"started":     {EN: "Started (UTC)", ZH: "开始时间（UTC）"},
	"local":       {EN: "Started (local)", ZH: "开始时间（本地）"},
	"duration":    {EN: "Duration", ZH: "耗时"},
	"version":     {EN: "padlock version", ZH: "padlock 版本"},
	"resolvers":   {EN: "DNS resolvers", ZH: "DNS 解析服务器"},
	"connect-to":  {EN: "Connect-to rules", ZH: "--connect-to 规则"},
	"command":     {EN: "Reproduce with", ZH: "复现命令"},
	"overall":     {EN: "Overall", ZH: "总体结果"},
	"summary":     {EN: "Summary", ZH: "检测概览"},
	"col-status":  {EN: "Status", ZH: "状态"},
	"col-probe":   {EN: "Probe", ZH: "检测项"},
	"col-result":  {EN: "Result", ZH: "结论"},
	"problems":    {EN: "Problems and fixes", ZH: "问题与修复方法"},
	"no-problems": {EN: "No problems found.", ZH: "未发现问题。"},
	"no-problems-partial": {EN: "No problems found in the checks that finished; these gave no result: %s.",
		ZH: "已完成的检查未发现问题；以下检查没有结果：%s。"},
	"seen":        {EN: "What was seen", ZH: "检测到的情况"},
	"why":         {EN: "Why it matters", ZH: "影响"},
	"fix":         {EN: "How to fix", ZH: "修复步骤"},
	"faq":         {EN: "FAQ section", ZH: "参考 FAQ 章节"},
	"probe-error": {EN: "The check could not run", ZH: "该检查未能完成"},
	"probe-error-why": {EN: "padlock could not complete this check, so it says nothing about the site either way. Fix the cause below (often the network between padlock and the resolvers or the server) and run again.",
		ZH: "padlock 未能完成这项检查，因此它既不能说明网站有问题，也不能说明没问题。请先排除下面的原因（通常是 padlock 与解析服务器或网站之间的网络问题），再重新检测。"},
	"error-message":    {EN: "Error", ZH: "错误信息"},
	"info":             {EN: "For information", ZH: "其他信息"},
	"details":          {EN: "Appendix: details", ZH: "附录：检测详情"},
	"timings":          {EN: "Appendix: timings", ZH: "附录：耗时"},
	"col-duration":     {EN: "Duration", ZH: "耗时"},
	"total":            {EN: "Whole run", ZH: "整体"},
	"evidence-key":     {EN: "Evidence", ZH: "检测项目"},
	"evidence-value":   {EN: "Value", ZH: "值"},
	"none":             {EN: "(none)", ZH: "（无）"},
	"empty":            {EN: "(empty)", ZH: "（空）"},
	"no-problems-line": {EN: "no problems found", ZH: "未发现问题"},
	"skipped":          {EN: "skipped", ZH: "已跳过"},
	"ca":               {EN: "CA brand", ZH: "证书品牌（CA）"},
	"dns-record":       {EN: "DNS validation", ZH: "DNS 验证记录"},
	"file-url":         {EN: "Validation URL", ZH: "文件验证地址"},
	"file-content":     {EN: "Expected content", ZH: "文件应有内容"},
	"redacted":         {EN: "[private key removed]", ZH: "[私钥已删除]"},
	"unknown-finding": {EN: "padlock has no explanation for this finding yet; the evidence below is what it saw.",
		ZH: "padlock 暂时还没有这条结果的说明，下面是检测到的原始情况。"},
}

// l returns the label key in lang.
func l(lang i18n.Lang, key string) string {
	t, ok := labels[key]
	if !ok {
		panic("report: no label " + key)
	}
	return t.In(lang)
}

// StatusWord is a status for people: the English name, or its Chinese.
func StatusWord(s probes.Status, lang i18n.Lang) string {
	if t, ok := statusWords[s]; ok {
		return t.In(lang)
	}
	return s.String()
}

// statusWords are the statuses for people.
var statusWords = map[probes.Status]i18n.Text{
	probes.Pass:       i18n.T("pass", "通过"),
	probes.Warn:       i18n.T("warn", "警告"),
	probes.Fail:       i18n.T("fail", "失败"),
	probes.Skip:       i18n.T("skip", "跳过"),
	probes.Error:      i18n.T("error", "出错"),
	probes.NotRun:     i18n.T("not run", "未运行"),
	probes.Running:    i18n.T("running", "运行中"),
	probes.Cancelled:  i18n.T("cancelled", "已取消"),
	probes.Incomplete: i18n.T("incomplete", "未完成"),
}

// severityWord names a finding's severity; Pass means "info".
func severityWord(s probes.Severity, lang i18n.Lang) string {
	if s == probes.Info {
		return i18n.T("info", "提示").In(lang)
	}
	return StatusWord(s, lang)
}

// colon ends a label: ": " in English, a full-width colon in Chinese.
func colon(lang i18n.Lang) string {
	if lang == i18n.ZH {
		return "："
	}
	return ": "
}

// paren appends s in parentheses, full-width in Chinese.
func paren(lang i18n.Lang, s string) string {
	if lang == i18n.ZH {
		return "（" + s + "）"
	}
	return " (" + s + ")"
}

// noProblems is the line of a report without problems: only a complete
// run may say there are none.
func noProblems(c Counts, lang i18n.Lang) string {
	if c.Complete {
		return l(lang, "no-problems")
	}
	sep := ", "
	if lang == i18n.ZH {
		sep = "、"
	}
	return fmt.Sprintf(l(lang, "no-problems-partial"), strings.Join(c.Missing, sep))
}
