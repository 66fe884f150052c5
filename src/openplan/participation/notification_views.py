"""A person's notifications (``/account/notifications/``), their email choice, and the
unsubscribe page of the emails, which works without logging in (a signed token): GET shows a
confirmation, POST unsubscribes (also RFC 8058's one-click POST from a mail program)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import FormView, ListView, View

from openplan.core.permissions import PUBLIC, PermissionRequiredMixin
from openplan.core.views import ServiceFormMixin
from openplan.participation import selectors, services
from openplan.participation.events import describe
from openplan.participation.models import EmailChoice

SIGNED_IN = "participation.contribute"


class NotificationListView(PermissionRequiredMixin, ListView):
    """Unread first, 30 a page; one query for the page whatever its size."""

    permission_required = SIGNED_IN
    template_name = "participation/notifications/list.html"
    context_object_name = "notifications"
    paginate_by = 30

    def get_queryset(self) -> Any:
        return selectors.notification_list(user=self.request.user)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        for notification in context["notifications"]:
            notification.text = describe(notification.event, notification.title)
        context["email_choice"] = selectors.notification_settings_get(user=self.request.user)
        return context


class NotificationReadView(PermissionRequiredMixin, View):
    """POST only: mark one notification read (``all``: every one)."""

    permission_required = SIGNED_IN
    every = False

    def post(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        if self.every:
            count = services.notifications_mark_all_read(user=request.user)
            messages.success(request, _("Marked %(count)d as read.") % {"count": count})
        elif not services.notification_mark_read(user=request.user, pk=pk or 0):
            messages.error(request, _("That notification does not exist."))
        return redirect("notifications:list")


class EmailChoiceForm(forms.Form):
    email = forms.ChoiceField(
        label=gettext_lazy("Email me about what I follow"),
        choices=EmailChoice.choices,
        widget=forms.RadioSelect,
    )


class NotificationSettingsView(PermissionRequiredMixin, ServiceFormMixin, FormView):
    permission_required = SIGNED_IN
    template_name = "participation/notifications/settings.html"
    form_class = EmailChoiceForm
    success_message = gettext_lazy("Your choice is saved.")

    def get_initial(self) -> dict[str, Any]:
        return {"email": selectors.notification_settings_get(user=self.request.user).email}

    def perform(self, form: EmailChoiceForm) -> str:
        services.notification_settings_set(user=self.request.user, email=form.cleaned_data["email"])
        return "notifications:settings"


@method_decorator(csrf_exempt, name="dispatch")  # the token authenticates; mail programs POST
class UnsubscribeView(PermissionRequiredMixin, View):
    permission_required = PUBLIC
    template_name = "participation/notifications/unsubscribe.html"

    def _page(self, request: HttpRequest, status: int = 200, **context: Any) -> HttpResponse:
        return render(request, self.template_name, context, status=status)

    def get(self, request: HttpRequest, token: str) -> HttpResponse:
        try:
            services.unsubscribe_user(token)
        except ValidationError as error:
            return self._page(request, status=400, error=error.messages[0])
        return self._page(request, token=token)

    def post(self, request: HttpRequest, token: str) -> HttpResponse:
        try:
            services.notifications_unsubscribe(token=token)
        except ValidationError as error:
            return self._page(request, status=400, error=error.messages[0])
        return self._page(request, done=True)
