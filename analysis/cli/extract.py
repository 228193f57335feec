"""Narrative commands: ingest, review, extract, criteria, followthrough and the evaluate-* scores."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from analysis.atomic import write_atomic
from analysis.cli.common import (
    EXIT_DATA,
    REVIEW_DIR,
    UsageError,
    check_range,
    command_adder,
    emit,
)
from analysis.countries import canonical_name, to_iso3
from analysis.paths import RAW_DIR
from analysis.rawio import RawDataError, for_spreadsheets, frame_to_csv_bytes


def cmd_ingest(args, out) -> int:
    from analysis.extract.text.ingest import ingest, report_tables, save, summary, web_url

    if args.report_year is not None:
        check_range("--report-year", args.report_year, 2001, datetime.now(UTC).year + 1)
    if args.country:
        to_iso3(args.country)  # an unknown name is a usage error, with close matches
    if args.url is not None and web_url(args.url) is None:
        raise UsageError(f"--url {args.url!r}: give an http(s) address, such as https://www.state.gov/…")
    result = ingest(args.paths, args.country, args.report_year, url=args.url)
    if result.documents:
        documents, extracted = save(
            result, Path(args.raw), replace=args.replace, keep_existing=args.keep_existing
        )
        for line in [*summary(result), *report_tables(result)]:
            print(line, file=out)
        print(
            f"{len(result.documents)} documents, {len(result.extracted)} figures: {documents} and "
            f"{extracted}",
            file=out,
        )
        if result.documents:
            first = result.documents[0]
            print(
                "next: `make data` builds the panel with these figures; `python -m analysis review "
                f"--country {first['iso3']} --report-year {first['report_year']}` lists them to check",
                file=out,
            )
    for note in result.notes:  # what was decided or left out on purpose, said once
        print(f"note: {note}", file=out)
    for error in result.errors:
        print(f"error: {error}", file=sys.stderr)
    return EXIT_DATA if result.errors else 0


def cmd_review(args, out) -> int:
    from analysis.extract.text.coded_sheet import KINDS, apply_coded_sheet, coded_sheet, kind_of_sheet
    from analysis.extract.text.sheet import ReviewError, apply_sheet, sheet

    if args.apply:
        if not Path(args.apply).is_file():
            raise UsageError(f"{args.apply}: no such sheet; give the CSV that review wrote")
        try:
            kind = kind_of_sheet(Path(args.apply))
            if kind is not None:
                counts = apply_coded_sheet(kind, Path(args.apply), Path(args.raw))
                print(
                    f"applied {args.apply}: {counts['accept']} accepted and {counts['correct']} corrected "
                    f"{kind.name} codes are now curated (method reviewed); run `make data`",
                    file=out,
                )
                return 0
            counts = apply_sheet(Path(args.apply), Path(args.raw))
        except ReviewError as exc:
            raise UsageError(str(exc)) from exc
        print(
            f"applied {args.apply}: {counts['accept']} accepted and {counts['correct']} corrected rows are "
            f"now curated (method reviewed), {counts['reject']} rejected; run `make data`",
            file=out,
        )
        return 0
    if not args.country or args.report_year is None:
        raise UsageError("review: give --country NAME --report-year YEAR, or --apply SHEET")
    kind = KINDS["criteria"] if args.criteria else KINDS["followthrough"] if args.followthrough else None
    iso3 = to_iso3(args.country)
    if kind is not None:
        table = coded_sheet(kind, args.country, args.report_year, Path(args.raw))
        what, rows, name = f"coded {kind.name}", f"{kind.name} codes", f"review-{kind.name}-{iso3}"
        fill = "accept, or correct after editing status"
    else:
        table = sheet(args.country, args.report_year, Path(args.raw))
        what, rows, name, fill = "extracted figures", "figures", f"review-{iso3}", "accept, correct, reject"
    if table.empty:
        raise UsageError(f"no {what} for {args.country} {args.report_year}; ingest its narrative first")
    target = Path(args.out) if args.out else REVIEW_DIR / f"{name}-{args.report_year}.csv"
    target = _write_sheet(target, table, args.force)
    print(
        f"{len(table)} {rows} to review in {target}: fill 'decision' ({fill}), then "
        f"python -m analysis review --apply {target}",
        file=out,
    )
    return 0


def _write_sheet(target: Path, table: pd.DataFrame, force: bool) -> Path:
    """Write a review sheet, safe to open in a spreadsheet; never over a sheet with decisions in
    it unless ``force`` (the user's work would be lost)."""
    from analysis.rawio import read_raw_csv

    target = target.resolve()
    if target.exists() and not force:
        try:
            decided = read_raw_csv(target, edited=True).get("decision", pd.Series(dtype="string"))
        except RawDataError:
            decided = pd.Series(["?"])  # not a sheet we can read: keep it all the same
        if decided.fillna("").str.strip().ne("").any():
            raise UsageError(
                f"{target} has decisions in it; apply it first (review --apply), give another --out, "
                "or --force to overwrite it"
            )
    write_atomic(target, frame_to_csv_bytes(for_spreadsheets(table)))
    return target


def _narrative_texts(args):
    """(path, text, report year) of every narrative in ``args.files``, read as ``ingest`` reads them.

    Checks ``--country`` and ``--report-year`` first; a file that cannot be read, or a text with
    no country and no ``--country``, is a usage error naming the file.
    """
    from analysis.extract import ExtractError, read_text_file
    from analysis.extract.text.document import read_document
    from analysis.extract.text.readers import ReadError, read_html, read_pdf

    if args.country:
        to_iso3(args.country)  # an unknown name: exit 2 with close matches
    if args.report_year is not None:
        check_range("--report-year", args.report_year, 2001, datetime.now(UTC).year + 1)
    for name in args.files:
        path = Path(name)
        try:  # PDFs and saved pages are read as ingest reads them
            if path.suffix.lower() == ".pdf":
                parts, problems = read_pdf(path, args.report_year)
                for problem in problems:  # e.g. a heading naming no known country: that part is left out
                    kind = "note" if problem.startswith("note: ") else "warning"
                    print(f"{kind}: {problem.removeprefix('note: ')}", file=sys.stderr)
                texts = [(p.text, p.report_year) for p in parts]
            elif path.suffix.lower() in (".html", ".htm"):
                texts = [(read_html(path), None)]
            else:
                texts = [(read_text_file(path), None)]
        except (ExtractError, ReadError) as exc:
            raise UsageError(str(exc)) from exc
        for text, year in texts:
            if read_document(text, args.country, args.report_year or year).iso3 is None:
                raise UsageError(
                    f"{path}: no country found (no 'COUNTRY: Tier N' heading or '# COUNTRY | TIP "
                    "Report YEAR' header); give --country NAME"
                )
            yield path, text, args.report_year or year


def _write_records(table: pd.DataFrame, fmt: str, out) -> None:
    if fmt == "json":
        out.write(table.to_json(orient="records", indent=1, force_ascii=False) + "\n")
    else:
        emit(table, "csv", out)


def cmd_extract(args, out) -> int:
    from analysis.extract import COLUMNS, extract_texts
    from analysis.extract.figures.review import mark_against

    narratives = ((str(path), text, args.country, year) for path, text, year in _narrative_texts(args))
    table = extract_texts(narratives, key="path")
    columns = list(COLUMNS)
    if args.against:
        table = mark_against(table, Path(args.against))
        columns.append("status")
    _write_records(table[columns], args.format, out)
    return 0


def cmd_criteria(args, out) -> int:
    from analysis.extract.criteria.coder import CRITERIA_COLUMNS, code_text, coverage_note

    frames = []
    for path, text, year in _narrative_texts(args):
        codes = code_text(text, args.country, year)
        note = coverage_note(codes, text, args.country, year)
        if note:
            print(f"note: {path}: {note}", file=sys.stderr)
        frames.append(codes)
    table = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=CRITERIA_COLUMNS)
    _write_records(table, args.format, out)
    return 0


