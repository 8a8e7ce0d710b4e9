"""`factdesk build` and `factdesk serve`: a publication built and previewed by the package's own
commands, in a copy of the invented publication of tests/fixtures/mini (no Makefile)."""

from __future__ import annotations

import subprocess
import sys
import urllib.request
from pathlib import Path

from factdesk.builds import missing_libraries

from .conftest import MINI, build_environment, copy_project
from .waiting import free_port, running, wait_until


def factdesk(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "factdesk", *args, "--root", str(root)], capture_output=True,
                          text=True, env=build_environment(), timeout=600)


def test_build_makes_the_pdf_the_offline_edition_and_the_site_that_links_both(tmp_path):
    project = copy_project(tmp_path / "desk", MINI)
    done = factdesk(project, "build")
    assert done.returncode == 0, done.stdout + done.stderr
    steps = [line for line in done.stdout.splitlines() if line.startswith("factdesk build:")]
    assert steps == ["factdesk build: the PDF edition", "factdesk build: the offline edition, "
                     "build/offline/factdesk-offline", "factdesk build: the site"]
    assert (project / "build" / "factdesk.pdf").read_bytes().startswith(b"%PDF-")
    assert (project / "build" / "factdesk-offline.zip").is_file()
    home = (project / "site" / "index.html").read_text(encoding="utf-8")
    assert 'href="factdesk.pdf"' in home and 'href="factdesk-offline.zip"' in home
    assert (project / "site" / "factdesk.pdf").is_file() and (project / "site" / "factdesk-offline.zip").is_file()


def test_build_stops_at_the_first_step_that_fails(tmp_path):
    project = copy_project(tmp_path / "desk", MINI)
    claim = project / "claims" / "budget-doubled.yml"
    claim.write_text(claim.read_text(encoding="utf-8").replace("verdict: unproven", "verdict: unprovn"))
    done = factdesk(project, "build")
    assert done.returncode == 1 and "did you mean `unproven`?" in done.stderr
    assert not (project / "site").exists() and not (project / "build" / "factdesk-offline.zip").exists()
    assert factdesk(tmp_path / "elsewhere", "build").returncode == 2


def test_a_missing_system_library_is_named_with_what_installs_it():
    everything = missing_libraries(lambda name: f"lib{name}.so")
    assert everything == []
    [pango] = missing_libraries(lambda name: None if name.startswith("pango") else f"lib{name}.so")
    assert pango == ("Pango is missing, which the PDF edition (WeasyPrint lays it out with it) needs: install it, "
                     "on Debian or Ubuntu with `sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0`, "
                     "on macOS with `brew install pango`")
    # Without the PDF edition, only what the site needs is asked for.
    assert [message.split()[0] for message in missing_libraries(lambda name: None, pdf=False)] == ["Cairo"]


def test_serve_previews_the_publication(tmp_path):
    project = copy_project(tmp_path / "desk", MINI)
    address = f"127.0.0.1:{free_port()}"

    def answers() -> bool:
        try:
            with urllib.request.urlopen(f"http://{address}/claims/budget-doubled/", timeout=5) as response:
                return b"budget" in response.read()
        except OSError:
            return False

    with running([sys.executable, "-m", "factdesk", "serve", "--root", str(project), "--dev-addr", address],
                 tmp_path / "serve.log", env=build_environment()) as server:
        assert wait_until(lambda: answers() or server.poll() is not None), (tmp_path / "serve.log").read_text()
        assert server.poll() is None, (tmp_path / "serve.log").read_text()
