"""Background jobs of plans: the extraction of an uploaded document (OCR included).

A job that fails for good — it raised in every attempt, or its worker was killed
every time (a document that exhausts the worker's memory) — leaves the plan
*failed* with a Vietnamese reason, never *running* for ever.
"""

from __future__ import annotations

from django.dispatch import receiver
from django.utils.translation import gettext as _
from django_tasks import task
from django_tasks_db.compat import TaskResultStatus, task_finished

from cchc.plans import services
from cchc.plans.models import Plan


@task()
def extract_plan(plan_pk: int) -> str:
    """Extract the plan's document into its draft; the plan records every step."""
    plan = services.claim_extraction(plan_pk)
    if plan is None:  # extracted already, or deleted
        return "skipped"
    services.run_extraction(plan)
    return plan.extraction


@receiver(task_finished, dispatch_uid="plans_extraction_failed")
def _record_final_failure(sender, task_result, **kwargs) -> None:
    if (
        task_result.status != TaskResultStatus.FAILED
        or task_result.task.func is not extract_plan.func
    ):
        return
    Plan.objects.filter(
        pk=task_result.args[0], extraction__in=(Plan.Extraction.QUEUED, Plan.Extraction.RUNNING)
    ).update(
        extraction=Plan.Extraction.FAILED,
        extraction_step=Plan.ExtractionStep.NONE,
        extraction_error=_(
            "The extraction stopped before the end several times (the document may be too "
            "large or damaged). Please tell the system administrator."
        ),
    )
