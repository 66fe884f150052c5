from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "openplan.web"
    label = "web"
    verbose_name = "Web pages"
