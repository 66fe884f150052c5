"""The page where a signed-in person creates, lists and revokes their personal access tokens
(``/account/api-tokens/``). Works without JavaScript: a new token is shown once, on the page
that answers the form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, View

from openplan.core.permissions import PermissionRequiredMixin, or_404
from openplan.core.widgets import Select
from openplan.opendata import services
from openplan.opendata.api import selectors
from openplan.opendata.models import AccessToken, Scope

DAYS = [
    (7, gettext_lazy("7 days")),
    (30, gettext_lazy("30 days")),
    (90, gettext_lazy("90 days")),
    (365, gettext_lazy("1 year")),
]


class AccessTokenForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Name"),
        max_length=100,
        help_text=gettext_lazy("What the token is for, e.g. the system that will use it."),
    )
    scopes = forms.MultipleChoiceField(
        label=gettext_lazy("What it may do"),
        choices=Scope.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    days = forms.TypedChoiceField(
        label=gettext_lazy("Valid for"), choices=DAYS, coerce=int, initial=90, widget=Select
    )


class AccessTokenListView(PermissionRequiredMixin, FormView):
    """List the person's tokens and create a new one."""

    permission_required = "opendata.add_accesstoken"
    template_name = "opendata/access_tokens.html"
    form_class = AccessTokenForm

    def form_valid(self, form: AccessTokenForm) -> HttpResponse:
        try:
            token, raw = services.access_token_create(
                user=self.request.user,
                name=form.cleaned_data["name"],
                scopes=form.cleaned_data["scopes"],
                days=form.cleaned_data["days"],
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        context = self.get_context_data(form=self.form_class(), new_token=raw, created=token)
        return self.render_to_response(context)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {
            **super().get_context_data(**kwargs),
            "tokens": selectors.access_token_list_for_user(user=self.request.user),
            "docs_url": reverse("api-v1:openapi-view"),
        }


class AccessTokenRevokeView(PermissionRequiredMixin, View):
    """POST only: revoke one of the person's tokens."""

    permission_required = "opendata.change_accesstoken"
    kwargs: dict[str, Any]
    request: HttpRequest

    @cached_property
    def token(self) -> AccessToken:
        return or_404(
            lambda: selectors.access_token_get_for_user(
                pk=self.kwargs["pk"], user=self.request.user
            )
        )

    def get_permission_object(self) -> AccessToken | None:
        if not self.request.user.is_authenticated:
            return None
        return self.token

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        services.access_token_revoke(token=self.token)
        messages.success(
            request, _("The token “%(name)s” has been revoked.") % {"name": self.token.name}
        )
        return redirect("opendata:access_tokens")
