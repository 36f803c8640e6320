"""Ingest: turn files, folders and stdin into RawDocument records, or Rejected ones that say why."""

from __future__ import annotations

import codecs
import gzip
import hashlib
import io
import json
import re
import sys
import zlib
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any, TextIO, TypeAlias

import charset_normalizer
import trafilatura

from recoupe.errors import InputError
from recoupe.records import RawDocument, Rejected

STAGE = "ingest"
# Longest first, so "a.jsonl.gz" is not taken for something else.
SUFFIXES = (".jsonl.gz", ".json.gz", ".jsonl", ".json", ".txt", ".html", ".htm")
OPTIONAL_KEYS = ("title", "heading", "source", "url", "outlet")
MIN_HTML_WORDS = 8  # about one short line: fewer means an index, login or cookie page, not an article
RECALL_RETRY_WORDS = 150  # below this, precision mode may have cut the body: also try recall mode
RECALL_GAIN = 2.0  # recall is kept only when clearly longer; a small gain is usually boilerplate
MAX_CONTROL_SHARE = 0.10

# C0 and C1 controls except \t \n \f \r: text has few, binary files decoded by force have many.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?([A-Za-z0-9_:.-]+)""", re.IGNORECASE)
_WORD = re.compile(r"\w+")
_ACCEPTED = ", ".join(SUFFIXES)
_FIX_ENCODING = "fix: convert the file to UTF-8 text (e.g. iconv -f LATIN1 -t UTF-8)"
_FIX_JSONL = 'fix: write one JSON object per line, e.g. {"id": "a1", "text": "..."}'
_FIX_TEXT = 'fix: put the article body in a non-empty "text" string'

Item: TypeAlias = RawDocument | Rejected


def read_sources(paths: Sequence[str | Path], stdin: TextIO | None = None) -> Iterator[Item]:
    """Yield one RawDocument or Rejected per article in the given files, folders, or "-" (JSONL on stdin)."""
    for given in paths:
        if str(given) == "-":
            # stdin defaults to the process's own, so a CLI can pass paths straight through.
            yield from _guarded("stdin", _records(_text_lines(stdin or sys.stdin), "stdin"))
            continue
        path = Path(given)
        if path.is_dir():
            for found in _walk(path):
                if isinstance(found, Rejected):
                    yield found
                else:
                    yield from _guarded(str(found), _read_file(found))
        elif not path.exists():
            yield Rejected(str(path), None, STAGE, f"no such file or folder: fix: check the path "
                           f"(relative paths start from {Path.cwd()})")
        elif _suffix(path) is None:
            yield Rejected(str(path), None, STAGE, f"unsupported file type {path.suffix or '(no suffix)'}: "
                           f"accepted suffixes are {_ACCEPTED}; fix: rename or convert the file")
        else:
            yield from _guarded(str(path), _read_file(path))


def _guarded(source: str, items: Iterator[Item]) -> Iterator[Item]:
    # One bad input must never stop the batch: its error becomes a Rejected and the next input goes on.
    # The generators run lazily, so their errors surface here, while they are iterated.
    try:
        yield from items
    except InputError as error:
        yield Rejected(source, error.line, STAGE, error.reason)
    except OSError as error:
        yield Rejected(source, None, STAGE, f"cannot read: {error.strerror or error}; "
                       "fix: check that it exists and is readable")


def _suffix(path: Path) -> str | None:
    name = path.name.lower()
    return next((suffix for suffix in SUFFIXES if name.endswith(suffix)), None)


def _walk(folder: Path) -> Iterator[Path | Rejected]:
    try:
        entries = sorted(folder.iterdir())
    except OSError as error:
        yield Rejected(str(folder), None, STAGE, f"cannot list folder: {error.strerror or error}; "
                       "fix: check its permissions")
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue  # .git, .DS_Store, editor swap files: never articles
        if entry.is_dir():
            if not entry.is_symlink():  # a linked folder may point back up the tree and never end
                yield from _walk(entry)
        elif _suffix(entry) is not None:
            yield entry


