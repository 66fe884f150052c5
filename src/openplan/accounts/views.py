"""Views: parse → authorize → call one service or selector → render."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth import logout
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import QuerySet
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.generic import DetailView, FormView, ListView, TemplateView, View

from openplan.accounts import selectors, services
from openplan.accounts.forms import (
    AccountDeleteForm,
    InvitationForm,
    OrganisationEditForm,
    OrganisationForm,
    ProfileForm,
    RoleForm,
)
from openplan.accounts.models import (
    Invitation,
    Membership,
    Organisation,
    OrganisationType,
    User,
)
from openplan.core.permissions import PUBLIC, PermissionRequiredMixin, or_404


def _form_error(form: BaseForm, error: ValidationError) -> None:
    form.add_error(None, error)


# --- Own account ------------------------------------------------------------------------


class ProfileView(PermissionRequiredMixin, FormView):
    permission_required = "accounts.manage_own_account"
    template_name = "accounts/profile.html"
    form_class = ProfileForm

    def get_initial(self) -> dict[str, Any]:
        user = self.request.user
        return {"display_name": user.display_name, "preferred_language": user.preferred_language}  # type: ignore[union-attr]

    def form_valid(self, form: ProfileForm) -> HttpResponse:
        services.user_update_profile(
            user=self.request.user,  # type: ignore[arg-type]
            display_name=form.cleaned_data["display_name"],
            preferred_language=form.cleaned_data["preferred_language"],
        )
        messages.success(self.request, _("Your profile has been saved."))
        return redirect("accounts:profile")


class PersonalDataView(PermissionRequiredMixin, TemplateView):
    permission_required = "accounts.manage_own_account"
    template_name = "accounts/personal_data.html"


class PersonalDataDownloadView(PermissionRequiredMixin, View):
    permission_required = "accounts.manage_own_account"

    def get(self, request: HttpRequest) -> HttpResponse:
        data = selectors.personal_data_export(user=request.user)  # type: ignore[arg-type]
        response = HttpResponse(
            json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False),
            content_type="application/json; charset=utf-8",
        )
        response["Content-Disposition"] = 'attachment; filename="openplan-personal-data.json"'
        response["Cache-Control"] = "no-store"
        return response


class AccountDeleteView(PermissionRequiredMixin, FormView):
    permission_required = "accounts.manage_own_account"
    template_name = "accounts/account_delete.html"
    form_class = AccountDeleteForm

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form: AccountDeleteForm) -> HttpResponse:
        user = self.request.user
        try:
            services.account_erase(user=user)  # type: ignore[arg-type]
        except ValidationError as error:
            _form_error(form, error)
            return self.form_invalid(form)
        logout(self.request)
        messages.success(self.request, _("Your account and personal data have been erased."))
        return redirect("web:home")


# --- Organisations ----------------------------------------------------------------------


class OrganisationListView(PermissionRequiredMixin, ListView):
    permission_required = PUBLIC
    template_name = "accounts/organisation_list.html"
    context_object_name = "organisations"
    paginate_by = 50

    def get_queryset(self) -> QuerySet[Organisation]:
        org_type = self.request.GET.get("type", "")
        if org_type not in OrganisationType.values:
            org_type = ""
        return selectors.organisation_list_public(org_type=org_type)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {
            **super().get_context_data(**kwargs),
            "org_types": OrganisationType.choices,
            "current_type": self.request.GET.get("type", ""),
        }


class OrganisationMixin(PermissionRequiredMixin):
    """Loads the organisation named by ``slug`` and checks permissions against it."""

    kwargs: dict[str, Any]
    request: HttpRequest

    @cached_property
    def organisation(self) -> Organisation:
        return or_404(lambda: selectors.organisation_get_public(slug=self.kwargs["slug"]))

    def get_permission_object(self) -> Organisation:
        return self.organisation


class OrganisationDetailView(OrganisationMixin, DetailView):
    permission_required = "accounts.view_organisation"
    template_name = "accounts/organisation_detail.html"
    context_object_name = "organisation"

    def get_object(self, queryset: Any = None) -> Organisation:
        return self.organisation

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        user = self.request.user
        my_membership = None
        if user.is_authenticated:
            my_membership = Membership.objects.filter(
                organisation=self.organisation, user=user
            ).first()
        return {
            **super().get_context_data(**kwargs),
            "members": selectors.membership_list_public(organisation=self.organisation),
            "my_membership": my_membership,
        }


class OrganisationCreateView(PermissionRequiredMixin, FormView):
    permission_required = "accounts.add_organisation"
    template_name = "accounts/organisation_form.html"
    form_class = OrganisationForm

    def form_valid(self, form: OrganisationForm) -> HttpResponse:
        try:
            organisation = services.organisation_create(
                actor=self.request.user,  # type: ignore[arg-type]
                **{k: form.cleaned_data[k] for k in ("name", "org_type", "description", "website")},
            )
        except ValidationError as error:
            _form_error(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request, _("%(name)s has been created.") % {"name": organisation.name}
        )
        return redirect(organisation)


class OrganisationUpdateView(OrganisationMixin, FormView):
    permission_required = "accounts.change_organisation"
    template_name = "accounts/organisation_form.html"
    form_class = OrganisationEditForm

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "instance": self.organisation}

    def form_valid(self, form: OrganisationEditForm) -> HttpResponse:
        data = {k: form.cleaned_data[k] for k in ("name", "description", "website")}
        # The form has already written the cleaned values onto the instance; start clean.
        self.organisation.refresh_from_db()
        services.organisation_update(organisation=self.organisation, **data)
        messages.success(self.request, _("Changes saved."))
        return redirect(self.organisation)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "organisation": self.organisation}


class OrganisationMembersView(OrganisationMixin, FormView):
    """Members and invitations of one organisation; the invitation form posts here."""

    permission_required = "accounts.manage_members"
    template_name = "accounts/organisation_members.html"
    form_class = InvitationForm

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {
            **super().get_context_data(**kwargs),
            "organisation": self.organisation,
            "memberships": selectors.membership_list_for_organisation(
                organisation=self.organisation
            ),
            "invitations": selectors.invitation_list_pending(organisation=self.organisation),
            "role_form": RoleForm(),
        }

    def form_valid(self, form: InvitationForm) -> HttpResponse:
        try:
            invitation, _token = services.invitation_create(
                actor=self.request.user,  # type: ignore[arg-type]
                organisation=self.organisation,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
            )
        except ValidationError as error:
            _form_error(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("An invitation has been sent to %(email)s.") % {"email": invitation.email},
        )
        return redirect("accounts:organisation_members", slug=self.organisation.slug)


class MembershipActionView(OrganisationMixin, View):
    """POST-only actions on one membership of the organisation; errors come back as messages."""

    permission_required = "accounts.manage_members"

    def get_membership(self) -> Membership:
        return get_object_or_404(
            Membership.objects.select_related("user", "organisation"),
            pk=self.kwargs["pk"],
            organisation=self.organisation,
        )

    def back(self) -> HttpResponse:
        return redirect("accounts:organisation_members", slug=self.organisation.slug)


class MembershipRoleView(MembershipActionView):
    def post(self, request: HttpRequest, slug: str, pk: int) -> HttpResponse:
        form = RoleForm(request.POST)
        membership = self.get_membership()
        if not form.is_valid():
            messages.error(request, _("Choose a valid role."))
            return self.back()
        try:
            services.membership_change_role(membership=membership, role=form.cleaned_data["role"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return self.back()
        messages.success(
            request,
            _("%(name)s is now %(role)s.")
            % {"name": membership.user.public_name, "role": membership.get_role_display()},
        )
        return self.back()


class MembershipRemoveView(MembershipActionView):
    def post(self, request: HttpRequest, slug: str, pk: int) -> HttpResponse:
        membership = self.get_membership()
        try:
            services.membership_remove(membership=membership)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return self.back()
        messages.success(
            request, _("%(name)s has been removed.") % {"name": membership.user.public_name}
        )
        return self.back()


class InvitationRevokeView(OrganisationMixin, View):
    permission_required = "accounts.manage_members"

    def post(self, request: HttpRequest, slug: str, pk: int) -> HttpResponse:
        invitation = get_object_or_404(Invitation, pk=pk, organisation=self.organisation)
        try:
            services.invitation_revoke(invitation=invitation)
            messages.success(request, _("The invitation has been withdrawn."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("accounts:organisation_members", slug=self.organisation.slug)


class MembershipLeaveView(PermissionRequiredMixin, TemplateView):
    permission_required = "accounts.leave_organisation"
    template_name = "accounts/membership_leave.html"

    def get_permission_object(self) -> Membership | None:
        return (
            Membership.objects.select_related("organisation")
            .filter(organisation__slug=self.kwargs["slug"], user_id=self.request.user.pk or 0)
            .first()
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "membership": self.get_permission_object()}

    def post(self, request: HttpRequest, slug: str) -> HttpResponse:
        membership = self.get_permission_object()
        if membership is None:  # the permission check has already refused this
            raise Http404
        try:
            services.membership_remove(membership=membership)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(membership.organisation)
        messages.success(
            request, _("You have left %(name)s.") % {"name": membership.organisation.name}
        )
        return redirect("web:dashboard")


class InvitationRespondView(PermissionRequiredMixin, TemplateView):
    """The page an invitation email links to (by token), or the dashboard (by id): accept or
    decline. The services check that the invitation is addressed to the person answering."""

    permission_required = "accounts.respond_invitation"
    template_name = "accounts/invitation_respond.html"

    def get_invitation(self) -> Invitation:
        if "pk" in self.kwargs:
            user: User = self.request.user  # type: ignore[assignment]
            pending = selectors.invitation_list_for_user(user=user)
            invitation = pending.filter(pk=self.kwargs["pk"]).first()
        else:
            invitation = selectors.invitation_get_by_token(token=self.kwargs["token"])
        if invitation is None:
            raise Http404(_("This invitation link is not valid."))
        return invitation

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        invitation = self.get_invitation()
        return {**super().get_context_data(**kwargs), "invitation": invitation}

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        invitation = self.get_invitation()
        try:
            if request.POST.get("answer") == "accept":
                services.invitation_accept(invitation=invitation, user=request.user)  # type: ignore[arg-type]
                messages.success(
                    request,
                    _("Welcome to %(name)s.") % {"name": invitation.organisation.name},
                )
                return redirect(invitation.organisation)
            services.invitation_decline(invitation=invitation, user=request.user)  # type: ignore[arg-type]
        except ValidationError as error:
            return self.render_to_response(
                {**self.get_context_data(), "errors": error.messages}, status=400
            )
        messages.info(request, _("You have declined the invitation."))
        return redirect(reverse("web:dashboard"))
