"""What the preview (`mkdocs serve`) shows while its last rebuild has failed: over every page it
serves, a panel that lists the problems, each with its file, line, column and fix, until a save fixes
them. An editor looks at the browser, not at the terminal the preview runs in.

No MkDocs here: the adapter records the failure and hands `showing_failures` the server's WSGI
application (a standard interface, which MkDocs' private methods are not).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from factdesk.data.problems import Problem, printable

if TYPE_CHECKING:
    from wsgiref.types import StartResponse, WSGIApplication, WSGIEnvironment

OVERLAY_ID = "factdesk-preview-problems"


@dataclass(frozen=True)
class Failure:
    """Why the last rebuild failed: the problems found in the publication's files, or, for a failure
    that has no place in them (a template, mkdocs.yml, a bug), its message."""

    problems: tuple[Problem, ...] = ()
    message: str = ""

    @property
    def count(self) -> int:
        return len(self.problems) or 1


# Styled by id, with every property the panel depends on set: the theme's rules (Material's, the
# publication's own) must neither hide it nor make it unreadable, in its light or dark scheme.
# At the bottom, at most 60% of the screen high and scrolled within, so that the page stays in
# view above it; lines wrap anywhere, a long file name included, so a phone never scrolls sideways.
_STYLE = f"""
#{OVERLAY_ID}{{all:initial;position:fixed;z-index:2147483647;left:0;right:0;bottom:0;display:block;
box-sizing:border-box;max-height:60vh;overflow:auto;margin:0;padding:14px 18px 18px;background:#fff;color:#111;
border-top:6px solid #b00020;box-shadow:0 -4px 24px rgba(0,0,0,.45);text-align:left;direction:ltr;
font:16px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;overflow-wrap:anywhere}}
#{OVERLAY_ID} *{{box-sizing:border-box;color:inherit;background:none;font:inherit;letter-spacing:normal;
text-transform:none}}
#{OVERLAY_ID} h2{{display:block;margin:0 0 6px;font-size:19px;line-height:1.3;font-weight:700;color:#8b0000}}
#{OVERLAY_ID} p{{display:block;margin:0 0 10px}}
#{OVERLAY_ID} ol{{display:block;margin:0;padding:0 0 0 28px;list-style:decimal outside}}
#{OVERLAY_ID} li{{display:list-item;margin:0 0 10px}}
#{OVERLAY_ID} code{{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono",monospace;
font-weight:700;font-size:15px}}
#{OVERLAY_ID} .factdesk-preview-message{{display:block;white-space:pre-wrap}}
#{OVERLAY_ID} strong{{font-weight:700}}
@media (min-width:60em){{#{OVERLAY_ID}{{left:auto;right:24px;bottom:24px;width:44em;max-width:calc(100vw - 48px);
border:6px solid #b00020;border-radius:6px}}}}
"""


def _text(text: str) -> str:
    """Untrusted text (file names and values come from pull requests) as HTML: escaped, and with
    its control characters shown as escapes, as the terminal shows them."""
    return html.escape(printable(text), quote=True)


_CODE_SPAN = re.compile(r"`([^`\n]+)`")


def _message(text: str) -> str:
    """A message or fix as HTML: `_text`, and each pair of backticks on one line (`claim_date`) set
    as code, as the guide sets them. The text is escaped first, so a span holds no markup; an unpaired
    backtick stays as it is."""
    return _CODE_SPAN.sub(r"<code>\1</code>", _text(text))


def _item(problem: Problem) -> str:
    place = f"{problem.path}:{problem.line}:{problem.column}"
    fix = f"<br><strong>Fix:</strong> {_message(problem.hint)}" if problem.hint else ""
    return f"<li><code>{_text(place)}</code><br>{_message(problem.message)}{fix}</li>"


def overlay(failure: Failure) -> str:
    """The panel, as HTML, with its own style."""
    noun = "problem" if failure.count == 1 else "problems"
    items = [_item(problem) for problem in failure.problems]
    if failure.message:
        items.append(f'<li><span class="factdesk-preview-message">{_message(failure.message)}</span></li>')
    return (f'<section id="{OVERLAY_ID}" role="alert" aria-labelledby="{OVERLAY_ID}-title" lang="en">'
            f"<style>{_STYLE}</style>"
            f'<h2 id="{OVERLAY_ID}-title">The preview is out of date: the last save has {failure.count} {noun}</h2>'
            "<p>This page is from the last build that worked. Fix the files and save: the page reloads by "
            "itself. The terminal that runs the preview lists the same.</p>"
            f"<ol>{''.join(items)}</ol></section>")


def with_overlay(page: bytes, failure: Failure) -> bytes:
    """The page with the panel at the end of its body (where MkDocs puts its reload script)."""
    panel = overlay(failure).encode()
    end = page.rfind(b"</body>")
    return page + panel if end < 0 else page[:end] + panel + page[end:]


def showing_failures(app: WSGIApplication, failure: Callable[[], Failure | None]) -> WSGIApplication:
    """`app`, with the panel of `failure()` over every HTML page it answers while there is one (its
    error pages too: a page that the failed build removed). The failure is read once `app` has
    answered, because MkDocs' server holds a request until the rebuild under way has ended."""

    def answer(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        started: list[Any] = []

        def hold(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Callable[[bytes], object]:
            started[:] = [status, headers, exc_info]
            return _no_write

        body = app(environ, hold)
        if not started:  # an application that answers lazily (not MkDocs'): read to its start
            body = _read(body)
        status, headers, exc_info = started
        now = failure()
        if now is None or not _is_html(headers):
            start_response(status, headers, exc_info)
            return body
        page = with_overlay(b"".join(_read(body)), now)
        headers = [(name, value) for name, value in headers if name.lower() != "content-length"]
        start_response(status, [*headers, ("Content-Length", str(len(page)))], exc_info)
        return [page]

    return answer


def answering(app: WSGIApplication, made: Callable[[str], Callable[[], tuple[str, bytes]] | None]) -> WSGIApplication:
    """`app`, but for a path that `made` knows: answered with what it makes (content type and bytes),
    when it is asked for. The preview makes its open data so, rather than with every rebuild: at
    10,000 claims they are a hundred megabytes that an editor seldom opens."""

    def answer(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        make = made(environ.get("PATH_INFO", ""))
        if make is None:
            return app(environ, start_response)
        content_type, body = make()
        start_response("200 OK", [("Content-Type", content_type), ("Content-Length", str(len(body)))])
        return [body]

    return answer


def _is_html(headers: list[tuple[str, str]]) -> bool:
    return any(name.lower() == "content-type" and value.lower().startswith("text/html") for name, value in headers)


def _read(body: Iterable[bytes]) -> list[bytes]:
    """Every chunk of a WSGI body, which is then closed as WSGI asks (MkDocs' closes its file)."""
    try:
        return list(body)
    finally:
        close = getattr(body, "close", None)
        if close is not None:
            close()


def _no_write(data: bytes) -> object:
    raise RuntimeError("factdesk's preview reads a page whole: write() is not supported")
