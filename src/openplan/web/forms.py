"""Form rendering: every form OpenPlan shows (its own and allauth's) uses these templates,
which put an error summary at the top and tie labels, hints and errors to their inputs."""

from django.forms.renderers import DjangoTemplates


class FormRenderer(DjangoTemplates):
    form_template_name = "web/forms/form.html"
    field_template_name = "web/forms/field.html"
