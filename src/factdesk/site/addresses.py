"""Absolute addresses of the site's pages and files, for what leaves the site: structured data,
feeds, exports and share cards, which must name pages by their full canonical address."""

from __future__ import annotations

from dataclasses import dataclass

# Where `mkdocs serve` shows a publication that has no `url` yet: previews need some address.
LOCAL_PREVIEW = "http://127.0.0.1:8000/"


def page_address(markdown_path: str) -> str:
    """The address of the page of the docs/ file `markdown_path` under the site's base, as MkDocs and
    Zensical give it with directory URLs: `claims/x.md` → `claims/x/`; `index.md` → ``."""
    stem = markdown_path.removesuffix(".md")
    if stem == "index":
        return ""
    return stem.removesuffix("/index") + "/"


@dataclass(frozen=True)
class SiteAddress:
    """The site's base address; pages are named as MkDocs names them with directory URLs."""

    base: str

    def __post_init__(self) -> None:
        if not self.base.endswith("/"):
            object.__setattr__(self, "base", self.base + "/")

    def page(self, markdown_path: str) -> str:
        """`claims/x.md` → `<base>claims/x/`; `index.md` → `<base>`; `tags/index.md` → `<base>tags/`."""
        return self.base + page_address(markdown_path)

    def file(self, path: str) -> str:
        return self.base + path

    def owns(self, url: object) -> bool:
        """Whether `url` is an address on this site (same scheme and host, under the base path)."""
        return isinstance(url, str) and url.startswith(self.base)
