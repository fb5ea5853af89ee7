"""The backup archive: a tar file (gzip) holding `manifest.json` first, then the files.

The manifest says what the archive is (format, when, from which database engine, the latest
migration of every app, the row count of every table at the moment of the copy) and lists every
file with its size and SHA-256. Reading checks the archive against its manifest before anything
is written: a missing, extra, truncated or altered file refuses the whole archive.
Names are checked too (no absolute paths, no "..", regular files only), so an archive made by
hand cannot write outside the folder it is unpacked into.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import tarfile
import time
from pathlib import Path, PurePosixPath

from .errors import BackupError

FORMAT = 1
MANIFEST = "manifest.json"
_CHUNK = 1024 * 1024


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(_CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def write_archive(out: Path, files: dict[str, Path], manifest: dict) -> dict:
    """Write ``files`` (archive name → path on disk) and their manifest to ``out``, owner-only
    (it holds password hashes and the secret key); a temporary name until complete."""
    manifest = {**manifest, "format": FORMAT,
                "files": {name: {"size": p.stat().st_size, "sha256": sha256_of(p)} for name, p in files.items()}}  # fmt: skip
    partial = out.with_name(f".{out.name}.partial")
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as tar:
            data = json.dumps(manifest, ensure_ascii=False, indent=2).encode("utf-8")
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mode, info.mtime = len(data), 0o600, int(time.time())
            tar.addfile(info, io.BytesIO(data))
            for name, path in files.items():
                tar.add(str(path), arcname=name, recursive=False)
        os.replace(partial, out)
    finally:
        partial.unlink(missing_ok=True)
    return manifest


def _safe(name: str) -> bool:
    path = PurePosixPath(name)
    return bool(name) and not path.is_absolute() and ".." not in path.parts and "\\" not in name


def read_manifest(archive: Path) -> dict:
    try:
        with tarfile.open(archive, mode="r:gz") as tar:
            member = tar.next()
            if member is None or member.name != MANIFEST:
                raise BackupError(f"{archive.name} 不是 planwatch 备份文件（缺少清单 {MANIFEST}）")
            manifest = json.loads(tar.extractfile(member).read().decode("utf-8"))
    except (tarfile.TarError, OSError, EOFError, ValueError) as exc:
        raise BackupError(f"无法读取备份文件 {archive.name}：文件损坏或不是 planwatch 备份") from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(f"备份文件格式版本 {manifest.get('format')} 不受支持（本程序为 {FORMAT}）")
    return manifest


def unpack_verified(archive: Path, into: Path) -> dict:
    """Unpack every file the manifest lists into ``into`` (owner-only), checking size and
    SHA-256 of each; raises `BackupError` at the first difference."""
    manifest = read_manifest(archive)
    wanted: dict = manifest.get("files", {})
    if not all(_safe(name) for name in wanted):
        raise BackupError("备份清单中有不安全的文件名，已拒绝恢复")
    seen = set()
    try:
        with tarfile.open(archive, mode="r:gz") as tar:
            for member in tar:
                if member.name == MANIFEST:
                    continue
                if member.name not in wanted or not member.isfile():
                    raise BackupError(f"备份文件中有清单未列出的内容：{member.name}")
                _unpack(tar, member, into / member.name, wanted[member.name])
                seen.add(member.name)
    except (tarfile.TarError, OSError, EOFError) as exc:
        raise BackupError(f"无法读取备份文件 {archive.name}：文件不完整或已损坏") from exc
    missing = sorted(set(wanted) - seen)
    if missing:
        raise BackupError(f"备份文件缺少清单中的 {len(missing)} 个文件，如 {missing[0]}：文件不完整")
    return manifest


def _unpack(tar: tarfile.TarFile, member: tarfile.TarInfo, target: Path, expected: dict) -> None:
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    digest, size = hashlib.sha256(), 0
    source = tar.extractfile(member)
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as out:
        for chunk in iter(lambda: source.read(_CHUNK), b""):
            digest.update(chunk)
            size += len(chunk)
            out.write(chunk)
    if size != expected.get("size") or digest.hexdigest() != expected.get("sha256"):
        raise BackupError(f"备份中的文件 {member.name} 校验和不符：备份文件已损坏或被修改，未作恢复")
