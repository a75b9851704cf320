"""Does every box of a PDF lie inside its pages' content box? A small reader of the content streams with pypdf.

Used by the page-fit tests of the reports and the steering groups' protocol. For each page it walks the content
stream (and the form XObjects it draws, recursively), keeping the graphics state (``q``/``Q``/``cm``) and the text
state (``Tm``/``Td``/``TD``/``T*``/``Tf``/``Tc``/``Tw``/``Tz``/``TL``/``Ts``), and measures every text run shown by
``Tj``/``TJ``/``'``/``"`` with the font's own glyph widths (``/W`` of a composite font, ``/Widths`` of a simple one),
so a run that starts inside the margin and ends past it is caught, not only one that starts outside. The text of the
form XObjects a page draws (WeasyPrint puts an SVG chart's labels and the årshjul's in them) is measured the same way,
through the form's matrix; images are checked by the square they fill.

The content box is the media box minus the ``@page`` margins. Running headers and footers (CSS margin boxes) live in
the top and bottom margins on purpose. A tagged PDF tells them apart: WeasyPrint gives their marked content an MCID
that no element of the structure tree points to (and anything else that is not content it marks as ``/Artifact``).
Such text is held to the page's left and right margins and to the page itself, not to the top and bottom margins;
everything in the document's structure is held to the whole content box.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from pypdf import PdfReader
from pypdf.generic import ContentStream

MM = 72 / 25.4
# Rounding in the layout engine and glyph side bearings: half a millimetre is invisible and still catches a table
# that runs a column past the margin.
TOLERANCE_PT = 0.5 * MM

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def multiply(m1: Matrix, m2: Matrix) -> Matrix:
    """m1 then m2 (PDF row-vector convention)."""
    a1, b1, c1, d1, e1, f1 = m1
    a2, b2, c2, d2, e2, f2 = m2
    return (
        a1 * a2 + b1 * c2,
        a1 * b2 + b1 * d2,
        c1 * a2 + d1 * c2,
        c1 * b2 + d1 * d2,
        e1 * a2 + f1 * c2 + e2,
        e1 * b2 + f1 * d2 + f2,
    )


def apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = m
    return a * x + c * y + e, b * x + d * y + f


@dataclass(frozen=True)
class Box:
    left: float
    bottom: float
    right: float
    top: float

    @classmethod
    def around(cls, points: Iterable[tuple[float, float]]) -> Box:
        xs, ys = zip(*points, strict=True)
        return cls(min(xs), min(ys), max(xs), max(ys))

    def __str__(self) -> str:
        return f"x {self.left:.1f}–{self.right:.1f} pt, y {self.bottom:.1f}–{self.top:.1f} pt"


@dataclass(frozen=True)
class Overflow:
    page: int  # 1-based, as the page footer counts
    what: str  # the text, or "figur /x3"
    box: Box
    content: Box
    sides: tuple[str, ...]

    def __str__(self) -> str:
        return f"sida {self.page}: {self.what!r} ({self.box}) utanför {', '.join(self.sides)} marginal ({self.content})"


def parse_page_margins(css: str, selector: str = "") -> tuple[float, float, float, float]:
    """The ``margin`` (top, right, bottom, left, in points) of the first ``@page{selector} {…}`` rule in ``css``."""
    match = re.search(r"@page" + re.escape(selector) + r"\s*\{[^{}]*?margin:\s*([^;}]+)", css)
    if not match:
        raise ValueError(f"no @page{selector} margin in the stylesheet")
    values = [_length(v) for v in match.group(1).split()]
    top, right, bottom, left = {
        1: lambda v: (v[0],) * 4,
        2: lambda v: (v[0], v[1], v[0], v[1]),
        3: lambda v: (v[0], v[1], v[2], v[1]),
        4: lambda v: tuple(v),
    }[len(values)](values)
    return top, right, bottom, left


def _length(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(mm|cm|pt|in)", value.strip()).groups()
    return float(number) * {"mm": MM, "cm": 10 * MM, "pt": 1.0, "in": 72.0}[unit]


class _Font:
    """Glyph widths (per code) and the codes' text (from /ToUnicode) of one font resource."""

    def __init__(self, font):
        font = font.get_object()
        self.composite = font.get("/Subtype") == "/Type0"
        self.widths: dict[int, float] = {}
        if self.composite:
            descendant = font["/DescendantFonts"][0].get_object()
            self.default = float(descendant.get("/DW", 1000))
            w = list(descendant.get("/W", []))
            i = 0
            while i < len(w):
                first = int(w[i])
                nxt = w[i + 1].get_object() if hasattr(w[i + 1], "get_object") else w[i + 1]
                if isinstance(nxt, list):
                    for k, width in enumerate(nxt):
                        self.widths[first + k] = float(width)
                    i += 2
                else:
                    for code in range(first, int(nxt) + 1):
                        self.widths[code] = float(w[i + 2])
                    i += 3
        else:
            first = int(font.get("/FirstChar", 0))
            for k, width in enumerate(font.get("/Widths", [])):
                self.widths[first + k] = float(width)
            descriptor = font.get("/FontDescriptor")
            self.default = float(descriptor.get_object().get("/MissingWidth", 0)) if descriptor else 0.0
        self.text: dict[int, str] = {}
        if "/ToUnicode" in font:
            self._read_cmap(font["/ToUnicode"].get_object().get_data().decode("latin-1"))

    def _read_cmap(self, cmap: str) -> None:
        for block in re.findall(r"beginbfchar(.*?)endbfchar", cmap, re.S):
            for code, text in re.findall(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]*)>", block):
                self.text[int(code, 16)] = _utf16(text)
        for block in re.findall(r"beginbfrange(.*?)endbfrange", cmap, re.S):
            for low, high, start in re.findall(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
                base = _utf16(start)
                for k, code in enumerate(range(int(low, 16), int(high, 16) + 1)):
                    self.text[code] = base[:-1] + chr(ord(base[-1]) + k) if base else ""

    def codes(self, data: bytes) -> list[int]:
        if self.composite:  # Identity-H: two bytes a glyph
            return [int.from_bytes(data[i : i + 2], "big") for i in range(0, len(data) - 1, 2)]
        return list(data)

    def width(self, code: int) -> float:
        return self.widths.get(code, self.default)


def _utf16(hex_text: str) -> str:
    return bytes.fromhex(hex_text).decode("utf-16-be", errors="replace") if hex_text else ""


@dataclass
class _TextState:
    font: _Font | None = None
    size: float = 0.0
    char_spacing: float = 0.0
    word_spacing: float = 0.0
    scale: float = 1.0
    leading: float = 0.0
    rise: float = 0.0


def structured_mcids(reader: PdfReader) -> dict[int, set[int]]:
    """Per page (object number), the MCIDs the structure tree's elements point to."""
    found: dict[int, set[int]] = {}
    root = reader.trailer["/Root"].get("/StructTreeRoot")
    if root is None:
        return found
    todo = [(root.get_object().get("/K"), None)]
    while todo:
        kid, page = todo.pop()
        if kid is None:
            continue
        obj = kid.get_object() if hasattr(kid, "get_object") else kid
        if isinstance(obj, int):
            if page is not None:
                found.setdefault(page, set()).add(obj)
        elif isinstance(obj, list):
            todo.extend((k, page) for k in obj)
        elif isinstance(obj, dict):
            pg = obj.get("/Pg")
            here = pg.idnum if pg is not None and hasattr(pg, "idnum") else page
            if obj.get("/Type") == "/MCR":
                if here is not None and "/MCID" in obj:
                    found.setdefault(here, set()).add(int(obj["/MCID"]))
            elif "/K" in obj:
                todo.append((obj["/K"], here))
    return found


class _PageReader:
    """Walks one page's content and collects (text, box, running) for each text run and form drawn; ``running`` is
    true for content outside the document's structure (margin boxes, artifacts)."""

    def __init__(self, reader: PdfReader, page, structured: set[int]):
        self.reader = reader
        self.page = page
        self.structured = structured
        self.runs: list[tuple[str, Box, bool]] = []
        self._fonts: dict[int, _Font] = {}

    def read(self) -> list[tuple[str, Box, bool]]:
        contents = self.page.get_contents()
        if contents is not None:
            self._walk(ContentStream(contents, self.reader), self.page.get("/Resources", {}), IDENTITY, depth=0)
        return self.runs

    def _font(self, resources, name) -> _Font | None:
        fonts = resources.get_object().get("/Font", {}) if resources else {}
        ref = fonts.get(name) if fonts else None
        if ref is None:
            return None
        key = id(ref.get_object())
        if key not in self._fonts:
            self._fonts[key] = _Font(ref)
        return self._fonts[key]

    def _walk(self, stream: ContentStream, resources, ctm: Matrix, *, depth: int, running: bool = False) -> None:
        stack: list[tuple[Matrix, _TextState]] = []
        state = _TextState()
        tm = line = IDENTITY
        marked: list[bool] = [running]  # per open marked-content sequence: is it outside the document's structure?
        for operands, operator in stream.operations:
            op = operator.decode("latin-1") if isinstance(operator, bytes) else operator
            if op == "q":
                stack.append((ctm, _copy(state)))
            elif op == "Q" and stack:
                ctm, state = stack.pop()
            elif op == "cm":
                ctm = multiply(tuple(float(v) for v in operands), ctm)
            elif op == "BMC":
                marked.append(str(operands[0]) == "/Artifact")
            elif op == "BDC":
                props = operands[1].get_object() if hasattr(operands[1], "get_object") else operands[1]
                mcid = props.get("/MCID") if isinstance(props, dict) else None
                marked.append(
                    str(operands[0]) == "/Artifact" or (mcid is not None and int(mcid) not in self.structured)
                )
            elif op == "EMC" and len(marked) > 1:
                marked.pop()
            elif op == "BT":
                tm = line = IDENTITY
            elif op == "Tm":
                tm = line = tuple(float(v) for v in operands)
            elif op in ("Td", "TD"):
                tx, ty = float(operands[0]), float(operands[1])
                if op == "TD":
                    state.leading = -ty
                tm = line = multiply((1, 0, 0, 1, tx, ty), line)
            elif op == "T*":
                tm = line = multiply((1, 0, 0, 1, 0, -state.leading), line)
            elif op == "Tf":
                state.font, state.size = self._font(resources, operands[0]), float(operands[1])
            elif op == "Tc":
                state.char_spacing = float(operands[0])
            elif op == "Tw":
                state.word_spacing = float(operands[0])
            elif op == "Tz":
                state.scale = float(operands[0]) / 100
            elif op == "TL":
                state.leading = float(operands[0])
            elif op == "Ts":
                state.rise = float(operands[0])
            elif op in ("Tj", "TJ", "'", '"'):
                if op in ("'", '"'):
                    tm = line = multiply((1, 0, 0, 1, 0, -state.leading), line)
                    if op == '"':
                        state.word_spacing, state.char_spacing = float(operands[0]), float(operands[1])
                        operands = operands[2:]
                parts = operands[0] if op == "TJ" else [operands[0]]
                tm = self._show(parts, state, tm, ctm, artifact=any(marked))
            elif op == "Do":
                self._form(resources, operands[0], ctm, depth=depth, artifact=any(marked))

    def _show(self, parts, state: _TextState, tm: Matrix, ctm: Matrix, *, artifact: bool) -> Matrix:
        """Lay out one text run; return the text matrix after it (the glyphs' advance)."""
        font, size = state.font, state.size
        if font is None:
            return tm
        advance, text = 0.0, []
        for part in parts:
            if isinstance(part, (int, float)):
                advance -= float(part) / 1000 * size * state.scale
                continue
            data = part.original_bytes if hasattr(part, "original_bytes") else bytes(part)
            for code in font.codes(data):
                glyph = font.width(code) / 1000 * size + state.char_spacing
                if code == 32 and not font.composite:
                    glyph += state.word_spacing
                advance += glyph * state.scale
                text.append(font.text.get(code, "?"))
        if text:
            render = multiply(tm, ctm)
            ascent, descent = 0.8 * size, -0.2 * size
            corners = [apply(render, x, y + state.rise) for x in (0.0, advance) for y in (descent, ascent)]
            self.runs.append(("".join(text), Box.around(corners), artifact))
        return multiply((1, 0, 0, 1, advance, 0), tm)

    def _form(self, resources, name, ctm: Matrix, *, depth: int, artifact: bool) -> None:
        xobjects = resources.get_object().get("/XObject", {}) if resources else {}
        if name not in xobjects or depth > 20:  # 20: a form drawing itself would never end
            return
        form = xobjects[name].get_object()
        if form.get("/Subtype") != "/Form":
            if form.get("/Subtype") == "/Image":  # an image fills the unit square of the CTM
                box = Box.around(apply(ctm, x, y) for x in (0, 1) for y in (0, 1))
                self.runs.append((f"bild {name}", box, artifact))
            return
        # Not the form's /BBox: for a label WeasyPrint makes it the font's whole bounding box, far larger than the
        # glyphs. The text inside is measured like the page's own.
        form_ctm = multiply(tuple(float(v) for v in form.get("/Matrix", IDENTITY)), ctm)
        self._walk(
            ContentStream(form, self.reader),
            form.get("/Resources", resources),
            form_ctm,
            depth=depth + 1,
            running=artifact,
        )


def _copy(state: _TextState) -> _TextState:
    return _TextState(**state.__dict__)


def content_box(page, margins: tuple[float, float, float, float]) -> Box:
    top, right, bottom, left = margins
    media = page.mediabox
    return Box(
        float(media.left) + left, float(media.bottom) + bottom, float(media.right) - right, float(media.top) - top
    )


def overflows(
    pdf: bytes | Path, margins: tuple[float, float, float, float], *, tolerance: float = TOLERANCE_PT
) -> list[Overflow]:
    """Every text run, image and drawn form whose box lies (partly) outside its page's content box.

    ``margins`` is (top, right, bottom, left) in points, as ``parse_page_margins`` reads them from the ``@page`` rule.
    Empty text (spaces) is ignored. Running headers and page numbers (outside the structure tree) may use the top and
    bottom margins, but not leave the page.
    """
    reader = PdfReader(io.BytesIO(pdf) if isinstance(pdf, bytes) else pdf)
    structured = structured_mcids(reader)
    found = []
    for number, page in enumerate(reader.pages, start=1):
        content = content_box(page, margins)
        media = page.mediabox
        ref = page.indirect_reference
        runs = _PageReader(reader, page, structured.get(ref.idnum if ref else -1, set())).read()
        for what, box, running in runs:
            if not what.strip():
                continue
            sides = []
            if box.left < content.left - tolerance:
                sides.append("vänster")
            if box.right > content.right + tolerance:
                sides.append("höger")
            top, bottom = (float(media.top), float(media.bottom)) if running else (content.top, content.bottom)
            if box.top > top + tolerance:
                sides.append("övre")
            if box.bottom < bottom - tolerance:
                sides.append("nedre")
            if sides:
                found.append(Overflow(number, what, box, content, tuple(sides)))
    return found
