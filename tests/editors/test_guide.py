"""The contributing guide, docs/contributing.md, followed as a new editor follows it: every command it
shows is run, in order, in a clone of this repository, and does what the guide says it does.

The guide's blocks follow the conventions written in its front matter: ```sh blocks are run (a
command whose comment starts with `# fails` must fail, every other must succeed); a ```text block
right after one is what its last command prints (`…` for any text); a block with a title,
```{.yaml title="PATH"} or ```{.text title="PATH"}, is a file the editor writes or edits. What
happens only on GitHub (the fork, the pull request) is prose, and is done here as GitHub would: the
fork is a bare repository, `origin`, holding the publication as published, and the editor's folder
is a clone of it, so that `origin/main` and `git push` work as on a fork.

What is cloned: the publication's files from this working tree (uncommitted ones included, not
HEAD), not the factdesk package. `make` uses this repository's environment through a `.venv`
symbolic link: the clone's `pyproject.toml` and `constraints.txt` are dated before the environment
was installed, so that no `make` target installs it again, and the test refuses to start if `make`
still would. `.venv/bin/factdesk` is then this working tree's factdesk (an editable install).
`make serve` serves on a free port (the clone's mkdocs.yml sets `dev_addr`; the guide says 8000).
`make diff` runs at a pseudo-terminal, as at an editor's: there it prints plain text, elsewhere Markdown.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import signal
import subprocess
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pexpect
import pytest
import yaml

from factdesk.data.typography import typographic

from ..conftest import REPO
from ..waiting import free_port, running, wait_until

GUIDE = REPO / "docs" / "contributing.md"
PUBLICATION = ("Makefile", "README.md", "mkdocs.yml", "factdesk.yml", "pyproject.toml", "constraints.txt",
               ".gitignore", ".pre-commit-config.yaml", ".github", "claims", "sources", "claimants", "people",
               "stories", "docs", "hooks", "schemas")
"""What a clone of the repository holds that the guide's commands read (the package comes from the venv)."""
STAMP = ".venv/.installed-stamp"
COMMAND_TIMEOUT = 600


# The guide, read as steps ------------------------------------------------------------------------

@dataclass
class Step:
    line: int
    """Where in the guide (1-based), for the failure messages."""
    kind: str
    """`run`: commands; `write`: a whole file; `edit`: fields of a YAML file."""
    text: str = ""
    path: str = ""
    commands: list[str] = field(default_factory=list)
    prints: list[str] = field(default_factory=list)
    """For `run`: the lines its last command prints, as the guide shows them."""


@dataclass
class Block:
    line: int
    end: int
    language: str
    title: str
    text: str


FENCE = re.compile(r"^```(.*)$")


def blocks(markdown: str) -> list[Block]:
    found, lines, at = [], markdown.splitlines(), 0
    while at < len(lines):
        opening = FENCE.match(lines[at])
        if not opening:
            at += 1
            continue
        info, start = opening.group(1).strip(), at
        at += 1
        while lines[at] != "```":
            at += 1
        if info.startswith("{"):  # ```{.yaml title="claims/x.yml"}
            language = (re.findall(r"\.([\w-]+)", info) or [""])[0]
            title = (re.findall(r'title="([^"]*)"', info) or [""])[0]
        else:
            language, title = info, ""
        found.append(Block(start + 1, at + 1, language, title, "\n".join(lines[start + 1:at]) + "\n"))
        at += 1
    return found


