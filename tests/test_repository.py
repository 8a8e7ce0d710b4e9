"""The repository's own workflow files: CI workflows that lint clean and call targets that exist,
the pre-commit hook, the contributing guide's field reference, and the package's layout."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import yaml

from factdesk.data import fields

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


PACKAGE = REPO / "src" / "factdesk"
# The modules that stay at the package's top: entry points whose import paths publications name.
TOP_LEVEL = {"__init__", "__main__", "cli", "builds", "mkdocs_adapter", "safe_markdown"}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    return found | {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module}


def test_the_package_is_grouped_and_only_the_adapter_imports_mkdocs():
    modules = sorted(path for path in PACKAGE.rglob("*.py") if "starter" not in path.relative_to(PACKAGE).parts)
    groups = {path.parent.name for path in modules if path.parent != PACKAGE}
    assert groups == {"data", "languages", "site", "open_data", "editions", "editors", "outputs"}
    assert {path.stem for path in modules if path.parent == PACKAGE} == TOP_LEVEL
    importers = {path.relative_to(PACKAGE).as_posix() for path in modules
                 if any(name.split(".")[0] in ("mkdocs", "material") for name in _imports(path))}
    assert importers == {"mkdocs_adapter.py"}
    # Every group is documented where a newcomer looks, and the tests mirror the groups that have any.
    architecture = (REPO / "ARCHITECTURE.md").read_text(encoding="utf-8")
    assert all(f"  {group}/" in architecture for group in groups)
    assert {path.name for path in (REPO / "tests").iterdir() if path.is_dir()} >= groups - {"outputs"}
