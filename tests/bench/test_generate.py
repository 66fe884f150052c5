"""bench/generate.py on a small scale: exact counts, published and tagged rows, accents,
and a refusal to write into a database that already holds its data."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from openplan.plans.models import Commitment, Evidence, Member, Milestone, ProgressUpdate

pytestmark = pytest.mark.django_db


def load_generator() -> ModuleType:
    path = Path(__file__).resolve().parents[2] / "bench" / "generate.py"
    spec = importlib.util.spec_from_file_location("bench_generate", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_a_small_dataset_has_the_counts_asked_for() -> None:
    generator = load_generator()
    counts = generator.Counts(
        members=5, plans_per_member=2, commitments=30, milestones=75, updates=75, chunk=8
    )
    generator.generate(counts, seed=3, progress=False)
    assert Member.objects.count() == 5 and Member.objects.filter(level="local").count() == 1
    assert Commitment.objects.filter(status="published").count() == 30
    assert Milestone.objects.count() == 75 and ProgressUpdate.objects.count() == 75
    assert Evidence.objects.count() == 15
    assert not Commitment.objects.filter(tags=None).exists()
    texts = " ".join(Commitment.objects.values_list("full_text", flat=True))
    assert any(letter in texts for letter in "éóàā")
    sample = generator.describe(samples=10)
    assert sample["member"] == "bench-001" and len(sample["identifiers"]) == 10
    with pytest.raises(SystemExit, match="already holds"):
        generator.generate(counts, progress=False)
