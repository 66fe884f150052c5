from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "openplan.plans"
    label = "plans"
    verbose_name = "Action plans and commitments"

    def ready(self) -> None:
        from openplan.core.pagecache import watch
        from openplan.plans import models
        from openplan.plans.search_index import register_all

        register_all()
        watch(
            models.Member, models.ActionPlan, models.Commitment, models.Milestone,
            models.ProgressUpdate, models.Evidence, models.CommitmentVersion,
        )  # fmt: skip
