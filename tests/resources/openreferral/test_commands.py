"""import_resources and export_resources: dry run by default, commit on request, round trip."""

import io

import pytest
from django.core.management import CommandError, call_command

from resources.models import Service
from tests.resources.factories import service_at
from tests.resources.openreferral.test_importing import GOOD_CSV


def run(*args):
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_import_is_a_dry_run_unless_committed(db, tmp_path):
    path = tmp_path / "directory.csv"
    path.write_text(GOOD_CSV)
    output = run("import_resources", str(path), "--source", "Council")
    assert "Would import from csv: 2 new" in output
    assert "line 3: Sing for joy (kept, flagged “needs location”)" in output
    assert "unmapped  category term “Singing”" in output
    assert not Service.objects.exists()
    output = run("import_resources", str(path), "--source", "Council", "--commit")
    assert "Imported from csv: 2 new" in output
    assert Service.objects.count() == 2
    assert "0 new, 0 changed, 2 unchanged" in run(
        "import_resources", str(path), "--source", "Council"
    )


def test_import_reports_unreadable_files(db, tmp_path):
    path = tmp_path / "feed.json"
    path.write_bytes(b'{"content": [')
    with pytest.raises(CommandError, match="not complete JSON"):
        run("import_resources", str(path), "--source", "Council", "--commit")
    with pytest.raises(CommandError, match="Cannot read"):
        run("import_resources", str(tmp_path / "missing.csv"), "--source", "Council")
    with pytest.raises(CommandError, match="not both"):
        run("import_resources", str(path), "--source", "C", "--commit", "--dry-run")


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_export_then_import_changes_nothing(db, tmp_path, fmt):
    service_at(name="Walk")
    path = tmp_path / f"listings.{fmt}"
    call_command("export_resources", "--format", fmt, "--output", str(path), stderr=io.StringIO())
    output = run("import_resources", str(path), "--source", "Backup", "--commit")
    assert "0 new, 0 changed, 1 unchanged, 0 rejected" in output
    assert "Walk" in run("export_resources", "--format", fmt)


def test_import_has_the_same_configurable_size_limit_as_the_upload(db, tmp_path, settings):
    settings.RESOURCE_IMPORT_MAX_MB = 1
    path = tmp_path / "big.csv"
    path.write_text(GOOD_CSV + "\n" * (1024 * 1024))
    with pytest.raises(CommandError, match="larger than 1 MB"):
        run("import_resources", str(path), "--source", "Council", "--commit")
    assert not Service.objects.exists()
    settings.RESOURCE_IMPORT_MAX_MB = 2
    assert "Imported from csv: 2 new" in run(
        "import_resources", str(path), "--source", "Council", "--commit"
    )


def test_the_admin_upload_uses_the_same_setting(admin_client, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    settings.RESOURCE_IMPORT_MAX_MB = 1
    response = admin_client.post(
        reverse("admin:resources_service_import"),
        {
            "file": SimpleUploadedFile("big.csv", (GOOD_CSV + "\n" * (1024 * 1024)).encode()),
            "source": "Council",
        },
    )
    assert "larger than 1 MB" in response.content.decode()
