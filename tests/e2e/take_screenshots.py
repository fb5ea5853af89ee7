"""Regenerate docs/screenshots/: run `planwatch demo` in a temporary data directory, log in as
each role in Debian's chromium (Playwright), open the main pages at desktop (1366×900) and phone
(390×844) width, and save them. Also fails loudly on browser console errors (a CSP violation,
a script error) and on a page answering anything but 200.

The demo generates its reporting calendar (from the period being reported now), so the only step
first is a person's: the reporter submits one figure from its 报送 page. That page is then shot as
the reporter sees it, the 审核 and 报送日历 pages as the office does.

    .venv/bin/python tests/e2e/take_screenshots.py                # docs/screenshots/*.png (office)
    .venv/bin/python tests/e2e/take_screenshots.py --all --full --out /tmp/shots   # every role, full pages

Not collected by pytest (no test_ prefix); needs `apt-get install chromium chromium-l10n` (the
second for Chinese date fields) and `pip install playwright` (never `playwright install`: the
system browser is used).
"""

from __future__ import annotations

import argparse
import os
import re
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PLANWATCH = str(Path(sys.executable).with_name("planwatch"))
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--lang=zh-CN"]  # fmt: skip
SIZES = {"desktop": (1366, 900), "phone": (390, 844)}
OFFICE_SHOTS = ("dashboard", "plan", "indicators", "indicator", "unit", "audit", "review", "calendar", "responsibilities", "reports")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_demo(data_dir: Path, port: int) -> tuple[subprocess.Popen, dict[str, str]]:
    env = {**os.environ, "PLANWATCH_DATA_DIR": str(data_dir)}
    env.pop("PLANWATCH_DATABASE_URL", None)
    done = subprocess.run([PLANWATCH, "demo", "--no-serve"], env=env, check=True, capture_output=True, text=True)
    # serve as `planwatch demo` does: an ended plan as of its demo data's date (the command says so)
    replay = re.search(r"PLANWATCH_EVALUATION_DATE=(\S+)", done.stdout + done.stderr)
    if replay:
        env["PLANWATCH_EVALUATION_DATE"] = replay.group(1)
    passwords = {}
    for line in (data_dir / "demo-accounts.txt").read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            role, username, password = line.split("\t")[:3]
            passwords[role] = password
    server = subprocess.Popen(
        [PLANWATCH, "serve", "--port", str(port)], env=env, stdout=subprocess.PIPE, text=True
    )
    server.stdout.readline()  # "planwatch 已启动：…" once it is about to listen
    return server, passwords


def login(page, base: str, username: str, password: str) -> None:
    page.goto(base + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_url(base + "/")


def prepare_reporting(browser, base: str, passwords: dict[str, str]) -> None:
    """The reporter submits its first open figure that has a previous value (the same value,
    so no jump to explain) from its 报送 page, as it would on the demo's first day."""
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN")
    page = context.new_page()
    login(page, base, "reporter", passwords["reporter"])
    page.goto(base + "/reporting/")
    items = page.locator("article.r-item", has=page.locator("[name$='-value']"))
    item = next((i for i in items.all() if i.locator(".r-prev .num").inner_text().strip() not in ("0", "—")),
                items.first)  # fmt: skip
    previous = item.locator(".r-prev .num").inner_text().strip()
    item.locator("[name$='-value']").fill(previous if previous not in ("0", "—") else "1")
    item.locator("[name$='-source']").fill("区统计局季度快报")
    item.get_by_role("button", name="报送", exact=True).click()
    page.get_by_text("已报送，等待领导小组办公室审核").first.wait_for()
    context.close()


def pages_for(page, base: str, role: str) -> dict[str, str]:
    """The URLs to shoot, found through the JSON API like any client would."""
    plans = page.request.get(base + "/api/v1/plans").json()
    plan_id = (plans["items"] if isinstance(plans, dict) else plans)[0]["id"]
    rows = page.request.get(f"{base}/api/v1/plans/{plan_id}/evaluation").json()
    chosen = next((r for r in rows if r["status"] == "off_track" and r["basis"] == "cumulative"), rows[0])
    units = page.request.get(f"{base}/api/v1/units?plan={plan_id}").json()["items"]
    unit_id = max(units, key=lambda u: u["article_count"])["id"]
    urls = {"dashboard": "/", "plan": f"/plans/{plan_id}/", "indicators": "/indicators/",
            "indicator": f"/indicators/{chosen['indicator_id']}/", "unit": f"/units/{unit_id}/",
            "reporting": f"/reporting/units/{unit_id}/"}  # fmt: skip
    if role in ("office", "auditor"):
        urls["audit"] = "/audit/"
    if role == "office":
        urls["review"] = "/reporting/review/"
        urls["calendar"] = f"/reporting/calendar/{plan_id}/"
        urls["responsibilities"] = f"/responsibilities/{plan_id}/?chapter=5"
        urls["reports"] = "/reports/"
    return urls


def wait_for_charts(page) -> None:
    page.wait_for_load_state("networkidle")
    for chart in page.query_selector_all("[data-chart]"):
        chart.wait_for_selector("canvas, .chart__empty", timeout=10_000)
    page.wait_for_timeout(600)  # ECharts' entry animation


def shoot(browser, base: str, role: str, password: str, out: Path, full: bool, suffix: str,
          only: set[str] | None = None) -> list[str]:  # fmt: skip
    problems = []
    for size_name, (width, height) in SIZES.items():
        context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN")
        page = context.new_page()
        where = f"{role} {size_name}"
        page.on("console", lambda m, where=where: m.type == "error" and problems.append(f"{where}: {m.text}"))
        page.on("pageerror", lambda e, where=where: problems.append(f"{where}: {e}"))
        if role == "office" and not suffix and (only is None or "dashboard" in only):
            page.goto(base + "/accounts/login/")
            page.screenshot(path=str(out / f"login-{size_name}.png"))
        login(page, base, role, password)
        for name, url in pages_for(page, base, role).items():
            if only is not None and name not in only:
                continue
            response = page.goto(base + url)
            if response.status != 200:
                problems.append(f"{role} {url}: HTTP {response.status}")
            wait_for_charts(page)
            page.screenshot(path=str(out / f"{name}{suffix}-{size_name}.png"), full_page=full)
        context.close()
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(REPO / "docs" / "screenshots"))
    parser.add_argument("--all", action="store_true", help="every role (files named page-role-size.png)")
    parser.add_argument("--full", action="store_true", help="whole pages instead of the first screen")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="planwatch-shots-") as tmp:
        server, passwords = start_demo(Path(tmp), port)
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(
                    executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS,
                    env={**os.environ, "LANG": "zh_CN.UTF-8", "LANGUAGE": "zh_CN:zh"},
                )  # fmt: skip
                base = f"http://127.0.0.1:{port}"
                prepare_reporting(browser, base, passwords)
                problems = []
                if args.all:
                    for role in ("office", "reporter", "leader", "auditor"):
                        problems += shoot(browser, base, role, passwords[role], out, args.full, f"-{role}")
                else:  # the office's pages; the 报送 page as the unit's reporter sees it
                    for role, names in (("office", set(OFFICE_SHOTS)), ("reporter", {"reporting"})):
                        problems += shoot(
                            browser, base, role, passwords[role], out, args.full, "", only=names
                        )
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=10)
    for problem in problems:
        print("问题：", problem)
    print(f"截图已保存到 {out}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
