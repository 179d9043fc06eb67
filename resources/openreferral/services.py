"""Imports: the dry run, kept with its report, and the all-or-nothing commit."""

import hashlib
import json

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from resources.locator import PostcodeLocator
from resources.models import ImportRun
from resources.openreferral.commit import apply_plan
from resources.openreferral.plan import ImportPlan, plan_import
from resources.openreferral.reading import read_file

# The preview page lists at most this many rows of each kind (the counts are exact).
REPORT_LIMIT = 500


def max_import_bytes() -> int:
    """The size limit of a directory file, the same for every way in (settings)."""
    return settings.RESOURCE_IMPORT_MAX_MB * 1024 * 1024


def too_large_message() -> str:
    return f"The file is larger than {settings.RESOURCE_IMPORT_MAX_MB} MB: split it into parts."


class ImportAlreadyCommitted(Exception):  # noqa: N818 - an outcome the view explains
    pass


def import_plan(*, content: bytes | str, source: str, locator: PostcodeLocator) -> ImportPlan:
    """The dry run: reads the file and compares it with the database. Writes nothing."""
    _text, parsed = read_file(content)
    return plan_import(parsed, source=source, locator=locator)


def import_report(plan: ImportPlan) -> dict:
    """What the preview page shows, kept as JSON on the import run."""
    signature = json.dumps(plan.signature()).encode()
    report = {
        **plan.summary(),
        "signature": hashlib.sha256(signature).hexdigest(),
        "create_list": [
            {"ref": p.record.ref, "name": p.record.name, "id": p.record.external_id}
            for p in plan.create[:REPORT_LIMIT]
        ],
        "update_list": [
            {
                "ref": p.record.ref,
                "name": p.record.name,
                "id": p.record.external_id,
                "changes": p.changes,
            }
            for p in plan.update[:REPORT_LIMIT]
        ],
        "rejected_list": [
            {"ref": r.ref, "message": r.message} for r in plan.rejected[:REPORT_LIMIT]
        ],
        "warning_list": [
            {"ref": w.ref, "message": w.message} for w in plan.warnings[:REPORT_LIMIT]
        ],
        "needs_location_list": [
            {"ref": ref, "name": name} for ref, name in plan.needs_location[:REPORT_LIMIT]
        ],
        "unmapped_term_list": [
            {"term": term, "count": count} for term, count in plan.unmapped_terms[:REPORT_LIMIT]
        ],
    }
    return _without_nul(report)


def _without_nul(value):
    # Quoted file values may hold NUL characters, which PostgreSQL cannot store.
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, list):
        return [_without_nul(item) for item in value]
    if isinstance(value, dict):
        return {key: _without_nul(item) for key, item in value.items()}
    return value


def import_run_create(
    *, content: bytes, filename: str, source: str, user, locator: PostcodeLocator
) -> ImportRun:
    """Keeps an uploaded file server-side with its dry-run report; ImportFileError if unreadable."""
    text, parsed = read_file(content)
    plan = plan_import(parsed, source=source, locator=locator)
    # Previews nobody committed are only useful for a day.
    ImportRun.objects.filter(
        status=ImportRun.Status.PREVIEWED,
        created_at__lt=timezone.now() - timezone.timedelta(days=1),
    ).delete()
    return ImportRun.objects.create(
        source=source,
        filename=filename.replace("\x00", "")[:255],
        content=text,
        sha256=hashlib.sha256(content).hexdigest(),
        summary=import_report(plan),
        created_by=user,
    )


@transaction.atomic
def import_run_commit(*, run_id, locator: PostcodeLocator) -> tuple[ImportRun, bool]:
    """Imports a previewed file, all or nothing.

    Returns (run, committed). If the directory changed since the preview, nothing is
    written: the run gets a fresh report and committed is False.
    """
    run = ImportRun.objects.select_for_update().get(pk=run_id)
    if run.status == ImportRun.Status.COMMITTED:
        raise ImportAlreadyCommitted
    plan = import_plan(content=run.content, source=run.source, locator=locator)
    report = import_report(plan)
    if report["signature"] != run.summary.get("signature"):
        run.summary = report
        run.save(update_fields=["summary"])
        return run, False
    apply_plan(plan)
    run.status = ImportRun.Status.COMMITTED
    run.committed_at = timezone.now()
    run.content = ""
    run.save(update_fields=["status", "committed_at", "content"])
    return run, True


@transaction.atomic
def import_file_commit(
    *, content: bytes, filename: str, source: str, user, locator: PostcodeLocator
) -> ImportPlan:
    """Imports a file in one step (the management command's --commit), all or nothing."""
    plan = import_plan(content=content, source=source, locator=locator)
    apply_plan(plan)
    ImportRun.objects.create(
        source=source,
        filename=filename[:255],
        sha256=hashlib.sha256(content).hexdigest(),
        status=ImportRun.Status.COMMITTED,
        summary=import_report(plan),
        created_by=user,
        committed_at=timezone.now(),
    )
    return plan
