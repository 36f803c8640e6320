"""Corpus stage: near-duplicate documents and passages (MinHash of word 5-grams, LSH band keys in the store).

Each document gets a MinHash signature of its whole text and one per passage (a line of at least
MIN_PASSAGE_WORDS words), split into LSH bands with datasketch's parameters for the threshold. The store
keeps the band keys in an index, so a new document's candidates are one indexed lookup of its keys,
never a loop over all pairs; the estimated Jaccard similarity then confirms or rejects each candidate.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator, Sequence
from functools import cache
from typing import Protocol

import numpy as np
from datasketch import MinHash
from datasketch.lsh import _optimal_param

from recoupe.records import Duplicate, Signature

NUM_PERM = 128
SEED = 1  # stored signatures are only comparable with signatures made with the same seed and scheme
SCHEME = "affine32"
SHINGLE_WORDS = 5
MIN_PASSAGE_WORDS = 25  # shorter lines (titles, bylines, "Lire aussi") repeat without being copies
DOCUMENT, PASSAGE = "document", "passage"
# The estimated Jaccard similarity a pair needs; datasketch tunes the LSH bands for the same threshold.
# Each edited word changes 5 shingles: a copy with a new title, a few words changed and its last
# sentence cut keeps about half of them, while two outlets writing about the same event share almost none.
THRESHOLDS = {DOCUMENT: 0.5, PASSAGE: 0.6}
# A text repeated in many documents (an agency dispatch, a standard paragraph) is paired with at most
# this many earlier ones, the most similar first: the output stays linear and the groups stay connected.
MAX_PAIRS = 10

_WORD = re.compile(r"\w+")
_LINE = re.compile(r"[^\n]+")


class DuplicateIndex(Protocol):
    """What the stage needs from the store: documents not yet signed, a band-key lookup, a writer."""

    def unsigned(self) -> list[tuple[str, str]]:
        """(doc id, cleaned text) of every document without a signature, in the order they were stored."""

    def signature_candidates(self, keys: Sequence[int]) -> list[Signature]:
        """Stored signatures that share at least one LSH band key with `keys` (without their bands)."""

    def add_signatures(self, doc_id: str, signatures: list[Signature], duplicates: list[Duplicate]) -> None:
        """Store a document's signatures, their band keys and the duplicates found, in one transaction."""


class GroupIndex(Protocol):
    """What source groups need from the store."""

    def outlets(self) -> dict[str, str | None]:
        """Doc id -> outlet (None when unknown), for every document."""

    def duplicates(self) -> list[Duplicate]:
        """Every recorded duplicate pair."""


def update(index: DuplicateIndex) -> int:
    """Sign every unsigned document and record its near-duplicates among the documents stored before it."""
    pending = index.unsigned()
    for doc_id, text in pending:
        signatures = sign(doc_id, text)
        index.add_signatures(doc_id, signatures, _find(index, signatures))
    return len(pending)


def sign(doc_id: str, text: str) -> list[Signature]:
    """The signature of the whole text (seq 0), then one per passage, each with its LSH band keys."""
    spans = [(0, len(text), DOCUMENT), *((s, e, PASSAGE) for s, e in passages(text))]
    signatures = []
    for seq, (start, end, kind) in enumerate(spans):
        values = minhash(text[start:end])
        signatures.append(Signature(doc_id, seq, start, end, values.tobytes() if values is not None else b"",
                                    band_keys(values, kind) if values is not None else ()))
    return signatures


def passages(text: str) -> Iterator[tuple[int, int]]:
    """Spans of the lines (paragraphs) that hold at least MIN_PASSAGE_WORDS words."""
    for line in _LINE.finditer(text):
        if len(_WORD.findall(line.group())) >= MIN_PASSAGE_WORDS:
            yield line.start(), line.end()


def shingles(text: str) -> set[str]:
    """Word 5-grams of the casefolded text (accents kept); a text shorter than 5 words is one shingle."""
    words = [w.casefold() for w in _WORD.findall(text)]
    if len(words) < SHINGLE_WORDS:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i:i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1)}


def minhash(text: str) -> np.ndarray | None:
    """The MinHash values of the text's shingles (uint32), or None for a text without words."""
    grams = shingles(text)
    if not grams:
        return None
    m = MinHash(num_perm=NUM_PERM, seed=SEED, permutations=_permutations(), scheme=SCHEME)
    m.update_batch([g.encode("utf-8") for g in grams])
    values: np.ndarray = m.hashvalues.astype("<u4")
    return values


