from django.apps import AppConfig


class TaxonomyConfig(AppConfig):
    name = "openplan.taxonomy"
    label = "taxonomy"
    verbose_name = "Vocabulary registry"

    def ready(self) -> None:
        from openplan.core.pagecache import watch
        from openplan.taxonomy import models

        watch(models.Scheme, models.SchemeVersion, models.Concept)
