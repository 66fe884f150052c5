"""Every service that changes public state writes a public-record entry (ARCHITECTURE.md,
"Public record"); every other service says why it writes none.

The services are found, not listed: every public function defined in a ``services`` module
or package of an OpenPlan app. A new service fails this test until it is put in
``WRITES_AN_ENTRY`` (and the test that calls it and counts its entry names it) or in
``NO_ENTRY`` with the reason.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Iterator
from types import ModuleType

import openplan
from tests.participation.test_public_record import NO_ENTRY as PARTICIPATION_NO_ENTRY
from tests.participation.test_public_record import PUBLIC_CHANGES as PARTICIPATION_CHANGES
from tests.plans.test_public_record import PUBLIC_CHANGES as PLANS_PUBLIC_CHANGES

# Services that change public state → the table of the test that calls each one and asserts
# it appended exactly one entry of the right kind, organisation and role.
WRITES_AN_ENTRY: dict[str, dict[str, object]] = {
    **{f"plans.{name}": PLANS_PUBLIC_CHANGES for name in PLANS_PUBLIC_CHANGES},
    **{f"participation.{name}": PARTICIPATION_CHANGES for name in PARTICIPATION_CHANGES},
}

# Services that write no entry, and why.
NO_ENTRY = {
    # core: the record itself, and generic helpers
    "core.model_update": "generic helper of the services; the calling service writes the entry",
    "core.record.record_append": "the record itself",
    "core.record.checkpoint_issue": "signs a checkpoint of the record; changes no content",
    "core.record.record_rebuild_nodes": "recomputes the record's derived subtree hashes",
    # accounts: people and organisations are who acts, not what the record keeps
    "accounts.user_update_profile": "personal data: a person's display name is not recorded",
    "accounts.organisation_create": "an organisation's profile, not plan content; the record "
    "names organisations as actors (its own page shows its current profile)",
    "accounts.organisation_update": "idem",
    "accounts.membership_change_role": "personal data (who holds a role); no public content",
    "accounts.membership_remove": "idem",
    "accounts.invitation_create": "personal data; private until accepted",
    "accounts.invitation_accept": "personal data (membership)",
    "accounts.invitation_decline": "private",
    "accounts.invitation_revoke": "private",
    "accounts.account_erase": "erasure of personal data; the record holds none and verifies after",
    # search: a derived index, rebuilt from the public content
    "search.document_update": "derived index of public content, not public state",
    "search.document_delete": "idem",
    "search.index_rebuild": "idem",
    "search.index_size": "reads",
    # plans: drafts and helpers
    "plans.commitment_create": "creates a draft, which only its government sees",
    "plans.commitment_snapshot": "reads",
    "plans.evidence_file_check": "checks an upload, writes nothing",
    "plans.keep_version": "helper of the services that write the entry; tested through them",
    "plans.action_plan_snapshot": "reads",
    "plans.commitment_kind": "helper: names the kind of a commitment's entry",
    "plans.plan_uri": "reads",
    "plans.progress_snapshot": "reads",
    "plans.progress_uri": "reads",
    "plans.role_of": "reads",
    "plans.record_action_plan": "the entry writer of the action-plan services",
    "plans.record_commitment": "the entry writer of the commitment services",
    "plans.record_progress": "the entry writer of progress_report",
    "plans.record_current_state": "the entry writer of the OGP import (test_ogp_import.py)",
    "plans.commitment_changed": "calls the listeners (release history) of a service that "
    "writes the entry",
    # opendata: tokens are personal; releases are derived from recorded changes
    "opendata.access_token_create": "personal (a person's token); private",
    "opendata.access_token_revoke": "idem",
    "opendata.access_token_touch": "idem (last use)",
    "opendata.release_create": "the release history of a change the calling plans service "
    "records (tests/opendata/test_releases.py)",
    "opendata.release_site": "reads",
    # participation: tests/participation/test_public_record.py says why; notifications among
    # them write none: who is told, what they read and what is mailed to them is personal, and
    # each follows a change that its own service has already recorded
    **PARTICIPATION_NO_ENTRY,
}


def service_modules() -> Iterator[ModuleType]:
    """Every ``openplan.<app>.services`` module, and the modules of a services package."""
    for app in pkgutil.iter_modules(openplan.__path__):
        try:
            module = importlib.import_module(f"openplan.{app.name}.services")
        except ModuleNotFoundError:
            continue
        yield module
        for sub in pkgutil.iter_modules(getattr(module, "__path__", [])):
            yield importlib.import_module(f"{module.__name__}.{sub.name}")
    yield importlib.import_module("openplan.core.record.services")


def services() -> set[str]:
    found = set()
    for module in service_modules():
        app = module.__name__.split(".")[1]
        app = "core.record" if module.__name__ == "openplan.core.record.services" else app
        for name, value in vars(module).items():
            defined_here = getattr(value, "__module__", None) == module.__name__
            if inspect.isfunction(value) and defined_here and not name.startswith("_"):
                found.add(f"{app}.{name}")
    return found


def test_the_services_are_found() -> None:
    found = services()
    assert {"plans.commitment_update", "accounts.organisation_create"} <= found
    assert len(found) >= 40


def test_every_service_either_writes_an_entry_or_says_why_not() -> None:
    found = services()
    unclassified = found - set(WRITES_AN_ENTRY) - set(NO_ENTRY)
    assert not unclassified, (
        f"services with no public-record classification: {sorted(unclassified)}"
    )
    assert not (set(WRITES_AN_ENTRY) | set(NO_ENTRY)) - found, "classified services that are gone"
    assert not set(WRITES_AN_ENTRY) & set(NO_ENTRY)
