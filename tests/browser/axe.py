"""axe-core, from web_client's npm packages, run in the page: accessibility as a test.

The script is evaluated through the browser's debugging protocol rather than added as a tag, so the
pages' Content-Security-Policy (script-src 'self') stays as strict in the tests as in a classroom.
"""
from __future__ import annotations

from functools import cache
from pathlib import Path

from playwright.sync_api import Page

AXE = Path(__file__).resolve().parents[2] / "web_client" / "node_modules" / "axe-core" / "axe.min.js"
SERIOUS = ("serious", "critical")


@cache
def _source() -> str:
    if not AXE.is_file():
        raise AssertionError(f"{AXE} is missing: run `npm ci --prefix web_client` first")
    return AXE.read_text()


def violations(page: Page, impacts: tuple[str, ...] = SERIOUS) -> list[str]:
    """Each violation of WCAG 2.x A/AA rules with one of `impacts`, as 'rule (impact): targets'."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(_source())
    result = page.evaluate(
        """async () => {
            const r = await axe.run(document, {runOnly: {type: 'tag',
                values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}});
            return r.violations.map(v => ({id: v.id, impact: v.impact,
                targets: v.nodes.map(n => n.target.join(' ') + ' — ' + (n.failureSummary || '').split('\\n')[1])}));
        }"""
    )
    return [f"{v['id']} ({v['impact']}): {'; '.join(v['targets'][:5])}" for v in result if v["impact"] in impacts]


def assert_accessible(page: Page, state: str) -> None:
    """No serious or critical axe violation on the page as it is now (`state` names it in the failure)."""
    found = violations(page)
    assert not found, f"axe on {state}: " + "\n".join(found)
