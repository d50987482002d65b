package http_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

const (
	// browserTestTimeout bounds a whole browser test: the browser process
	// lives no longer than this.
	browserTestTimeout = 60 * time.Second
	// browserStepTimeout bounds one step, so a missing element fails the
	// test at once with the step's name instead of at the overall deadline.
	browserStepTimeout = 15 * time.Second
	// axePath is axe-core from package.json, relative to this package.
	axePath = "../../node_modules/axe-core/axe.min.js"
)

// axeTags are the WCAG 2.1 A and AA rules, the level that BITV 2.0 demands.
const axeTags = `['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']`

// skipWithoutBrowserTool skips the test on a developer machine that lacks
// Chromium or axe, but fails it under CI: a green CI run must mean the
// browser tests ran.
func skipWithoutBrowserTool(t *testing.T, problem string) {
	t.Helper()
	if os.Getenv("CI") != "" {
		t.Fatalf("%s, but CI requires the browser tests to run", problem)
	}
	t.Skipf("%s: browser tests skipped", problem)
}

func chromiumPath(t *testing.T) string {
	t.Helper()
	if _, err := os.Stat("/usr/bin/chromium"); err == nil {
		return "/usr/bin/chromium"
	}
	if p, err := exec.LookPath("chromium"); err == nil {
		return p
	}
	skipWithoutBrowserTool(t, "Chromium not found at /usr/bin/chromium or on PATH")
	return ""
}

func axeSource(t *testing.T) string {
	t.Helper()
	src, err := os.ReadFile(axePath)
	if errors.Is(err, os.ErrNotExist) {
		skipWithoutBrowserTool(t, axePath+" missing (run `npm ci` in the repository root)")
	}
	if err != nil {
		t.Fatal(err)
	}
	return string(src)
}

// chromiumTab is one tab of a headless Chromium that talks to the harness's
// server like a person would: it types into fields and presses buttons.
type chromiumTab struct {
	t      *testing.T
	h      *harness
	ctx    context.Context
	axe    string
	status int // HTTP status of the document on screen
	// width is the viewport width the person uses (usePhone); 0 is
	// Chromium's default window.
	width int64
}

// newBrowser starts a fresh headless Chromium with an empty profile for the
// test and stops it when the test ends.
func newBrowser(t *testing.T, h *harness) *chromiumTab {
	t.Helper()
	execPath, axe := chromiumPath(t), axeSource(t)
	// The deadline is on the allocator, so it ends the browser itself:
	// no test can hang longer than browserTestTimeout.
	deadline, cancelDeadline := context.WithTimeout(context.Background(), browserTestTimeout)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(execPath),
		chromedp.Headless,
		chromedp.NoSandbox, // tests may run as root, where the sandbox refuses to start
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		// Without these Chromium phones home at start; this machine's
		// closed network refuses the connections and the tests stall.
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(deadline, opts...)
	ctx, cancelTab := chromedp.NewContext(allocCtx)
	t.Cleanup(func() {
		cancelTab()
		cancelAlloc()
		cancelDeadline()
	})
	// The first Run starts the browser and must use the long-lived context.
	// The pages send a strict Content-Security-Policy (script-src 'self').
	// Runtime.evaluate, which injects axe, is not subject to it, but we
	// bypass CSP anyway so that axe keeps working should that ever change
	// (axe only reads the page; the policy itself is tested over HTTP).
	err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, tab *chromedp.Target) error {
		_, err := cdp.Call(ctx, tab, page.SetBypassCSP, page.SetBypassCSPParams{Enabled: true})
		return err
	}))
	if err != nil {
		t.Fatalf("start Chromium: %v", err)
	}
	return &chromiumTab{t: t, h: h, ctx: ctx, axe: axe}
}

// tabRun runs one step with its own timeout and fails the test on error.
func tabRun[T any](b *chromiumTab, what string, a chromedp.Action[T]) T {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, browserStepTimeout)
	defer cancel()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		b.t.Fatalf("%s: %v", what, err)
	}
	return v
}

// load runs actions that make the tab load a new document and remembers
// the document's HTTP status.
func (b *chromiumTab) load(what string, actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, browserStepTimeout)
	defer cancel()
	resp, err := chromedp.RunResponse(ctx, actions...)
	if err != nil {
		b.t.Fatalf("%s: %v", what, err)
	}
	b.status = int(resp.Status)
}

