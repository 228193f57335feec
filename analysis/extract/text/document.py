"""A narrative as pasted or saved: its country, report year, chunks, sections and sentences.

Two layouts are read:

- plain text as a user would paste it: a title block ("Trafficking in Persons Report 2008 -
  Peru", "2021 Trafficking in Persons Report: Peru"), a country and tier heading
  ("PERU (Tier 2)", "PERU: Tier 2"), then headed sections;
- the corpus layout: a ``# COUNTRY | TIP Report YEAR | …`` header, then chunks, each opened by
  a ``----- source: URL`` line. Each fact keeps its chunk's URL.

Text of another country inside a file (a chunk that opens with the end of the previous
narrative, before this country's heading; or anything after another country's heading) is
marked foreign and never attributed to the file's country.

Sentences are split on the original text (offsets stay valid) and survive PDF artefacts:
hard line breaks inside sentences, a missing space after a full stop ("entities.The"), and a
chunk cut mid-word (its last, truncated word is marked so it is never read as a noun).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from analysis.countries import try_iso3

HEADER_RE = re.compile(
    r"^#\s*(?P<country>[^|\n]+?)\s*\|\s*TIP Report\s+(?P<year>\d{4})\b[^\n]*$", re.MULTILINE
)
CHUNK_RE = re.compile(r"^-{3,}\s*source:\s*(?P<url>\S+)\s*$", re.MULTILINE)
TITLE_RES = [
    re.compile(
        r"Trafficking in Persons Report,?\s+(?P<year>(?:19|20)\d{2})\s*[-–—:]\s*(?P<country>[A-Z][^\n]{1,50})"
    ),
    re.compile(
        r"(?P<year>(?:19|20)\d{2})\s+Trafficking in Persons Report\s*[:\-–—]\s*(?P<country>[A-Z][^\n]{1,50})"
    ),
    re.compile(r"\b(?:in|of)\s+(?P<country>[A-Z][A-Za-z' ]{2,40}?)\s*\(TIP\s+(?P<year>(?:19|20)\d{2})\)"),
]


def _tier_words(n: str) -> str:
    return (
        rf"(?:TIER|Tier)\s*(?P<tier{n}>[123])(?P<wl{n}>\s*(?:WATCH LIST|Watch List|Watch list|watch list))?"
    )


COUNTRY_HEADING_RE = re.compile(
    # a name in any Latin letters ("CÔTE D’IVOIRE", "CURAÇAO", "SÃO TOMÉ AND PRÍNCIPE")
    rf"^[ \t]*(?P<name>[A-ZÀ-ÖØ-Þ](?:[^\W\d_]|[ .,'’()&\-]){{1,60}}?)\s*(?:\(\s*{_tier_words('1')}\s*\)"
    rf"|:\s*{_tier_words('2')}|"
    rf"\(\s*(?P<special>SPECIAL CASE|Special Case)\s*\)|:\s*(?P<special2>SPECIAL CASE|Special Case))"
    # a mirror's note after a dash may follow on the heading's line ("PAKISTAN (Tier 2 Watch List) –
    # Extracted from the …")
    rf"[ \t]*(?:\[[^\]\n]*\]?)?(?:[ \t]+[–—-][ \t]+[^\n]*)?[ \t]*$",
    re.MULTILINE,
)
SECTION_HEADINGS = {
    "prosecution": r"prosecution",
    "protection": r"protection",
    "prevention": r"prevention",
    "profile": r"trafficking profile|country narrative",
    "recommendations": r"(?:prioritized )?recommendations(?: for [A-Za-z ,'’]+)?:?",
}
SECTION_LINE_RE = re.compile(
    r"^[ \t]*(?P<title>" + "|".join(f"(?:{p})" for p in SECTION_HEADINGS.values()) + r")[ \t]*:?[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)
INLINE_RECOMMENDATIONS_RE = re.compile(
    r"^[ \t]*Recommendations for [^:\n]{1,60}:", re.IGNORECASE | re.MULTILINE
)
# the first sentence of a section, when a chunk starts without its heading
SECTION_OPENERS = [
    (
        "prosecution",
        re.compile(
            r"law enforcement efforts|anti-trafficking law enforcement|efforts to (?:investigate|prosecute)",
            re.I,
        ),
    ),
    (
        "protection",
        re.compile(
            r"(?:efforts to|to) (?:identify|protect)\b.*victims|victim protection|protect(?:ion)? (?:of"
            r"|for) (?:trafficking )?victims|"
            # the section's usual first sentence: "The government maintained protection efforts."
            r"\b(?:increased|maintained|decreased|improved|made [\w-]+) (?:its )?protection efforts\b",
            re.I,
        ),
    ),
    (
        "prevention",
        re.compile(r"efforts to prevent|prevention efforts|prevent(?:ing)? (?:human )?trafficking", re.I),
    ),
    ("summary", re.compile(r"minimum standards for the elimination of trafficking", re.I)),
    (
        "profile",
        re.compile(
            r"human traffickers exploit|is a source,|is a (?:source|destination|transit) country", re.I
        ),
    ),
]
ABBREVIATIONS = re.compile(
    r"(?:\b(?:U\.S|U\.N|Mr|Mrs|Ms|Dr|St|No|Art|Nos|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|"
    r"Nov|Dec|approx|e\.g|i\.e|etc|vs|Gov|Gen|Lt|Col|Sr|Jr|Inc|Ltd|Co)\.)$",
    re.IGNORECASE,
)


HEADING_END_RE = re.compile(r"[.!?;,:)]$|[a-z]$")
SECTION_LINE_RES = {
    name: re.compile(rf"\s*(?:{pattern})\s*:?\s*", re.IGNORECASE)
    for name, pattern in SECTION_HEADINGS.items()
}


class DocumentError(ValueError):
    """A text that cannot be read as a narrative (empty, not text)."""


@dataclass
class Sentence:
    """One sentence: its span in the file, the text (line breaks as spaces) and context."""

    start: int
    end: int
    text: str
    section: str
    source_url: str | None
    foreign: bool = False
    paragraph: int = 0
    truncated_tail: bool = False  # the chunk ends inside this sentence, mid-word


@dataclass
class Heading:
    start: int
    end: int
    iso3: str | None
    tier: str | None  # "1", "2", "2.5", "3", "special"
    text: str


@dataclass
class Document:
    """A narrative ready for extraction."""

    text: str
    iso3: str | None
    country: str | None
    report_year: int | None
    headings: list[Heading] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)


def _tier_of(match: re.Match) -> str:
    """'Tier 2' → '2'; 'Tier 2 Watch List' → '2.5'; 'Special Case' → 'special'."""
    groups = match.groupdict()
    if groups.get("special") or groups.get("special2"):
        return "special"
    tier = groups.get("tier1") or groups.get("tier2")
    watch = groups.get("wl1") or groups.get("wl2")
    return "2.5" if tier == "2" and watch else tier


def _headings(text: str) -> list[Heading]:
    headings = []
    for match in COUNTRY_HEADING_RE.finditer(text):
        name = match.group("name").strip(" .,:(")
        iso3 = try_iso3(name)
        if iso3 is None:
            continue
        headings.append(Heading(match.start(), match.end(), iso3, _tier_of(match), match.group().strip()))
    return headings


def _chunks(text: str) -> list[tuple[int, int, str | None]]:
    """(start, end, url) of each chunk; the whole text when there are no chunk lines."""
    marks = list(CHUNK_RE.finditer(text))
    if not marks:
        header = HEADER_RE.search(text)
        start = header.end() if header else 0
        return [(start, len(text), None)]
    chunks = []
    for i, mark in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(text)
        chunks.append((mark.end(), end, mark.group("url")))
    return chunks


_BOUNDARY = re.compile(
    r"(?P<stop>[.!?][\"”’)]?)(?P<gap>\s+|(?=[A-Z][a-z]))(?=[\"“(]?[A-Z0-9•])"
    r"|(?P<break>\n[ \t]*\n+)"
    r"|(?P<bullet>\s•\s)"
)


#: the end of a line that a sentence goes on from: a number or a comma
WRAPPED_BEFORE = re.compile(r"(?:\d|,)$")


def _split(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans inside text[start:end]; headings and blank lines are boundaries."""
    spans: list[tuple[int, int]] = []
    cursor = start
    # headings (short lines without a final full stop) stand alone
    lines = list(re.finditer(r"[^\n]*\n?", text[start:end]))
    cuts = set()
    previous = ""
    for line in lines:
        body, before = line.group().strip(), previous
        previous = body or previous
        if not body or len(body) > 120:
            continue
        # a short mixed-case line that ends in a number or a comma, or follows one, is part of a
        # sentence (a narrow column: "identified 45" / "Venezuelan victims and referred 30")
        wrapped = bool(WRAPPED_BEFORE.search(before) or WRAPPED_BEFORE.search(body)) and not body.isupper()
        if (len(body) <= 80 and not HEADING_END_RE.search(body) and not wrapped) or (
            COUNTRY_HEADING_RE.fullmatch(line.group().rstrip("\n"))
            or SECTION_LINE_RE.fullmatch(line.group().rstrip("\n"))
        ):
            cuts.add(start + line.start())
            cuts.add(start + line.start() + len(line.group().rstrip("\n")))
    for match in _BOUNDARY.finditer(text, start, end):
        if match.group("stop"):
            before = text[max(start, match.start() - 8) : match.start() + 1]
            if ABBREVIATIONS.search(before):
                continue
            # "1.5" is a number, not a sentence end (look at one character each side: slicing the
            # text before every stop made splitting quadratic in the text's length)
            if (
                match.group("stop") == "."
                and match.start() > 0
                and text[match.start() - 1].isdecimal()
                and match.end() < len(text)
                and text[match.end()].isdecimal()
            ):
                continue
            cuts.add(match.start() + len(match.group("stop")))
        elif match.group("break") or match.group("bullet"):
            cuts.add(match.start())
    for cut in sorted(cuts):
        if cut <= cursor or cut >= end:
            continue
        spans.append((cursor, cut))
        cursor = cut
    spans.append((cursor, end))
    out = []
    for a, b in spans:
        while a < b and text[a] in " \t\n•":
            a += 1
        while b > a and text[b - 1] in " \t\n":
            b -= 1
        if b > a:
            out.append((a, b))
    return out


