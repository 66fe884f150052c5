from __future__ import annotations

from django import forms
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from openplan.plans.models import Commitment
from openplan.plans.services import EDITABLE_FIELDS


class DateInput(forms.DateInput):
    input_type = "date"


class CommitmentForm(forms.Form):
    """The fields of OGP's commitment template. A plain form: the service writes."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        for name in EDITABLE_FIELDS:
            model_field = Commitment._meta.get_field(name)
            field = model_field.formfield() if isinstance(model_field, models.Field) else None
            if field is None:
                raise ImproperlyConfigured(f"Commitment.{name} cannot be edited in a form")
            if isinstance(field, forms.DateField):
                field.widget = DateInput(format="%Y-%m-%d")
            if isinstance(field.widget, forms.Textarea):
                field.widget.attrs["rows"] = 4
            self.fields[name] = field
        self.fields["title"].required = True

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            raise ValidationError(
                {"end_date": _("The end date must not be before the start date.")}
            )
        return data