def cmd_followthrough(args, out) -> int:
    from analysis.extract.followthrough.coder import FOLLOWTHROUGH_COLUMNS, FollowThroughError, follow_through

    if args.files:
        if len(args.files) != 2:
            raise UsageError("followthrough: give two narratives, FILE_Y then FILE_Y1 (or --country alone)")
        docs = []
        from analysis.extract.text.document import read_document

        for path, text, year in _narrative_texts(args):
            doc = read_document(text, args.country, year)
            if doc.report_year is None:
                raise UsageError(
                    f"{path}: no report edition found in the text; name it in the text or the file"
                )
            docs.append(doc)
        if len(docs) != 2:
            raise UsageError(
                "followthrough: each FILE must hold one narrative (a whole-report PDF holds many)"
            )
        try:
            facts = _load_facts_or_none(args.processed)
            table = follow_through(docs[0], docs[1], facts, allow_gap=args.allow_gap)
        except FollowThroughError as exc:
            raise UsageError(str(exc)) from exc
        if table.empty:
            print(f"note: {args.files[0]}: no recommendations found: no rows", file=sys.stderr)
        _write_records(table[FOLLOWTHROUGH_COLUMNS], args.format, out)
        return 0
    if not args.country:
        raise UsageError("followthrough: give FILE_Y FILE_Y1, or --country NAME for the ingested narratives")
    from analysis.panel import load_followthrough

    iso3 = to_iso3(args.country)
    latest = datetime.now(UTC).year + 1
    check_range("--from", args.year_from, 2001, latest)
    check_range("--to", args.year_to, 2001, latest)
    if args.year_from is not None and args.year_to is not None and args.year_from >= args.year_to:
        raise UsageError(
            f"--from {args.year_from} --to {args.year_to}: --from names the earlier edition "
            "(e.g. --from 2018 --to 2025)"
        )
    table = load_followthrough(args.processed)
    table = table[table["iso3"] == iso3]
    if args.year_from is not None:
        table = table[table["year_from"] >= args.year_from]
    if args.year_to is not None:
        table = table[table["year_to"] <= args.year_to]
    if table.empty:
        print(
            f"note: no follow-through for {canonical_name(iso3)} in these years: ingest consecutive editions "
            "of its narrative (python -m analysis ingest), then make data",
            file=sys.stderr,
        )
    lone = _editions_without_next(iso3, args.year_from, args.year_to)
    if lone:
        print(
            f"note: no next edition ingested for {canonical_name(iso3)} {', '.join(map(str, lone))}: their "
            "recommendations have no follow-through rows",
            file=sys.stderr,
        )
    _write_records(table.drop(columns=["document_from", "document_to"]), args.format, out)
    return 0


