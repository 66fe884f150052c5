"""Run pip-audit over the installed packages (the project itself excepted) and fail on any
known vulnerability.

pip-audit asks PyPI's JSON API about each installed version. Where that API does not answer
for versions (it answers 404 on this workplace's machines, which reach PyPI through a mirror),
every package comes back "not found": this script then says so in one line, naming how many
packages it could not audit, instead of passing silently (docs/security.md, "Dependencies").
"""

from __future__ import annotations

import json
import subprocess  # nosec B404
import sys
from pathlib import Path


def main() -> int:
    pip_audit = Path(sys.executable).with_name("pip-audit")
    command = [str(pip_audit), "--skip-editable", "--format", "json", "--progress-spinner", "off"]
    done = subprocess.run(command, capture_output=True, text=True, check=False)  # nosec B603 # noqa: S603
    try:
        report = json.loads(done.stdout)
    except json.JSONDecodeError:
        print(f"pip-audit failed: {done.stderr.strip()[-2000:]}")
        return 1
    deps = report["dependencies"]
    vulnerable = [d for d in deps if d.get("vulns")]
    unaudited = [d for d in deps if "skip_reason" in d]
    for dep in vulnerable:
        ids = ", ".join(
            v["id"]
            + (f" (fixed in {', '.join(v['fix_versions'])})" if v.get("fix_versions") else "")
            for v in dep["vulns"]
        )
        print(f"pip-audit: {dep['name']} {dep['version']}: {ids}")
    audited = len(deps) - len(unaudited)
    print(
        f"pip-audit: {audited} of {len(deps)} packages audited, {len(vulnerable)} with known "
        f"vulnerabilities; {len(unaudited)} could not be audited (no answer from the "
        "vulnerability service for their version)"
    )
    return 1 if vulnerable else 0


if __name__ == "__main__":
    sys.exit(main())
