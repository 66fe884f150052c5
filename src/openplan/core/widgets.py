"""Form widgets that produce Django's own markup with less work."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe


def _attrs(attrs: dict[str, Any]) -> str:
    """`` name="value"`` pairs as django/forms/widgets/attrs.html writes them."""
    return "".join(
        format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value)
        for name, value in attrs.items()
        if value is not False
    )


class Select(forms.Select):
    """Django's ``Select`` with the same HTML, written in Python instead of one template per
    option: the commitment filters' lists of members and policy areas (a few hundred options)
    were most of the commitment list's rendering time."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [format_html('<select name="{}"', widget["name"]), _attrs(widget["attrs"]), ">"]
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(format_html('\n  <optgroup label="{}">', group_name))
            parts.extend(
                format_html('\n  <option value="{}"', option["value"])
                + _attrs(option["attrs"])
                + format_html(">{}</option>\n", option["label"])
                for option in options
            )
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return mark_safe("".join(parts))  # nosec B308 B703 # noqa: S308 - every part is escaped by format_html
