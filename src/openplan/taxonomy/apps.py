from django.apps import AppConfig


class TaxonomyConfig(AppConfig):
    name = "openplan.taxonomy"
    label = "taxonomy"
    verbose_name = "Vocabulary registry"
