"""Seed 000's report page in headless Chromium: boxes, highlights, selection, filters, a screenshot.

Needs the distribution's `chromium` and `chromium-driver` (`.ci/run` installs
them). Without them the tests skip locally and fail in CI. The screenshot goes
to `test-artifacts/` (gitignored), kept by CI as an artifact of the run.
"""

from __future__ import annotations

import os
import shutil
import textwrap
from pathlib import Path

import pytest
from fixture_files import ROOT

from eligo.grammar import from_json
from eligo.grammar.printer import criterion_text

SEED = ROOT / "corpus" / "protocols" / "000_0f814b264ca6570a.txt"
COMPILED = ROOT / "compiled" / "000_0f814b264ca6570a.json"
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM, DRIVER = shutil.which("chromium"), shutil.which("chromedriver")
FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking "
    "--disable-component-update --disable-sync --disable-dev-shm-usage --window-size=1400,1000"
).split()

if not (CHROMIUM and DRIVER):
    reason = "headless Chromium tests need the Debian packages chromium and chromium-driver (.ci/run installs them)"
    if os.environ.get("CI"):
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason, allow_module_level=True)

from selenium import webdriver  # noqa: E402 - only once Chromium is known to be there
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402

# Every highlight (its pieces joined in document order) and every criterion box, as the browser sees them.
READ_SPANS = """
const marks = {};
for (const el of document.querySelectorAll('.source [data-hl]')) {
  const n = el.dataset.hl;
  marks[n] = marks[n] || {kind: el.dataset.kind, text: ''};
  marks[n].text += el.textContent;
  if (el.dataset.start) { marks[n].start = +el.dataset.start; marks[n].end = +el.dataset.end; }
}
const boxes = [...document.querySelectorAll('.source .crit[data-id]')].map(
  b => ({id: b.dataset.id, start: +b.dataset.start, end: +b.dataset.end, text: b.textContent}));
return {marks: Object.values(marks), boxes: boxes};
"""


@pytest.fixture(scope="module")
def page(cli, tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("report") / "000.html"
    result = cli("report", SEED, "-o", target)
    assert result.exit_code == 0, result.output
    return target


@pytest.fixture(scope="module")
def browser(page, tmp_path_factory):
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS + [f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"]:
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(executable_path=DRIVER), options=options)
    driver.set_page_load_timeout(20)
    try:
        driver.get(page.as_uri())
        yield driver
    finally:
        driver.quit()


def test_one_box_per_criterion_and_every_highlight_is_the_text_at_its_span(browser):
    text = SEED.read_bytes().decode("utf-8")
    protocol = from_json(COMPILED.read_text(encoding="utf-8"))
    found = browser.execute_script(READ_SPANS)
    assert [box["id"] for box in found["boxes"]] == [c.id for c in protocol.criteria]
    for box, criterion in zip(found["boxes"], protocol.criteria):
        assert (box["start"], box["end"]) == (criterion.span.start, criterion.span.end)
        assert box["text"] == text[box["start"] : box["end"]]
    assert {"mention", "value", "window", "qualifier", "unresolved"} <= {mark["kind"] for mark in found["marks"]}
    for mark in found["marks"]:
        assert mark["text"] == text[mark["start"] : mark["end"]], mark


def _shown_rule(browser) -> list[str]:
    return [section.get_attribute("data-id") for section in browser.find_elements(By.CSS_SELECTOR, "section.rule") if section.is_displayed()]


def test_clicking_or_entering_a_criterion_shows_its_rule(browser):
    protocol = from_json(COMPILED.read_text(encoding="utf-8"))
    chosen = [protocol.criteria[1], protocol.criteria[-1]]
    browser.find_element(By.ID, f"c-{chosen[0].id}").click()
    assert _shown_rule(browser) == [chosen[0].id]
    rule = browser.find_element(By.ID, f"rule-{chosen[0].id}")
    assert rule.find_element(By.CSS_SELECTOR, "pre.dsl").text == textwrap.dedent(criterion_text(chosen[0]))
    assert browser.find_element(By.ID, f"c-{chosen[0].id}").get_attribute("aria-pressed") == "true"
    box = browser.find_element(By.ID, f"c-{chosen[1].id}")
    browser.execute_script("arguments[0].focus()", box)
    box.send_keys(Keys.ENTER)
    assert _shown_rule(browser) == [chosen[1].id]


def test_filters_hide_diagnostics_and_dim_criteria_and_a_screenshot_is_kept(browser):
    warnings = browser.find_elements(By.CSS_SELECTOR, ".source .diag.warning")
    assert warnings and all(w.is_displayed() for w in warnings)
    toggle = browser.find_element(By.CSS_SELECTOR, '[data-filter="sev-warning"]')
    toggle.click()
    assert not any(w.is_displayed() for w in warnings)
    toggle.click()
    full = browser.find_element(By.CSS_SELECTOR, ".crit.full[data-id]")
    browser.find_element(By.CSS_SELECTOR, '[data-filter="status-full"]').click()
    assert float(full.value_of_css_property("opacity")) < 1
    browser.find_element(By.CSS_SELECTOR, '[data-filter="status-full"]').click()
    assert float(full.value_of_css_property("opacity")) == 1
    browser.find_element(By.ID, "c-I1").click()
    browser.execute_script("window.scrollTo(0, 0)")
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "report-000.png"
    assert browser.save_screenshot(str(shot)) and shot.stat().st_size > 10_000


# Each visible element with text of its own: its colour against the first opaque background behind it.
CONTRAST = """
function rgb(c) { const m = c.match(/[\\d.]+/g).map(Number); return m.length > 3 && m[3] === 0 ? null : m.slice(0, 3); }
function lum(c) { const [r, g, b] = c.map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b; }
const low = [];
for (const el of document.querySelectorAll('body *')) {
  if (![...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()) || !el.getClientRects().length) continue;
  let bg = null;
  for (let a = el; a && !bg; a = a.parentElement) bg = rgb(getComputedStyle(a).backgroundColor);
  const fg = lum(rgb(getComputedStyle(el).color)), back = lum(bg || [255, 255, 255]);
  const ratio = (Math.max(fg, back) + 0.05) / (Math.min(fg, back) + 0.05);
  if (ratio < 4.5) low.push(el.tagName + '.' + el.className + ': ' + ratio.toFixed(2));
}
return low;
"""


def test_landmarks_focus_order_and_contrast(browser):
    for landmark in ("header", "main", "aside", "footer"):
        assert len(browser.find_elements(By.TAG_NAME, landmark)) == 1, landmark
    assert not browser.execute_script("return [...document.querySelectorAll('[tabindex]')].filter(e => e.tabIndex > 0).length")
    last_filter = browser.find_elements(By.CSS_SELECTOR, "[data-filter]")[-1]
    browser.execute_script("arguments[0].focus()", last_filter)
    browser.switch_to.active_element.send_keys(Keys.TAB)
    first = browser.find_elements(By.CSS_SELECTOR, ".crit[data-id]")[0]
    assert browser.switch_to.active_element == first
    browser.switch_to.active_element.send_keys(Keys.TAB)
    assert browser.switch_to.active_element.get_attribute("id") == browser.find_elements(By.CSS_SELECTOR, ".crit[data-id]")[1].get_attribute("id")
    assert browser.execute_script(CONTRAST) == []