// visit opens a path on the test server as if typed into the address bar.
func (b *chromiumTab) visit(path string) {
	b.t.Helper()
	b.load("open "+path, chromedp.Navigate(b.h.srv.URL+path))
}

// fill types value into the field with the id, replacing what was there.
func (b *chromiumTab) fill(id, value string) {
	b.t.Helper()
	tabRun(b, "fill #"+id, chromedp.Steps(chromedp.Clear(chromedp.ID(id)), chromedp.SendKeys(chromedp.ID(id), value)))
}

// press clicks the button with this label and waits for the next page.
func (b *chromiumTab) press(label string) {
	b.t.Helper()
	b.load("press "+label, chromedp.Click(chromedp.Search(fmt.Sprintf(`//button[normalize-space(.)=%q]`, label))))
}

// follow clicks the first link whose text contains text and waits for the
// next page.
func (b *chromiumTab) follow(text string) {
	b.t.Helper()
	b.load("follow "+text, chromedp.Click(chromedp.Search(fmt.Sprintf(`//a[contains(normalize-space(.), %q)]`, text))))
}

// texts returns the visible text of every element matching the CSS
// selector; unlike a chromedp query it does not wait, because the pages are
// complete when they have loaded.
func (b *chromiumTab) texts(selector string) []string {
	b.t.Helper()
	return tabRun(b, "read "+selector, chromedp.Evaluate[[]string](
		fmt.Sprintf(`Array.from(document.querySelectorAll(%q), e => e.innerText.trim())`, selector)))
}

// text returns the visible text of the one element matching the selector.
func (b *chromiumTab) text(selector string) string {
	b.t.Helper()
	all := b.texts(selector)
	if len(all) != 1 {
		b.t.Fatalf("%s: want one element, page %s has %d:\n%s", selector, b.path(), len(all), b.pageText())
	}
	return all[0]
}

func (b *chromiumTab) path() string {
	b.t.Helper()
	return tabRun(b, "read location", chromedp.Evaluate[string](`location.pathname`))
}

func (b *chromiumTab) pageText() string {
	b.t.Helper()
	return tabRun(b, "read page", chromedp.Evaluate[string](`document.body.innerText`))
}

// shows asserts that the tab shows the page at path with the status and a
// headline containing heading, and that the page passes axe.
func (b *chromiumTab) shows(path string, status int, heading string) {
	b.t.Helper()
	if got := b.path(); got != path {
		b.t.Fatalf("on %s (status %d), want %s:\n%s", got, b.status, path, b.pageText())
	}
	if b.status != status {
		b.t.Fatalf("%s: status %d, want %d:\n%s", path, b.status, status, b.pageText())
	}
	if h1 := b.text("h1"); !strings.Contains(h1, heading) {
		b.t.Fatalf("%s: headline %q, want it to contain %q", path, h1, heading)
	}
	b.assertAccessible()
}

// axeResult is the part of axe's results the test looks at.
type axeResult struct {
	Passes     int            `json:"passes"`
	Violations []axeViolation `json:"violations"`
}

// axeViolation is what the test reports of one failed axe rule.
type axeViolation struct {
	ID     string   `json:"id"`
	Impact string   `json:"impact"`
	Help   string   `json:"help"`
	URL    string   `json:"helpUrl"`
	Nodes  []string `json:"nodes"`
}

// assertAccessible injects axe-core into the page on screen and fails the
// test with every WCAG 2.1 A/AA violation it finds; it also checks that the
// page reflows at a phone's and a desktop's width (WCAG 2.1 1.4.10).
func (b *chromiumTab) assertAccessible() {
	b.t.Helper()
	b.assertReflows()
	tabRun(b, "inject axe", chromedp.Evaluate[chromedp.Void](b.axe))
	result := tabRun(b, "run axe", chromedp.Evaluate[axeResult](`
		axe.run(document, {runOnly: {type: 'tag', values: `+axeTags+`}}).then(r => ({
			passes: r.passes.length,
			violations: r.violations.map(v => ({
				id: v.id, impact: v.impact || '', help: v.help, helpUrl: v.helpUrl,
				nodes: v.nodes.map(n => n.target.join(' ') + '  ' + n.html),
			})),
		}))`, chromedp.EvalAwaitPromise))
	// A check that ran no rules (a mistyped tag, say) would pass anything.
	if result.Passes == 0 {
		b.t.Fatalf("axe passed no rules on %s: is the rule selection %s right?", b.path(), axeTags)
	}
	violations := result.Violations
	if len(violations) == 0 {
		return
	}
	var report strings.Builder
	for _, v := range violations {
		fmt.Fprintf(&report, "\n  %s (%s): %s — %s", v.ID, v.Impact, v.Help, v.URL)
		for _, n := range v.Nodes {
			fmt.Fprintf(&report, "\n      %s", n)
		}
	}
	b.t.Errorf("axe: %d accessibility violations on %s:%s", len(violations), b.path(), report.String())
}