def _editions_without_next(iso3: str, first: int | None, last: int | None) -> list[int]:
    """Ingested editions of a country whose next edition is not ingested (within the years asked)."""
    from analysis.paths import RAW_DIR

    path = RAW_DIR / "tip_narratives" / "documents.csv"
    if not path.exists():
        return []
    documents = pd.read_csv(path, dtype={"report_year": "Int64"})
    years = set(documents.loc[documents["iso3"] == iso3, "report_year"].dropna().astype(int))
    return sorted(
        y
        for y in years
        if y + 1 not in years and (first is None or y >= first) and (last is None or y + 1 <= last)
    )


def _offsets(start, end, missing: str = "-", prefix: str = "") -> str:
    """Character offsets as the evaluate commands print them: 'start-end', or ``missing``."""
    return missing if pd.isna(start) else f"{prefix}{start}-{end}"


def _three_decimals(frame: pd.DataFrame, columns: list[str]) -> None:
    """Scores as printed by the evaluate commands: three decimals, blank when undefined."""
    for column in columns:
        frame[column] = frame[column].map(lambda v: "" if pd.isna(v) else f"{v:.3f}")


def _score_table(out, heading: str, frame: pd.DataFrame, scores: list[str]) -> None:
    """Print ``heading`` and ``frame`` with its ``scores`` columns at three decimals."""
    frame = frame.copy()
    _three_decimals(frame, scores)
    if heading:
        print(heading, file=out)
    print(frame.to_string(index=False), file=out)


def _evaluated(evaluate, args):
    """``evaluate(gold, corpus)`` of an evaluate-* command; a bad gold table is a usage error."""
    from analysis.extract.agreement import GoldError

    try:
        return evaluate(Path(args.gold), Path(args.corpus) if args.corpus else None)
    except GoldError as exc:
        raise UsageError(str(exc)) from exc


def _load_facts_or_none(processed):
    """The panel's facts for the direction of enforcement figures, or None when not built."""
    from analysis.panel import load_facts

    try:
        return load_facts(processed)
    except (FileNotFoundError, RuntimeError):
        return None


def cmd_evaluate_followthrough(args, out) -> int:
    from analysis.extract.followthrough.evaluate import evaluate_followthrough

    result = _evaluated(evaluate_followthrough, args)
    _score_table(out, "Follow-through against the gold codes:", result.overall, ["value"])
    print("\nConfusion over matched items (rows gold, columns coded):", file=out)
    print(result.confusion.to_string(), file=out)
    if args.by_country:
        _score_table(out, "\nPer country:", result.by_country(), ["found", "extra", "agreement"])
    if args.details:
        pairs = result.pairs
        wrong = pairs[(pairs["gold"] != pairs["coded"])]
        heading = (
            f"\nDisagreements, misses and extra items ({len(wrong)}; offsets are characters in the files):"
        )
        _details(out, heading, map(_followthrough_disagreement, wrong.itertuples()))
    return 0


def _details(out, heading: str, lines) -> None:
    """An evaluate command's --details: a heading, then one indented line per disagreement."""
    print(heading, file=out)
    for line in lines:
        print(f"  {line}", file=out)


