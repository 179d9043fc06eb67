"""Refresh the README's pictures (docs/screenshots/) from the end-to-end journey.

    .venv/bin/python scripts/screenshots.py

Runs tests/e2e/test_journey.py's laptop journey against a live server with fictional
data, saving the top of six pages as PNG. Every step's full-page picture is also in
test-output/journey-laptop/ after any test run.
"""

import os
import subprocess  # noqa: S404 - runs our own test suite
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FOLDER = ROOT / "docs" / "screenshots"

if __name__ == "__main__":
    FOLDER.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(  # noqa: S603
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "tests/e2e/test_journey.py::test_a_facilitated_session_start_to_finish",
        ],
        cwd=ROOT,
        env={**os.environ, "GENIE_DOCS_SCREENSHOTS": str(FOLDER)},
        check=False,
    )
    for picture in sorted(FOLDER.glob("*.png")):
        print(f"{picture.relative_to(ROOT)}: {picture.stat().st_size // 1024} KB")
    sys.exit(result.returncode)