// reflowWidths are the viewport widths every visited page must fit: 320 CSS
// px is WCAG 2.1 1.4.10's phone (1280 px at 400 % zoom), 1280 px a desktop.
var reflowWidths = []int64{320, 1280}

// overflowResult is what the page reports about content wider than the
// viewport.
type overflowResult struct {
	Viewport    int      `json:"viewport"`
	ScrollWidth int      `json:"scrollWidth"`
	Offenders   []string `json:"offenders"`
}

// measureOverflow finds the outermost visible elements that reach past the
// right edge of the viewport (their parent does not), so the report names
// the table or button that causes sideways scrolling rather than its
// ancestors or every cell inside it.
const measureOverflow = `(() => {
	const vw = document.documentElement.clientWidth;
	const sticksOut = e => {
		const r = e.getBoundingClientRect();
		return r.width > 0 && r.height > 0 && r.right + window.scrollX > vw + 1;
	};
	const name = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') +
		(typeof e.className === 'string' && e.className ? '.' + e.className.trim().split(/\s+/).join('.') : '');
	const offenders = [];
	for (const e of document.body.querySelectorAll('*')) {
		if (!sticksOut(e) || (e.parentElement && e.parentElement !== document.body && sticksOut(e.parentElement))) continue;
		const r = e.getBoundingClientRect();
		offenders.push(name(e) + ' (right edge at ' + Math.round(r.right + window.scrollX) + ' px): ' +
			e.outerHTML.slice(0, 160).replace(/\s+/g, ' '));
	}
	return {viewport: vw, scrollWidth: document.documentElement.scrollWidth, offenders: offenders.slice(0, 5)};
})()`

// assertReflows fails the test when the page on screen would scroll
// sideways at one of reflowWidths.
func (b *chromiumTab) assertReflows() {
	b.t.Helper()
	for _, problem := range b.reflowProblems() {
		b.t.Error(problem)
	}
}

// reflowProblems lays the page on screen out at each of reflowWidths and
// describes each width at which the document is wider than the viewport or
// an element reaches past its edge.
func (b *chromiumTab) reflowProblems() []string {
	b.t.Helper()
	defer b.restoreWidth()
	var problems []string
	for _, width := range reflowWidths {
		tabRun(b, fmt.Sprintf("resize to %d px", width), chromedp.EmulateViewport(width, 800))
		got := tabRun(b, fmt.Sprintf("measure at %d px", width), chromedp.Evaluate[overflowResult](measureOverflow))
		if got.ScrollWidth > got.Viewport || len(got.Offenders) > 0 {
			problems = append(problems, fmt.Sprintf("%s scrolls sideways at %d px: document %d px wide in a %d px viewport; wider elements:\n    %s",
				b.path(), width, got.ScrollWidth, got.Viewport, strings.Join(got.Offenders, "\n    ")))
		}
	}
	return problems
}

// usePhone makes the tab a phone 320 CSS px wide for the rest of the test,
// so that every click proves its button is reachable there.
func (b *chromiumTab) usePhone() {
	b.t.Helper()
	b.width = 320
	b.restoreWidth()
}

// restoreWidth goes back to the person's own viewport after a measurement.
func (b *chromiumTab) restoreWidth() {
	b.t.Helper()
	if b.width != 0 {
		tabRun(b, "use the window size", chromedp.EmulateViewport(b.width, 640))
		return
	}
	tabRun(b, "restore the window size", chromedp.Func(func(ctx context.Context, tab *chromedp.Target) error {
		_, err := cdp.Call(ctx, tab, emulation.ClearDeviceMetricsOverride, cdp.Empty{})
		return err
	}))
}