def commands(script: str) -> list[str]:
    """A ```sh block's commands, one a line, a line ending in `\\` going on to the next."""
    joined = re.sub(r"\\\n\s*", " ", script)
    return [line.strip() for line in joined.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def guide_steps(markdown: str) -> list[Step]:
    lines = markdown.splitlines()
    steps: list[Step] = []
    previous: Block | None = None
    for block in blocks(markdown):
        follows_run = (previous is not None and previous.language == "sh" and steps and steps[-1].kind == "run"
                       and all(not text.strip() for text in lines[previous.end:block.line - 1]))
        if block.language == "sh":
            steps.append(Step(block.line, "run", commands=commands(block.text)))
        elif block.title:
            steps.append(Step(block.line, "edit" if block.language == "yaml" else "write", block.text, block.title))
        elif block.language == "text" and follows_run:
            steps[-1].prints = [line for line in block.text.splitlines() if line.strip()]
        previous = block
    return steps


def fails(command: str) -> bool:
    return re.search(r"#\s*fails\b", command) is not None


def printed_as_shown(shown: list[str], output: str) -> str | None:
    """The first line the guide shows that the output does not print (after the ones before it), or None."""
    printed = [line.rstrip() for line in output.splitlines()]
    at = 0
    for expected in shown:
        pattern = re.compile(".*".join(map(re.escape, expected.rstrip().split("…"))))
        while at < len(printed) and not pattern.fullmatch(printed[at]):
            at += 1
        if at == len(printed):
            return expected
        at += 1
    return None


def edit_fields(path: Path, snippet: str) -> None:
    """What an editor does with a YAML block of the guide: each top-level field it shows replaces the
    field of that name in the file (its line and the lines that belong to it), or goes at the end."""
    text = path.read_text(encoding="utf-8")
    for name, lines in top_level_fields(snippet):
        current = text.splitlines(keepends=True)
        start = next((i for i, line in enumerate(current) if re.match(rf"{re.escape(name)}:(\s|$)", line)), None)
        if start is None:
            text = text + ("" if text.endswith("\n") else "\n") + "".join(lines)
            continue
        end = start + 1
        while end < len(current) and (not current[end].strip() or current[end][0] in " \t"):
            end += 1
        text = "".join(current[:start] + lines + current[end:])
    path.write_text(text, encoding="utf-8")
    yaml.safe_load(text)  # still YAML


def top_level_fields(snippet: str) -> list[tuple[str, list[str]]]:
    fields: list[tuple[str, list[str]]] = []
    for line in snippet.splitlines(keepends=True):
        if line[:1] not in (" ", "\t", "#", "\n", ""):
            fields.append((line.split(":", 1)[0], [line]))
        elif fields:
            fields[-1][1].append(line)
    return fields


# The editor's clone ------------------------------------------------------------------------------

def git(folder: Path, *args: str, env: dict[str, str]) -> str:
    return subprocess.run(["git", *args], cwd=folder, env=env, check=True, capture_output=True, text=True).stdout



@dataclass
class Editor:
    clone: Path
    home: Path
    env: dict[str, str]
    port: int


@pytest.fixture
def editor(tmp_path: Path) -> Editor:
    """A fork holding the publication as published, and an editor's clone of it with the tools set up."""
    home = tmp_path / "home"
    home.mkdir()
    # The editor has told git who they are (the guide's first step); nothing of this machine's git
    # configuration, nor of a make or factdesk setting in the shell that runs the tests, comes along.
    (home / ".gitconfig").write_text("[user]\n\tname = Ann Example\n\temail = ann@example.org\n"
                                     "[init]\n\tdefaultBranch = main\n")
    env = {name: value for name, value in os.environ.items()
           if not name.startswith(("GIT_", "MAKE", "MFLAGS", "FACTDESK_", "VIRTUAL_ENV"))
           and name not in ("SOURCE_DATE_EPOCH", "OFFLINE")}
    env.update(HOME=str(home), GIT_CONFIG_NOSYSTEM="1")
    published = tmp_path / "published"
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", *PUBLICATION],
                            cwd=REPO, check=True, capture_output=True).stdout.decode().split("\0")
    for name in filter(None, listed):
        source = REPO / name
        if source.is_file() or source.is_symlink():  # not a file deleted from the working tree
            (published / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, published / name, follow_symlinks=False)
    port = free_port()
    with (published / "mkdocs.yml").open("a", encoding="utf-8") as config:
        config.write(f"\ndev_addr: 127.0.0.1:{port}\n")
    git(published, "init", "-q", env=env)
    git(published, "add", "-A", env=env)
    git(published, "commit", "-qm", "The publication as published", env=env)
    fork = tmp_path / "fork.git"
    git(tmp_path, "clone", "-q", "--bare", str(published), str(fork), env=env)
    git(tmp_path, "clone", "-q", str(fork), "editor", env=env)
    clone = tmp_path / "editor"
    (clone / ".venv").symlink_to(REPO / ".venv", target_is_directory=True)
    with (clone / ".git" / "info" / "exclude").open("a") as exclude:
        exclude.write(".venv\n")  # .gitignore's `.venv/` matches a folder, not this link
    installed = (REPO / STAMP).stat().st_mtime
    for name in ("pyproject.toml", "constraints.txt"):
        os.utime(clone / name, (installed - 60, installed - 60))
    up_to_date = subprocess.run(["make", "-q", STAMP], cwd=clone, env=env)
    assert up_to_date.returncode == 0, f"make would install {REPO / '.venv'} again: run `make` in {REPO} first"
    return Editor(clone, home, env, port)


