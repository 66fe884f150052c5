"""Five languages: negotiated from the browser, switchable without JavaScript, localised."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.template import Context, Template
from django.test import Client
from django.utils import translation

pytestmark = pytest.mark.django_db

LANGUAGES = [code for code, _name in settings.LANGUAGES]
LOCALE = Path(settings.LOCALE_PATHS[0])
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|\{\{[^}]*\}\}|<[^>]+>")


@pytest.mark.parametrize(
    ("accept", "lang", "text"),
    [
        ("en-GB,en;q=0.9", "en", "Open government, made together"),
        ("es-ES,es;q=0.9", "es", "Gobierno abierto"),
        ("it-IT", "it", "Governo aperto"),
        ("lv", "lv", "Atvērta pārvaldība"),
        ("fr-FR,fr;q=0.8", "fr", "Gouvernement ouvert"),
        ("de-DE", "en", "Open government, made together"),  # unsupported: English
    ],
)
def test_home_page_speaks_the_browsers_language(accept: str, lang: str, text: str) -> None:
    html = Client().get("/", HTTP_ACCEPT_LANGUAGE=accept).content.decode()
    assert f'<html lang="{lang}"' in html
    assert text.lower() in html.lower()


def test_language_switcher_is_a_plain_form() -> None:
    client = Client()
    html = client.get("/about/").content.decode()
    assert 'action="/i18n/setlang/"' in html and 'name="language"' in html
    assert "csrfmiddlewaretoken" not in html  # a GET form: public pages stay cacheable
    response = client.get("/i18n/setlang/", {"language": "lv", "next": "/about/"})
    assert response.status_code == 302 and response["Location"] == "/about/"
    assert '<html lang="lv"' in client.get("/about/").content.decode()
    response = client.post("/i18n/setlang/", {"language": "fr", "next": "/about/"})
    assert '<html lang="fr"' in client.get("/about/").content.decode()


def test_the_language_switcher_stays_on_this_site() -> None:
    client = Client()
    for unsafe in ("https://evil.example/", "//evil.example/x", "javascript:alert(1)"):
        response = client.get("/i18n/setlang/", {"language": "es", "next": unsafe})
        assert response["Location"] == "/", unsafe
    response = client.get("/i18n/setlang/", {"language": "xx", "next": "/about/"})
    assert response["Location"] == "/about/" and "openplan_language" not in response.cookies


@pytest.mark.parametrize(
    ("lang", "expected_date", "expected_number"),
    [
        ("en", "Nov. 24, 2026", "1,234.5"),
        ("es", "24 de noviembre de 2026", "1\u00a0234,5"),
        ("fr", "24 novembre 2026", "1\u00a0234,5"),
        ("it", "24 Novembre 2026", "1.234,5"),
        ("lv", "2026. gada 24. novembris", "1\u00a0234,5"),
    ],
)
def test_dates_and_numbers_are_localised(
    lang: str, expected_date: str, expected_number: str
) -> None:
    template = Template('{% load humanize %}{{ day|date:"DATE_FORMAT" }}|{{ number|intcomma }}')
    with translation.override(lang):
        rendered = template.render(Context({"day": dt.date(2026, 11, 24), "number": 1234.5}))
    assert rendered == f"{expected_date}|{expected_number}"


@pytest.mark.parametrize("lang", [code for code in LANGUAGES if code != "en"])
def test_catalogue_is_complete_and_keeps_placeholders(lang: str) -> None:
    catalogue = polib.pofile(str(LOCALE / lang / "LC_MESSAGES" / "django.po"))
    assert [e.msgid for e in catalogue.untranslated_entries()] == []
    assert [e.msgid for e in catalogue.fuzzy_entries()] == []
    for entry in catalogue:
        sources = [entry.msgid, entry.msgid_plural] if entry.msgid_plural else [entry.msgid]
        targets = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
        expected = set(PLACEHOLDER.findall(sources[-1]))
        for target in targets:
            assert set(PLACEHOLDER.findall(target)) == expected, (lang, entry.msgid, target)
