from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from openplan.accounts.models import MembershipRole, Organisation, User


class ProfileForm(forms.Form):
    """A plain form, not a ModelForm, so that validation never writes onto request.user."""

    display_name = User._meta.get_field("display_name").formfield()
    preferred_language = User._meta.get_field("preferred_language").formfield()


class OrganisationForm(forms.ModelForm):
    website = forms.URLField(
        label=_("website"), max_length=300, required=False, assume_scheme="https"
    )

    class Meta:
        model = Organisation
        fields = ["name", "org_type", "description", "website"]
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}


class OrganisationEditForm(forms.ModelForm):
    website = OrganisationForm.base_fields["website"]

    class Meta:
        model = Organisation
        fields = ["name", "description", "website"]
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("Email address"), max_length=320)
    role = forms.ChoiceField(
        label=_("Role"), choices=MembershipRole.choices, initial=MembershipRole.MEMBER
    )


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=MembershipRole.choices)


class AccountDeleteForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("To confirm that it is you."),
    )
    confirm = forms.BooleanField(
        label=_("I understand that my account and personal data will be erased for good."),
    )

    def __init__(self, *args: object, user: User, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.user = user

    def clean_password(self) -> str:
        password: str = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("That is not your password."), code="wrong_password")
        return password
