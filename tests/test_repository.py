"""The repository's own workflow files: CI workflows that lint clean and call targets that exist,
the pre-commit hook, and the contributing guide's field reference."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import yaml

from factdesk import fields

from .conftest import REPO
from .html_pages import HtmlPage

WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))


def test_workflows_validate_against_the_github_workflow_schema():
    assert WORKFLOWS
    done = subprocess.run([Path(sys.executable).parent / "check-jsonschema", "--builtin-schema",
                           "vendor.github-workflows", *map(str, WORKFLOWS)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_every_make_target_the_workflows_call_exists():
    targets = {m for path in WORKFLOWS for m in re.findall(r"\bmake (?:--silent )?([a-z-]+)", path.read_text())}
    assert {"check-pr", "test", "site", "diff"} <= targets
    for target in targets:
        done = subprocess.run(["make", "-n", target], cwd=REPO, capture_output=True, text=True)
        assert done.returncode == 0, f"make {target}: {done.stderr}"


def test_pre_commit_runs_the_checks_on_claims_and_sources():
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text())
    hook = config["repos"][0]["hooks"][0]
    assert hook["entry"] == ".venv/bin/factdesk check"
    for path in ("claims/a.yml", "sources/b.txt", "factdesk.yml"):
        assert re.search(hook["files"], path)
    assert not re.search(hook["files"], "docs/index.md")


def test_contributing_guide_lists_every_field(built_publication):
    page = HtmlPage(built_publication.site / "contributing" / "index.html")
    for spec in (fields.CLAIM, fields.SOURCE, fields.APPEARANCE, fields.EVIDENCE, fields.CORRECTION, fields.RETRACTION):
        for field in spec.fields:
            assert f"<code>{field.name}</code>" in page.article(), (spec.name, field.name)
