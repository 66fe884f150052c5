"""Write endpoints for officials, authenticated by personal access tokens."""

from __future__ import annotations

from ninja import Router

router = Router()
# Operations whose permission is checked on their object (URL name → rules permission).
OBJECT_PERMISSIONS: dict[str, str] = {}
