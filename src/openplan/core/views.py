"""View helpers every app uses."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import HttpResponse
from django.shortcuts import redirect


class ServiceFormMixin:
    """A form view whose valid form goes to a service (``perform``): a ``ValidationError``
    from the service comes back on the form with the input kept; success shows
    ``success_message`` and redirects to what ``perform`` returned (a URL or an object with
    ``get_absolute_url``)."""

    success_message: Any = ""

    def perform(self, form: Any) -> Any:
        raise NotImplementedError

    def form_valid(self, form: BaseForm) -> HttpResponse:
        try:
            target = self.perform(form)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)  # type: ignore[attr-defined]
        messages.success(self.request, self.success_message)  # type: ignore[attr-defined]
        return redirect(target)
