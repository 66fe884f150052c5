from django.apps import AppConfig


class OpendataConfig(AppConfig):
    name = "openplan.opendata"
    label = "opendata"
    verbose_name = "Open data"