def similarity(a: np.ndarray | bytes, b: np.ndarray | bytes) -> float:
    """The Jaccard similarity two signatures estimate: the share of equal MinHash values, 0..1."""
    x, y = _values(a), _values(b)
    if len(x) != len(y) or not len(x):
        return 0.0
    return float(np.count_nonzero(x == y)) / len(x)


def band_keys(values: np.ndarray, kind: str) -> tuple[int, ...]:
    """One key per LSH band: equal keys mean equal values in that band; kinds never share keys."""
    bands, rows = lsh_params(kind)
    keys = []
    for band in range(bands):
        digest = hashlib.blake2b(values[band * rows:(band + 1) * rows].tobytes(), digest_size=8,
                                 person=f"{kind[0]}{band}".encode()).digest()
        keys.append(int.from_bytes(digest, "little", signed=True))  # SQLite integers are signed 64-bit
    return tuple(keys)


@cache
def lsh_params(kind: str) -> tuple[int, int]:
    """(bands, rows per band) that datasketch's MinHashLSH would use for the kind's threshold."""
    bands, rows = _optimal_param(THRESHOLDS[kind], NUM_PERM, 0.5, 0.5)
    return int(bands), int(rows)


def source_groups(index: GroupIndex) -> dict[str, str]:
    """Doc id -> independence group: one outlet, or documents linked by document-level duplicates, share one.

    Two documents are independent sources only if their groups differ: a syndicated copy repeats its
    original. The group id is the smallest document id of the group (stable while the group is).
    """
    pairs = [(d.doc, d.duplicate_of) for d in index.duplicates() if d.kind == DOCUMENT]
    return group_sources(index.outlets(), pairs)


def group_sources(outlets: dict[str, str | None], copies: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Doc id -> independence group, from each document's outlet and the (copy, original) document pairs."""
    parent = {doc: doc for doc in outlets}

    def root(doc: str) -> str:
        while parent[doc] != doc:
            parent[doc] = parent[parent[doc]]
            doc = parent[doc]
        return doc

    def join(a: str, b: str) -> None:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    first_of_outlet: dict[str, str] = {}
    for doc, outlet in outlets.items():
        if outlet:
            join(doc, first_of_outlet.setdefault(outlet.casefold(), doc))
    for doc, original in copies:
        if doc in parent and original in parent:
            join(doc, original)
    return {doc: root(doc) for doc in outlets}


def _find(index: DuplicateIndex, signatures: list[Signature]) -> list[Duplicate]:
    """Confirm the band-key candidates of each signature; passages of a duplicate document are not repeated."""
    whole, parts = signatures[0], signatures[1:]
    found = _confirmed(index, whole, DOCUMENT, set())
    copies = {d.duplicate_of for d in found}
    for part in parts:
        found += _confirmed(index, part, PASSAGE, copies)
    return found


def _confirmed(index: DuplicateIndex, sig: Signature, kind: str, skip: set[str]) -> list[Duplicate]:
    if not sig.bands:
        return []
    best: dict[str, tuple[float, Signature]] = {}  # one pair per other document: its most similar span
    for cand in index.signature_candidates(sig.bands):
        if cand.doc_id == sig.doc_id or cand.doc_id in skip or (cand.seq == 0) != (kind == DOCUMENT):
            continue
        score = similarity(sig.hashvalues, cand.hashvalues)
        if score >= THRESHOLDS[kind] and score > best.get(cand.doc_id, (-1.0, cand))[0]:
            best[cand.doc_id] = (score, cand)
    ranked = sorted(best.values(), key=lambda sc: -sc[0])[:MAX_PAIRS]
    if kind == DOCUMENT:
        return [Duplicate(sig.doc_id, c.doc_id, DOCUMENT, round(s, 4)) for s, c in ranked]
    return [Duplicate(sig.doc_id, c.doc_id, PASSAGE, round(s, 4), sig.start, sig.end, c.start, c.end)
            for s, c in ranked]


def _values(v: np.ndarray | bytes) -> np.ndarray:
    return np.frombuffer(v, dtype="<u4") if isinstance(v, bytes) else v


@cache
def _permutations() -> np.ndarray:
    # Drawing the permutation parameters is the slow part of making a MinHash: draw them once.
    perms: np.ndarray = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME).permutations
    return perms