def _section_of_line(line: str) -> str | None:
    if len(line) > 60:
        return None
    for name, pattern in SECTION_LINE_RES.items():
        if pattern.fullmatch(line):
            return name
    return None


def read_document(text: str, country: str | None = None, report_year: int | None = None) -> Document:
    """Parse a narrative. ``country``/``report_year`` override what the text says.

    Raises:
        DocumentError: the text is empty.
    """
    if not text or not text.strip():
        raise DocumentError("the text is empty")
    iso3 = try_iso3(country) if country else None
    year = report_year
    header = HEADER_RE.search(text)
    if header:
        iso3 = iso3 or try_iso3(header.group("country"))
        year = year or int(header.group("year"))
    headings = _headings(text)
    # a title line names this narrative only before its country heading: after it, it is the next
    # narrative's title ("2021 Trafficking in Persons Report: Thailand" at the end of Moldova's pages)
    first_heading = next((h.start for h in headings if h.iso3), None)
    if iso3 is None or year is None:
        for pattern in TITLE_RES:
            match = pattern.search(text[:4000])
            if match:
                if first_heading is None or match.start() < first_heading:
                    iso3 = iso3 or try_iso3(match.group("country").strip(" .:-"))
                year = year or int(match.group("year"))
                if iso3 and year:
                    break
    if iso3 is None:
        own = [h for h in headings if h.iso3]
        iso3 = own[0].iso3 if own else None
    if year is None:
        match = re.search(
            r"\b(?:TIP|Trafficking in Persons)(?: Report)?\s*(?:,\s*)?((?:19|20)\d{2})\b", text[:4000]
        )
        year = int(match.group(1)) if match else None
    from analysis.countries import canonical_name

    doc = Document(text, iso3, canonical_name(iso3) if iso3 else None, year, headings)
    doc.sentences = _sentences(doc)
    return doc


