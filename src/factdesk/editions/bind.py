"""Binding: the separately laid-out parts of the print edition joined into one tagged PDF.

WeasyPrint writes each part as a complete PDF/UA document. Joining them means more than
appending pages: the parts' structure trees become one (their parent-tree keys renumbered),
their named destinations one name tree, links to other parts (written with the cross-part
scheme) become links to those destinations, the outline is rebuilt for the whole edition, and
the page furniture, laid out once every page's number was known, is drawn on each page as a
pagination artifact, so that screen readers skip it.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import pikepdf
from pikepdf import Array, Dictionary, Name, String

from factdesk.editions.print_html import CROSS_PART_SCHEME


@dataclass(frozen=True)
class OutlineEntry:
    level: int
    title: str
    page: int  # index in the bound document
    top: float


class BindingError(RuntimeError):
    pass


def bind(front: bytes, parts: Sequence[bytes], furniture: Sequence[tuple[int, bytes]],
         outline: Sequence[OutlineEntry], front_pages: int, output: Path | BinaryIO) -> int:
    """Join `front` and `parts` into `output`; `furniture` holds (first page, PDF) runs of
    furniture pages to draw over the bound pages from that page on. Returns the page count.

    `output` is best a file open for writing: given the name of a file that exists, pikepdf
    writes a temporary of its own beside it (`.pikepdf.<name>…`), which a killed run leaves."""
    book = pikepdf.open(io.BytesIO(front))
    tree = _StructureTree(book)
    destinations = _named_destinations(book, book)
    for data in parts:
        part = pikepdf.open(io.BytesIO(data))
        first = len(book.pages)
        book.pages.extend(part.pages)
        tree.adopt(part, book.pages[first:])
        destinations.update(_named_destinations(part, book))
    book.Root.Names = Dictionary(Dests=Dictionary(
        Names=Array([item for name in sorted(destinations) for item in (String(name), destinations[name])])))
    _link_across_parts(book, destinations)
    for first, data in furniture:
        _stamp(book, pikepdf.open(io.BytesIO(data)), first)
    _write_outline(book, outline)
    book.Root.PageLabels = Dictionary(Nums=Array([
        0, Dictionary(S=Name.r),
        front_pages, Dictionary(S=Name.D, St=1),
    ]))
    book.save(output, deterministic_id=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return len(book.pages)


class _StructureTree:
    """The bound document's structure tree, grown by each part's."""

    def __init__(self, book: pikepdf.Pdf):
        self.book = book
        root = book.Root.StructTreeRoot
        self.document = root.K[0]
        self.nums = root.ParentTree.Nums
        self.next_key = max((int(self.nums[i]) for i in range(0, len(self.nums), 2)), default=-1) + 1

    def adopt(self, part: pikepdf.Pdf, pages: Sequence[pikepdf.Page]) -> None:
        # Copied after the pages, so that the structure's page references resolve to the copies.
        root = self.book.copy_foreign(part.Root.StructTreeRoot)
        offset = self.next_key
        for page in pages:
            page.obj.StructParents = int(page.obj.StructParents) + offset
            for annotation in page.obj.get("/Annots", ()):
                if "/StructParent" in annotation:
                    annotation.StructParent = int(annotation.StructParent) + offset
        for kid in root.K[0].K:
            kid.P = self.document
            self.document.K.append(kid)
        nums = root.ParentTree.Nums
        for i in range(0, len(nums), 2):
            self.nums.append(int(nums[i]) + offset)
            self.nums.append(nums[i + 1])
            self.next_key = max(self.next_key, int(nums[i]) + offset + 1)


def _named_destinations(source: pikepdf.Pdf, book: pikepdf.Pdf) -> dict[str, Array]:
    root: Any = source.Root
    names = root.Names.Dests.Names if "/Names" in root and "/Dests" in root.Names else Array()
    found = {}
    for i in range(0, len(names), 2):
        target = names[i + 1]
        page = target[0] if source is book else book.copy_foreign(target[0])
        found[str(names[i])] = Array([page, *list(target)[1:]])
    return found


def _link_across_parts(book: pikepdf.Pdf, destinations: dict[str, Array]) -> None:
    for page in book.pages:
        for annotation in page.obj.get("/Annots", ()):
            action = annotation.get("/A")
            uri = str(action.get("/URI", "")) if action is not None else ""
            if not uri.startswith(CROSS_PART_SCHEME):
                continue
            name = uri.removeprefix(CROSS_PART_SCHEME)
            if name not in destinations:
                raise BindingError(f"a link points to #{name}, which no part of the edition has")
            del annotation.A
            annotation.Dest = String(name)
            annotation.Contents = String(name)


def _stamp(book: pikepdf.Pdf, furniture: pikepdf.Pdf, first: int) -> None:
    for offset, sheet in enumerate(furniture.pages):
        page = book.pages[first + offset]
        form = book.copy_foreign(sheet.as_form_xobject())
        # WeasyPrint gives all pages of a document one resource dictionary: each page gets its
        # own, so that it lists its furniture only, under a fixed name (reproducible output).
        resources: Any = Dictionary(dict(page.obj.Resources.items()))
        resources.XObject = Dictionary(dict(resources.XObject.items()) if "/XObject" in resources else {})
        page.obj.Resources = resources
        name = page.add_resource(form, Name.XObject, name=Name.FdFurniture)
        # The page's own content leaves its coordinate system changed: isolate it first.
        page.contents_add(pikepdf.Stream(book, b"q\n"), prepend=True)
        page.contents_add(pikepdf.Stream(
            book, b"Q\n/Artifact <</Type /Pagination>> BDC\nq " + name.unparse() + b" Do Q\nEMC\n"))


def _write_outline(book: pikepdf.Pdf, entries: Sequence[OutlineEntry]) -> None:
    with book.open_outline() as outline:
        outline.root.clear()
        stack: list[tuple[int, list[pikepdf.OutlineItem]]] = [(0, outline.root)]
        for entry in entries:
            while stack[-1][0] >= entry.level:
                stack.pop()
            item = pikepdf.OutlineItem(entry.title, entry.page, "XYZ", left=0, top=entry.top)
            stack[-1][1].append(item)
            stack.append((entry.level, item.children))
