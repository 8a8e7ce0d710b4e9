"""`factdesk init`: a new publication that passes the checks and the strict build straight away,
with nothing of this repository but the installed package."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import yaml

from factdesk.data.fields import FILE_FORMAT
from factdesk.data.loader import load_publication

from ..conftest import REPO, mkdocs_build


def factdesk(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "factdesk", *args], capture_output=True, text=True, cwd=cwd,
                          timeout=300)


def test_a_new_publication_with_its_example_checks_and_builds(tmp_path: Path):
    desk = tmp_path / "harbour-checks"
    done = factdesk("init", str(desk), "--name", "Harbour Checks", "--url", "https://checks.example.org", "--example")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"wrote a new publication in {desk}: 26 files\n")
    for path in (".github/workflows/pull-request.yml", ".github/workflows/publish.yml", ".pre-commit-config.yaml",
                 ".gitignore", "README.md", "requirements.txt", "mkdocs.yml", "factdesk.yml",
                 "hooks/factdesk_hooks.py", "schemas/claim.schema.json", *(f"docs/{page}.md" for page in (
                     "index", "methodology", "corrections", "about", "open-data", "contributing"))):
        assert (desk / path).is_file(), path
    # The hook is the one this repository's own publication uses; factdesk is pinned at this version.
    assert (desk / "hooks" / "factdesk_hooks.py").read_bytes() == (REPO / "hooks" / "factdesk_hooks.py").read_bytes()
    assert "factdesk[site,pdf]==" in (desk / "requirements.txt").read_text()
    settings = yaml.safe_load((desk / "factdesk.yml").read_text())
    assert settings == {"name": "Harbour Checks", "language": "en", "url": "https://checks.example.org/",
                        "format": FILE_FORMAT}

    checked = factdesk("check", cwd=desk)
    assert checked.returncode == 0 and checked.stdout == "ok: 1 claims and 1 sources, no problems.\n", checked.stderr
    built = mkdocs_build(desk)
    assert built.returncode == 0, built.output
    home = (built.site / "index.html").read_text(encoding="utf-8")
    assert "<title>Fact-checks - Harbour Checks</title>" in home and "The harbour bridge opened in 1994" in home
    assert (built.site / "claims" / "example-bridge-opened-in-1994" / "index.html").is_file()


def test_a_new_publication_without_claims_checks_and_builds(tmp_path: Path):
    desk = tmp_path / "desk"
    desk.mkdir()  # an empty folder is taken
    assert factdesk("init", str(desk), "--name", "Empty Desk").returncode == 0
    assert sorted(path.name for path in (desk / "claims").iterdir()) == [".gitkeep"]
    assert load_publication(desk).claims == ()
    built = mkdocs_build(desk)
    assert built.returncode == 0, built.output


def test_names_are_written_as_text_in_yaml_and_markdown(tmp_path: Path):
    desk = tmp_path / "desk"
    name = "Desk's: #1 & *more*"
    assert factdesk("init", str(desk), "--name", name, "--example").returncode == 0
    assert yaml.safe_load((desk / "factdesk.yml").read_text())["name"] == name
    assert yaml.safe_load((desk / "mkdocs.yml").read_text().split("\ntheme:")[0])["site_name"] == name
    built = mkdocs_build(desk)
    assert built.returncode == 0, built.output
    about = (built.site / "about" / "index.html").read_text(encoding="utf-8")
    assert "<em>more</em>" not in about and "#1 &amp; *more*" in about
    # Material writes the name into pages as it is: markup in it is refused, before anything is written.
    done = factdesk("init", str(tmp_path / "marked"), "--name", 'The "<b>Desk</b>"')
    assert done.returncode == 2 and "--name may not hold <, > or \"" in done.stderr
    assert not (tmp_path / "marked").exists()


def test_init_refuses_a_folder_that_holds_anything(tmp_path: Path):
    desk = tmp_path / "desk"
    desk.mkdir()
    (desk / "notes.txt").write_text("ours\n")
    done = factdesk("init", str(desk), "--name", "Desk")
    assert done.returncode == 2 and "is not an empty folder" in done.stderr
    assert [path.name for path in desk.iterdir()] == ["notes.txt"]
    for option, value, message in (
            ("--url", "checks.example.org", "--url should be the site's address, starting with https://"),
            ("--url", "https://checks.example.org/?page=1", "without ? or #"),
            ("--language", "x y", "--language should be a language code such as `en` or `pt-BR`, not `x y`"),
            ("--name", "Desk\nsite_url: https://elsewhere.example/", "--name may not hold a line break"),
            ("--description", '"><script>alert(1)</script>', "--description may not hold <, > or \"")):
        arguments = {"--name": "Desk", option: value}
        done = factdesk("init", str(tmp_path / "other"), *[item for pair in arguments.items() for item in pair])
        assert done.returncode == 2 and message in done.stderr, (option, done.stderr)
        assert not (tmp_path / "other").exists()


def test_a_name_in_any_script_is_written_as_it_reads(tmp_path: Path):
    desk = tmp_path / "desk"
    assert factdesk("init", str(desk), "--name", "ファクトチェック・デスク", "--language", "ja").returncode == 0
    assert "name: \"ファクトチェック・デスク\"\n" in (desk / "factdesk.yml").read_text(encoding="utf-8")


def test_deleting_the_example_as_it_says_and_adding_a_colleague_still_builds(tmp_path: Path):
    desk = tmp_path / "desk"
    assert factdesk("init", str(desk), "--name", "Desk", "--example").returncode == 0
    for path in ("claims/example-bridge-opened-in-1994.yml", "sources/example-gazette-2024-01-02.yml",
                 "sources/example-gazette-2024-01-02.txt", "claimants/example-mayor.yml", "people/example-editor.yml"):
        (desk / path).unlink()
    # A fact-checker joins before their first fact-check: a page of theirs, and no warning.
    assert factdesk("new", "person", "--no-interactive", "--name", "Ann Colleague", "--root", str(desk)).returncode == 0
    checked = factdesk("check", cwd=desk)
    assert checked.returncode == 0 and checked.stderr == "", checked.stderr
    built = mkdocs_build(desk)
    assert built.returncode == 0, built.output
    assert (built.site / "people" / "ann-colleague" / "index.html").is_file()


def test_the_new_publications_workflows_are_valid(tmp_path: Path):
    desk = tmp_path / "desk"
    assert factdesk("init", str(desk), "--name", "Desk").returncode == 0
    checker = Path(sys.executable).parent / "check-jsonschema"
    done = subprocess.run([str(checker), "--builtin-schema", "vendor.github-workflows",
                           *map(str, sorted((desk / ".github" / "workflows").glob("*.yml")))],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    workflow = (desk / ".github" / "workflows" / "pull-request.yml").read_text()
    assert "factdesk check --format github --base" in workflow and "factdesk build" in workflow


def test_the_wheel_alone_makes_a_publication(tmp_path: Path):
    """factdesk built as a wheel and installed outside this repository: init, new, check and build
    use nothing of the repository (its dependencies are the test environment's, seen through a
    .pth file, so that nothing is downloaded but what building the wheel needs)."""
    wheels, venv, work = tmp_path / "wheels", tmp_path / "venv", tmp_path / "work"
    work.mkdir()
    done = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(REPO)],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    [wheel] = wheels.glob("factdesk-*.whl")
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    done = subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "-q",
                           str(wheel)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    site_packages = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                                        capture_output=True, text=True, check=True).stdout.strip())
    dependencies = Path(subprocess.run([sys.executable, "-c", "import mkdocs, pathlib; "
                                        "print(pathlib.Path(mkdocs.__file__).parent.parent)"],
                                       capture_output=True, text=True, check=True).stdout.strip())
    (site_packages / "test-dependencies.pth").write_text(f"{dependencies}\n")
    environment = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "VIRTUAL_ENV")}
    environment.update(NO_MKDOCS_2_WARNING="1", FACTDESK_URL="", PATH=f"{venv / 'bin'}{os.pathsep}{os.environ['PATH']}")

    def run(*command: str, cwd: Path = work) -> subprocess.CompletedProcess:
        return subprocess.run([str(venv / "bin" / command[0]), *command[1:]], capture_output=True, text=True,
                              cwd=cwd, env=environment, timeout=600)

    where = run("python", "-c", "import factdesk; print(factdesk.__file__)")
    assert where.stdout.startswith(str(site_packages)), where.stdout + where.stderr
    assert run("factdesk", "init", "desk", "--name", "Wheel Desk").returncode == 0
    desk = work / "desk"
    article = work / "article.txt"
    article.write_text("The ferry to the island will stop running in March, the council said on Tuesday.\n"
                       "This article is invented for a test.\n", encoding="utf-8")
    steps = [
        ("factdesk", "new", "claimant", "--no-interactive", "--name", "Island Council", "--kind", "government"),
        ("factdesk", "new", "person", "--no-interactive", "--name", "Test Editor"),
        ("factdesk", "new", "source", "--no-interactive", "--id", "island-news-2024-02-06", "--title", "Ferry to stop",
         "--publisher", "Island News", "--published", "2024-02-06", "--kind", "news", "--text-file", str(article)),
        ("factdesk", "new", "claim", "--no-interactive", "--slug", "ferry-stops-in-march",
         "--claim", "The ferry to the island will stop running in March.", "--claimant", "island-council",
         "--claim-date", "2024-02-06", "--source", "island-news-2024-02-06",
         "--quote", "will stop running in March", "--verdict", "unproven",
         "--summary", "Only the council says so.", "--body", "The council said so [@island-news-2024-02-06].",
         "--evidence", "island-news-2024-02-06=The council's words, and no timetable.", "--author", "test-editor"),
        ("factdesk", "check"),
        ("factdesk", "build"),
    ]
    for step in steps:
        done = run(*step, cwd=desk)
        assert done.returncode == 0, (step, done.stdout + done.stderr)
    assert (desk / "site" / "claims" / "ferry-stops-in-march" / "index.html").is_file()
    assert (desk / "site" / "stylesheets" / "factdesk.css").is_file()
    assert (desk / "build" / "wheel-desk.pdf").is_file() and (desk / "build" / "wheel-desk-offline.zip").is_file()
