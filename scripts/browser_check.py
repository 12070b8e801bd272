"""Work the review page in headless Chromium as an analyst would, and check every step (`make browser-check`).

    python scripts/browser_check.py out/review.html --docs samples/ --out out/ [--chromium chromium]

Chromium is driven over the DevTools protocol on a pipe (`--remote-debugging-pipe`: fd 3 in,
fd 4 out, JSON messages ending in NUL), with the standard library only: nothing to install
besides the browser, and no browser downloaded. Clicks, double-clicks and typing are real
input events (`Input.dispatch…`), not calls into the page's script.

Steps, each checked:
1. render at 1280×800: every highlight sits at its offsets in the page's text (the text of a
   document block is the document, hidden markup included); the documents show their structure
   (headings, bold, lists, tables) and no raw Markdown; growth rates are highlighted; a link at
   the top leads to the records table, and the table is in sight. Screenshot: OUT/review.png.
2. click a growth highlight: its record's row is selected and scrolled into sight;
   click a row: its highlight is selected and scrolled into sight.
3. judge: every record right ("✓ shown"), then one record wrong (✗), and one field of another
   record fixed by a double-click and typing. Screenshot: OUT/review-desk.png.
4. export: the download is OUT/exported.jsonl; it holds every record but the wrong one, equal to
   `factx extract -f jsonl` but for the fixed field; `factx eval --gold OUT/exported.jsonl DOCS`
   reads it: every gold record matched, one extra prediction, one pair with a wrong field.

Exit 0 when all hold; 1 with a message naming the step that failed.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import fcntl
import json
import os
import select
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

WIDTH, HEIGHT = 1280, 800
TIMEOUT = 30.0  # seconds for any one answer or event; a healthy run takes a few
FIXED_INDICATOR = "校对更正"  # the fixed field: shares no character with any sample indicator


class CheckFailed(Exception):
    pass


class Chromium:
    """A headless Chromium and one page, spoken to over the DevTools pipe."""

    def __init__(self, binary: str, downloads: Path) -> None:
        self.profile = tempfile.mkdtemp(prefix="factx-chromium-")
        to_child, self._write = os.pipe()
        self._read, from_child = os.pipe()

        def as_fds_3_and_4() -> None:  # in the child: its fd 3 reads our commands, fd 4 writes answers
            a = fcntl.fcntl(to_child, fcntl.F_DUPFD, 10)
            b = fcntl.fcntl(from_child, fcntl.F_DUPFD, 10)
            os.dup2(a, 3)
            os.dup2(b, 4)

        args = [
            binary, "--headless", "--no-sandbox", "--disable-gpu", "--remote-debugging-pipe",
            f"--user-data-dir={self.profile}", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
            f"--window-size={WIDTH},{HEIGHT}", "about:blank",
        ]  # fmt: skip
        self.log = open(Path(downloads) / "chromium.log", "wb")  # noqa: SIM115 - closed in close()
        self.proc = subprocess.Popen(
            args,
            stdin=subprocess.DEVNULL,
            stdout=self.log,
            stderr=self.log,
            preexec_fn=as_fds_3_and_4,
            close_fds=False,  # else fds 3 and 4 would be closed after as_fds_3_and_4 (the rest is close-on-exec)
        )
        os.close(to_child)
        os.close(from_child)
        self._buffer = b""
        self._next = 0
        self.events: list[dict[str, Any]] = []
        self.session = ""
        target = self.call("Target.createTarget", {"url": "about:blank"}, browser=True)["targetId"]
        self.session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True}, browser=True)[
            "sessionId"
        ]
        self.call("Page.enable")
        self.call("Runtime.enable")
        self.call(
            "Emulation.setDeviceMetricsOverride",
            {"width": WIDTH, "height": HEIGHT, "deviceScaleFactor": 1, "mobile": False},
        )
        self.call(
            "Browser.setDownloadBehavior",
            {"behavior": "allowAndName", "downloadPath": str(Path(downloads).resolve()), "eventsEnabled": True},
            browser=True,
        )

    # ---- the protocol

    def _message(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._read], [], [], left)[0]:
                raise CheckFailed("Chromium did not answer in time (see chromium.log)")
            chunk = os.read(self._read, 1 << 20)
            if not chunk:
                raise CheckFailed("Chromium closed the DevTools pipe (see chromium.log)")
            self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(raw)

    def call(self, method: str, params: dict[str, Any] | None = None, browser: bool = False) -> dict[str, Any]:
        self._next += 1
        message: dict[str, Any] = {"id": self._next, "method": method, "params": params or {}}
        if not browser and self.session:
            message["sessionId"] = self.session
        os.write(self._write, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + TIMEOUT
        while True:
            answer = self._message(deadline)
            if answer.get("id") == self._next:
                if "error" in answer:
                    raise CheckFailed(f"{method}: {answer['error'].get('message')}")
                return answer.get("result", {})
            self.events.append(answer)

    def wait_for(self, method: str, test: Any = None) -> dict[str, Any]:
        deadline = time.monotonic() + TIMEOUT
        while True:
            for i, event in enumerate(self.events):
                if event.get("method") == method and (test is None or test(event["params"])):
                    return self.events.pop(i)["params"]
            self.events.append(self._message(deadline))

    def close(self) -> None:
        with contextlib.suppress(CheckFailed, OSError):
            self.call("Browser.close", browser=True)
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        for fd in (self._read, self._write):
            os.close(fd)
        self.log.close()
        shutil.rmtree(self.profile, ignore_errors=True)

    # ---- the page

    def open(self, url: str) -> None:
        self.call("Page.navigate", {"url": url})
        self.wait_for("Page.loadEventFired")

    def js(self, expression: str) -> Any:
        got = self.call("Runtime.evaluate", {"expression": expression, "returnByValue": True, "awaitPromise": True})
        if "exceptionDetails" in got:
            raise CheckFailed(f"script error: {got['exceptionDetails'].get('exception', {}).get('description')}")
        return got["result"].get("value")

    def centre(self, selector: str) -> tuple[float, float]:
        """Scroll the element into sight and give the middle of its first box, in page pixels."""
        box = self.js(
            f"(function () {{ var el = document.querySelector({json.dumps(selector)}); if (!el) return null;"
            " el.scrollIntoView({block: 'center'}); var r = el.getClientRects()[0];"
            " return [r.left + r.width / 2, r.top + r.height / 2]; }())"
        )
        if box is None:
            raise CheckFailed(f"nothing matches {selector}")
        return box[0], box[1]

    def click(self, selector: str, count: int = 1) -> None:
        x, y = self.centre(selector)
        self.call("Input.dispatchMouseEvent", {"type": "mouseMoved", "x": x, "y": y})
        for n in range(1, count + 1):
            for kind in ("mousePressed", "mouseReleased"):
                self.call("Input.dispatchMouseEvent", {"type": kind, "x": x, "y": y, "button": "left", "clickCount": n})

    def type(self, text: str) -> None:
        self.call("Input.insertText", {"text": text})

    def press_enter(self) -> None:
        for kind in ("keyDown", "keyUp"):
            self.call(
                "Input.dispatchKeyEvent",
                {"type": kind, "key": "Enter", "code": "Enter", "windowsVirtualKeyCode": 13, "text": "\r"},
            )

    def screenshot(self, path: Path) -> None:
        data = self.call("Page.captureScreenshot", {"format": "png"})["data"]
        path.write_bytes(base64.b64decode(data))


# ---- the checks


def expect(ok: Any, what: str) -> None:
    if not ok:
        raise CheckFailed(what)


RENDER = r"""(function () {
  var out = {marks: 0, growth: 0, misplaced: [], structure: {}, raw: []};
  document.querySelectorAll(".doc-text").forEach(function (box) {
    var text = box.textContent, at = 0, where = new Map();
    var walk = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
    while (walk.nextNode()) {
      var mark = walk.currentNode.parentNode.closest("mark, span.dropped");
      if (mark && !where.has(mark)) where.set(mark, at);
      at += walk.currentNode.data.length;
    }
    box.querySelectorAll("mark, span.dropped").forEach(function (m) {
      var s = +m.dataset.start, e = +m.dataset.end;
      if (where.get(m) !== s || text.slice(s, e) !== m.textContent) out.misplaced.push(m.outerHTML.slice(0, 120));
      if (m.tagName === "MARK") out.marks += 1;
      if (m.classList.contains("growth")) out.growth += 1;
    });
    box.innerText.split("\n").forEach(function (line) {
      if (/^\s*(#{1,6}\s|\|)/.test(line) || line.indexOf("**") !== -1) out.raw.push(line.slice(0, 80));
    });
  });
  ["h3", "h4", "strong", "li", "table th", "table td mark"].forEach(function (sel) {
    out.structure[sel] = document.querySelectorAll(".doc-text " + sel).length;
  });
  var link = document.querySelector("header a[href='#records-section']");
  out.link = !!link && !!document.getElementById("records-section");
  var first = document.querySelector("#records tbody tr");
  out.tableTop = first ? first.getBoundingClientRect().top : null;
  out.rows = document.querySelectorAll("#records tbody tr").length;
  return out;
}())"""

IN_SIGHT = r"""(function (el, pane) {
  var r = el.getBoundingClientRect(), p = pane.getBoundingClientRect();
  return r.top >= p.top - 1 && r.bottom <= p.bottom + 1 && r.bottom <= innerHeight && r.height > 0;
})"""


def check_render(page: Chromium, out: Path) -> int:
    got = page.js(RENDER)
    expect(got["marks"] > 0, "no highlight on the page")
    expect(not got["misplaced"], f"highlights off their offsets: {got['misplaced'][:3]}")
    expect(got["growth"] > 0, "no growth rate highlighted")
    missing = [k for k, n in got["structure"].items() if n == 0]
    expect(not missing, f"document structure not shown: no {missing}")
    expect(not got["raw"], f"raw Markdown shown: {got['raw'][:3]}")
    expect(got["link"], "no link from the top of the page to the records table")
    expect(got["tableTop"] is not None and got["tableTop"] < HEIGHT, f"records table out of sight at {WIDTH}×{HEIGHT}")
    page.screenshot(out / "review.png")
    print(
        f"render: {got['marks']} highlights ({got['growth']} growth rates) at their offsets; structure"
        f" {got['structure']}; no raw Markdown; first record row at y={got['tableTop']:.0f} of {HEIGHT}"
    )
    return int(got["rows"])


def check_linking(page: Chromium) -> str:
    """Highlight → row, row → highlight. Returns the id of the record whose row was clicked."""
    ids = page.js("document.querySelector('mark.growth').dataset.records.split(' ')")
    page.click("mark.growth")
    state = page.js(
        f"(function () {{ var ok = {IN_SIGHT}; var pane = document.querySelector('#records-section .table-wrap');"
        f" return {json.dumps(ids)}.map(function (id) {{ var row = document.getElementById('row' + id);"
        " return [row.classList.contains('current'), ok(row, pane)]; }); }())"
    )
    expect(all(cur for cur, _ in state), f"clicking the growth highlight of record(s) {ids} did not select its row")
    expect(state[0][1], f"the row of record {ids[0]} is not in sight after clicking its highlight")
    # a row far from the top of the table, so that the documents pane must scroll to its highlight
    row = page.js(
        "(function () { var rows = Array.from(document.querySelectorAll('#records tbody tr'))"
        ".filter(function (r) { return r.dataset.marks.split(' ').length === 2; });"
        " return rows[Math.floor(rows.length * 2 / 3)].dataset.id; }())"
    )
    page.click(f"#row{row} td.indicator")
    state = page.js(
        f"(function () {{ var ok = {IN_SIGHT}; var pane = document.getElementById('documents');"
        f" var marks = document.getElementById('row{row}').dataset.marks.split(' ').map(function (a) {{"
        " return document.getElementById(a); });"
        " return [marks.every(function (m) { return m.classList.contains('current'); }), ok(marks[0], pane)]; }())"
    )
    expect(state[0], f"clicking the row of record {row} did not select its highlights (amount and growth)")
    expect(state[1], f"the highlight of record {row} is not in sight after clicking its row")
    print(f"link: growth highlight → row {ids}; row {row} → its amount and growth highlights, both in sight")
    return str(row)


def check_review(page: Chromium, wrong: str, rows: int) -> str:
    """Every record right, `wrong` wrong, one field of another record fixed. Returns the fixed record's id."""
    page.click("#mark-shown-right")
    expect(page.js("document.querySelectorAll('#records tr.right').length") == rows, "✓ shown did not judge every row")
    page.click(f"#row{wrong} button.bad")
    state = page.js(
        f"[document.getElementById('row{wrong}').className,"
        f" document.querySelector('#row{wrong} button.bad').getAttribute('aria-pressed')]"
    )
    expect("wrong" in state[0] and state[1] == "true", f"record {wrong} not marked wrong: {state}")
    fixed = str(int(wrong) % rows + 1)
    page.click(f"#row{fixed} [data-field=indicator]", count=2)
    expect(page.js("document.activeElement.tagName") == "INPUT", "a double-click did not open the field for editing")
    page.type(FIXED_INDICATOR)
    page.press_enter()
    state = page.js(
        f"(function () {{ var s = document.querySelector('#row{fixed} [data-field=indicator]');"
        f" return [s.textContent, s.classList.contains('edited'), document.getElementById('row{fixed}').className,"
        " document.getElementById('review-count').textContent]; }())"
    )
    expect(state[0] == FIXED_INDICATOR and state[1] and "fixed" in state[2], f"the fix did not take: {state}")
    print(f"review: {state[3]} (record {wrong} marked wrong, record {fixed}'s indicator fixed)")
    return fixed


def check_export(page: Chromium, out: Path) -> Path:
    page.click("#export")
    begin = page.wait_for("Browser.downloadWillBegin")
    page.wait_for("Browser.downloadProgress", lambda p: p["guid"] == begin["guid"] and p["state"] == "completed")
    target = out / "exported.jsonl"
    os.replace(out / begin["guid"], target)
    page.screenshot(out / "review-desk.png")
    print(f"export: downloaded {begin['suggestedFilename']} → {target}")
    return target


def check_gold(exported: Path, docs: str, factx: str, wrong: str, fixed: str, out: Path) -> None:
    extracted = out / "extracted.jsonl"
    run = subprocess.run([factx, "extract", docs, "-f", "jsonl", "-o", str(extracted), "-q"], capture_output=True)
    expect(run.returncode == 0, f"factx extract failed: {run.stderr.decode()}")
    records = [json.loads(line) for line in extracted.read_text(encoding="utf-8").splitlines()]
    gold = [json.loads(line) for line in exported.read_text(encoding="utf-8").splitlines()]
    want = [dict(r) for n, r in enumerate(records, start=1) if str(n) != wrong]
    want[[n for n in range(1, len(records) + 1) if str(n) != wrong].index(int(fixed))]["indicator"] = FIXED_INDICATOR
    expect(gold == want, "the export is not the extracted records less the wrong one, with the fix")
    run = subprocess.run([factx, "eval", "--gold", str(exported), docs, "-f", "json"], capture_output=True)
    expect(run.returncode == 0, f"factx eval --gold {exported} failed: {run.stderr.decode()}")
    score = json.loads(run.stdout)
    n = len(records)
    expect(
        (score["gold"], score["pred"], score["matched"], score["exact_records"]) == (n - 1, n, n - 1, n - 2),
        f"factx eval read the export as {score['gold']} gold, {score['pred']} predicted, {score['matched']} matched,"
        f" {score['exact_records']} exact; wanted {n - 1}, {n}, {n - 1}, {n - 2}",
    )
    print(
        f"gold: {len(gold)} records = {n} extracted less record {wrong}, record {fixed} fixed;"
        f" factx eval --gold: claim F1 {score['claim']['f1']}, record F1 {score['record']['f1']}"
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("page", type=Path, help="the review page (factx extract DOCS -f html -o PAGE)")
    ap.add_argument("--docs", required=True, help="what the page was made from, as given to factx extract")
    ap.add_argument("--out", type=Path, default=Path("out"), help="where screenshots and the export go")
    ap.add_argument("--chromium", default="chromium")
    ap.add_argument("--factx", default=str(Path(sys.executable).with_name("factx")))
    args = ap.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    try:
        page = Chromium(args.chromium, args.out)
    except (CheckFailed, OSError) as e:
        print(f"browser-check: cannot start {args.chromium}: {e}", file=sys.stderr)
        return 1
    try:
        page.open(args.page.resolve().as_uri())
        rows = check_render(page, args.out)
        wrong = check_linking(page)
        fixed = check_review(page, wrong, rows)
        exported = check_export(page, args.out)
    except CheckFailed as e:
        print(f"browser-check: {e}", file=sys.stderr)
        return 1
    finally:
        page.close()
    try:
        check_gold(exported, args.docs, args.factx, wrong, fixed, args.out)
    except CheckFailed as e:
        print(f"browser-check: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