def _read_file(path: Path) -> Iterator[Item]:
    suffix = _suffix(path)
    if suffix in (".jsonl", ".jsonl.gz"):
        with _open_binary(path) as handle:
            yield from _records(_byte_lines(handle), str(path))
        return
    with _open_binary(path) as handle:
        try:
            data = handle.read()
        except (EOFError, zlib.error, gzip.BadGzipFile) as error:
            raise _gzip_error(error, 1) from error
    if suffix in (".json", ".json.gz"):
        yield from _records_from_values(_parse_json_text(_decode(data, strict=False)), str(path))
        return
    text = _decode(data, hint=_declared_charset(data) if suffix != ".txt" else None)
    if not text.strip():
        raise InputError("empty file (only whitespace after decoding): fix: remove it or add the text")
    yield RawDocument(id=path.stem, source=str(path), text=text) if suffix == ".txt" else _html(path, text)


def _open_binary(path: Path) -> gzip.GzipFile | io.BufferedReader:
    # Reading through gzip line by line keeps the 10,000-article benchmark file out of memory.
    return gzip.open(path, "rb") if path.name.lower().endswith(".gz") else path.open("rb")


def _gzip_error(error: BaseException, line: int) -> InputError:
    return InputError(f"cannot decompress ({error}) at line {line}: fix: check the file is complete "
                      "gzip data (gzip -t FILE) or remove the .gz suffix", line=line)


def _declared_charset(data: bytes) -> str | None:
    found = _META_CHARSET.search(data[:4096])
    return found.group(1).decode("ascii") if found else None


