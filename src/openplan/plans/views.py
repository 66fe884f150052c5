from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    StreamingHttpResponse,
)
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, FormView, ListView, TemplateView, View

from openplan.accounts.models import Organisation
from openplan.core.files import attachment_header
from openplan.core.pagecache import cache_public_page, per_content_version
from openplan.core.permissions import PermissionRequiredMixin, or_404
from openplan.core.views import ServiceFormMixin
from openplan.plans import selectors, services
from openplan.plans.charts import HEIGHT, WIDTH, progress_bars
from openplan.plans.export import commitment_csv_rows
from openplan.plans.filters import CommitmentFilterForm, MemberFilterForm
from openplan.plans.forms import CommitmentForm, ProgressForm
from openplan.plans.models import ActionPlan, Commitment, Evidence, Member
from openplan.plans.states import CommitmentStatus, PlanStatus
from openplan.search.selectors import COUNT_LIMIT


class FilteredCommitmentsMixin(PermissionRequiredMixin):
    permission_required = "plans.view_commitment"
    request: HttpRequest

    def filtered(self, newest: int | None = None) -> QuerySet[Commitment]:
        self.filter_form = CommitmentFilterForm(self.request.GET or None)
        commitments = selectors.commitment_list_public()
        if self.filter_form.is_valid():
            commitments = self.filter_form.apply(commitments, newest=newest)
        return commitments


# What the list's rows show (tags: ``selectors.attach_tag_links``): a commitment has some forty
# fields, and reading them all (dates parsed, texts copied) was a tenth of the page's time.
LIST_FIELDS = ("identifier", "title", "status", "action_plan__member__name")


def _for_rows(commitments: QuerySet[Commitment]) -> QuerySet[Commitment]:
    """Only what the rows show; their tags come from ``selectors.attach_tag_links``."""
    return commitments.prefetch_related(None).only(*LIST_FIELDS)


class Chosen:
    """The commitments words chose (at most ``COUNT_LIMIT``) in the list's order, for the
    paginator: their ids sorted in one statement without ``LIMIT``, then a page's rows by id.
    With ``LIMIT``, PostgreSQL walks the sort's index through every commitment to find the few
    chosen ones (200 to 400 ms at 100,000 commitments). The page's rows are read by their ids
    alone: the filters already chose them."""

    def __init__(self, commitments: QuerySet[Commitment], rows: QuerySet[Commitment]) -> None:
        self.commitments, self.rows = commitments, rows

    @cached_property
    def ids(self) -> list[int]:
        return list(self.commitments.prefetch_related(None).values_list("pk", flat=True))

    def count(self) -> int:
        return len(self.ids)

    def __getitem__(self, page: slice) -> list[Commitment]:
        ids = self.ids[page]
        rows = {commitment.pk: commitment for commitment in self.rows.filter(pk__in=ids)}
        return [rows[pk] for pk in ids if pk in rows]


class KeptCount:
    """A list's commitments whose count is kept until the content changes (``COUNT(*)`` of
    100,000 commitments is 5 to 10 ms of every page on PostgreSQL); pages are read as usual."""

    def __init__(self, commitments: QuerySet[Commitment], key: str) -> None:
        self.commitments, self.key = commitments, key

    def count(self) -> int:
        return per_content_version(f"plans.list-count:{self.key}", self.commitments.count)

    def __getitem__(self, page: slice) -> Any:
        return self.commitments[page]


@method_decorator(cache_public_page, name="dispatch")
class CommitmentListView(FilteredCommitmentsMixin, ListView):
    template_name = "plans/commitment_list.html"
    context_object_name = "commitments"
    paginate_by = 40

    def get_queryset(self) -> KeptCount | Chosen:  # type: ignore[override]
        # Words keep the newest COUNT_LIMIT matches, as on the search page (ADR 0013).
        commitments = _for_rows(self.filtered(newest=COUNT_LIMIT))
        if self.filter_form.chose:
            return Chosen(commitments, rows=_for_rows(selectors.commitment_list_public()))
        return KeptCount(commitments, self.query)

    @cached_property
    def query(self) -> str:
        """The list's query string without its page."""
        query = self.request.GET.copy()
        query.pop("page", None)
        return query.urlencode()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        commitments = selectors.attach_tag_links(list(context["object_list"]))
        return {
            **context,
            "commitments": commitments,
            "object_list": commitments,
            "filter_form": self.filter_form,
            "query": self.query,
            "more_than": COUNT_LIMIT if self.filter_form.cut else None,
        }


