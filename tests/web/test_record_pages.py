"""The public record's pages: the list with its filters, the checkpoint, the proofs, and
problem details for bad parameters."""

from __future__ import annotations

import pytest
from django.urls import reverse

from openplan.core import merkle
from openplan.core.record import keys
from openplan.core.record.models import Checkpoint, EntryKind
from openplan.core.record.services import checkpoint_issue, record_append

pytestmark = pytest.mark.django_db


def append(n: int, start: int = 0) -> None:
    for i in range(start, start + n):
        record_append(
            kind=EntryKind.PROGRESS if i % 3 == 0 else EntryKind.EDIT,
            object_uri=f"/commitments/ABC{i:04}/" if i % 2 else f"/commitments/plans/{i}/",
            state={"i": i},
            organisation="Ministry of Openness",
            role="government",
        )


def test_the_list_shows_entries_newest_first_with_filters(client) -> None:  # type: ignore[no-untyped-def]
    append(7)
    page = client.get(reverse("web:record_list"))
    html = page.content.decode()
    assert page.status_code == 200 and "7 entries" in html
    assert html.index("/commitments/ABC0005/") < html.index("/commitments/ABC0003/")
    assert keys.public_key_bytes().hex() in html
    html = client.get(reverse("web:record_list"), {"kind": "progress"}).content.decode()
    assert "3 entries" in html  # 0, 3, 6
    html = client.get(reverse("web:record_list"), {"uri": "/commitments/ABC"}).content.decode()
    assert "3 entries" in html and "/commitments/plans/" not in html.split("<table")[1]
    html = client.get(reverse("web:record_list"), {"kind": "nonsense"}).content.decode()
    assert "Select a valid choice" in html and 'value="/commitments/"' not in html


def test_the_list_queries_do_not_grow(client, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    append(3)
    with django_assert_max_num_queries(6) as small:
        client.get(reverse("web:record_list"))
    append(60, start=3)
    with django_assert_max_num_queries(len(small.captured_queries)):
        page = client.get(reverse("web:record_list"))
    assert "Page 1 of 2" in page.content.decode()


def test_the_checkpoint_document_verifies_with_its_public_key(client) -> None:  # type: ignore[no-untyped-def]
    missing = client.get(reverse("web:record_checkpoint"))
    assert missing.status_code == 404 and missing["Content-Type"] == "application/problem+json"
    append(4)
    checkpoint_issue()
    document = client.get(reverse("web:record_checkpoint")).json()
    assert document["tree_size"] == 4
    public = bytes.fromhex(document["signer"]["public_key"])
    assert keys.signature_valid(public, document["signed_text"].encode(), document["signature"])
    assert document["signed_text"].split("\n")[1] == "4"


def test_inclusion_and_consistency_proofs_verify(client) -> None:  # type: ignore[no-untyped-def]
    append(3)
    checkpoint_issue()
    first = client.get(reverse("web:record_checkpoint")).json()
    append(6, start=3)
    checkpoint_issue()
    second = client.get(reverse("web:record_checkpoint")).json()
    proof = client.get(reverse("web:record_inclusion_proof", args=[2])).json()
    assert proof["tree_size"] == 9  # the latest checkpoint's, by default
    assert merkle.inclusion_verify(
        bytes.fromhex(proof["leaf_hash"]), 1, 9,
        [bytes.fromhex(h) for h in proof["inclusion_path"]], bytes.fromhex(second["root_hash"]),
    )  # fmt: skip
    url = reverse("web:record_consistency_proof")
    consistency = client.get(url, {"first": 3, "second": 9}).json()
    assert merkle.consistency_verify(
        3, 9, bytes.fromhex(first["root_hash"]), bytes.fromhex(second["root_hash"]),
        [bytes.fromhex(h) for h in consistency["consistency_path"]],
    )  # fmt: skip


@pytest.mark.parametrize(
    ("path", "params", "status", "detail"),
    [
        ("consistency", {"first": "x", "second": "3"}, 400, "“first” must be a whole number"),
        ("consistency", {"first": "1"}, 400, "“second” must be a whole number"),
        ("consistency", {"first": "-1", "second": "3"}, 400, "“first” must be a whole number"),
        ("consistency", {"first": "3", "second": "2"}, 400, "0 ≤ first ≤ second ≤ 5"),
        ("consistency", {"first": "1", "second": "6"}, 400, "0 ≤ first ≤ second ≤ 5"),
        ("inclusion", {"tree_size": "1"}, 400, "Entry 2 is not in a tree of that size"),
        ("inclusion", {"tree_size": "9"}, 400, "up to 5, the record's size"),
        ("inclusion", {"tree_size": "٣"}, 400, "“tree_size” must be a whole number"),
        ("missing entry", {}, 404, "The record has no entry 99."),
    ],
)
def test_bad_parameters_get_problem_details(client, path, params, status, detail) -> None:  # type: ignore[no-untyped-def]
    append(5)
    url = {
        "consistency": reverse("web:record_consistency_proof"),
        "inclusion": reverse("web:record_inclusion_proof", args=[2]),
        "missing entry": reverse("web:record_inclusion_proof", args=[99]),
    }[path]
    response = client.get(url, params)
    assert response.status_code == status
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == status and body["type"] == "about:blank" and body["title"]
    assert detail in body["detail"]


def test_an_entry_no_checkpoint_covers_is_proven_in_the_whole_record(client) -> None:  # type: ignore[no-untyped-def]
    append(5)  # the first entry is checkpointed at once, the others not yet
    proof = client.get(reverse("web:record_inclusion_proof", args=[3])).json()
    assert proof["tree_size"] == 5
    assert client.get(reverse("web:record_inclusion_proof", args=[1])).json()["tree_size"] == 1
    Checkpoint.objects.all().delete()
    assert client.get(reverse("web:record_inclusion_proof", args=[1])).json()["tree_size"] == 5


def test_the_verifier_in_the_documentation_works(client) -> None:  # type: ignore[no-untyped-def]
    """docs/record.md's snippet, minus its network calls, checks a proof from this site."""
    from pathlib import Path

    text = (Path(__file__).parents[2] / "docs" / "record.md").read_text()
    code = text.split("```python\n")[1].split("```")[0]
    namespace: dict[str, object] = {}
    exec(code.split("checkpoint = get(")[0].replace("SITE = ", "SITE_ = "), namespace)  # noqa: S102
    append(11)
    checkpoint_issue()
    checkpoint = client.get(reverse("web:record_checkpoint")).json()
    verify = namespace["verify_inclusion"]
    for sequence in (1, 6, 11):
        proof = client.get(reverse("web:record_inclusion_proof", args=[sequence])).json()
        args = (
            bytes.fromhex(proof["leaf_hash"]), proof["leaf_index"], proof["tree_size"],
            [bytes.fromhex(h) for h in proof["inclusion_path"]],
        )  # fmt: skip
        assert checkpoint["tree_size"] == proof["tree_size"]
        assert verify(*args, bytes.fromhex(checkpoint["root_hash"]))  # type: ignore[operator]
        assert not verify(*args, bytes(32))  # type: ignore[operator]
