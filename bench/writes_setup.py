"""Setup for bench/writes.py, run inside the benchmark's environment (DATABASE_URL etc.): a
published consultation open for supports and for signing petitions, one proposal, N
participants each with a signed-in session, one approved petition and M signatures waiting for
their email confirmation. Prints JSON: the proposal's support path, the file of session keys,
the petition and the file of the signatures' confirmation paths."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from pathlib import Path
from typing import Any

# bench/ holds http.py: keep the folder off the path so ``import http`` is the stdlib's.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]


def setup(supporters: int, keys_file: Path, signers: int, paths_file: Path) -> dict[str, object]:
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from django.db import transaction
    from django.urls import reverse
    from django.utils import timezone
    from django.utils.crypto import get_random_string

    from openplan.accounts.models import User
    from openplan.participation import services
    from openplan.participation.phases import Action
    from openplan.participation.states import ConsultationStatus
    from openplan.plans.models import ActionPlan, Member

    now = timezone.now()
    with transaction.atomic():
        member = Member.objects.create(name="Benchland (benchmark)", slug="bench", code="BEN")
        plan = ActionPlan.objects.create(member=member, number=1, start_year=2026, end_year=2028)
        consultation = services.consultation_create(
            subject=plan, title="Benchmark consultation", description="Benchmark data."
        )
        services.phase_add(
            consultation=consultation, name="Open", start=now - dt.timedelta(days=1),
            end=now + dt.timedelta(days=30),
            actions=[Action.SUPPORT, Action.PROPOSE, Action.PETITION, Action.SIGN],
        )  # fmt: skip
        services.consultation_transition(
            consultation=consultation, target=ConsultationStatus.PUBLISHED
        )
        author = User.objects.create(email="author@bench.invalid", password="!")
        proposal = services.proposal_create(
            consultation=consultation, author=author, title="Benchmark proposal",
            body="A proposal that the benchmark supports many times over.",
        )  # fmt: skip
        User.objects.bulk_create(
            [
                User(email=f"s{i}@bench.invalid", password="!", pseudonym=f"bench-{i}")
                for i in range(supporters)
            ],  # explicit pseudonyms: 8 random hex digits collide among 30,000 (~10 %)
            batch_size=5000,
        )
    backend = settings.AUTHENTICATION_BACKENDS[1]  # ModelBackend
    store = SessionStore()
    expiry = now + dt.timedelta(days=1)
    rows, keys = [], []
    users = User.objects.filter(email__endswith="@bench.invalid").exclude(pk=author.pk)
    for user in users.order_by("pk").iterator(chunk_size=5000):
        key = get_random_string(32, "abcdefghijklmnopqrstuvwxyz0123456789")
        data = {
            SESSION_KEY: str(user.pk), BACKEND_SESSION_KEY: backend,
            HASH_SESSION_KEY: user.get_session_auth_hash(),
        }  # fmt: skip
        rows.append(Session(session_key=key, session_data=store.encode(data), expire_date=expiry))
        keys.append(key)
    Session.objects.bulk_create(rows, batch_size=5000)
    keys_file.write_text("\n".join(keys) + "\n")
    path = reverse("participation:support", kwargs={"pk": proposal.pk})
    petition = pending_signatures(consultation, author, signers, paths_file)
    return {"proposal": proposal.pk, "path": path, "sessions": len(keys),
            "petition": petition, "signatures": signers}  # fmt: skip


def pending_signatures(consultation: Any, author: Any, signers: int, paths_file: Path) -> int:
    """An approved petition (threshold 100: reached once that many are confirmed) and
    ``signers`` signatures without an account, as after the sign form: unconfirmed, each with
    its confirmation path (the link of its email) written to ``paths_file``, in order."""
    from django.urls import reverse

    from openplan.participation import services
    from openplan.participation.models import Signature

    consultation.petition_threshold = max(1, min(100, signers // 2))
    consultation.save(update_fields=["petition_threshold"])
    petition = services.petition_create(
        consultation=consultation, author=author, title="Benchmark petition",
        body="A petition that the benchmark signs many times over.",
    )  # fmt: skip
    services.content_approve(target=petition, moderator=None)
    Signature.objects.bulk_create(
        [Signature(petition=petition, email=f"p{i}@bench.invalid") for i in range(signers)],
        batch_size=5000,
    )
    paths = [
        reverse("participation:signature_confirm", args=[services.signature_token(signature)])
        for signature in Signature.objects.filter(petition=petition).order_by("pk").iterator(5000)
    ]
    paths_file.write_text("\n".join(paths) + "\n")
    return petition.pk


def petition_counts(petition: int) -> dict[str, int]:
    from django.db.models import Count

    from openplan.participation.models import Petition, Signature

    row = Petition.objects.get(pk=petition)
    confirmed = Signature.objects.filter(petition=row, confirmed_at__isnull=False)
    pairs = confirmed.values("email").annotate(n=Count("pk")).filter(n__gt=1)
    return {
        "rows": confirmed.count(),
        "counter": row.signatures_count,
        "people_counted_twice": pairs.count(),
        "threshold_reached": int(row.threshold_reached_at is not None),
    }


def confirmed_paths(petition: int, paths_file: Path, out: Path, limit: int) -> dict[str, int]:
    """Write (up to ``limit``) confirmation paths of signatures that are confirmed already."""
    from django.urls import resolve

    from openplan.participation import services

    chosen = []
    for path in paths_file.read_text().split():
        token = resolve(path).kwargs["token"]
        if services.signature_get_by_token(token=token, expired_ok=True).is_confirmed:
            chosen.append(path)
            if len(chosen) == limit:
                break
    out.write_text("\n".join(chosen) + "\n")
    return {"sessions": len(chosen)}


def counts(proposal: int) -> dict[str, int]:
    from django.db.models import Count

    from openplan.participation.models import Proposal, Support

    row = Proposal.objects.get(pk=proposal)
    pairs = Support.objects.filter(proposal=row).values("user").annotate(n=Count("pk"))
    return {
        "rows": Support.objects.filter(proposal=row).count(),
        "counter": row.supports_count,
        "people_counted_twice": sum(1 for p in pairs if p["n"] > 1),
    }


def supporting_keys(proposal: int, keys_file: Path, out: Path, limit: int) -> dict[str, int]:
    """Write the session keys of (up to ``limit``) people who support the proposal."""
    from django.contrib.sessions.models import Session

    from openplan.participation.models import Support

    supporters = set(Support.objects.filter(proposal_id=proposal).values_list("user_id", flat=True))
    sessions = dict(Session.objects.values_list("session_key", "session_data"))  # one query
    decode = Session.get_session_store_class()().decode
    chosen = []
    for key in keys_file.read_text().split():
        if int(decode(sessions[key])["_auth_user_id"]) in supporters:
            chosen.append(key)
            if len(chosen) == limit:
                break
    out.write_text("\n".join(chosen) + "\n")
    return {"sessions": len(chosen)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--supporters", type=int)
    parser.add_argument("--keys", type=Path)
    parser.add_argument("--counts", type=int, help="a proposal's counts")
    parser.add_argument("--supporting", type=int, help="keys of a proposal's supporters")
    parser.add_argument("--out", type=Path)
    parser.add_argument("--signers", type=int, default=0)
    parser.add_argument("--paths", type=Path, help="the file of confirmation paths")
    parser.add_argument("--petition-counts", type=int, help="a petition's counts")
    parser.add_argument("--confirmed", type=int, help="paths of a petition's confirmed signatures")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openplan.settings")
    import django

    django.setup()
    result: dict[str, Any]
    if args.supporting:
        result = supporting_keys(args.supporting, args.keys, args.out, 2_000)
    elif args.counts:
        result = counts(args.counts)
    elif args.petition_counts:
        result = petition_counts(args.petition_counts)
    elif args.confirmed:
        result = confirmed_paths(args.confirmed, args.paths, args.out, 2_000)
    else:
        result = setup(args.supporters, args.keys, args.signers, args.paths)
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
