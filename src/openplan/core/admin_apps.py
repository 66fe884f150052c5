from django.contrib.admin.apps import AdminConfig


class OpenPlanAdminConfig(AdminConfig):
    """Django admin with :class:`~openplan.core.admin_site.OpenPlanAdminSite` as its site."""

    default_site = "openplan.core.admin_site.OpenPlanAdminSite"
