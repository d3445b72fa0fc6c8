package ui

import (
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"

	"padlock/i18n"
	"padlock/probes"
)

// Update routes a message to the handler of its kind. Keys go to the
// handler of the current screen (handle*Key, here and in the component
// files); the runner's events to handleRunMsg.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		m.resize()
		m.refreshViewport()
		return m, nil
	case tea.BackgroundColorMsg:
		m.styles = NewStyles(msg.IsDark())
		m.applyStyles()
		m.refreshViewport()
		return m, nil
	case tea.KeyPressMsg:
		return m, tea.Batch(m.handleKey(msg), m.expire())
	case noticeExpiredMsg:
		if msg.seq == m.footer.seq {
			m.footer.flash("", false)
		}
		return m, nil
	case probeStartedMsg, probeFinishedMsg, runDoneMsg:
		return m, m.handleRunMsg(msg)
	case spinner.TickMsg:
		cmd := m.list.tick(msg)
		if m.screen == screenGuided {
			m.refreshViewport() // the guide shows the spinner too
		}
		return m, cmd
	case exportedMsg:
		m.footer.flashResult(m.lang, msg)
		return m, m.expire()
	}
	return m, m.updateFocused(msg)
}

// updateFocused passes other messages (cursor blinks, pastes) to the
// component that has the focus.
func (m *Model) updateFocused(msg tea.Msg) tea.Cmd {
	if m.screen == screenForm {
		return m.form.update(msg)
	}
	return nil
}

// handleRunMsg applies one event of the current run; events of a cancelled
// run are dropped.
func (m *Model) handleRunMsg(msg tea.Msg) tea.Cmd {
	if m.quitting {
		return nil
	}
	now := m.cfg.Clock()
	switch msg := msg.(type) {
	case probeStartedMsg:
		if msg.run != m.run.id {
			return nil
		}
		return tea.Batch(m.list.start(msg.id, now), m.rearm())
	case probeFinishedMsg:
		if msg.run != m.run.id {
			return nil
		}
		m.list.finish(msg.id, msg.result, now)
		m.guide.probeFinished(msg.id)
		m.refreshViewport()
		return m.rearm()
	case runDoneMsg:
		if msg.run != m.run.id {
			return nil
		}
		m.run.active = false
		m.list.landOnFailure()
		if m.run.cancel != nil {
			m.run.cancel(nil) // every probe has returned: release the context
			m.run.cancel = nil
		}
		m.refreshViewport()
	}
	return nil
}

// rearm waits for the current run's next event.
func (m *Model) rearm() tea.Cmd {
	if m.run.events == nil {
		return nil
	}
	return waitForEvent(m.run.id, m.run.events)
}

// handleKey handles the keys every screen shares, then the screen's own.
func (m *Model) handleKey(msg tea.KeyPressMsg) tea.Cmd {
	if msg.String() == "ctrl+c" {
		return m.quit()
	}
	m.footer.flash("", false) // a notice lasts until the next key
	if m.exportMenu {
		return m.handleExportMenu(msg)
	}
	if m.screen == screenForm {
		return m.handleFormKey(msg)
	}
	if m.screen == screenPicker && m.picker.filtering {
		return m.handlePickerKey(msg) // the filter takes every key as text
	}
	k := m.keys
	switch {
	case key.Matches(msg, k.Quit):
		return m.quit()
	case key.Matches(msg, k.Help):
		m.help.ShowAll = !m.help.ShowAll
		m.resize()
		m.refreshViewport()
		return nil
	case key.Matches(msg, k.Lang):
		m.switchLang()
		return nil
	}
	switch m.screen {
	case screenPicker:
		return m.handlePickerKey(msg)
	case screenRun:
		return m.handleRunKey(msg)
	case screenProbe:
		return m.handleProbeKey(msg)
	case screenGuided:
		return m.handleGuideKey(msg)
	default:
		return m.handleViewportKey(msg)
	}
}

// quit cancels every probe in flight and ends the program.
func (m *Model) quit() tea.Cmd {
	m.quitting = true
	if m.run.cancel != nil {
		m.run.cancel(probes.ErrCancelled) // the screen stays as it was
	}
	return tea.Quit
}

// switchLang flips between English and Chinese.
func (m *Model) switchLang() {
	if m.lang == "zh" {
		m.lang = "en"
	} else {
		m.lang = "zh"
	}
	m.setKeyLang(m.lang)
	m.refreshViewport()
}

// handleRunKey handles the probe list.
func (m *Model) handleRunKey(msg tea.KeyPressMsg) tea.Cmd {
	k := m.list.keys
	switch {
	case key.Matches(msg, k.Up):
		m.list.move(-1)
	case key.Matches(msg, k.Down):
		m.list.move(1)
	case key.Matches(msg, k.Open):
		switch st := m.list.selected(); {
		case st == nil:
		case st.phase == phaseDone:
			m.openProbe(st.id)
		default:
			m.footer.flash(i18n.T("this probe has not finished yet", "该检查尚未完成").In(m.lang), false)
		}
	case key.Matches(msg, k.Details):
		if st := m.list.selected(); st != nil && st.phase == phaseDone {
			m.openProbe(st.id)
			m.openViewport(screenDetails)
		}
	case key.Matches(msg, k.Back):
		return m.goHome()
	case key.Matches(msg, k.Rerun):
		if st := m.list.selected(); st != nil {
			return m.rerun(st.id)
		}
	case key.Matches(msg, k.RerunAll):
		return m.rerun("")
	case key.Matches(msg, k.Guided):
		if m.run.active {
			m.footer.flash(i18n.T("wait for the run to finish, or esc to stop it", "请等待本轮检查结束，或按 esc 停止").In(m.lang), false)
			return nil
		}
		return m.startGuide()
	default:
		return m.handleReportKey(msg)
	}
	return nil
}

// rerun runs one probe again (id) or all of them (id empty).
func (m *Model) rerun(id string) tea.Cmd {
	if m.run.active {
		m.footer.flash(i18n.T("a run is in progress", "检查正在进行中").In(m.lang), false)
		return nil
	}
	if id == "" {
		return m.startRun(m.cfg.Probes)
	}
	p, ok := m.probeByID(id)
	if !ok {
		return nil
	}
	return m.startRun([]probes.Probe{p})
}

// goHome leaves the run view for the form or the picker, stopping the run.
func (m *Model) goHome() tea.Cmd {
	if m.home == screenRun {
		return nil
	}
	m.cancelRun()
	m.screen = m.home
	if m.home == screenForm {
		return m.form.focus()
	}
	return nil
}

// handleReportKey handles export and copy, shared by the result screens.
func (m *Model) handleReportKey(msg tea.KeyPressMsg) tea.Cmd {
	k := m.reportKeys
	switch {
	case key.Matches(msg, k.Export):
		return m.export(formatText)
	case key.Matches(msg, k.ExportAs):
		m.exportMenu = true
	case key.Matches(msg, k.Copy):
		return m.copyReport()
	case key.Matches(msg, k.CopyCommand):
		return m.copyCommand()
	case key.Matches(msg, k.CopyFix) && (m.screen == screenProbe || m.screen == screenFinding):
		return m.copyFix()
	}
	return nil
}
