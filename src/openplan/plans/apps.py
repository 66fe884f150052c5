from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "openplan.plans"
    label = "plans"
    verbose_name = "Action plans and commitments"

    def ready(self) -> None:
        from openplan.plans.search_index import register_all

        register_all()
