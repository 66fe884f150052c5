"""tools/pip_audit.py fails on a known vulnerability and says how much it could audit."""

from __future__ import annotations

import importlib.util
import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

TOOL = Path(__file__).resolve().parents[2] / "tools" / "pip_audit.py"


def load_tool() -> Any:
    spec = importlib.util.spec_from_file_location("pip_audit_tool", TOOL)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def answer(monkeypatch: pytest.MonkeyPatch, dependencies: list[dict[str, Any]]) -> None:
    def run(*args: Any, **kwargs: Any) -> subprocess.CompletedProcess[str]:
        out = json.dumps({"dependencies": dependencies, "fixes": []})
        return subprocess.CompletedProcess(args, 1, stdout=out, stderr="")

    monkeypatch.setattr(subprocess, "run", run)


def test_a_known_vulnerability_fails(monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    answer(monkeypatch, [
        {"name": "django", "version": "5.2.0",
         "vulns": [{"id": "PYSEC-1", "fix_versions": ["5.2.1"], "aliases": []}]},
        {"name": "nh3", "version": "0.2", "vulns": []},
    ])  # fmt: skip
    assert load_tool().main() == 1
    out = capsys.readouterr().out
    assert "django 5.2.0: PYSEC-1 (fixed in 5.2.1)" in out
    assert "2 of 2 packages audited, 1 with known vulnerabilities" in out


def test_what_could_not_be_audited_is_counted(monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    answer(monkeypatch, [
        {"name": "nh3", "version": "0.2", "vulns": []},
        {"name": "rules", "version": "3.5", "skip_reason": "Dependency not found on PyPI"},
    ])  # fmt: skip
    assert load_tool().main() == 0
    assert "1 of 2 packages audited, 0 with known vulnerabilities; 1 could not" in (
        capsys.readouterr().out
    )
