from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "openplan.plans"
    label = "plans"
    verbose_name = "Action plans and commitments"
