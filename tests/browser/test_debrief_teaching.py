"""The debrief that teaches, in Chromium: history's scorecard computed by the rules, prompts
from the table's outcome and key moments, injects on the tension chart, round labels that never
overlap, and per-person contributions for the facilitator only. Nothing secret before the end
for anyone without the facilitator token."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from game_rules import load_scenario
from game_rules.history import scorecard
from tests.server.harness import Client

from .axe import assert_accessible
from .conftest import ARTIFACTS

pytestmark = pytest.mark.browser

PLATES = load_scenario("plates-2021")
INJECT = next(e.id for e in PLATES.events if e.round is None and e.requires is None)  # injectable any time


def _play(server, to_the_end: bool = True) -> dict:
    """A plates game: Ana holds Serbia, bots the rest; the facilitator injects an event in round 2;
    Ana makes a statement and a plenary message each talks. Returns the game and Ana's counts."""
    game = server.create(scenario="plates-2021", bots={s: None for s in PLATES.seat_ids if s != "serbia"})
    fac, ana = Client(server, "facilitator"), Client(server, "Ana")
    try:
        fac.ok("facilitate", {"token": game["facilitator_token"]})
        ana.ok("join", {"code": game["code"], "nickname": "Ana", "role": "player"})
        fac.ok("start", {})
        said = {"statements": 0, "messages": 0, "orders submitted": 0}
        while to_the_end or fac.view["round"] < 2:
            view = fac.wait_for(lambda u: u["view"]["phase"] in ("orders", "talks", "over"), "play")["view"]
            if view["phase"] == "over":
                break
            where = (view["round"], view["phase"])
            if view["phase"] == "orders":
                if view["round"] == 2 and not any(e["type"] == "event_injected" for e in view["log"]):
                    fac.ok("inject", {"event": INJECT})
                ana.ok("submit_orders", {"cards": []})
                said["orders submitted"] += 1
            else:
                ana.ok("statement", {"text": f"Belgrade wants calm in round {view['round']}."})
                ana.ok("chat", {"channel": "plenary", "text": "We are listening."})
                said["statements"] += 1
                said["messages"] += 1
                ana.ok("ready", {})
            fac.wait_for(lambda u, where=where: (u["view"]["round"], u["view"]["phase"]) != where, "the next phase")
        return {**game, "said": said, "over": fac.view["phase"] == "over"}
    finally:
        fac.close()
        ana.close()


def _as_facilitator(person, game):
    page = person.goto("/")
    page.evaluate("e => localStorage.setItem('crisis-table:facilitated', JSON.stringify([e]))",
                  {"game": game["game"], "token": game["facilitator_token"], "code": game["code"], "scenario": "plates-2021"})
    return person.goto(f"/debrief?game={game['game']}")


def _overlaps(page, selector: str) -> list:
    return page.evaluate("""sel => {
        const boxes = [...document.querySelectorAll(sel)].map((t) => { const b = t.getBBox(); return [b.x, b.y, b.x + b.width, b.y + b.height, t.textContent]; });
        const hits = [];
        boxes.forEach((a, i) => boxes.slice(i + 1).forEach((b) => {
          if (a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3]) hits.push([a[4], b[4]]);
        }));
        return hits;
    }""", selector)


def test_the_facilitators_debrief_teaches_from_history_and_from_the_table(server, people):
    game = _play(server)
    assert game["over"]
    history = scorecard(PLATES, game["seed"])
    fac = people("facilitator", viewport=(1366, 768))
    page = _as_facilitator(fac, game)
    rows = page.locator("#scorecard tbody tr")
    expect(rows).to_have_count(len(PLATES.seats))
    for seat in PLATES.seats:
        row = page.locator(f'#scorecard tr[data-seat="{seat.id}"]')
        assert float(row.locator(".history-score").inner_text()) == history["scores"][seat.id]
        for objective in history["objectives"][seat.id]:
            expect(row.locator("li.met" if objective["met"] else "li.unmet").filter(has_text=objective["text"])).to_have_count(1)

    outcome = page.locator("#prompts li").first
    kinds = page.locator("#prompts li").evaluate_all("els => els.map((e) => e.dataset.kind)")
    assert kinds[0] in ("agreement", "armed_clash", "de_escalated", "deadlock") and "inject" in kinds and kinds[-1] == "any"
    expect(outcome).to_be_visible()
    title = PLATES.events_by_id[INJECT].title
    expect(page.locator('#prompts li[data-kind="inject"]')).to_contain_text(f"Round 2: Inject: {title}")

    expect(page.locator("#chart .inject-mark")).to_have_count(1)
    expect(page.locator("#chart .history-line")).to_have_count(1)  # history's path as a reference
    labels = page.locator("#chart .round-label")
    assert labels.count() >= 2
    assert _overlaps(page, "#chart .round-label") == []
    expect(page.locator("#real-timeline")).to_contain_text("30 September 2021")
    expect(page.locator("#real-timeline")).to_contain_text("Banjska")

    ana = page.locator("#contributions tbody tr").filter(has_text="Ana")
    expect(ana).to_have_count(1)
    cells = ana.locator("td.num").all_inner_texts()
    assert [int(c) for c in cells] == [game["said"]["messages"], game["said"]["statements"], 0, 0, 0,
                                        game["said"]["orders submitted"]]
    assert_accessible(page, "the facilitator's debrief")
    fac.shot("debrief-teaching-facilitator")


