#!/usr/bin/env python3
"""Opens kconv's HTML report in a real headless Chromium and checks it.

Debian's chromium + chromium-driver and Python's standard library are all
it needs: the W3C WebDriver protocol is JSON over HTTP, so urllib drives
chromedriver directly (no Selenium, no npm). WebDriver gives what --dump-dom
cannot: real clicks on the table headers, the browser's console log, and a
screenshot of the rendered page.

Checks, on the page `kconv report` writes:
  - it renders: title, every sortable table with rows, SVG charts with bars
    of non-zero size;
  - the console has no error (JavaScript exceptions, failed loads);
  - clicking headers sorts: the subsystem table by name (A-Z, then Z-A on a
    second click) and by total (largest first), the worklist by site;
and, as a control that the harness can fail, that a copy of the page with a
deliberate script error is caught.

usage: html_in_chromium.py --kconv BIN (--tree DIR | --tree-cmd BIN) --findings OLD NEW
                           [--workdir DIR] [--screenshot PNG] [--page HTML]
(--tree-cmd: a program printing the tree's path, e.g. default_tree_path.)
"""
import argparse
import base64
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
# The network is closed here and CI must not depend on it: no background
# fetches, no component updates, a fresh profile.
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                  "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync"]


class Failure(Exception):
    pass


def check(cond, what):
    if not cond:
        raise Failure(what)
    print("ok:", what)


class WebDriver:
    """The few WebDriver commands the checks need."""

    def __init__(self, workdir, window):
        self.port = free_port()
        self.log = open(os.path.join(workdir, "chromedriver.log"), "w")
        self.proc = subprocess.Popen([CHROMEDRIVER, "--port=%d" % self.port],
                                     stdout=self.log, stderr=subprocess.STDOUT)
        self.base = "http://127.0.0.1:%d" % self.port
        self.session = None
        profile = tempfile.mkdtemp(prefix="profile-", dir=workdir)
        caps = {"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {"binary": CHROMIUM,
                                   "args": CHROMIUM_FLAGS + ["--user-data-dir=" + profile,
                                                             "--window-size=" + window]},
            "goog:loggingPrefs": {"browser": "ALL"}}}}
        try:
            self.wait_ready()
            self.session = self.call("POST", "/session", caps)["sessionId"]
        except BaseException:
            self.quit()  # never leave chromedriver running
            raise

    def wait_ready(self):
        for _ in range(100):
            try:
                with urllib.request.urlopen(self.base + "/status", timeout=2) as r:
                    if json.load(r)["value"]["ready"]:
                        return
            except (urllib.error.URLError, ConnectionError, OSError):
                pass
            time.sleep(0.1)
        raise Failure("chromedriver did not start")

    def call(self, method, path, body=None):
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.base + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=60) as r:
                return json.load(r)["value"]
        except urllib.error.HTTPError as e:
            raise Failure("%s %s: %s" % (method, path, e.read().decode()[:500]))

    def s(self, method, path, body=None):
        return self.call(method, "/session/%s%s" % (self.session, path), body)

    def open(self, path):
        self.s("POST", "/url", {"url": "file://" + os.path.abspath(path)})

    def script(self, source, *args):
        return self.s("POST", "/execute/sync", {"script": source, "args": list(args)})

    def click(self, css):
        el = self.s("POST", "/element", {"using": "css selector", "value": css})
        self.s("POST", "/element/%s/click" % list(el.values())[0], {})

    def console(self):
        """Browser log entries since the last call (chromedriver's extension)."""
        return self.s("POST", "/se/log", {"type": "browser"})

    def screenshot(self, path):
        with open(path, "wb") as f:
            f.write(base64.b64decode(self.s("GET", "/screenshot")))

    def quit(self):
        try:
            if self.session:
                self.call("DELETE", "/session/" + self.session)
        finally:
            self.proc.terminate()
            self.proc.wait(timeout=10)
            self.log.close()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


COLUMN = """
const [table, col] = arguments;
return Array.from(document.querySelectorAll('#' + table + ' tbody tr'), r => {
  const c = r.cells[col];
  return c.hasAttribute('data-sort') ? c.getAttribute('data-sort') : c.textContent;
});"""


def column(wd, table, col):
    return wd.script(COLUMN, table, col)


def header_state(wd, table, col):
    return wd.script("return document.querySelector('#' + arguments[0] + ' thead th:nth-child('"
                     " + (arguments[1] + 1) + ')').getAttribute('aria-sort');", table, col)


def errors(entries):
    return [e for e in entries if e.get("level") == "SEVERE"]


