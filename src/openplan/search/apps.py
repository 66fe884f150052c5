from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "openplan.search"
    label = "search"
    verbose_name = "Search"
