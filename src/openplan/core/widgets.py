"""Form widgets that produce Django's own markup with less work."""

from __future__ import annotations

from html import escape
from typing import Any

from django import forms
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe


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
    few hundred options) were most of the commitment list's rendering time."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        final = self.build_attrs(self.attrs, attrs)
        if self.allow_multiple_selected:
            final["multiple"] = True
        values = set(self.format_value(value))
        parts = [format_html('<select name="{}"', name), _attrs(final), ">"]
        found = False  # as Django's: only the first match is selected, unless multiple
        for group, label in self.choices:
            grouped = isinstance(label, list | tuple)
            if grouped:
                parts.append(format_html('\n  <optgroup label="{}">', group))
            for option, text in label if grouped else [("" if group is None else group, label)]:
                selected = (not found or self.allow_multiple_selected) and str(option) in values
                found |= selected
                shown = conditional_escape(str(text))
                parts.append(
                    f'\n  <option value="{escape(str(option))}"{" selected" if selected else ""}>'
                    f"{shown}</option>\n"
                )
            if grouped:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return mark_safe("".join(parts))  # nosec B308 B703 # noqa: S308 - every part is escaped
