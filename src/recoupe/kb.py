"""The curated knowledge base: entries loaded from YAML and a fast alias matcher over text."""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from itertools import pairwise
from pathlib import Path
from typing import Any

import yaml

from recoupe.errors import KnowledgeBaseError

# libyaml's safe loader when PyYAML was built with it (10x faster on the knowledge base), else the pure one
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

KB_TYPES = ("PER", "ORG", "GPE", "LOC")
_TOKEN = re.compile(r"\w+|[^\w\s]")
_FOLD_EXTRA = str.maketrans({"’": "'", "ʼ": "'", "‘": "'", "`": "'", "´": "'", "‐": "-", "‑": "-"})


@dataclass(frozen=True, slots=True)
class Role:
    """A post a person held: "ministre des affaires étrangères" of Japan from ... to ..."""

    role: str
    of: str | None
    start: str | None
    end: str | None


@dataclass(frozen=True, slots=True)
class KbEntry:
    """One real thing the knowledge base knows, with every name it goes by."""

    id: str
    type: str
    name: str
    name_en: str | None = None
    wikidata: str | None = None
    aliases: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    metonym_of: str | None = None  # a capital or seat of power that can stand for this entry's state
    roles: tuple[Role, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        # name_en is for display: "Jordan" or "Georgia" would match first names in French text;
        # English names that are safe to match are listed among the aliases.
        return tuple(dict.fromkeys(n for n in (self.name, *self.aliases) if n))


@dataclass(frozen=True, slots=True)
class KbMatch:
    """An alias of a knowledge-base entry found in a text."""

    start: int
    end: int
    entry_id: str
    demonym: bool


def fold(text: str) -> str:
    """Accents off and apostrophes/hyphens unified, one character for one: offsets stay valid."""
    out = []
    for ch in text.translate(_FOLD_EXTRA):
        base = unicodedata.normalize("NFD", ch)[0] if ord(ch) > 127 else ch
        out.append(base if len(base) == 1 else ch)
    return "".join(out)


def _tokens(text: str) -> list[tuple[str, int, int]]:
    return [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def _entry(raw: Any, origin: str) -> KbEntry:
    if not isinstance(raw, dict) or not raw.get("id") or not raw.get("name"):
        raise KnowledgeBaseError(f"{origin}: every entry needs at least 'id' and 'name'; got {raw!r:.120}")
    if raw.get("type") not in KB_TYPES:
        raise KnowledgeBaseError(
            f"{origin}: entry {raw['id']!r} has type {raw.get('type')!r}; valid types: {', '.join(KB_TYPES)}"
        )
    roles = tuple(
        Role(str(r["role"]), r.get("of"), _iso(r.get("start")), _iso(r.get("end")))
        for r in raw.get("roles") or []
        if isinstance(r, dict) and r.get("role")
    )
    return KbEntry(
        id=str(raw["id"]),
        type=raw["type"],
        name=str(raw["name"]),
        name_en=raw.get("name_en"),
        wikidata=raw.get("wikidata"),
        aliases=tuple(str(a) for a in raw.get("aliases") or ()),
        demonyms=tuple(str(d) for d in raw.get("demonyms") or ()),
        metonym_of=raw.get("metonym_of"),
        roles=roles,
    )


def _iso(value: Any) -> str | None:
    return None if value is None else str(value)


class KnowledgeBase:
    """Entries by id and a token-trie matcher of their aliases (and demonyms) over folded text."""

    def __init__(self, entries: Iterable[KbEntry]) -> None:
        self.entries: dict[str, KbEntry] = {}
        for e in entries:
            self.entries[e.id] = e  # a later file overrides an earlier entry with the same id
        self._by_wikidata = {e.wikidata: e.id for e in self.entries.values() if e.wikidata}
        self._last_match: tuple[str, tuple[KbMatch, ...]] | None = None
        # first folded token -> [(token sequence, entry id, demonym)], longest first
        self._index: dict[str, list[tuple[tuple[str, ...], str, bool]]] = defaultdict(list)
        for e in self.entries.values():
            for name in e.names:
                for form in _case_forms(name):
                    self._add(form, e.id, demonym=False)
            for d in e.demonyms:
                for form in {d.lower(), d[:1].upper() + d[1:].lower()}:
                    self._add(form, e.id, demonym=True)
        for seqs in self._index.values():
            seqs.sort(key=lambda s: -len(s[0]))

    def _add(self, form: str, entry_id: str, *, demonym: bool) -> None:
        toks = tuple(t for t, _, _ in _tokens(fold(form)))
        if toks:
            self._index[toks[0]].append((toks, entry_id, demonym))

    def get(self, entry_id: str | None) -> KbEntry | None:
        return self.entries.get(entry_id) if entry_id else None

    def by_wikidata(self, qid: str) -> KbEntry | None:
        return self.get(self._by_wikidata.get(qid))

    def match(self, text: str) -> list[KbMatch]:
        """Every longest, non-overlapping alias occurrence in the text, left to right."""
        last = self._last_match
        if last is not None and last[0] is text:  # the entities and events stages read the same document
            return list(last[1])
        found = self._match(text)
        self._last_match = (text, tuple(found))
        return found

    def _match(self, text: str) -> list[KbMatch]:
        toks = _tokens(fold(text))
        out: list[KbMatch] = []
        i = 0
        while i < len(toks):
            hit = None
            for seq, entry_id, demonym in self._index.get(toks[i][0], ()):
                n = len(seq)
                if tuple(t for t, _, _ in toks[i : i + n]) == seq and _tight(toks[i : i + n]) \
                        and _whole(toks, i, n):
                    hit = (n, entry_id, demonym)
                    break
            if hit is None:
                i += 1
                continue
            n, entry_id, demonym = hit
            out.append(KbMatch(toks[i][1], toks[i + n - 1][2], entry_id, demonym))
            i += n
        return out


def _tight(toks: Sequence[tuple[str, int, int]]) -> bool:
    """Tokens of one name sit on one line, at most one space apart."""
    return all(0 <= b[1] - a[2] <= 1 for a, b in pairwise(toks))


def _whole(toks: Sequence[tuple[str, int, int]], i: int, n: int) -> bool:
    """A name of several words is not the start of a longer one: "La Croix" in "La Croix-Rouge", "France 2" in
    "France 2 000"."""
    if n < 2 or i + n + 1 >= len(toks) or toks[i + n][1] - toks[i + n - 1][2] > 1:
        return True
    nxt, after = toks[i + n], toks[i + n + 1]
    glued = nxt[1] == toks[i + n - 1][2]
    if glued and nxt[0] == "-" and after[1] == nxt[2] and after[0][:1].isalpha():
        return False
    return not (toks[i + n - 1][0].isdigit() and nxt[0].isdigit() and not glued)


def _case_forms(name: str) -> set[str]:
    """A name as written, and capitalised when it starts lowercase ("mer Noire" opening a sentence)."""
    forms = {name}
    if name[:1].islower():
        forms.add(name[:1].upper() + name[1:])
    return forms


def load_entries(path: Path) -> list[KbEntry]:
    """The entries of one YAML file (a list of mappings)."""
    try:
        raw = yaml.load(path.read_text("utf-8"), Loader=_LOADER)
    except (OSError, yaml.YAMLError) as exc:
        raise KnowledgeBaseError(f"cannot read knowledge-base file {path}: {exc}") from exc
    if not isinstance(raw, list):
        raise KnowledgeBaseError(
            f"{path}: a knowledge-base file is a YAML list of entries (see docs/knowledge-base.md)")
    return [_entry(item, f"{path} entry {n + 1}") for n, item in enumerate(raw)]


def _bundled_paths() -> list[Path]:
    folder = resources.files("recoupe.data").joinpath("kb")
    return sorted(Path(str(p)) for p in folder.iterdir() if p.name.endswith(".yaml"))


@cache
def load(extra: tuple[str, ...] = ()) -> KnowledgeBase:
    """The bundled knowledge base, with the user's files layered over it (loaded once per process)."""
    entries: list[KbEntry] = []
    for path in [*_bundled_paths(), *(Path(p) for p in extra)]:
        entries.extend(load_entries(path))
    return KnowledgeBase(entries)
