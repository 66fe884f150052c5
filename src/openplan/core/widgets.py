"""Form widgets that produce Django's own markup with less work."""

from __future__ import annotations

from html import escape
from typing import Any

from django import forms
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

from openplan.core.pagecache import per_content_version


def _attrs(attrs: dict[str, Any]) -> str:
    """`` name="value"`` pairs as django/forms/widgets/attrs.html writes them."""
    return "".join(
        format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value)
        for name, value in attrs.items()
        if value is not False
    )


class Select(forms.Select):
    """Django's ``Select`` with the same HTML, written in Python instead of one template and one
    option dictionary per option: the commitment filters' lists of members and policy areas (a
    few hundred options) were most of the commitment list's rendering time. With ``kept_as``
    (choices that change only with the content, without groups), the options' HTML is kept per
    content version and language under that name, and only the selected one is marked."""

    def __init__(
        self, attrs: dict[str, Any] | None = None, choices: Any = (), *, kept_as: str = ""
    ) -> None:
        super().__init__(attrs, choices)
        self.kept_as = kept_as

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        final = self.build_attrs(self.attrs, attrs)
        if self.allow_multiple_selected:
            final["multiple"] = True
        values = set(self.format_value(value))
        head = [format_html('<select name="{}"', name), _attrs(final), ">"]
        if self.kept_as and not self.allow_multiple_selected:
            body = self._kept_options(values)
        else:
            body = self._options(values)
        return mark_safe("".join([*head, *body, "\n</select>"]))  # nosec B308 B703 # noqa: S308 - every part is escaped

    def _options(self, values: set[str]) -> list[str]:
        parts: list[str] = []
        found = False  # as Django's: only the first match is selected, unless multiple
        for group, label in self.choices:
            grouped = isinstance(label, list | tuple)
            if grouped:
                parts.append(format_html('\n  <optgroup label="{}">', group))
            for option, text in label if grouped else [("" if group is None else group, label)]:
                selected = (not found or self.allow_multiple_selected) and str(option) in values
                found |= selected
                parts.append(_option(option, text, selected))
            if grouped:
                parts.append("\n  </optgroup>")
        return parts

    def _kept_options(self, values: set[str]) -> list[str]:
        plain, first = per_content_version(f"{self.kept_as}:options", self._plain_options)
        chosen = [first[value] for value in values if value in first]
        if not chosen:
            return plain
        index = min(chosen)
        parts = list(plain)
        parts[index] = parts[index].replace('">', '" selected>', 1)  # the value is escaped
        return parts

    def _plain_options(self) -> tuple[list[str], dict[str, int]]:
        """Every option unselected, and where each value first appears."""
        plain: list[str] = []
        first: dict[str, int] = {}
        for option, text in self.choices:
            if isinstance(text, list | tuple):
                raise ValueError(f"{self.kept_as}: kept options cannot be grouped")
            value = "" if option is None else str(option)
            first.setdefault(value, len(plain))
            plain.append(_option(value, text, False))
        return plain, first


def _option(value: Any, text: Any, selected: bool) -> str:
    shown = conditional_escape(str(text))
    mark = " selected" if selected else ""
    return f'\n  <option value="{escape(str(value))}"{mark}>{shown}</option>\n'
