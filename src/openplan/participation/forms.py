from __future__ import annotations

from typing import TYPE_CHECKING

from django import forms
from django.utils.translation import gettext_lazy as _

from openplan.participation.models import (
    BODY_MAX,
    COMMENT_MAX,
    OFFLINE_CHANNELS,
    REASON_MAX,
    SIGNER_NAME_MAX,
    TITLE_MAX,
    MeetingKind,
    Proposal,
    ResponseKind,
)
from openplan.participation.models.meetings import ADDRESS_MAX
from openplan.participation.phases import Action
from openplan.participation.spam import HoneypotForm
from openplan.participation.states import Moderation
from openplan.plans.forms import TAG_SCHEMES, GroupedCheckboxes, tag_choices
from openplan.plans.models import Commitment
from openplan.taxonomy.models import Concept

if TYPE_CHECKING:  # django-stubs, a development dependency
    from django_stubs_ext import StrOrPromise

MARKDOWN_HINT = _("You can use Markdown: *emphasis*, **strong**, lists, [links](https://…).")


class ProposalForm(HoneypotForm):
    # Lengths are checked by the services, with a message that says how long the text is.
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX * 2)
    body = forms.CharField(
        label=_("Your proposal"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=BODY_MAX * 2,
        help_text=MARKDOWN_HINT,
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        tags = forms.ModelMultipleChoiceField(
            label=_("Topics"),
            queryset=Concept.objects.filter(scheme__slug__in=TAG_SCHEMES),
            required=False,
            widget=GroupedCheckboxes,
            help_text=_("Optional: the policy areas and values your proposal is about."),
        )
        tags.choices = tag_choices()
        self.fields["tags"] = tags
        self.order_fields(["title", "body", "tags", "website"])


class CommentForm(HoneypotForm):
    body = forms.CharField(
        label=_("Your comment"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=COMMENT_MAX * 2,
        help_text=MARKDOWN_HINT,
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)
    field_order = ["body", "parent", "website"]


class FlagForm(forms.Form):
    reason = forms.CharField(
        label=_("What is wrong with it?"),
        max_length=REASON_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ModerationForm(forms.Form):
    reason = forms.CharField(
        label=_("Public reason"),
        max_length=REASON_MAX,
        required=False,
        help_text=_("Shown in place of the content and in the public moderation log."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ResponseForm(forms.Form):
    kind = forms.ChoiceField(label=_("Answer"), choices=ResponseKind.choices)
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 5}), max_length=BODY_MAX
    )
    commitments = forms.ModelMultipleChoiceField(
        label=_("Commitments it became"),
        queryset=Commitment.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: object, member_id: int, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        field: forms.ModelMultipleChoiceField = self.fields["commitments"]  # type: ignore[assignment]
        field.queryset = Commitment.objects.filter(action_plan__member_id=member_id).order_by(
            "identifier"
        )


class ConsultationForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX)
    description = forms.CharField(
        label=_("What you ask, and what happens with the answers"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=BODY_MAX,
        required=False,
        help_text=MARKDOWN_HINT,
    )
    petition_threshold = forms.IntegerField(
        label=_("Signatures a petition needs before you must answer it"),
        min_value=1,
        max_value=10_000_000,
        required=False,
        help_text=_("Leave empty for the platform's default."),
    )


class PetitionForm(HoneypotForm):
    # Lengths are checked by the services, with a message that says how long the text is.
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX * 2)
    body = forms.CharField(
        label=_("What you ask for, and why"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=BODY_MAX * 2,
        help_text=MARKDOWN_HINT,
    )
    field_order = ["title", "body", "website"]


class SignatureForm(HoneypotForm):
    name = forms.CharField(
        label=_("Your name (optional)"),
        max_length=SIGNER_NAME_MAX * 2,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    show_name = forms.BooleanField(label=_("Show my name on the petition's page"), required=False)
    email = forms.CharField(
        label=_("Your email address"),
        max_length=320,
        help_text=_(
            "We send you a link to confirm your signature: it counts once you have opened it. "
            "Your address is never shown or published."
        ),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    field_order = ["name", "show_name", "email", "website"]


class PetitionAnswerForm(forms.Form):
    text = forms.CharField(
        label=_("Your organisation's answer"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=BODY_MAX * 2,
        help_text=MARKDOWN_HINT,
    )


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"


def date_time_field(label: StrOrPromise) -> forms.DateTimeField:
    """A date and time as the browser's ``datetime-local`` field sends it (or typed with a
    space, without JavaScript or in an older browser)."""
    return forms.DateTimeField(
        label=label,
        widget=DateTimeInput(format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )


class PhaseForm(forms.Form):
    name = forms.CharField(label=_("Name of the phase"), max_length=120)
    start = date_time_field(_("Starts"))
    end = date_time_field(_("Ends (the phase is closed from this moment)"))
    actions = forms.MultipleChoiceField(
        label=_("What people can do in this phase"),
        choices=Action.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class MeetingForm(forms.Form):
    # Lengths and the place or link each kind needs are checked by the service.
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX * 2)
    kind = forms.ChoiceField(
        label=_("How people meet"), choices=MeetingKind.choices, widget=forms.RadioSelect
    )
    start = date_time_field(_("Starts"))
    end = date_time_field(_("Ends"))
    address = forms.CharField(
        label=_("Place"),
        max_length=ADDRESS_MAX,
        required=False,
        help_text=_("For a meeting in person: the address, and how to find the room."),
    )
    online_url = forms.CharField(
        label=_("Link to join online"),
        max_length=500,
        required=False,
        help_text=_("For an online meeting: the address of the video call."),
    )
    capacity = forms.IntegerField(
        label=_("Places"),
        required=False,
        help_text=_("Leave empty for no limit. When the places are taken, people can join a "
                    "waiting list."),
    )  # fmt: skip
    agenda = forms.CharField(
        label=_("Agenda"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=BODY_MAX * 2,
        required=False,
        help_text=MARKDOWN_HINT,
    )


class MeetingCloseForm(forms.Form):
    minutes = forms.CharField(
        label=_("Minutes"),
        widget=forms.Textarea(attrs={"rows": 10}),
        max_length=BODY_MAX * 10,
        required=False,
        help_text=MARKDOWN_HINT,
    )
    attendees = forms.IntegerField(label=_("How many people attended"), required=False)
    organisations = forms.IntegerField(
        label=_("How many organisations they represented"),
        required=False,
        help_text=_("Optional."),
    )
    proposals = forms.ModelMultipleChoiceField(
        label=_("Proposals born at this meeting"),
        queryset=Proposal.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: object, consultation_id: int, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        field: forms.ModelMultipleChoiceField = self.fields["proposals"]  # type: ignore[assignment]
        field.queryset = Proposal.objects.filter(
            consultation_id=consultation_id, moderation=Moderation.VISIBLE
        ).order_by("-created_at", "-pk")


class DateInput(forms.DateInput):
    input_type = "date"


def _scan_field() -> forms.FileField:
    from django.conf import settings

    from openplan.core import files
    from openplan.participation.services.offline import SCAN_KINDS

    return forms.FileField(
        label=_("Scan (optional)"),
        required=False,
        widget=forms.FileInput(
            attrs={"accept": ",".join(e for kind in SCAN_KINDS for e in kind.extensions)}
        ),
        help_text=_(
            "Accepted types: %(types)s; at most %(limit)s MB. Only the consultation's "
            "coordinators can open it: it may hold the person's name or address."
        )
        % {
            "types": files.kinds_label(SCAN_KINDS),
            "limit": files.megabytes(settings.OPENPLAN_EVIDENCE_MAX_BYTES),
        },
    )


class OfflineReceiptForm(forms.Form):
    """How and when offline input was received (the service checks the date and the scan)."""

    channel = forms.ChoiceField(
        label=_("Received by"), choices=[("", "—"), *OFFLINE_CHANNELS], required=False
    )
    received_on = forms.DateField(
        label=_("Received on"),
        required=False,
        widget=DateInput(format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d"],
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["scan"] = _scan_field()


class OfflineProposalForm(OfflineReceiptForm):
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX * 2)
    body = forms.CharField(
        label=_("The proposal"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=BODY_MAX * 2,
        help_text=_("As the person wrote or said it."),
    )
    author_name = forms.CharField(label=_("The author's name"), max_length=400, required=False)
    name_consent = forms.BooleanField(
        label=_("The author agreed to the publication of their name"),
        required=False,
        help_text=_('Without this agreement the name is not kept: "offline participant" is shown.'),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        tags = forms.ModelMultipleChoiceField(
            label=_("Topics"),
            queryset=Concept.objects.filter(scheme__slug__in=TAG_SCHEMES),
            required=False,
            widget=GroupedCheckboxes,
        )
        tags.choices = tag_choices()
        self.fields["tags"] = tags
        self.order_fields(
            ["channel", "received_on", "title", "body", "tags", "author_name", "name_consent"]
        )


class OfflineSupportsForm(OfflineReceiptForm):
    supports = forms.IntegerField(label=_("Number of supports"), min_value=1, required=True)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.order_fields(["channel", "received_on", "supports"])