SPACES = re.compile(r"\s+")
#: whitespace that collapsing would change: any but a single space
ODD_SPACE = re.compile(r"[^\S ]|  ")


def _collapsed(raw: str) -> str:
    """``raw`` with each run of whitespace one space."""
    return SPACES.sub(" ", raw) if ODD_SPACE.search(raw) else raw


def _foreign_until(doc: Document, chunk_start: int, own: list) -> int:
    """Where this country's text begins in a chunk: text before its heading belongs to the
    previous narrative, unless it names this country (a title line such as "2021 Trafficking in
    Persons Report: Peru")."""
    if own:
        prefix = doc.text[chunk_start : own[0].start]
        mentions_own = doc.country and re.search(rf"\b{re.escape(doc.country)}", prefix, re.IGNORECASE)
        if prefix.strip() and not mentions_own:
            return own[0].start
    return chunk_start


def _opening_section(raw: str, url: str | None, i: int) -> str:
    """The section of a chunk's sentence before any heading: named by its opening words, by the
    chunk's URL, or ``summary`` for the first three sentences (``unknown`` after them)."""
    for name, pattern in SECTION_OPENERS:
        if pattern.search(raw):
            return name
    section = None
    if url:
        for name in ("prosecution", "protection", "prevention"):
            if name in url.lower():
                section = name
    if section is None:
        section = "summary" if i < 3 else "unknown"
    return section


def _sentences(doc: Document) -> list[Sentence]:
    text = doc.text
    sentences: list[Sentence] = []
    paragraph = 0
    for chunk_start, chunk_end, url in _chunks(text):
        in_chunk = [h for h in doc.headings if chunk_start <= h.start < chunk_end]
        own = [h for h in in_chunk if h.iso3 == doc.iso3]
        foreign_until = _foreign_until(doc, chunk_start, own)
        others = [h for h in in_chunk if h.iso3 != doc.iso3]
        section = None
        spans = _split(text, chunk_start, chunk_end)
        last_end = spans[-1][1] if spans else chunk_end
        chunk_truncated = bool(re.search(r"[A-Za-z]$", text[chunk_start:chunk_end].rstrip()))
        for i, (a, b) in enumerate(spans):
            raw = text[a:b]
            line = raw.strip()
            heading_section = _section_of_line(line) if "\n" not in line else None
            if heading_section:
                section = heading_section
                paragraph += 1
                continue
            if INLINE_RECOMMENDATIONS_RE.match(raw):
                section = "recommendations"
            if any(h.start == a or (h.start <= a < h.end) for h in doc.headings):
                section = "intro"
            if section is None:
                section = _opening_section(raw, url, i)
            foreign = a < foreign_until or any(
                h.start <= a and not any(o.start > h.start and o.start <= a for o in own) for h in others
            )
            if "\n\n" in text[max(chunk_start, a - 3) : a + 1]:
                paragraph += 1
            sentences.append(
                Sentence(
                    a,
                    b,
                    _collapsed(raw),
                    section,
                    url,
                    foreign,
                    paragraph,
                    truncated_tail=chunk_truncated and b == last_end,
                )
            )
        paragraph += 1
    return sentences
