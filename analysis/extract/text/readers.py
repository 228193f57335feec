"""Reading narrative documents: saved web pages (HTML) and PDFs, one narrative or a whole report.

- **PDF** (pypdf): the text layer of each page; running headers and footers (a line on most
  pages) and bare page numbers are dropped, and lines the layout broke inside a sentence are
  joined (:func:`unwrap`); a whole TIP Report is split on the country headings
  as the editions write them ("PERU: Tier 2", "PERU (Tier 2)", "PERU: TIER 2 WATCH LIST",
  special cases), each narrative keeping its page range. The edition is read from the document
  ("2024 Trafficking in Persons Report") unless given. pypdf was chosen over pdfminer.six by
  measurement: on the same two-column narrative it was about 7 times faster (0.01 s against
  0.07 s) with the same text (7,126 against 7,136 characters, the difference being spacing).
- **HTML** (BeautifulSoup with Python's own parser): the main text only: ``<main>`` or
  ``<article>`` when the page has one, without navigation, menus, headers, footers, scripts and
  footnote lists.

Errors name the file (and the page) and say what would work: an encrypted PDF, a PDF without a
text layer (scanned images), a truncated or corrupt PDF, a page with no narrative, a heading that
names no known country.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from analysis.countries import try_iso3
from analysis.extract.text.document import COUNTRY_HEADING_RE, SECTION_LINE_RE

#: A running header or footer is a line found on at least this share of the pages.
RUNNING_LINE_SHARE = 0.5
#: ... and is at most this long (characters)
RUNNING_LINE_MAX = 90
EDITION_RE = re.compile(
    r"\b((?:19|20)\d{2})\s+Trafficking in Persons Report\b|"
    r"\bTrafficking in Persons Report,?\s+(?:June\s+)?((?:19|20)\d{2})\b",
    re.IGNORECASE,
)
#: Elements that never hold the narrative (navigation, page furniture, notes).
HTML_DROP = (
    "script",
    "style",
    "noscript",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "button",
    "svg",
    "iframe",
)
HTML_DROP_HINT = re.compile(r"footnote|endnote|menu|navbar|breadcrumb|sidebar|share|social|cookie|skip", re.I)


class ReadError(ValueError):
    """A document that cannot be read; the message names the file (and page) and the fix."""


#: problems that start so are notes: nothing is wrong, something was left out on purpose
NOTE = "note: "


@dataclass
class Part:
    """One narrative read from a document: its text, where it came from, what it says it is."""

    text: str
    origin: str
    report_year: int | None = None


def edition_of(text: str) -> int | None:
    """The report edition a document names most often ('2024 Trafficking in Persons Report')."""
    years = [int(a or b) for a, b in EDITION_RE.findall(text)]
    return Counter(years).most_common(1)[0][0] if years else None


def _page_texts(path: Path) -> list[str]:
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, PdfReadError

    try:
        reader = PdfReader(str(path), strict=False)
        try:
            opened = not reader.is_encrypted or reader.decrypt("")
        except DependencyError as exc:  # AES needs the cryptography package (a dependency)
            raise ReadError(
                f"{path}: the PDF is encrypted with AES and this environment cannot open it ({exc}); "
                "run `make install`, or save an unprotected copy and ingest that"
            ) from exc
        if not opened:
            raise ReadError(
                f"{path}: the PDF is encrypted with a password; save an unprotected copy (or its text) "
                "and ingest that"
            )
        texts = []
        for number, page in enumerate(reader.pages, start=1):
            try:
                texts.append(page.extract_text() or "")
            except Exception as exc:  # a damaged page: say which, keep the message
                raise ReadError(
                    f"{path}, page {number}: cannot read the page ({exc}); the PDF may be damaged"
                ) from exc
        return texts
    except ReadError:
        raise
    except (PdfReadError, ValueError, KeyError, OSError, EOFError) as exc:
        raise ReadError(
            f"{path}: not a readable PDF ({type(exc).__name__}: {exc}); it may be truncated or "
            "corrupt: download it again"
        ) from exc


def _edges(page: str) -> list[str]:
    """The first two and last two non-empty lines of a page: where headers and footers sit."""
    lines = [line for line in page.splitlines() if line.strip()]
    return lines[:2] + lines[-2:]


#: a report's title as a running line: "2021 TRAFFICKING IN PERSONS REPORT", "Trafficking in
#: Persons Report 2021", with or without a page number
TITLE_LINE_RE = re.compile(
    r"\s*(?:\d{1,4}\s+)?(?:(?:19|20)\d{2}\s+)?TRAFFICKING IN PERSONS REPORT"
    r"(?:,?\s+(?:June\s+)?(?:19|20)\d{2})?"
    r"(?:\s+\d{1,4})?\s*",
    re.IGNORECASE,
)
#: a line that is a name and perhaps a page number ("BRAZIL  41", "41 | Peru"): at a page's top or
#: bottom, a running line naming a country (often the next narrative's, on the page it starts)
NAME_LINE_RE = re.compile(
    r"\s*(?:\d{1,4}\s*[|•·]?\s+)?(?P<name>[^\W\d_][^\d|•·\n]{1,60}?)(?:\s+[|•·]?\s*\d{1,4})?\s*"
)


def running_line(line: str) -> bool:
    """A page-edge line that never belongs to a narrative whatever the page count: the report's
    title, or a country's name with or without a page number (a country heading has its tier, so
    it is never one).

    Example:
        >>> [running_line(s) for s in ("BRAZIL  41", "2021 TRAFFICKING IN PERSONS REPORT", "PERU: Tier 2",
        ...                            "PROTECTION", "Victims were identified in")]
        [True, True, False, False, False]
    """
    if TITLE_LINE_RE.fullmatch(line):
        return True
    match = NAME_LINE_RE.fullmatch(line)
    return bool(match) and try_iso3(match.group("name").strip()) is not None


def _without_running_lines(pages: list[str]) -> list[str]:
    """Drop running headers and footers (a line at the top or bottom of most pages, digits aside;
    at any page's edge, the report's title or a country's name with its page number) and bare
    page numbers; section headings inside the text are never taken for them."""

    def key(line: str) -> str:
        return re.sub(r"\d+", "#", line.strip().lower())

    counts = Counter(k for page in pages for k in {key(line) for line in _edges(page)})
    running = {
        k
        for k, n in counts.items()
        if len(pages) >= 3
        and n >= max(3, RUNNING_LINE_SHARE * len(pages))
        # page furniture is short and is no sentence: two narratives' sentences of the same shape
        # at the foot of two pages of a short PDF are text
        and len(k) <= RUNNING_LINE_MAX
        and not k.endswith(".")
    }
    out = []
    for page in pages:
        edges = _edges(page)
        kept = [
            line
            for line in page.splitlines()
            if not re.fullmatch(r"\s*\d{1,4}\s*", line)
            and not (
                line in edges
                and (key(line) in running or running_line(line))
                # a country or section heading on many pages' edges is still a heading
                and not COUNTRY_HEADING_RE.fullmatch(line)
                and not SECTION_LINE_RE.fullmatch(line)
            )
        ]
        out.append("\n".join(kept))
    return out


_WRAPPED = re.compile(r"(?<=[^.:;!?\n])\n(?=[a-z0-9(“\"‘'$%])")


def unwrap(text: str) -> str:
    r"""Join the lines a PDF breaks inside a sentence: a line that does not end a sentence,
    followed by one that starts in lower case, a digit or a bracket, is the same sentence.
    Headings (upper case) and paragraph ends stay on their own lines.

    A word hyphenated across lines is joined ("traf-\nficking" → "trafficking"), keeping the
    hyphen of a prefix that has one ("anti-\ntrafficking").

    Example:
        >>> unwrap("prosecuted 12 suspects\nin 2023, compared with 15\nin 2022.\nPROTECTION\nThe")
        'prosecuted 12 suspects in 2023, compared with 15 in 2022.\nPROTECTION\nThe'
        >>> unwrap("sex traf-\nficking and anti-\ntrafficking")
        'sex trafficking and anti-trafficking'
    """
    text = _HYPHENATED.sub(_join_hyphenated, text)
    return _WRAPPED.sub(_join_unless_heading, text)


#: a word cut by a hyphen at a line's end: "traf-" / "ficking"
_HYPHENATED = re.compile(r"\b(?P<first>[A-Za-z]+)-\n(?=[a-z])")
#: prefixes that keep their hyphen when the word is joined ("anti-" / "trafficking")
HYPHEN_PREFIXES = frozenset(
    {"anti", "non", "self", "co", "cross", "well", "multi", "inter", "sub", "post", "pre"}
)


def _join_hyphenated(match: re.Match[str]) -> str:
    first = match.group("first")
    return f"{first}-" if first.lower() in HYPHEN_PREFIXES else first


def _join_unless_heading(match: re.Match[str]) -> str:
    """A line break inside a sentence becomes a space; after a country heading it stays (the
    heading's next line may start with a digit: "2021 Trafficking in Persons Report: Peru")."""
    text = match.string
    line_start = text.rfind("\n", 0, match.start()) + 1
    return "\n" if COUNTRY_HEADING_RE.fullmatch(text, line_start, match.start()) else " "


def read_pdf(path: Path, report_year: int | None = None) -> tuple[list[Part], list[str]]:
    """The narratives of a PDF (one, or every country of a whole report), and the problems found.

    Returns:
        ``(parts, problems)``: one part per country heading (the whole text when the PDF holds a
        single narrative without a heading the splitter recognises); ``problems`` name the page
        of a heading that names no known country (that narrative is left out).

    Raises:
        ReadError: encrypted, no text layer, truncated or corrupt.
    """
    path = Path(path)
    raw_pages = _page_texts(path)
    if not any(page.strip() for page in raw_pages):
        raise ReadError(
            f"{path}: the PDF has no text layer (scanned images?); run OCR on it first, or ingest "
            "the narrative as text"
        )
    edition = report_year or edition_of("\n".join(raw_pages[:5] + raw_pages))
    pages = [unwrap(page) for page in _without_running_lines(raw_pages)]
    starts, text = [], ""
    for page in pages:
        starts.append(len(text))
        text += page + "\n"

    def page_at(offset: int) -> int:
        return max(i for i, s in enumerate(starts) if s <= offset) + 1

    headings = list(COUNTRY_HEADING_RE.finditer(text))
    problems, cuts = [], []
    for match in headings:
        name = match.group("name").strip(" .:")
        if try_iso3(name) is None:
            problems.append(
                f"{path}, page {page_at(match.start())}: the heading {match.group().strip()!r} names "
                "no known country; that narrative is left out (fix the name, or ingest it as text "
                "with --country)"
            )
            cuts.append((match.start(), None))
        else:
            cuts.append((match.start(), name))
    if not cuts:
        return [Part(text, path.name, edition)], problems
    before = text[: cuts[0][0]]
    if before.strip():  # never dropped unsaid: the pages before the first narrative
        last = page_at(max(0, cuts[0][0] - 1))
        problems.append(
            f"{NOTE}{path}, page{'s 1-' + str(last) if last > 1 else ' 1'}: {len(before.strip()):,} "
            "characters before the first country heading belong to no country's narrative and are "
            "left out (a report's introduction; if a narrative starts there, its heading was not "
            "recognised: ingest those pages as text with --country)"
        )
    parts = []
    for i, (start, name) in enumerate(cuts):
        end = cuts[i + 1][0] if i + 1 < len(cuts) else len(text)
        if name is None:
            continue
        first, last = page_at(start), page_at(max(start, end - 1))
        pages_label = f"{first}" if first == last else f"{first}-{last}"
        parts.append(Part(text[start:end], f"{path.name}#pages={pages_label}", edition))
    return parts, problems


def read_html(path: Path) -> str:
    """The main text of a saved web page (no navigation, menus, footers or footnote lists).

    Raises:
        ReadError: the page cannot be read as HTML.
    """
    from bs4 import BeautifulSoup

    try:
        markup = Path(path).read_bytes()
    except OSError as exc:
        raise ReadError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    soup = BeautifulSoup(markup, "html.parser")
    for tag in soup(list(HTML_DROP)):
        tag.decompose()
    for tag in soup.find_all(attrs={"role": re.compile("navigation|banner|contentinfo|complementary", re.I)}):
        tag.decompose()
    for tag in soup.find_all(True):
        if tag.attrs is None:
            continue
        hint = " ".join([str(tag.get("id", "")), " ".join(tag.get("class", []) or [])])
        if hint.strip() and HTML_DROP_HINT.search(hint):
            tag.decompose()
    main = soup.find("main") or soup.find("article") or soup.body or soup
    for block in main.find_all(["p", "h1", "h2", "h3", "h4", "h5", "li", "div", "br", "tr"]):
        block.insert_after("\n")
    lines = [" ".join(line.split()) for line in main.get_text().splitlines()]
    return "\n".join(line for line in lines if line) + "\n"
