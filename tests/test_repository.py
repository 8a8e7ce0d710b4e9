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


WRITE_SCOPES = {"contents", "pull-requests", "pages", "id-token", "actions", "checks", "deployments", "issues",
                "packages", "statuses", "security-events"}


def test_no_job_that_builds_the_files_holds_a_credential_that_writes():
    """Building a pull request runs what it holds: its job may keep no token in the working tree
    (.git/config) and hold none that writes; a job that writes checks out nothing."""
    builders = 0
    for path in WORKFLOWS:
        workflow = yaml.safe_load(path.read_text())
        top = workflow.get("permissions", {})
        assert all(top.get(scope) in (None, "read", "none") for scope in WRITE_SCOPES), (path.name, top)
        for name, job in workflow["jobs"].items():
            steps = job.get("steps", [])
            checkouts = [step for step in steps if str(step.get("uses", "")).startswith("actions/checkout@")]
            granted = {scope for scope, level in job.get("permissions", top).items() if level == "write"}
            runs = " ".join(str(step.get("run", "")) for step in steps)
            for checkout in checkouts:
                assert checkout.get("with", {}).get("persist-credentials") is False, (path.name, name)
            if re.search(r"\bmake\b", runs):
                builders += 1
                assert not granted, f"{path.name}: job {name} builds the files and may write {granted}"
            if granted:
                assert not checkouts, f"{path.name}: job {name} may write {granted} and checks out the files"
    assert builders >= 2


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