# Following the guide ----------------------------------------------------------------------------

def run(editor: Editor, step: Step, command: str) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(["bash", "-c", command], cwd=editor.clone, env=editor.env, stdin=subprocess.DEVNULL,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=COMMAND_TIMEOUT)
    where = f"docs/contributing.md:{step.line}: `{command}`"
    if fails(command):
        assert done.returncode != 0, f"{where} should fail, as the guide says, and exited 0:\n{done.stdout}"
    else:
        assert done.returncode == 0, f"{where} exited {done.returncode}:\n{done.stdout}"
    return done


def at_terminal(editor: Editor, step: Step, command: str) -> str:
    """What `command` prints at a terminal (a pseudo-terminal, read while it runs), which it must exit 0 at."""
    terminal = pexpect.spawn("bash", ["-c", command], cwd=str(editor.clone), env=editor.env, encoding="utf-8",
                             timeout=COMMAND_TIMEOUT)
    terminal.expect(pexpect.EOF)
    output = terminal.before.replace("\r\n", "\n")
    terminal.close()
    assert terminal.exitstatus == 0, f"docs/contributing.md:{step.line}: `{command}` exited " \
                                     f"{terminal.exitstatus}:\n{output}"
    return output


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode()
    except OSError:
        return None


def new_claims(editor: Editor) -> list[Path]:
    published = set(git(editor.clone, "ls-tree", "--name-only", "origin/main", "claims/", env=editor.env).split())
    return [path for path in sorted((editor.clone / "claims").glob("*.yml"))
            if path.relative_to(editor.clone).as_posix() not in published]


def serve(editor: Editor, step: Step, command: str, log: Path) -> None:
    """`make serve` as an editor uses it: started, the new claim's page read, stopped with Ctrl-C."""
    claims = new_claims(editor)
    assert claims, f"docs/contributing.md:{step.line}: the guide previews before it has added a claim"
    with running(["bash", "-c", command], log, cwd=editor.clone, env=editor.env, stdin=subprocess.DEVNULL) as server:
        for path in claims:
            url = f"http://127.0.0.1:{editor.port}/claims/{path.stem}/"
            page: list[str] = []

            def answered() -> bool:
                page.extend(filter(None, [fetch(url)]))
                return bool(page) or server.poll() is not None

            assert wait_until(answered), f"{url} did not answer:\n{log.read_text()}"
            assert page, f"docs/contributing.md:{step.line}: `{command}` ended:\n{log.read_text()}"
            claim = yaml.safe_load(path.read_text(encoding="utf-8"))["claim"]
            assert typographic(claim) in " ".join(html.unescape(page[0]).split()), f"{url} does not show its claim"
        os.killpg(server.pid, signal.SIGINT)  # Ctrl-C, which the guide says stops it
        assert wait_until(lambda: server.poll() is not None), f"`{command}` did not stop on Ctrl-C"


