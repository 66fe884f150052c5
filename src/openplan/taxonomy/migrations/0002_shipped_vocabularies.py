"""Load the vocabularies shipped with OpenPlan (JSON files in ../vocabularies/).

Later changes to a shipped vocabulary come as new migrations that add a SchemeVersion, so
the history of every scheme is kept and URIs stay stable.
"""

import datetime
import json
from pathlib import Path

from django.db import migrations

FILES = [
    "ogp-policy-areas.json",
    "ogp-values.json",
    "irm-completion.json",
    "irm-potential-impact.json",
    "irm-potential-for-results.json",
    "irm-did-it-open-government.json",
    "open-digital.json",
]
FOLDER = Path(__file__).resolve().parent.parent / "vocabularies"


def load(apps, schema_editor):
    scheme_model = apps.get_model("taxonomy", "Scheme")
    version_model = apps.get_model("taxonomy", "SchemeVersion")
    concept_model = apps.get_model("taxonomy", "Concept")
    for name in FILES:
        data = json.loads((FOLDER / name).read_text(encoding="utf-8"))
        scheme = scheme_model.objects.create(
            slug=data["slug"],
            title=data["title"],
            description=data["description"],
            publisher=data["publisher"],
            source_url=data["source_url"],
            version=data["version"],
        )
        for version in data["versions"]:
            version_model.objects.create(
                scheme=scheme,
                version=version["version"],
                released_on=datetime.date.fromisoformat(version["released_on"]),
                notes=version["notes"],
            )
        by_notation = {}
        for position, item in enumerate(data["concepts"]):
            by_notation[item["notation"]] = concept_model.objects.create(
                scheme=scheme,
                notation=item["notation"],
                pref_label=item["pref_label"],
                alt_labels=item.get("alt_labels", []),
                definition=item.get("definition", ""),
                parent=by_notation[item["parent"]] if item.get("parent") else None,
                position=position,
                introduced_in=data["version"],
            )


def unload(apps, schema_editor):
    scheme_model = apps.get_model("taxonomy", "Scheme")
    concept_model = apps.get_model("taxonomy", "Concept")
    slugs = [json.loads((FOLDER / n).read_text(encoding="utf-8"))["slug"] for n in FILES]
    concept_model.objects.filter(scheme__slug__in=slugs, parent__isnull=False).delete()
    scheme_model.objects.filter(slug__in=slugs).delete()


class Migration(migrations.Migration):
    dependencies = [("taxonomy", "0001_vocabulary_registry")]

    operations = [migrations.RunPython(load, unload)]
