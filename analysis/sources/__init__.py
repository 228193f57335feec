"""One reader per raw source. Each turns the files of ``data/raw/<source>/`` into tidy frames.

Readers take the raw folder as an argument (no hidden paths), read files strictly through
:func:`analysis.rawio.read_raw_csv` and return frames that carry ``_file``/``_line`` so that a
schema error names the raw file and line it came from.
"""
