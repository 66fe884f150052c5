from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "openplan.core"
    label = "core"
    verbose_name = "OpenPlan core"