def follow(editor: Editor, steps: list[Step], log: Path) -> None:
    for step in steps:
        if step.kind == "write":
            path = Path(step.path.replace("~", str(editor.home), 1)) if step.path.startswith("~") \
                else editor.clone / step.path
            path.write_text(step.text, encoding="utf-8")
            continue
        if step.kind == "edit":
            edit_fields(editor.clone / step.path, step.text)
            continue
        output = ""
        for command in step.commands:
            if command.split("#")[0].split() == ["make", "serve"]:
                serve(editor, step, command, log)
                output = ""
            elif command.split("#")[0].split()[:2] == ["make", "diff"]:
                output = at_terminal(editor, step, command)
            else:
                output = run(editor, step, command).stdout
        if step.prints:
            missing = printed_as_shown(step.prints, output)
            assert missing is None, (f"docs/contributing.md:{step.line}: `{step.commands[-1]}` does not print, as the "
                                     f"guide shows:\n{missing}\nIt printed:\n{output}")


STEPS = guide_steps(GUIDE.read_text(encoding="utf-8"))


def test_the_guide_shows_each_kind_of_step():
    """The conventions still find what the guide shows; a guide the test read as empty would pass."""
    run_commands = [command for step in STEPS if step.kind == "run" for command in step.commands]
    assert {"make check", "make serve", "make check-pr", "make diff"} <= {c.split("#")[0].strip() for c in run_commands}
    assert any(c.startswith(".venv/bin/factdesk new claim ") for c in run_commands)
    assert any(c.startswith(".venv/bin/factdesk new source ") for c in run_commands)
    # The corrections rule, shown failing before the correction and passing after it.
    failing = [i for i, c in enumerate(run_commands) if fails(c)]
    assert failing and all(run_commands[i].startswith("make check-pr ") for i in failing)
    assert "make check-pr" in run_commands[failing[-1] + 1:]
    assert {step.kind for step in STEPS} == {"run", "write", "edit"}
    assert sum(bool(step.prints) for step in STEPS) >= 5


def test_a_new_editor_follows_the_guide_from_clone_to_correction(editor, tmp_path):
    follow(editor, STEPS, tmp_path / "serve.log")
    # What the guide had the editor push is on the fork, as a pull request would take it.
    pushed = git(editor.clone, "ls-tree", "-r", "--name-only", "origin/consul-24-hours", env=editor.env).split()
    assert "claims/consul-ordered-out-within-24-hours.yml" in pushed
    assert "sources/daily-planet-2022-09-27.txt" in pushed


def test_a_yaml_step_replaces_the_fields_it_shows_and_adds_the_others(tmp_path):
    path = tmp_path / "claim.yml"
    path.write_text("# The claim\nclaim: A\n# The body\nbody: |\n  One.\n\n  Two.\n# Evidence\nevidence:\nverdict: x\n")
    edit_fields(path, "body: |\n  New.\nevidence:\n  - source: s\n    note: n\ntags: [t]\n")
    assert path.read_text() == ("# The claim\nclaim: A\n# The body\nbody: |\n  New.\n# Evidence\nevidence:\n"
                                "  - source: s\n    note: n\nverdict: x\ntags: [t]\n")


def test_a_transcript_matches_in_order_with_ellipses():
    output = "make: entering\nok: 21 claims and 20 sources, no problems.\nmake: *** [Makefile:5: x] Error 1\n"
    assert printed_as_shown(["ok: … claims and … sources, no problems.", "make: *** […] Error 1"], output) is None
    assert printed_as_shown(["make: *** […] Error 1", "ok: …"], output) == "ok: …"
    assert printed_as_shown(["ok: 21 claims"], output) == "ok: 21 claims"  # a whole line, not a part
