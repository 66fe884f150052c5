"""Meeting pages: a meeting with its agenda, place or link, places left and, once held, its
minutes, attendance and the proposals born there; registering and cancelling (POST only);
coordinators announce, cancel and close meetings. Nobody sees who registered: counts only."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView, View

from openplan.core.permissions import PermissionRequiredMixin, or_404
from openplan.core.views import ServiceFormMixin
from openplan.participation import phases, selectors, services
from openplan.participation.forms import MeetingCloseForm, MeetingForm
from openplan.participation.models import Meeting
from openplan.participation.phases import Action
from openplan.participation.states import RegistrationStatus
from openplan.participation.views import ConsultationMixin


class MeetingMixin(PermissionRequiredMixin):
    permission_required = "participation.view_consultation"
    kwargs: dict[str, Any]
    request: HttpRequest

    @cached_property
    def meeting(self) -> Meeting:
        return or_404(
            lambda: selectors.meeting_get_for_user(pk=self.kwargs["pk"], user=self.request.user)
        )

    def get_permission_object(self) -> Any:
        return self.meeting.consultation


class MeetingDetailView(MeetingMixin, TemplateView):
    template_name = "participation/meeting_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        meeting, now = self.meeting, timezone.now()
        places_left = None
        if meeting.capacity is not None:
            places_left = max(meeting.capacity - meeting.confirmed_total, 0)  # type: ignore[attr-defined]
        return {
            **super().get_context_data(**kwargs),
            "meeting": meeting,
            "consultation": meeting.consultation,
            "places_left": places_left,
            "upcoming": meeting.status == "scheduled" and now < meeting.start,
            "can_attend": phases.allows(meeting.consultation.phases.all(), Action.ATTEND, now),
            "place": selectors.place_of(user=self.request.user, meeting=meeting),
            "proposals": selectors.proposals_born(meeting),
        }


class RegistrationView(MeetingMixin, View):
    """POST only: register (``register=True``) or cancel one's registration."""

    permission_required = "participation.contribute"
    register = True

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        try:
            if self.register:
                registration = services.registration_create(meeting=self.meeting, user=request.user)
                messages.success(request, _registered_message(registration, request.user))
            elif services.registration_cancel(meeting=self.meeting, user=request.user):
                messages.success(request, _("Your registration has been cancelled."))
            else:
                messages.info(request, _("You were not registered for this meeting."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect(self.meeting)


def _registered_message(registration: Any, user: Any) -> str:
    if registration.status == RegistrationStatus.CONFIRMED:
        return _("You are registered: your place is confirmed.")
    place = selectors.place_of(user=user, meeting=registration.meeting)
    return _(
        "The meeting is full, so you are on the waiting list, number %(position)d. You get "
        "a place if someone cancels; this page will then say so."
    ) % {"position": place.position if place and place.position else 1}


class MeetingCreateView(ConsultationMixin, ServiceFormMixin, FormView):
    permission_required = "participation.change_meeting"
    template_name = "participation/meeting_form.html"
    form_class = MeetingForm
    success_message = gettext_lazy("The meeting has been announced.")

    def perform(self, form: MeetingForm) -> Meeting:
        return services.meeting_create(consultation=self.consultation, **form.cleaned_data)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "consultation": self.consultation}


class MeetingCloseView(MeetingMixin, ServiceFormMixin, FormView):
    permission_required = "participation.change_meeting"
    template_name = "participation/meeting_close_form.html"
    form_class = MeetingCloseForm
    success_message = gettext_lazy("The meeting has been closed; its minutes are public.")

    def get_permission_object(self) -> Meeting:
        return self.meeting

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "consultation_id": self.meeting.consultation_id}

    def perform(self, form: MeetingCloseForm) -> Meeting:
        return services.meeting_close(meeting=self.meeting, **form.cleaned_data)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "meeting": self.meeting}


class MeetingCancelView(MeetingMixin, View):
    """POST only, from the meeting page."""

    permission_required = "participation.change_meeting"

    def get_permission_object(self) -> Meeting:
        return self.meeting

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        try:
            services.meeting_cancel(meeting=self.meeting)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The meeting has been cancelled."))
        return redirect(self.meeting)
