// GOV.UK Frontend's "Exit this page" for a single-page application.
//
// The component listens for Shift pressed three times on the whole document,
// and registers that listener once per page load, with no way to remove it:
// after the user moves on to another page of the application (no page load),
// three Shift presses would still leave for the exit page. So the listener is
// ours: it is added while an "Exit this page" control is on the page, passes
// each key to that control's component, and is removed once the control is
// gone. (The component skips its own listener when the document says one is
// registered.)

import { ExitThisPage } from 'govuk-frontend'

let active: { root: Element; component: ExitThisPage } | null = null

function onKeyup(event: KeyboardEvent): void {
  if (!active) return
  if (!active.root.isConnected) return stopExitThisPage()
  active.component.handleKeypress(event)
}

// Starts the component on its element; an earlier one on a page since
// replaced is stopped first.
export function startExitThisPage(root: Element): void {
  stopExitThisPage()
  document.body.dataset.govukFrontendExitThisPageKeypress = 'true'
  const component = new ExitThisPage(root)
  active = { root, component }
  document.addEventListener('keyup', onKeyup, true)
}

export function stopExitThisPage(): void {
  if (!active) return
  document.removeEventListener('keyup', onKeyup, true)
  active.component.resetPage()
  active = null
}

// After each render: once the control has left the page, its shortcut goes too.
export function syncExitThisPage(): void {
  if (active && !active.root.isConnected) stopExitThisPage()
}
