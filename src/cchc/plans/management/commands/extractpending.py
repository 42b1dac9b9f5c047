"""Extract the uploaded plans still waiting: cron (or a worker loop) runs it every minute.

    cchc manage extractpending                    # queued plans, and running ones silent
                                                  # for CCHC_EXTRACT_STALE_MINUTES
    cchc manage extractpending --stale-minutes 5

For a deployment that sets CCHC_EXTRACT_BY_COMMAND=1 (uploads are only
queued), this is the extraction worker; otherwise it takes over extractions a
restarted web process left behind. Each plan is claimed before it runs, so two
runs at once (or a run and the web process's thread) never extract one plan
twice. A document that cannot be extracted is the uploader's to fix (the plan
page shows why): it is counted, not an error of the command.
"""

from django.core.management.base import BaseCommand

from cchc.plans import services
from cchc.plans.models import Plan


class Command(BaseCommand):
    help = "Trích xuất các kế hoạch đã tải lên còn đang chờ (hoặc bị gián đoạn)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--stale-minutes",
            type=int,
            default=None,
            help="re-run a running extraction silent for this long (default CCHC_EXTRACT_STALE_MINUTES)",
        )

    def handle(self, *args, stale_minutes=None, **options):
        done = failed = 0
        pending = services.pending_plans(stale_minutes).values_list("pk", flat=True)
        for plan_pk in list(pending):
            plan = services.run_pending(plan_pk, stale_minutes)
            if plan is None:  # claimed by somebody else meanwhile
                continue
            if plan.extraction == Plan.Extraction.DONE:
                done += 1
                self.stdout.write(f"plan {plan.pk}: {plan.tasks.count()} tasks")
            else:
                failed += 1
                self.stdout.write(f"plan {plan.pk}: {plan.extraction_error}")
        self.stdout.write(f"extracted={done} failed={failed}")