def _decode(data: bytes, *, hint: str | None = None, strict: bool = True) -> str:
    """Decode bytes as UTF-8, else the declared or detected encoding; raise InputError on binary data."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = _detect(data, hint)
    # strict: JSON strings may legitimately hold many C1 characters, so only NUL marks JSON as binary.
    controls = len(_CONTROL.findall(text)) if strict else 0
    if "\x00" in text or controls > MAX_CONTROL_SHARE * len(text):
        raise InputError(f"binary or undecodable file (NUL bytes or control characters): {_FIX_ENCODING}")
    return _newlines(text)


def _newlines(text: str) -> str:
    # One character per line break, whatever the platform, so offsets and paragraph splits agree.
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _detect(data: bytes, hint: str | None) -> str:
    if hint:
        try:
            return data.decode(hint)
        except (LookupError, UnicodeDecodeError):
            pass  # a page's declared charset is often wrong: detection decides
    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        raise InputError(f"binary or undecodable file (not UTF-8, encoding not detected): {_FIX_ENCODING}")
    return str(best)


def _html(path: Path, page: str) -> RawDocument:
    extracted = _extract(page, recall=False)
    words = _word_count(extracted)
    if words < RECALL_RETRY_WORDS:
        # Precision mode drops doubtful blocks; on a short result, recall mode may find the rest.
        recalled = _extract(page, recall=True)
        if _word_count(recalled) >= RECALL_GAIN * max(words, 1):
            extracted, words = recalled, _word_count(recalled)
    if extracted is None or words < MIN_HTML_WORDS:
        raise InputError(f"no article text found in the HTML ({words} words extracted): fix: save the "
                         "article's own page, not an index or consent page, or give its text as .txt")
    title = _clean(extracted.title)
    # Composed like a JSONL record (title, then body) so that headlines are analysed whatever the format.
    return RawDocument(id=path.stem, source=str(path), text=_compose(title, None, extracted.text),
                       title=title, published=_iso_date(extracted.date),
                       outlet=_clean(extracted.sitename), url=_clean(extracted.url))


def _extract(page: str, *, recall: bool) -> Any:
    return trafilatura.bare_extraction(page, with_metadata=True, include_comments=False,
                                       favor_precision=not recall, favor_recall=recall)


def _word_count(extracted: Any) -> int:
    text = getattr(extracted, "text", None) if extracted is not None else None
    return len(_WORD.findall(text)) if isinstance(text, str) else 0


def _byte_lines(handle: Iterable[bytes]) -> Iterator[tuple[int, str | InputError]]:
    lineno = 0
    try:
        for lineno, raw in enumerate(handle, 1):
            yield lineno, _decode_line(raw.removeprefix(codecs.BOM_UTF8) if lineno == 1 else raw, lineno)
    except (EOFError, zlib.error, gzip.BadGzipFile) as error:
        raise _gzip_error(error, lineno + 1) from error


def _decode_line(raw: bytes, lineno: int) -> str | InputError:
    if b"\x00" in raw:
        # JSON never holds a raw NUL: this is a binary file, and every further "line" would be noise.
        raise InputError(f"binary data (NUL bytes) on line {lineno}: {_FIX_ENCODING}", line=lineno)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        best = charset_normalizer.from_bytes(raw).best()
        if best is None:
            return InputError(f"line {lineno} is not UTF-8 and no encoding was detected: {_FIX_ENCODING}")
        return str(best)


def _text_lines(stream: TextIO) -> Iterator[tuple[int, str | InputError]]:
    for lineno, line in enumerate(stream, 1):
        if "\x00" in line:
            raise InputError(f"binary data (NUL bytes) on line {lineno}: {_FIX_ENCODING}", line=lineno)
        yield lineno, line.removeprefix("\ufeff") if lineno == 1 else line


def _records(lines: Iterable[tuple[int, str | InputError]], label: str) -> Iterator[Item]:
    return _records_from_values(_parse_lines(lines), label)


def _parse_lines(lines: Iterable[tuple[int, str | InputError]]) -> Iterator[tuple[int, Any]]:
    empty = True
    for lineno, line in lines:
        if isinstance(line, InputError):
            yield lineno, line
            empty = False
            continue
        if not line.strip():
            continue  # a blank line holds no record: skipping it is not a loss
        empty = False
        try:
            yield lineno, json.loads(line)
        except json.JSONDecodeError as error:
            reason = f"line {lineno} is not valid JSON ({error.msg} at column {error.colno}): {_FIX_JSONL}"
            yield lineno, InputError(reason)
    if empty:
        raise InputError("empty input (no records, only blank lines): fix: remove it or add records, "
                         "one JSON object per line")


def _parse_json_text(text: str) -> Iterator[tuple[int, Any]]:
    """Parse a .json file: one object, a list of objects, or JSONL content."""
    if not text.strip():
        raise InputError("empty file (only whitespace after decoding): fix: remove it or add records")
    if text.lstrip().startswith("["):
        yield from _parse_list(text)
        return
    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        first = next(line for line in text.split("\n") if line.strip())
        if _is_json(first):  # several values, the first on one line: JSONL saved as .json
            yield from _parse_lines(enumerate(text.split("\n"), 1))
            return
        reason = (f"not valid JSON at line {error.lineno}, column {error.colno} ({error.msg}): fix: write "
                  "one object, a list of objects, or one object per line")
        raise InputError(reason, line=error.lineno) from None
    yield text[: len(text) - len(text.lstrip())].count("\n") + 1, value


def _is_json(line: str) -> bool:
    try:
        json.loads(line)
    except json.JSONDecodeError:
        return False
    return True


def _parse_list(text: str) -> Iterator[tuple[int, Any]]:
    # Item by item, so each record keeps the line it starts on and one bad item is reported by line.
    decoder = json.JSONDecoder()
    pos = _skip_space(text, text.index("[") + 1)
    counted, line = 0, 1
    if text.startswith("]", pos):
        return
    while True:
        line, counted = line + text.count("\n", counted, pos), pos
        try:
            value, pos = decoder.raw_decode(text, pos)
        except json.JSONDecodeError as error:
            reason = (f"not valid JSON at line {error.lineno}, column {error.colno} ({error.msg}); the items "
                      "after it were not read: fix: correct that item")
            raise InputError(reason, line=error.lineno) from None
        yield line, value
        pos = _skip_space(text, pos)
        if text.startswith("]", pos) and not text[pos + 1 :].strip():
            return
        if not text.startswith(",", pos):
            at = text.count("\n", 0, pos) + 1
            raise InputError(f"not valid JSON at line {at}: expected ',' or a final ']' after a list item: "
                             "fix: separate the objects with commas and close the list once", line=at)
        pos = _skip_space(text, pos + 1)


def _skip_space(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in " \t\n\r":
        pos += 1
    return pos


def _records_from_values(values: Iterable[tuple[int, Any]], label: str) -> Iterator[Item]:
    seen: dict[str, int] = {}  # id -> line: a second record with the same id in one file is rejected
    for lineno, value in values:
        if isinstance(value, InputError):
            yield Rejected(label, lineno, STAGE, value.reason)
        else:
            yield _document(value, label, lineno, seen)


def _document(value: Any, label: str, lineno: int, seen: dict[str, int]) -> Item:
    def reject(reason: str) -> Rejected:
        return Rejected(label, lineno, STAGE, reason)

    if not isinstance(value, dict):
        return reject(f"line {lineno} holds a JSON {_json_type(value)}, not an object: {_FIX_JSONL}")
    text = value.get("text")
    if text is None:
        return reject(f'the record on line {lineno} has no "text": {_FIX_TEXT}')
    if not isinstance(text, str):
        return reject(f'the record on line {lineno} has a "text" of type {_json_type(text)}: {_FIX_TEXT}')
    if not text.strip():
        return reject(f'the record on line {lineno} has an empty "text": {_FIX_TEXT}')
    raw_id = value.get("id")
    if raw_id is None:
        # No id: a hash of the text, so re-reading the same record gives the same id.
        doc_id = "sha1-" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]
    elif isinstance(raw_id, bool) or not isinstance(raw_id, str | int) or not str(raw_id).strip():
        return reject(f'the record on line {lineno} has an "id" of type {_json_type(raw_id)}: '
                      'fix: use a non-empty string or an integer, or leave "id" out')
    else:
        doc_id = str(raw_id)
    fields: dict[str, str | None] = {}
    for key in OPTIONAL_KEYS:
        field = value.get(key)
        if field is not None and not isinstance(field, str):
            return reject(f'the record on line {lineno} has a "{key}" of type {_json_type(field)}: '
                          f'fix: make "{key}" a string or leave it out')
        fields[key] = _clean(field)
    if doc_id in seen:
        return reject(f"duplicate id {doc_id!r} on line {lineno} (first on line {seen[doc_id]}, which was "
                      "kept): fix: give every record its own id")
    seen[doc_id] = lineno
    title, heading = fields["title"], fields["heading"]
    source = fields["source"] or fields["url"] or f"{label}:{lineno}"
    return RawDocument(id=doc_id, source=source, text=_compose(title, heading, text), title=title,
                       heading=heading, published=_iso_date(value.get("published")), outlet=fields["outlet"],
                       url=fields["url"])


def _compose(title: str | None, heading: str | None, text: str) -> str:
    # Headlines carry entities and quotes too: joined with the body, the later stages analyse them.
    body = _newlines(text.strip())
    # Many feeds already start the body with the title or the lead: repeating it would double its entities.
    parts = [_newlines(part) for part in (title, heading) if part and not body.startswith(_newlines(part))]
    return "\n\n".join([*parts, body])


def _clean(value: object) -> str | None:
    return (value.strip() or None) if isinstance(value, str) else None


def _iso_date(value: object) -> str | None:
    # An unreadable date keeps the record: the times stage can still infer a date from the text.
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value.strip()).date().isoformat()
    except ValueError:
        return None


def _json_type(value: object) -> str:
    names = {dict: "object", list: "list", str: "string", bool: "boolean", int: "number", float: "number"}
    return "null" if value is None else names.get(type(value), type(value).__name__)
