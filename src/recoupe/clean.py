"""Clean stage: normalise whitespace, drop boilerplate lines and repeated paragraphs, record every removal."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from recoupe import data
from recoupe.records import Document, RawDocument, Removal

# Spaces a reader sees as one ordinary space: no-break, narrow no-break, thin, figure, ideographic ...
_ODD_SPACES = re.compile("[\u00a0\u202f\u2000-\u200a\u205f\u3000\t\v\f]")
# Characters a reader does not see at all: zero-width space/joiners, soft hyphen, BOM.
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\u00ad\ufeff]")
_SPACE_RUN = re.compile(r" {2,}")
_WORD = re.compile(r"\w+(?:[-’']\w+)*")
_FIRST_PERSON = re.compile(r"(?i)(?<!\w)(?:je|j[’']|me|m[’']|moi|mon|ma|mes)(?!\w)")
_CRUMB_SEPARATORS = re.compile(r"\s*(?:>|›|/|\||•|·|»)\s*")
_CAMEL_PARTS = re.compile(r"[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ'’-]+")
_SENTENCE_END = re.compile(r"[.!?…]\s*$")

MIN_WORDS_REPEATED = 4  # shorter lines ("Lire aussi", a one-word subheading) may legitimately repeat
MAX_WORDS_CAPTION = 6
MAX_WORDS_SHARE = 12
MAX_WORDS_BYLINE = 25
MAX_WORDS_BIO = 60
BIO_WINDOW = 3  # an author bio sits in the last lines of a page


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """Word lists of the boilerplate rules, loaded from data/boilerplate.yaml."""

    sections: frozenset[str]
    share: tuple[str, ...]
    sponsor: tuple[str, ...]
    bio: tuple[str, ...]
    caption_starts: tuple[str, ...]
    byline: tuple[str, ...]


@cache
def vocabulary() -> Vocabulary:
    """The bundled boilerplate vocabulary (loaded once per process)."""
    raw = data.load("boilerplate.yaml")
    low = {key: tuple(str(w).casefold() for w in raw[key]) for key in raw}
    return Vocabulary(
        sections=frozenset(low["sections"]),
        share=low["share"],
        sponsor=low["sponsor"],
        bio=low["bio"],
        caption_starts=low["caption_starts"],
        byline=low["byline"],
    )


def normalise(text: str) -> str:
    """Unicode and whitespace as a reader sees them; typographic apostrophes and quotes are kept."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _INVISIBLE.sub("", _ODD_SPACES.sub(" ", text))
    lines = [_SPACE_RUN.sub(" ", line).strip() for line in text.split("\n")]
    return "\n".join(lines)


def content_hash(raw: RawDocument) -> str:
    """A hash of everything ingested for a document: identical input means identical hash."""
    h = hashlib.sha256()
    for part in (raw.text, raw.title, raw.heading, raw.published, raw.outlet, raw.url, raw.source):
        h.update((part or "").encode("utf-8"))
        h.update(b"\x00")
    return h.hexdigest()[:32]


def _has_phrase(line: str, phrases: tuple[str, ...]) -> bool:
    low = f" {line.casefold()} "
    return any(re.search(rf"(?<!\w){re.escape(p)}(?!\w)", low) for p in phrases)


def _is_breadcrumb(line: str, voc: Vocabulary) -> bool:
    """A line made only of two or more section names: "ActualitésInternational", "Accueil > Monde"."""
    if len(line) > 80:
        return False
    parts = [p for p in _CRUMB_SEPARATORS.split(line) if p]
    if len(parts) >= 2:
        # "Accueil > Politique > Élections": a trail that starts from a known section, short steps
        return parts[0].casefold() in voc.sections and all(len(p.split()) <= 3 for p in parts)
    camel = _CAMEL_PARTS.findall(line)
    # "ActualitésInternational": section names glued together when the page lost its markup
    return " " not in line and len(camel) >= 2 and "".join(camel) == line \
        and all(p.casefold() in voc.sections for p in camel)