class CommitmentCsvView(FilteredCommitmentsMixin, View):
    """The same list, all pages, as CSV."""

    def get(self, request: HttpRequest) -> StreamingHttpResponse:
        response = StreamingHttpResponse(
            commitment_csv_rows(self.filtered()), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = 'attachment; filename="commitments.csv"'
        return response


@method_decorator(cache_public_page, name="dispatch")
class CommitmentDetailView(PermissionRequiredMixin, DetailView):
    permission_required = "plans.view_commitment"
    template_name = "plans/commitment_detail.html"
    context_object_name = "commitment"

    def get_object(self, queryset: Any = None) -> Commitment:
        return or_404(
            lambda: selectors.commitment_get_for_user(
                identifier=self.kwargs["identifier"], user=self.request.user
            )
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        updates = list(context["commitment"].progress_updates.all())
        return {
            **context,
            "bars": progress_bars(updates),
            "government_updates": [u for u in updates if not u.is_shadow],
            "shadow_updates": [u for u in updates if u.is_shadow],
            "siblings": selectors.commitment_siblings_public(context["commitment"]),
            "chart": {"width": WIDTH, "height": HEIGHT},
        }


@method_decorator(cache_public_page, name="dispatch")
class CommitmentHistoryView(PermissionRequiredMixin, TemplateView):
    """Every published state of a commitment: what changed, when, by which organisation."""

    permission_required = "plans.view_commitment"
    template_name = "plans/commitment_history.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        commitment, versions = or_404(
            lambda: selectors.commitment_history_public(identifier=self.kwargs["identifier"])
        )
        return {
            **super().get_context_data(**kwargs),
            "commitment": commitment,
            "versions": versions,
        }


@method_decorator(cache_public_page, name="dispatch")
class MemberListView(PermissionRequiredMixin, ListView):
    """OGP's members, national and local, with their plans and commitments counted."""

    permission_required = "plans.view_commitment"
    template_name = "plans/member_list.html"
    context_object_name = "members"
    paginate_by = 50

    def get_queryset(self) -> QuerySet[Member]:
        self.filter_form = MemberFilterForm(self.request.GET or None)
        if self.filter_form.is_valid():
            return selectors.member_list_public(**self.filter_form.cleaned_data)
        return selectors.member_list_public()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        query = self.request.GET.copy()
        query.pop("page", None)
        return {
            **super().get_context_data(**kwargs),
            "filter_form": self.filter_form,
            "query": query.urlencode(),
        }


@method_decorator(cache_public_page, name="dispatch")
class MemberDetailView(PermissionRequiredMixin, TemplateView):
    """An OGP member: its action plans and their commitments (drafts only for its officials)."""

    permission_required = "plans.view_commitment"
    template_name = "plans/member_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        member = or_404(lambda: selectors.member_get_public(slug=self.kwargs["slug"]))
        user = self.request.user
        plans = []
        for plan in member.action_plans.all():
            editor = user.has_perm("plans.add_commitment", plan)
            if plan.status == PlanStatus.DRAFT and not editor:
                continue  # a draft plan is private to the member's officials
            visible = [
                c
                for c in plan.commitments.all()
                if editor or c.status in selectors.PUBLIC_COMMITMENT_STATUSES
            ]
            plans.append({"plan": plan, "commitments": visible, "can_add": editor})
        return {
            **super().get_context_data(**kwargs),
            "member": member,
            "plans": plans,
            "can_add_plan": user.has_perm("plans.add_actionplan", member),
        }


class ActionPlanMixin(PermissionRequiredMixin):
    kwargs: dict[str, Any]

    @cached_property
    def plan(self) -> ActionPlan:
        return or_404(lambda: selectors.action_plan_get(pk=self.kwargs["plan"]))

    def get_permission_object(self) -> ActionPlan:
        return self.plan


class CommitmentCreateView(ActionPlanMixin, ServiceFormMixin, FormView):
    permission_required = "plans.add_commitment"
    template_name = "plans/commitment_form.html"
    form_class = CommitmentForm
    success_message = gettext_lazy("The draft commitment has been saved.")

    def perform(self, form: CommitmentForm) -> Commitment:
        return services.commitment_create(
            action_plan=self.get_permission_object(), data=form.cleaned_data
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "plan": self.get_permission_object()}


class CommitmentMixin(PermissionRequiredMixin):
    kwargs: dict[str, Any]
    request: HttpRequest

    @cached_property
    def commitment(self) -> Commitment:
        return or_404(
            lambda: selectors.commitment_get_for_user(
                identifier=self.kwargs["identifier"], user=self.request.user
            )
        )

    def get_permission_object(self) -> Commitment:
        return self.commitment

    def acting_organisation(self) -> Organisation | None:
        return self.get_permission_object().action_plan.member.government


class CommitmentEditView(CommitmentMixin, ServiceFormMixin, FormView):
    permission_required = "plans.change_commitment"
    template_name = "plans/commitment_form.html"
    form_class = CommitmentForm
    success_message = gettext_lazy("Changes saved.")

    def get_initial(self) -> dict[str, Any]:
        commitment = self.get_permission_object()
        initial = {name: getattr(commitment, name) for name in services.EDITABLE_FIELDS}
        return {**initial, "tags": list(commitment.tags.all())}

    def perform(self, form: CommitmentForm) -> Commitment:
        return services.commitment_update(
            commitment=self.get_permission_object(),
            data=form.cleaned_data,
            organisation=self.acting_organisation(),
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "commitment": self.get_permission_object()}


class CommitmentTransitionView(CommitmentMixin, View):
    """POST-only: move the commitment to ``target``; each subclass names its permission."""

    target: str

    def post(self, request: HttpRequest, identifier: str) -> HttpResponse:
        commitment = self.get_permission_object()
        try:
            services.commitment_transition(
                commitment=commitment, target=self.target, organisation=self.acting_organisation()
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The commitment's status has been changed."))
        return redirect(commitment)


class CommitmentSubmitView(CommitmentTransitionView):
    permission_required = "plans.submit_commitment"
    target = CommitmentStatus.SUBMITTED


class CommitmentPublishView(CommitmentTransitionView):
    permission_required = "plans.publish_commitment"
    target = CommitmentStatus.PUBLISHED


class CommitmentWithdrawView(CommitmentTransitionView):
    permission_required = "plans.withdraw_commitment"
    target = CommitmentStatus.WITHDRAWN


class ProgressReportView(CommitmentMixin, ServiceFormMixin, FormView):
    """Officials report progress; members of co-owning organisations publish shadow reports."""

    permission_required = "plans.report_progress"
    template_name = "plans/progress_form.html"
    form_class = ProgressForm
    success_message = gettext_lazy("The progress report has been published.")

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "commitment": self.get_permission_object()}

    def get_initial(self) -> dict[str, Any]:
        return {"reported_on": timezone.localdate()}

    def reporting_organisation(self) -> Organisation | None:
        organisation: Organisation | None = selectors.progress_organisation_for_user(
            commitment=self.get_permission_object(), user=self.request.user
        )
        return organisation

    def perform(self, form: ProgressForm) -> Commitment:
        commitment = self.get_permission_object()
        organisation = self.reporting_organisation()
        data = form.cleaned_data
        links = [(data["evidence_title"], data["evidence_url"])] if data["evidence_url"] else []
        file_title = data["evidence_file_title"] or ("" if links else data["evidence_title"])
        uploads = [(file_title, data["evidence_file"])] if data["evidence_file"] else []
        if organisation is None:
            raise ValidationError(_("You report for no organisation linked to this commitment."))
        services.progress_report(
            commitment=commitment,
            organisation=organisation,
            author=self.request.user,
            data=data,
            evidence_links=links,
            evidence_files=uploads,
        )
        return commitment

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {
            **super().get_context_data(**kwargs),
            "commitment": self.get_permission_object(),
            "organisation": self.reporting_organisation(),
        }


class EvidenceDownloadView(PermissionRequiredMixin, View):
    """An evidence file, as an attachment with the type read from its content: public for
    published and withdrawn commitments, 404 otherwise. Never served from MEDIA_URL."""

    permission_required = "plans.view_evidence"
    kwargs: dict[str, Any]

    @cached_property
    def evidence(self) -> Evidence:
        evidence = or_404(
            lambda: selectors.evidence_file_get_for_user(
                pk=self.kwargs["pk"], user=self.request.user
            )
        )
        if evidence.download_name != self.kwargs["filename"]:
            raise Http404
        return evidence

    def get_permission_object(self) -> Commitment:
        return self.evidence.update.commitment

    def get(self, request: HttpRequest, pk: int, filename: str) -> FileResponse:
        evidence = self.evidence
        try:
            content = evidence.file.open("rb")
        except FileNotFoundError as exc:
            raise Http404 from exc
        response = FileResponse(content, content_type=evidence.content_type)
        response["Content-Disposition"] = attachment_header(evidence.download_name)
        response["X-Content-Type-Options"] = "nosniff"
        response["Content-Security-Policy"] = "sandbox"
        return response
