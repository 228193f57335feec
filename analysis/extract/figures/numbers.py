"""Numbers in narrative text: digits, words, ranges, money, percentages, qualifiers.

:func:`find_numbers` returns every figure in a sentence with its character span:
``1,242``; ``seven``; ``Forty-four``; ``1 million``; ``a``/``an``/``one`` before a counted
noun ("a complicit official"); ranges ("30 to 35", "between 8 and 15", "8-15"); percentages
("24 percent", "two-thirds"); money with its currency ("752,000 soles", "$260,000"). Four-digit
numbers 1990–2030 written without a separator are years, not counts. A qualifier written just
before the figure ("at least", "more than", "approximately", "projected") is kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pycountry

from analysis.extract.figures.prefilter import Prefiltered

UNITS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
FRACTIONS = {
    "half": 0.5,
    "one-half": 0.5,
    "a third": 1 / 3,
    "one-third": 1 / 3,
    "two-thirds": 2 / 3,
    "a quarter": 0.25,
    "one-quarter": 0.25,
    "three-quarters": 0.75,
    "a fifth": 0.2,
    "one-fifth": 0.2,
}
CURRENCIES = {
    "$": "USD",
    "us$": "USD",
    "usd": "USD",
    "dollars": "USD",
    "soles": "PEN",
    "sol": "PEN",
    "naira": "NGN",
    "euros": "EUR",
    "euro": "EUR",
    "€": "EUR",
    "pesos": "local",
    "rupees": "local",
    "shillings": "local",
    "francs": "local",
    "dinars": "local",
    "riyals": "local",
    "baht": "local",
    "ringgit": "local",
    "yuan": "local",
    "reais": "local",
    "lempiras": "local",
    "quetzales": "local",
    "bolivianos": "local",
    "guaranies": "local",
    "cedis": "local",
    "rand": "local",
    "taka": "local",
    "kwacha": "local",
    "leones": "local",
    "birr": "local",
    "dirhams": "local",
    "manat": "local",
    "lari": "local",
    "som": "local",
    "tenge": "local",
    "hryvnia": "local",
    "rubles": "local",
    "lei": "local",
    "lek": "local",
    "denars": "local",
    "dram": "local",
    "riyal": "local",
    "rial": "local",
    "dollar": "USD",
    "krone": "local",
    "kroner": "local",
    "krona": "local",
    "kronor": "local",
    "koruna": "local",
    "zloty": "local",
    "forint": "local",
    "lira": "local",
    "lire": "local",
    "leu": "local",
    "somoni": "local",
    "lempira": "local",
    "quetzal": "local",
    "afghani": "local",
    "kyat": "local",
    "dong": "local",
    "rupiah": "local",
    "shekel": "local",
    "sheqel": "local",
    "pound": "local",
    "kip": "local",
    "riel": "local",
    "pula": "local",
    "kwanza": "local",
    "ariary": "local",
    "leone": "local",
    "cedi": "local",
    "dalasi": "local",
    "metical": "local",
    "ouguiya": "local",
    "nakfa": "local",
    "tala": "local",
    "vatu": "local",
    "rufiyaa": "local",
    "tugrik": "local",
    "dirham": "local",
    "dinar": "local",
    "peso": "local",
    "rupee": "local",
    "shilling": "local",
    "franc": "local",
    "ruble": "local",
    "won": "local",
    "yen": "local",
}
QUALIFIERS = [
    (r"at least", "at least"),
    (r"more than", "more than"),
    (r"over", "more than"),
    (r"upwards of", "more than"),
    (r"nearly", "approximately"),
    (r"almost", "approximately"),
    (r"approximately", "approximately"),
    (r"about", "approximately"),
    (r"around", "approximately"),
    (r"an estimated", "approximately"),
    (r"roughly", "approximately"),
    (r"some", "approximately"),
    (r"fewer than", "fewer than"),
    (r"less than", "fewer than"),
    (r"up to", "up to"),
    (r"a projected", "projected"),
    (r"projected", "projected"),
]
YEAR_MIN, YEAR_MAX = 1990, 2030

_DIGITS = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
RANGE_JOIN_RE = re.compile(r"^\s*(?:-|–|to)\s*$", re.IGNORECASE)
ARTICLE_RE = re.compile(r"(?<![\w])(?P<a>an?|one|single)(?=\s)", re.IGNORECASE)
PERCENT_AFTER_RE = re.compile(r"^\s*(?:percent|per cent|%)", re.IGNORECASE)
CURRENCY_AFTER_RE = re.compile(r"^\s*([A-Za-z]+|€)", re.IGNORECASE)


@dataclass(frozen=True)
class Number:
    """A figure found in text: ``value`` (lower end), ``value_high`` for a range."""

    start: int
    end: int
    value: float
    value_high: float | None = None
    kind: str = "count"  # count | year | percent | money | article
    currency: str | None = None
    qualifier: str | None = None
    text: str = ""


def word_to_number(text: str) -> float | None:
    """'seven' → 7, 'Forty-four' → 44, 'two hundred and five' → 205, '1,242' → 1242."""
    raw = text.strip().lower().replace("–", "-")
    digits = re.fullmatch(rf"({_DIGITS})(?:\s+(million|billion|thousand))?", raw)
    if digits:
        value = float(digits.group(1).replace(",", ""))
        return value * SCALES[digits.group(2)] if digits.group(2) else value
    total, current = 0, 0
    for token in re.split(r"[\s-]+", raw):
        if token == "and":
            continue
        if token in UNITS:
            current += UNITS[token]
        elif token in TENS:
            current += TENS[token]
        elif token in SCALES:
            current = max(current, 1) * SCALES[token]
            if SCALES[token] >= 1000:
                total, current = total + current, 0
        else:
            return None
    return float(total + current)


QUALIFIER_RE = Prefiltered(
    r"\b(?:" + "|".join(f"(?P<q{i}>{p})" for i, (p, _) in enumerate(QUALIFIERS)) + r")\s*$", re.IGNORECASE
)


def _qualifier(text: str, start: int) -> str | None:
    match = QUALIFIER_RE.search(text, max(0, start - 24), start)
    if not match:
        return None
    index = next(int(k[1:]) for k, v in match.groupdict().items() if v)
    return QUALIFIERS[index][1]


#: ISO 4217 codes ("25.86 million GYD"), from pycountry's table
ISO_CURRENCIES = frozenset(currency.alpha_3 for currency in pycountry.currencies)
#: a currency named after a figure, with up to two capitalised words of its country before it
#: ("19 million drams", "3 million Qatari riyal", "10 million Guyanese dollar", "7,200 New Zealand
#: dollars") or as an ISO code
CURRENCY_NAMED_RE = re.compile(
    r"^\s*(?:U\.?S\.?\s+)?(?P<country>(?:[A-Z][a-z]+\s+){1,2})?(?P<word>[A-Za-z]+|€)"
)


SCALE_WORD = re.compile(r"\s*(?:million|billion|thousand)\b", re.IGNORECASE)


def _currency(text: str, end: int, prefix: str | None) -> str | None:
    """The currency of a figure: a symbol before it, or a currency word or ISO code after it
    (singular or plural, after its country's name), else None.

    Example:
        >>> _currency("19 million drams", 2, None), _currency("25.86 million GYD", 5, None)
        ('local', 'GYD')
    """
    if prefix:
        return "EUR" if "€" in prefix else "USD"
    after = text[end : end + 40]
    scale = SCALE_WORD.match(after)
    if scale:
        after = after[scale.end() :]
    for match in (CURRENCY_AFTER_RE.match(after), CURRENCY_NAMED_RE.match(after)):
        if not match:
            continue
        word = match.group("word") if "word" in match.groupdict() else match.group(1)
        if word.isupper() and word in ISO_CURRENCIES:
            return word
        for form in (word.lower(), word.lower().removesuffix("s"), word.lower() + "s"):
            if form in CURRENCIES:
                # "Guyanese dollar", "New Zealand dollars": another country's dollar is local money
                named = "country" in match.groupdict() and match.group("country")
                return "local" if named and CURRENCIES[form] == "USD" else CURRENCIES[form]
    return None


TOKEN_RE = re.compile(
    r"(?P<prefix>US\$|\$|€|USD\s?)?(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"|(?P<word>[A-Za-z]+(?:-[A-Za-z]+)?)"
)
NUMBER_WORDS = frozenset([*UNITS, *TENS, "hundred", "thousand", "million", "billion"])
SCALE_AFTER_RE = re.compile(r"\s+(million|billion|thousand)\b", re.IGNORECASE)


_FIRST_WORDS = frozenset([*UNITS, *TENS])


def _is_number_word(word: str) -> bool:
    lower = word.lower()
    if lower in _FIRST_WORDS:
        return True
    if "-" not in lower:
        return False
    parts = lower.split("-")
    return parts[0] in _FIRST_WORDS and all(p in NUMBER_WORDS for p in parts)


def _may_start_number(word: str) -> bool:
    """Whether a word may begin a number in words ("seven", "twenty-five"): a cheap test first."""
    lower = word.lower()
    return lower in _FIRST_WORDS or ("-" in lower and lower.split("-", 1)[0] in _FIRST_WORDS)


def _single_numbers(text: str, taken: list[tuple[int, int]]) -> list[Number]:
    """Single figures (digits or number words), tokenised without a large alternation."""
    found = []
    tokens = list(TOKEN_RE.finditer(text))
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.lastgroup == "word" and not _may_start_number(token.group()):
            i += 1  # most words: the fast path
            continue
        start = token.start()
        if taken and any(s <= start < e for s, e in taken):
            i += 1
            continue
        if token.group("num"):
            read, i = _digit_figure(text, tokens, i)
            if not isinstance(read, tuple):  # a year, or no figure
                if read is not None:
                    found.append(read)
                i += 1
                continue
            value, end = read
        elif token.group("word") and _is_number_word(token.group("word")):
            read, i = _word_figure(text, tokens, i)
            if read is None:
                i += 1
                continue
            value, end = read
        else:
            i += 1
            continue
        kind, currency = "count", _currency(text, end, token.group("prefix"))
        if PERCENT_AFTER_RE.match(text[end : end + 12]):
            kind = "percent"
        elif currency:
            kind = "money"
        found.append(
            Number(start, end, value, None, kind, currency, _qualifier(text, start), text[start:end])
        )
        i += 1
    return found


def _digit_figure(text: str, tokens: list[re.Match[str]], i: int):
    """The digit figure of ``tokens[i]``: ((value, end), last token index read), a year as a
    :class:`Number`, or None when the digits are part of something else ("COVID-19", "3rd")."""
    token = tokens[i]
    start = token.start()
    prev = text[start - 1] if start > 0 else " "
    letter_dash = prev == "-" and start > 1 and text[start - 2].isalpha()  # "COVID-19"
    if not token.group("prefix") and (prev.isalnum() or prev in "._,$€" or letter_dash):
        return None, i
    raw = token.group("num")
    end = token.end()
    value = float(raw.replace(",", ""))
    scale = SCALE_AFTER_RE.match(text, end)
    if scale:
        value *= SCALES[scale.group(1).lower()]
        end = scale.end()
        while i + 1 < len(tokens) and tokens[i + 1].start() < end:
            i += 1
    if end < len(text) and (text[end].isalpha() or text[end] == "_"):
        return None, i
    if not token.group("prefix") and YEAR_DIGITS_RE.fullmatch(raw) and YEAR_MIN <= value <= YEAR_MAX:
        return Number(token.start("num"), token.end("num"), value, None, "year", text=raw), i
    return (value, end), i


def _word_figure(text: str, tokens: list[re.Match[str]], i: int):
    """The number in words starting at ``tokens[i]`` ("twenty-five", "two hundred and ten"):
    ((value, end), last token index read), or (None, i) when the words make no number."""
    j = i
    end = tokens[i].end()
    while j + 1 < len(tokens):
        nxt = tokens[j + 1]
        gap = text[end : nxt.start()]
        if not re.fullmatch(r"[ \t]+", gap or "x") or not nxt.group("word"):
            break
        word = nxt.group("word").lower()
        if _is_number_word(word) or word in SCALES:
            j, end = j + 1, nxt.end()
        elif (
            word == "and"
            and j + 2 < len(tokens)
            and tokens[j + 2].group("word")
            and _is_number_word(tokens[j + 2].group("word"))
            and tokens[j].group("word")
            and tokens[j].group("word").lower() in SCALES
        ):
            j, end = j + 2, tokens[j + 2].end()
        else:
            break
    value = word_to_number(text[tokens[i].start() : end])
    if value is None:
        return None, i
    return (value, end), j


def _merge_ranges(text: str, numbers: list[Number]) -> list[Number]:
    """'30 to 35', '8-15', 'between 8 and 15' → one range; 'from seven to 15' stays two figures."""
    out: list[Number] = []
    i = 0
    while i < len(numbers):
        a = numbers[i]
        b = numbers[i + 1] if i + 1 < len(numbers) else None
        if b is not None and a.kind in ("count", "money") and b.kind == a.kind and b.value > a.value:
            joiner = text[a.end : b.start]
            before = text[max(0, a.start - 12) : a.start].lower()
            between = re.search(r"\bbetween\s+$", before) and re.fullmatch(r"\s+and\s+", joiner)
            dash_or_to = RANGE_JOIN_RE.match(joiner) and not re.search(r"\bfrom\s+(?:\w+\s+)?$", before)
            if between or dash_or_to:
                start = a.start - len(re.search(r"between\s+$", before).group()) if between else a.start
                out.append(
                    Number(
                        start,
                        b.end,
                        a.value,
                        b.value,
                        a.kind,
                        a.currency or b.currency,
                        a.qualifier or _qualifier(text, start),
                        text[start : b.end],
                    )
                )
                i += 2
                continue
        out.append(a)
        i += 1
    return out


FRACTION_RE = Prefiltered(
    r"(?<![\w-])(?:"
    + "|".join(re.escape(f) for f in sorted(FRACTIONS, key=len, reverse=True))
    + r")(?![\w-])",
    re.IGNORECASE,
)
YEAR_DIGITS_RE = re.compile(r"\d{4}")
DIGIT_RE = re.compile(r"\d")
QUICK_RE = re.compile(
    r"\b(?:an?|one|single|half|third|quarter|fifth)\b|" + "|".join(rf"\b{w}" for w in [*UNITS, *TENS]),
    re.IGNORECASE,
)


def find_numbers(text: str) -> list[Number]:
    """Every figure in ``text`` (a sentence), in order, with its span and kind."""
    if not DIGIT_RE.search(text) and not QUICK_RE.search(text):
        return []
    taken: list[tuple[int, int]] = []
    found: list[Number] = []
    for match in FRACTION_RE.finditer(text):
        value = FRACTIONS[match.group().lower()]
        found.append(Number(match.start(), match.end(), value * 100, None, "percent", text=match.group()))
        taken.append((match.start(), match.end()))
    found += _merge_ranges(text, _single_numbers(text, taken))
    taken += [(n.start, n.end) for n in found]
    for match in ARTICLE_RE.finditer(text):
        if not any(s <= match.start() < e for s, e in taken):
            found.append(
                Number(match.start("a"), match.end("a"), 1.0, None, "article", text=match.group("a"))
            )
    return sorted(found, key=lambda n: n.start)
