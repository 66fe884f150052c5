"""Where the real public data of ``../shared/data`` is (CI has it beside the clone)."""

from __future__ import annotations

import os
from pathlib import Path

SHARED = Path(os.environ.get("OPENPLAN_SHARED_DIR", Path(__file__).resolve().parents[2] / "shared"))
OGP_SAMPLE = SHARED / "data" / "ogp" / "ogp-commitments-sample.csv"
DCAT_AP_SHACL = SHARED / "standards" / "dcat-ap-3.0.1" / "dcat-ap-SHACL.ttl"
