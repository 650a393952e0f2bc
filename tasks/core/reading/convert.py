"""Converting a legacy word-processor file (.doc, .wps) to .docx with LibreOffice headless.

This is the reading edge: it writes the bytes into a private temporary folder, runs
`soffice --headless --convert-to docx` there with a private user profile (so two runs, or a
clerk's open LibreOffice, never share a profile lock) and a bounded time, reads the result
back and removes the folder. The user's file is never touched. No Prefect here.

A `.wps` saved by WPS Office is, like most `.wps` files offices keep, a Word 97 binary
document (OLE container) under another name; LibreOffice reads both by content.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

# A report of a few dozen pages converts in 2–5 s; a first start of LibreOffice with a fresh
# profile takes ~5 s more on a slow machine.
TIMEOUT_SECONDS = 120
_CANDIDATES = ("soffice", "libreoffice")


class ConverterMissing(Exception):
    """LibreOffice is not installed (no `soffice` on PATH)."""


class ConversionFailed(Exception):
    """LibreOffice ran but produced nothing (damaged file, timeout); str() says why."""


def libreoffice() -> str | None:
    """Path of the LibreOffice command, or None when it is not installed."""
    override = os.environ.get("SCORECARD_SOFFICE")
    if override:
        return shutil.which(override)
    return next((p for c in _CANDIDATES if (p := shutil.which(c))), None)


def convert_document(
    data: bytes, suffix: str, target: str = "docx", timeout: float = TIMEOUT_SECONDS
) -> bytes:
    """The bytes of `data` (a file of type `suffix`, e.g. ".doc") converted to `target`.

    Raises `ConverterMissing` when LibreOffice is absent, `ConversionFailed` otherwise.
    """
    soffice = libreoffice()
    if soffice is None:
        raise ConverterMissing("soffice")
    with tempfile.TemporaryDirectory(prefix="scorecard-convert-") as tmp:
        work = Path(tmp)
        source = work / f"input{suffix}"
        source.write_bytes(data)
        outdir = work / "out"
        command = [
            soffice,
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            target,
            "--outdir",
            str(outdir),
            str(source),
        ]
        try:
            done = subprocess.run(
                command,
                capture_output=True,
                timeout=timeout,
                cwd=work,
                check=False,
            )
        except subprocess.TimeoutExpired as exc:
            raise ConversionFailed(f"转换超过 {int(timeout)} 秒未完成") from exc
        result = outdir / f"input.{target.split(':')[0]}"
        if not result.is_file() or result.stat().st_size == 0:
            detail = (done.stderr or done.stdout).decode("utf-8", "replace").strip()
            raise ConversionFailed(detail.splitlines()[-1] if detail else "没有生成文件")
        return result.read_bytes()