def check_page(wd, page, screenshot):
    wd.open(page)
    check(wd.script("return document.readyState;") == "complete", "page loaded")
    title = wd.script("return document.title;")
    check(title.startswith("kconv conversion report: Linux"), "title: " + title)
    tables = wd.script("return Array.from(document.querySelectorAll('table.sortable'),"
                       " t => [t.id, t.tBodies[0].rows.length]);")
    check(len(tables) >= 4, "%d sortable tables" % len(tables))
    for table_id, rows in tables:
        if table_id in ("subsystems", "worklist", "categories", "rules"):
            check(rows > 0, "table #%s has %d rows" % (table_id, rows))
    bars = wd.script("return Array.from(document.querySelectorAll('svg.chart rect'),"
                     " r => r.getBBox().height);")
    check(len(bars) > 0 and all(h > 0 for h in bars), "%d SVG chart bars drawn" % len(bars))
    shown = wd.script("const r = document.querySelector('#subsystems').getBoundingClientRect();"
                      " return [r.width, r.height];")
    check(shown[0] > 100 and shown[1] > 20, "subsystem table laid out (%dx%d px)" % tuple(shown))

    # Sorting by clicks, as a reader does.
    wd.click("#subsystems thead th:nth-child(1)")
    names = column(wd, "subsystems", 0)
    check(names == sorted(names, key=str.lower), "subsystems sorted A-Z: %s" % names[:3])
    check(header_state(wd, "subsystems", 0) == "ascending", "aria-sort=ascending")
    wd.click("#subsystems thead th:nth-child(1)")
    again = column(wd, "subsystems", 0)
    check(again == sorted(names, key=str.lower, reverse=True), "second click sorts Z-A")
    wd.click("#subsystems thead th:nth-child(2)")
    totals = [int(v) for v in column(wd, "subsystems", 1)]
    check(totals == sorted(totals, reverse=True), "totals sorted largest first: %s" % totals[:5])
    check(header_state(wd, "subsystems", 1) == "descending", "aria-sort=descending")
    check(header_state(wd, "subsystems", 0) is None, "other header's aria-sort cleared")
    wd.click("#worklist thead th:nth-child(2)")
    sites = column(wd, "worklist", 1)
    check(sites == sorted(sites, key=str.lower), "worklist sorted by file, then line")
    # Put the summary table back in its first order for the screenshot.
    wd.click("#subsystems thead th:nth-child(2)")
    wd.click("#subsystems thead th:nth-child(2)")

    logged = wd.console()
    check(not errors(logged), "no console errors (%d log entries: %s)"
          % (len(logged), [e.get("message") for e in logged][:3]))
    if screenshot:
        wd.script("window.scrollTo(0, 0);")
        wd.screenshot(screenshot)
        check(os.path.getsize(screenshot) > 10000, "screenshot written: " + screenshot)


def check_control(wd, page, workdir):
    """The harness must see a script error: a broken copy of the page."""
    broken = os.path.join(workdir, "broken.html")
    with open(page) as f:
        html = f.read()
    with open(broken, "w") as f:
        f.write(html.replace("</body>", "<script>kconvNoSuchFunction();</script></body>"))
    wd.console()  # drain
    wd.open(broken)
    found = errors(wd.console())
    check(any("kconvNoSuchFunction" in e.get("message", "") for e in found),
          "control: a broken page's error is caught")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kconv")
    ap.add_argument("--tree")
    ap.add_argument("--tree-cmd")
    ap.add_argument("--findings", nargs="+")
    ap.add_argument("--page", help="check this page instead of writing one")
    ap.add_argument("--workdir")
    ap.add_argument("--screenshot")
    ap.add_argument("--window-size", default="1280,1800")
    a = ap.parse_args()
    for tool in (CHROMIUM, CHROMEDRIVER):
        if not os.access(tool, os.X_OK):
            print("missing %s: apt-get install chromium chromium-driver" % tool)
            return 1
    workdir = a.workdir or tempfile.mkdtemp(prefix="kconv-html-")
    if os.path.isdir(workdir):
        shutil.rmtree(workdir)
    os.makedirs(workdir)
    page = a.page
    if not page:
        if a.tree_cmd:
            a.tree = subprocess.run([a.tree_cmd], check=True, capture_output=True,
                                    text=True).stdout.strip()
        page = os.path.join(workdir, "report.html")
        subprocess.run([a.kconv, "report", "--tree", a.tree, "--findings", *a.findings,
                        "--format", "html", "-o", page], check=True)
    try:
        wd = WebDriver(workdir, a.window_size)
    except Failure as e:
        print("FAILED:", e)
        return 1
    try:
        check_page(wd, page, a.screenshot)
        check_control(wd, page, workdir)
    except Failure as e:
        print("FAILED:", e)
        return 1
    finally:
        wd.quit()
    print("all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