def test_crowded_rounds_get_labels_that_do_not_overlap(server, people):
    person = people("anyone", viewport=(1280, 720))
    page = person.goto("/guide/lighthouse")  # any page of the client, to import its module
    hits = page.evaluate("""async () => {
        const { roundLabels, ROW } = await import('/client/js/teach.js');
        const xs = [150, 158, 166, 174, 260, 268, 500, 700, 735];
        const labels = roundLabels(xs.map((x, i) => ({ x, round: i + 1 })), 740);
        const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
        svg.setAttribute('viewBox', '0 0 760 300'); svg.setAttribute('width', '760'); svg.setAttribute('height', '300');
        document.body.append(svg);
        const boxes = labels.map((l) => {
          const t = document.createElementNS('http://www.w3.org/2000/svg', 'text');
          t.setAttribute('x', l.x); t.setAttribute('y', 250 + l.row * ROW); t.setAttribute('font-size', 12); t.setAttribute('text-anchor', l.anchor);
          t.textContent = l.text; svg.append(t);
          const b = t.getBBox(); return [b.x, b.y, b.x + b.width, b.y + b.height, l.text];
        });
        const hits = [];
        boxes.forEach((a, i) => boxes.slice(i + 1).forEach((b) => { if (a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3]) hits.push([a[4], b[4]]); }));
        return { hits, shown: labels.map((l) => l.text), inside: boxes.every((b) => b[0] >= 0 && b[2] <= 760) };
    }""")
    assert hits["hits"] == [] and hits["inside"]
    assert "Round 7" in hits["shown"] and "R1" in hits["shown"]  # room: in full; crowded: short


def test_before_the_end_the_debrief_shows_no_secret_without_the_facilitator_token(server, people):
    game = _play(server, to_the_end=False)
    assert not game["over"]
    spectator = people("projector", viewport=(1280, 720))
    page = spectator.goto(f"/debrief?code={game['code']}")
    expect(page.locator("#scorecard")).to_contain_text("opens when the game is over")
    expect(page.locator("#contributions-section")).to_be_hidden()
    expect(page.locator("#prompts")).to_contain_text("chosen when the game is over")
    body = page.content()
    for seat in PLATES.seats:
        assert seat.briefing[:60] not in body
        assert [o.text for o in seat.objectives if o.text in body] == []
    spectator.shot("debrief-teaching-before-the-end")


def test_the_after_action_report_prints_outcome_agreements_scores_people_and_prompts(server, people):
    import io

    from pypdf import PdfReader

    game = _play(server)
    fac = people("facilitator", viewport=(1366, 768))
    page = fac.goto(f"/report?game={game['game']}#token={game['facilitator_token']}")
    expect(page.locator("#report")).to_have_attribute("aria-busy", "false")
    expect(page.locator(".report-outcome")).to_contain_text("Outcome:")
    expect(page.locator("#r-people tbody tr").filter(has_text="Ana")).to_have_count(1)
    expect(page.locator("#r-prompts li").first).to_be_visible()
    expect(page.locator("#r-timeline .report-round")).to_have_count(PLATES.rounds)
    assert_accessible(page, "after-action report")
    pdf = page.pdf(format="A4", print_background=True)
    (ARTIFACTS / "after-action-report.pdf").write_bytes(pdf)
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "After-action report" in text and "Ana" in text and "Print" not in text.split("After-action report")[0]
    stranger = people("stranger", viewport=(1366, 768))
    page = stranger.goto(f"/report?game={game['game']}")
    expect(page.locator("#problem")).to_contain_text("facilitator token")


MARKUP = """<img src=x onerror=alert(1)><b>Bo</b>"""  # within a nickname's 40 characters


def test_names_and_statements_with_markup_are_text_in_the_debrief_and_the_report(server, people):
    game = server.create(scenario="plates-2021", bots={s: None for s in PLATES.seat_ids if s != "serbia"})
    fac, player = Client(server, "facilitator"), Client(server, "markup")
    try:
        fac.ok("facilitate", {"token": game["facilitator_token"]})
        player.ok("join", {"code": game["code"], "nickname": MARKUP, "role": "player"})
        fac.ok("start", {})
        player.ok("submit_orders", {"cards": []})
        fac.wait_for(lambda u: u["view"]["phase"] == "talks", "talks")
        player.ok("statement", {"text": MARKUP})
        fac.ok("end_game", {})
    finally:
        fac.close()
        player.close()
    person = people("facilitator", viewport=(1366, 768))
    page = _as_facilitator(person, game)
    expect(page.locator("#contributions tbody th")).to_have_text(f"{MARKUP} (head)")
    report = person.goto(f"/report?game={game['game']}")
    expect(report.locator("#r-people tbody th")).to_have_text(f"{MARKUP} (head)")
    expect(report.locator("#r-timeline")).to_contain_text(MARKUP)
    assert report.locator("#report img, #report b").count() == 0
    assert not person.dialogs
