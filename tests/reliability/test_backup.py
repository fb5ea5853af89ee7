"""`planwatch backup` while the site takes writes, then `planwatch restore` into an empty data
directory (on PostgreSQL: another, empty database): row counts, evidence files and a logged-in
session survive; a non-empty target and an altered archive are refused with the one-line error."""

from __future__ import annotations

import hashlib
import io
import json
import stat
import tarfile
import threading
from pathlib import Path

import pytest

from .client import Client
from .conftest import HERE, PASSWORD

EVIDENCE = 5


def _manifest(path: Path) -> dict:
    with tarfile.open(path, "r:gz") as tar:
        return json.loads(tar.extractfile("manifest.json").read())


def _writes(url: str, token: str, indicator: int, stop: threading.Event, answers: list) -> None:
    """API writes, one new figure after another, until ``stop``."""
    client, month = Client(url), 0
    while not stop.is_set():
        month += 1
        figure = {
            "indicator": indicator,
            "period": f"{2100 + month // 12}-{month % 12 + 1:02d}",
            "value": month,
        }
        answers.append(client.api("POST", "/observations", token, figure).status)


@pytest.fixture
def busy_site(instance, tmp_path):
    token = instance.add_user("office")
    instance.python(HERE / "bigplan.py", str(tmp_path / "data.csv"), "--indicators", "40", "--rows", "400")
    assert instance.run("load-data", str(tmp_path / "data.csv")).returncode == 0
    instance.python(HERE / "evidence.py", str(EVIDENCE))
    return instance, instance.serve(), token


def test_backup_while_writing_then_restore_keeps_rows_files_and_sessions(busy_site, make_instance, tmp_path):
    instance, url, token = busy_site
    indicator = instance.query("SELECT MIN(id) FROM indicators_indicator")[0][0]
    browser = Client(url)
    assert browser.login("office", PASSWORD).status == 302
    assert browser.get(f"/indicators/{indicator}/").status == 200
    stop, answers = threading.Event(), []
    writer = threading.Thread(target=_writes, args=(url, token, indicator, stop, answers))
    writer.start()
    try:
        while len(answers) < 5:
            threading.Event().wait(0.05)
        before = instance.count("indicators_observation")
        archive = tmp_path / "planwatch.tar.gz"
        done = instance.run("backup", "-o", str(archive))
        during = len(answers)
        threading.Event().wait(0.5)
    finally:
        stop.set()
        writer.join()
    after = instance.count("indicators_observation")
    assert done.returncode == 0, done.stderr
    assert "佐证材料 5 个" in done.stdout
    assert set(answers) == {201} and len(answers) > during  # the site kept writing throughout
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600
    manifest = _manifest(archive)
    assert before <= manifest["rows"]["indicators_observation"] < after

    restored = make_instance("restored", migrate=False)
    done = restored.run("restore", str(archive))
    assert done.returncode == 0, done.stderr
    for table, rows in manifest["rows"].items():
        assert restored.count(table) == rows, table
    files = restored.query("SELECT id, sha256 FROM reporting_evidence")
    assert len(files) == EVIDENCE
    for pk, sha in files:
        original = instance.data_dir / "evidence" / _uuid(str(pk))
        copy = restored.data_dir / "evidence" / _uuid(str(pk))
        assert (
            hashlib.sha256(copy.read_bytes()).hexdigest()
            == sha
            == hashlib.sha256(original.read_bytes()).hexdigest()
        )
        assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    assert (restored.data_dir / "secret_key").read_text() == (instance.data_dir / "secret_key").read_text()
    # The browser's session cookie, shown to the restored site: still logged in.
    again = Client(restored.serve(), cookies=browser.cookies)
    page = again.get(f"/indicators/{indicator}/")
    assert page.status == 200 and "退出" in page.body


def _uuid(text: str) -> str:
    """Evidence ids: SQLite stores UUIDs as 32 hex digits, PostgreSQL with dashes; files use dashes."""
    text = text.replace("-", "")
    return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"


def test_restore_refuses_a_non_empty_target_and_an_altered_archive(busy_site, make_instance, tmp_path):
    instance, _url, _token = busy_site
    archive = tmp_path / "planwatch.tar.gz"
    assert instance.run("backup", "-o", str(archive)).returncode == 0
    refused = instance.run("restore", str(archive))  # into itself: not empty
    assert refused.returncode == 2
    assert refused.stderr.strip().startswith("错误：目标不是空的安装") and "Traceback" not in refused.stderr
    altered = tmp_path / "altered.tar.gz"
    with tarfile.open(archive, "r:gz") as src, tarfile.open(altered, "w:gz") as out:
        for member in src:
            data = src.extractfile(member).read()
            if member.name.startswith("evidence/"):
                data = data.replace(b"evidence", b"EVIDENCE", 1)
            out.addfile(member, io.BytesIO(data))
    target = make_instance("target", migrate=False)
    refused = target.run("restore", str(altered))
    assert refused.returncode == 2
    assert "校验和不符" in refused.stderr and len(refused.stderr.strip().splitlines()) == 1
    assert not (target.data_dir / "evidence").exists()
    assert target.query(
        "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'" if not target.database_url
        else "SELECT COUNT(*) FROM pg_tables WHERE schemaname = 'public'"
    )[0][0] == 0  # fmt: skip
