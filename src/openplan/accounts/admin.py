from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from openplan.accounts.models import Invitation, Membership, Organisation, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "display_name", "pseudonym", "is_superuser", "date_joined"]
    search_fields = ["email", "display_name", "pseudonym"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Public", {"fields": ("display_name", "preferred_language")}),
        ("Roles", {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"fields": ("email", "password1", "password2")}),)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "org_type", "is_verified", "created_at"]
    list_filter = ["org_type", "is_verified"]
    search_fields = ["name", "slug"]
    inlines = [MembershipInline]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["organisation", "email", "role", "status", "expires_at"]
    list_filter = ["status"]
    readonly_fields = ["token_hash"]
