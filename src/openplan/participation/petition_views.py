"""Petitions: the list of a consultation, a petition's page, starting one, signing (with or
without an account), confirming a signature by the emailed link, and the organisation's answer.
Views parse, authorise, call one service or selector, and render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView, View

from openplan.core.permissions import PUBLIC, PermissionRequiredMixin, or_404
from openplan.core.views import ServiceFormMixin
from openplan.participation import phases, selectors, services
from openplan.participation.forms import PetitionAnswerForm, PetitionForm, SignatureForm
from openplan.participation.models import Petition
from openplan.participation.phases import Action
from openplan.participation.spam import signature_rate_check
from openplan.participation.views import ConsultationMixin, ContributionMixin

PETITIONS_PER_PAGE = 40


class PetitionListView(ConsultationMixin, TemplateView):
    template_name = "participation/petition_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        petitions = selectors.petition_list(consultation=self.consultation)
        page = Paginator(petitions, PETITIONS_PER_PAGE).get_page(self.request.GET.get("page"))
        return {
            **super().get_context_data(**kwargs),
            **self.phase_context(),
            "page_obj": page,
            "petitions": page.object_list,
            "is_paginated": page.has_other_pages(),
            "now": timezone.now(),
        }


class PetitionCreateView(ConsultationMixin, ContributionMixin, FormView):
    permission_required = "participation.contribute"
    template_name = "participation/petition_form.html"
    form_class = PetitionForm
    success_message: Any = gettext_lazy(
        "Thank you. Your petition will be public, and open for signatures, once a moderator "
        "has approved it."
    )

    def contribute(self, form: PetitionForm) -> Petition:
        return services.petition_create(
            consultation=self.consultation,
            author=self.request.user,
            title=form.cleaned_data["title"],
            body=form.cleaned_data["body"],
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), **self.phase_context()}


class PetitionMixin(PermissionRequiredMixin):
    permission_required = "participation.view_consultation"
    kwargs: dict[str, Any]
    request: HttpRequest

    @cached_property
    def petition(self) -> Petition:
        return or_404(
            lambda: selectors.petition_get_for_user(pk=self.kwargs["pk"], user=self.request.user)
        )

    def get_permission_object(self) -> Any:
        return self.petition.consultation

    def petition_context(self) -> dict[str, Any]:
        now = timezone.now()
        all_phases = list(self.petition.consultation.phases.all())
        return {
            "petition": self.petition,
            "consultation": self.petition.consultation,
            "can": {a: phases.allows(all_phases, a, now) for a in Action.values},
            "signature": selectors.signature_of(user=self.request.user, petition=self.petition),
        }


def _signature_initial(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    if not user.is_authenticated:
        return {}
    return {"email": user.email, "name": getattr(user, "display_name", "")}


class PetitionDetailView(PetitionMixin, TemplateView):
    template_name = "participation/petition_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {
            **super().get_context_data(**kwargs),
            **self.petition_context(),
            "signers": selectors.petition_signers_shown(self.petition),
            "sign_form": SignatureForm(auto_id="sign_%s", initial=_signature_initial(self.request)),
        }


class PetitionSignView(PetitionMixin, ServiceFormMixin, FormView):
    """Sign: the form alone on GET (and again with its errors); from the petition's page too."""

    permission_required = "participation.sign_petition"
    template_name = "participation/petition_sign.html"
    form_class = SignatureForm

    def get_initial(self) -> dict[str, Any]:
        return _signature_initial(self.request)

    def perform(self, form: SignatureForm) -> Petition:
        signature_rate_check(self.request)
        signed = services.signature_create(
            petition=self.petition,
            email=form.cleaned_data["email"],
            name=form.cleaned_data["name"],
            show_name=form.cleaned_data["show_name"],
            user=self.request.user,
        )
        if signed.confirmed:
            self.success_message = _("Thank you: your signature counts.")
        else:
            self.success_message = _(
                "Almost done: we have sent an email to %(email)s. Open the link in it to "
                "confirm your signature; it counts only then. (If this address had signed "
                "before, the email says so, and nothing is counted twice.)"
            ) % {"email": signed.signature.email}
        return self.petition

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), **self.petition_context()}


class PetitionAnswerView(PetitionMixin, ServiceFormMixin, FormView):
    """The responsible organisation's public answer (coordinators of the member's government)."""

    permission_required = "participation.answer_petition"
    template_name = "participation/petition_answer_form.html"
    form_class = PetitionAnswerForm
    success_message = gettext_lazy("The answer has been published.")

    def get_permission_object(self) -> Petition:
        return self.petition

    def get_initial(self) -> dict[str, Any]:
        answer = self.petition.answer
        return {"text": answer.text} if answer is not None else {}

    def perform(self, form: PetitionAnswerForm) -> str:
        services.petition_answer_set(petition=self.petition, text=form.cleaned_data["text"])
        return self.petition.get_absolute_url() + "#answer"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), **self.petition_context()}


class SignatureConfirmView(PermissionRequiredMixin, View):
    """The emailed link. GET shows a button (mail scanners that open links must not sign for
    anyone); POST ``action=confirm`` counts the signature, ``action=resend`` mails a new link
    for an expired one."""

    permission_required = PUBLIC
    template_name = "participation/signature_confirm.html"

    def get(self, request: HttpRequest, token: str) -> HttpResponse:
        try:
            signature = services.signature_get_by_token(token=token, expired_ok=True)
        except ValidationError as error:
            return self.page(request, None, error.messages, status=400)
        problems: list[str] = []
        try:
            services.signature_get_by_token(token=token)
        except ValidationError as error:
            problems = [] if signature.is_confirmed else error.messages
        return self.page(request, signature, problems, expired=bool(problems))

    def post(self, request: HttpRequest, token: str) -> HttpResponse:
        try:
            if request.POST.get("action") == "resend":
                signature = services.signature_link_resend(token=token)
                messages.success(request, _("A new link is on its way: check your email."))
                return redirect(signature.petition.get_absolute_url())
            signature, counted = services.signature_confirm(token=token)
        except ValidationError as error:
            expired = getattr(error, "code", "") == "expired"
            return self.page(request, None, error.messages, status=400, expired=expired)
        if counted:
            messages.success(request, _("Thank you: your signature is confirmed and counts."))
        else:
            messages.info(request, _("Your signature was already confirmed. It counts once."))
        return redirect(signature.petition.get_absolute_url())

    def page(self, request: HttpRequest, signature: Any, problems: list[str], *,
             status: int = 200, expired: bool = False) -> HttpResponse:  # fmt: skip
        context = {"signature": signature, "petition": getattr(signature, "petition", None),
                   "problems": problems, "expired": expired}  # fmt: skip
        return render(request, self.template_name, context, status=status)