def _followthrough_disagreement(row) -> str:
    item = _offsets(row.start, row.end, "missed", "item ")
    evidence = _offsets(row.evidence_start, row.evidence_end)
    gold = "extra (no gold item)" if pd.isna(row.gold) else f"gold item {int(row.item_no)} {row.gold}"
    coded = f"coded {row.coded or '-'} ({item}, evidence {evidence}, rule {row.rule or '-'})"
    return f"{row.file_from} {gold}; {coded}"


def _criteria_disagreement(row) -> str:
    gold_at = _offsets(row.gold_start, row.gold_end, "no evidence located")
    coded_at = _offsets(row.coded_start, row.coded_end)
    rule = row.rule if isinstance(row.rule, str) else "-"
    return (
        f"{row.file} {row.criterion}: gold {row.gold} (sentence {gold_at}), coded {row.coded} "
        f"(sentence {coded_at}, rule {rule})"
    )


def cmd_evaluate_criteria(args, out) -> int:
    from analysis.extract.criteria.evaluate import evaluate_criteria

    result = _evaluated(evaluate_criteria, args)
    heading = "Agreement with the gold codes (assessed: gold is not not_reported):"
    _score_table(out, heading, result.overall, ["agreement", "kappa"])
    _score_table(out, "\nPer criterion:", result.per_criterion, ["agreement", "assessed_agreement"])
    print("\nConfusion (rows gold, columns coded):", file=out)
    print(result.confusion.to_string(), file=out)
    if args.by_country:
        _score_table(out, "\nPer country:", result.by_country(), ["agreement", "assessed_agreement"])
    if args.details:
        wrong = result.pairs[result.pairs["gold"] != result.pairs["coded"]]
        heading = f"\nDisagreements ({len(wrong)}; offsets are characters in the file):"
        _details(out, heading, map(_criteria_disagreement, wrong.itertuples()))
    return 0


def cmd_evaluate_extractor(args, out) -> int:
    from analysis.extract.figures.evaluate import evaluate

    corpus = Path(args.corpus)
    if not (corpus / "labels.csv").exists():
        raise UsageError(f"{corpus}: no labels.csv here; give the corpus folder (e.g. ../shared/corpus)")
    result = evaluate(corpus)
    scores = ["precision", "recall", "f1"]
    _score_table(out, "", result.scores, scores)
    if args.by_country:
        _score_table(out, "\nPer country (core indicators):", result.by_country, scores)
    if args.details:
        misses = (
            f"{r.country} {r.report_year} {r.indicator} = {r.value} (ref {r.reference_year}): {r.evidence}"
            for r in result.misses.itertuples()
        )
        _details(out, "\nMisses (labels not found):", misses)
        extra = (
            f"{r.file} {r.indicator} = {r.value:g} (ref {r.reference_year}, {r.method}): {r.evidence}"
            for r in result.false_positives.itertuples()
        )
        _details(out, "\nFalse positives (predictions matching no label):", extra)
    overall = result.overall()
    if args.min_precision is not None and not overall["precision"] >= args.min_precision:
        print(f"precision {overall['precision']:.3f} is below {args.min_precision}", file=sys.stderr)
        return EXIT_DATA
    if args.min_recall is not None and not overall["recall"] >= args.min_recall:
        print(f"recall {overall['recall']:.3f} is below {args.min_recall}", file=sys.stderr)
        return EXIT_DATA
    return 0


def register(sub) -> None:
    """Add this group's commands to the parser."""
    add = command_adder(sub)
    _ingest_options(
        add(
            "ingest",
            cmd_ingest,
            "register narrative documents and extract their figures into the panel's raw data",
        )
    )
    _review_options(
        add("review", cmd_review, "a sheet of extracted figures to accept, correct or reject; then apply it")
    )
    p = add("extract", cmd_extract, "candidate facts in TIP narrative text files (for review)")
    _narrative_options(p)
    p.add_argument(
        "--against",
        metavar="FACTS_CSV",
        help="mark each row new / curated / conflict against curated facts (e.g. "
        "data/raw/tip_narratives/facts.csv)",
    )
    _narrative_options(
        add(
            "criteria", cmd_criteria, "code the nine protection criteria of narratives, with evidence offsets"
        )
    )
    _followthrough_options(
        add(
            "followthrough",
            cmd_followthrough,
            "did the government act on last year's recommendations? items of edition Y coded from Y+1",
        )
    )
    p = add("evaluate-followthrough", cmd_evaluate_followthrough, "score follow-through against hand codes")
    _gold_options(p, "followthrough_dev.csv", "list every disagreement, miss and extra item")
    p.add_argument("--by-country", action="store_true", help="items found and agreement per country as well")
    p = add("evaluate-criteria", cmd_evaluate_criteria, "score the criteria coder against hand codes")
    _gold_options(p, "criteria_dev.csv", "list every disagreement with both sentences' offsets")
    p.add_argument("--by-country", action="store_true", help="agreement per country as well")
    p = add("evaluate-extractor", cmd_evaluate_extractor, "score the extractor against a labelled corpus")
    p.add_argument("--corpus", required=True, help="corpus folder with labels.csv (e.g. ../shared/corpus)")
    p.add_argument("--details", action="store_true", help="list every miss and false positive with evidence")
    p.add_argument("--by-country", action="store_true", help="scores per country as well as per indicator")
    p.add_argument("--min-precision", type=float, help="exit 1 when overall precision is below this")
    p.add_argument("--min-recall", type=float, help="exit 1 when overall recall is below this")


