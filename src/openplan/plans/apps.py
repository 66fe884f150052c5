from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "openplan.plans"
    label = "plans"
    verbose_name = "Action plans and commitments"

    def ready(self) -> None:
        from openplan.core import personal_data
        from openplan.core.pagecache import watch
        from openplan.plans import models
        from openplan.plans.search_index import register_all
        from openplan.plans.selectors import progress_updates_by_author

        register_all()
        personal_data.register("progress_updates_written", progress_updates_by_author)
        watch(
            models.Member, models.ActionPlan, models.Commitment, models.Milestone,
            models.ProgressUpdate, models.Evidence, models.CommitmentVersion,
        )  # fmt: skip