def _is_caption(line: str, voc: Vocabulary) -> bool:
    """A short credit or caption line: "photo l", "Crédit photo : AFP", "© Reuters"."""
    words = _WORD.findall(line)
    if "©" in line and len(words) <= MAX_WORDS_CAPTION * 2:
        return True
    if len(words) > MAX_WORDS_CAPTION or _SENTENCE_END.search(line):
        return False
    low = line.casefold()
    return any(low.startswith(start) and (len(low) == len(start) or not low[len(start)].isalnum())
               for start in voc.caption_starts)


def _is_share(line: str, voc: Vocabulary) -> bool:
    return len(_WORD.findall(line)) <= MAX_WORDS_SHARE and _has_phrase(line, voc.share)


def _is_byline(line: str, voc: Vocabulary) -> bool:
    """A short "Par X, publié le 5 février 2019 à 12h40" line: it dates the page, it is not the article."""
    return len(_WORD.findall(line)) <= MAX_WORDS_BYLINE and any(c.isdigit() for c in line) \
        and _has_phrase(line, voc.byline)


def _is_bio(line: str, index: int, last: int, voc: Vocabulary) -> bool:
    """An author bio or sponsor pitch: a short line near the end, first-person or selling sponsorship."""
    if last == 0 or last - index >= BIO_WINDOW or len(_WORD.findall(line)) > MAX_WORDS_BIO:
        return False  # never the article itself: feeds that lost their paragraph breaks are one long line
    if _has_phrase(line, voc.sponsor):
        return True
    outside_quotes = re.sub(r"«[^»]*»|“[^”]*”|\"[^\"]*\"", "", line)
    return bool(_FIRST_PERSON.search(outside_quotes)) and _has_phrase(line, voc.bio)


def _repeat_key(line: str) -> str:
    return " ".join(_WORD.findall(line.casefold()))


def _classify(line: str, index: int, last: int, voc: Vocabulary) -> tuple[str, str] | None:
    """(reason, rule) when the line is boilerplate, else None."""
    if index < BIO_WINDOW and _is_breadcrumb(line, voc):
        return "boilerplate", "breadcrumb"
    if index < BIO_WINDOW and _is_byline(line, voc):
        return "boilerplate", "byline"
    if _is_caption(line, voc):
        return "caption", "caption-or-credit"
    if _is_share(line, voc):
        return "boilerplate", "share-or-subscribe"
    if _is_bio(line, index, last, voc):
        return "boilerplate", "author-bio-or-sponsor"
    return None


def clean(raw: RawDocument) -> Document:
    """Normalise the raw text and drop boilerplate and repeated paragraphs, recording each removal."""
    voc = vocabulary()
    lines = normalise(raw.text).split("\n")
    content = [i for i, line in enumerate(lines) if line]
    last = len(content) - 1
    removed: list[Removal] = []
    keep = [True] * len(lines)
    seen: dict[str, int] = {}  # repeat key -> rank of the first kept line with it
    title: str | None = raw.title
    rank = 0
    for position, i in enumerate(content):
        line = lines[i]
        verdict = _classify(line, position, last, voc)
        if verdict is None:
            key = _repeat_key(line)
            if len(key.split()) >= MIN_WORDS_REPEATED and key in seen:
                first_is_title = seen[key] == 0 or (raw.title is not None and key == _repeat_key(raw.title))
                verdict = ("repeated-title" if first_is_title else "repeated-paragraph", "exact-repeat")
            else:
                seen.setdefault(key, rank)
                rank += 1
                if title is None:
                    title = line
        if verdict is not None:
            keep[i] = False
            removed.append(Removal(text=line, reason=verdict[0], rule=verdict[1]))
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(line for line, k in zip(lines, keep, strict=True) if k)).strip()
    return Document(
        id=raw.id,
        source=raw.source,
        text=text,
        title=title,
        content_hash=content_hash(raw),
        removed=tuple(removed),
        outlet=raw.outlet,
        url=raw.url,
        published=raw.published,
        published_inferred=False,
    )