def _edition_options(p: argparse.ArgumentParser, what: str) -> None:
    """--country and --report-year of narratives read from ``what`` (defaults read from each text)."""
    p.add_argument("--country", help=f"country of the {what} (default: read from the text)")
    p.add_argument("--report-year", type=int, help="TIP Report edition (default: read from the text)")


def _csv_or_json(p: argparse.ArgumentParser) -> None:
    p.add_argument("--format", choices=("csv", "json"), default="csv", help="output format (default csv)")


def _narrative_options(p: argparse.ArgumentParser) -> None:
    """Narrative files, their country and edition, and the output format (extract, criteria)."""
    p.add_argument(
        "files",
        nargs="+",
        metavar="FILE",
        help="narratives: text (plain or corpus layout), saved pages (.html) or PDFs",
    )
    _edition_options(p, "narrative")
    _csv_or_json(p)


def _gold_options(p: argparse.ArgumentParser, gold_file: str, details: str) -> None:
    """The gold table and its corpus, and --details (an evaluate-* command)."""
    p.add_argument("--gold", required=True, help=f"gold CSV (e.g. ../shared/gold/{gold_file})")
    p.add_argument(
        "--corpus", help="folder the gold's file paths are relative to (default: ../corpus beside the gold)"
    )
    p.add_argument("--details", action="store_true", help=details)


def _ingest_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="+", metavar="PATH", help="narrative text files, or folders of them")
    p.add_argument("--country", help="country of the narratives (default: read from each text)")
    p.add_argument("--report-year", type=int, help="TIP Report edition (default: read from each text)")
    p.add_argument("--url", help="where the documents were read, for texts that name no source URL")
    again = p.add_mutually_exclusive_group()
    again.add_argument(
        "--replace",
        action="store_true",
        help="a text of an edition already ingested (a revised narrative) replaces the old document",
    )
    again.add_argument(
        "--keep-existing",
        action="store_true",
        help="keep the document already ingested for an edition; skip another text of it with a note",
    )
    p.add_argument("--raw", default=str(RAW_DIR), help=argparse.SUPPRESS)


def _review_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--country", help="country name or ISO3")
    p.add_argument("--report-year", type=int, help="TIP Report edition")
    p.add_argument(
        "--out", help="sheet to write (default data/interim/review/review-<ISO3>-<YEAR>.csv, git-ignored)"
    )
    p.add_argument("--force", action="store_true", help="overwrite a sheet that has decisions in it")
    p.add_argument("--apply", metavar="SHEET", help="apply a filled sheet to the curated facts or criteria")
    what = p.add_mutually_exclusive_group()
    what.add_argument(
        "--criteria", action="store_true", help="review the coded protection criteria instead of the figures"
    )
    what.add_argument(
        "--followthrough",
        action="store_true",
        help="review the follow-through of the edition's recommendations instead of the figures",
    )
    p.add_argument("--raw", default=str(RAW_DIR), help=argparse.SUPPRESS)


def _followthrough_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("files", nargs="*", metavar="FILE", help="FILE_Y FILE_Y1: two editions of one narrative")
    p.add_argument("--country", help="country (default: read from the text; alone: the ingested narratives)")
    p.add_argument("--from", dest="year_from", type=int, help="with --country: first edition Y")
    p.add_argument("--to", dest="year_to", type=int, help="with --country: last edition Y+1")
    p.add_argument("--allow-gap", action="store_true", help="compare editions more than one year apart")
    _csv_or_json(p)
    p.add_argument("--processed", default=None, help=argparse.SUPPRESS)
    p.add_argument("--report-year", type=int, default=None, help=argparse.SUPPRESS)
