from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "openplan.accounts"
    label = "accounts"
    verbose_name = "Accounts and organisations"

    def ready(self) -> None:
        from openplan.accounts.predicates import holds_staff_role
        from openplan.core import permissions

        if holds_staff_role not in permissions.staff_role_check:
            permissions.staff_role_check.append(holds_staff_role)

        from openplan.accounts.models import Membership, Organisation
        from openplan.core.pagecache import watch

        watch(Organisation, Membership)
