"""factdesk's theme comes from the package: a publication's mkdocs.yml holds only its own choices,
and its own `custom_dir` overrides any file of factdesk's. Real strict builds of the invented
publication of tests/fixtures/mini."""

from __future__ import annotations

from pathlib import Path

from ..conftest import MINI, copy_project, mkdocs_build

PLAIN_CONFIG = """site_name: A desk of its own
theme:
  name: material
hooks:
  - hooks/factdesk_hooks.py
plugins:
  - search
"""


def test_a_mkdocs_yml_with_only_its_own_choices_gets_factdesks_theme(tmp_path: Path):
    project = copy_project(tmp_path / "desk", MINI)
    (project / "mkdocs.yml").write_text(PLAIN_CONFIG, encoding="utf-8")
    claim_file = project / "claims" / "budget-doubled.yml"
    claim_file.write_text(claim_file.read_text(encoding="utf-8").replace(
        "body: The budget", "body: <i onclick=alert(1)>raw</i> HTML, invented for this test. The budget", 1),
        encoding="utf-8")
    built = mkdocs_build(project)
    assert built.returncode == 0, built.output
    home = (built.site / "index.html").read_text(encoding="utf-8")
    claim = (built.site / "claims" / "bridge-opened-in-1990" / "index.html").read_text(encoding="utf-8")
    # factdesk's templates (main.html, the front page and share partials), styles and scripts.
    assert "fd-front" in home
    assert 'href="stylesheets/factdesk.css"' in home and 'src="javascripts/explorer.js"' in home
    assert "fd-share" in claim and 'application/ld+json' in claim
    for asset in ("stylesheets/factdesk.css", "javascripts/explorer.js", "javascripts/share.js",
                  "assets/javascripts/iframe-worker-standin.js"):
        assert (built.site / asset).is_file(), asset
    # The sanitiser is added, and last: raw HTML in an editor's Markdown is shown as text.
    budget = (built.site / "claims" / "budget-doubled" / "index.html").read_text(encoding="utf-8")
    assert "&lt;i onclick=" in budget and "<i onclick" not in budget


def test_a_publications_own_custom_dir_overrides_factdesks_files(tmp_path: Path):
    project = copy_project(tmp_path / "desk", MINI)
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.yml").write_text(config.replace("  name: material\n", "  name: material\n  custom_dir: overrides\n"),
                                         encoding="utf-8")
    partials = project / "overrides" / "partials"
    partials.mkdir(parents=True)
    (partials / "copyright.html").write_text('<div class="desk-footer">Our own small print</div>\n', encoding="utf-8")
    built = mkdocs_build(project)
    assert built.returncode == 0, built.output
    about = (built.site / "about" / "index.html").read_text(encoding="utf-8")
    assert "Our own small print" in about
    # The rest of factdesk's theme still applies.
    assert 'src="../javascripts/share.js"' in about
