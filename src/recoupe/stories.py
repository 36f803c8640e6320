"""Corpus stage: story clusters, incrementally: each new document joins the closest story or opens one.

A document is a weighted bag of features: its canonical entities ("e:e12") and its content words
("w:soldat"), weighted by log term frequency and IDF over the documents already in stories, so that an
entity every article names ("France") counts less than a rare one. A story keeps the summed features of
its documents; a new document is compared (cosine, scaled by how close its date is to the story's dates)
with the few stories that share its rarest features, found by an indexed lookup. Nothing is ever
reclustered: an earlier assignment never changes.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Protocol

from spacy.lang.fr.stop_words import STOP_WORDS

from recoupe.records import StoryInput, StorySummary

ENTITY, WORD = "e:", "w:"
ENTITY_WEIGHT = 2.0  # a linked entity says more about what a story is than a content word
MAX_WORDS = 20  # content words kept per document: the highest TF-IDF
MIN_WORD_LENGTH = 4
RARE_FEATURES = 12  # the document's rarest features find the candidate stories
MAX_CANDIDATES = 10
JOIN_SCORE = 0.3  # the lowest score that joins a story; below it the document opens a new one
DATE_WEIGHT = 0.4  # share of the score that depends on the dates
DATE_DAYS = 7.0  # a document this many days outside a story's dates keeps 1/e of the date share
LABEL_ENTITIES = 3

_WORD = re.compile(r"\w+")
# Calendar words are in every story and name none of them; the date feature carries the time.
_CALENDAR = frozenset((
    "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche", "janvier", "février", "mars", "avril",
    "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre", "hier", "demain", "matin",
    "soir", "nuit", "veille", "lendemain", "semaine", "année", "mois", "heure", "minute"))
_STOP = frozenset(w.casefold() for w in STOP_WORDS) | _CALENDAR


class StoryIndex(Protocol):
    """What the stage needs from the store (store.Store implements it)."""

    def unstoried(self) -> list[StoryInput]: ...
    def feature_counts(self, features: Sequence[str]) -> tuple[int, dict[str, int]]: ...
    def story_candidates(self, features: Sequence[str], limit: int) -> list[str]: ...
    def story_summaries(self, ids: Sequence[str]) -> list[StorySummary]: ...
    def entity_names(self, ids: Sequence[str]) -> dict[str, str]: ...
    def new_story_id(self) -> str: ...
    def join_story(self, doc_id: str, story_id: str, label: str, score: float,
                   features: Sequence[tuple[str, float]]) -> None: ...
    def repair_stories(self) -> list[str]: ...
    def label_stories(self, labels: dict[str, str]) -> None: ...


def update(index: StoryIndex) -> int:
    """Assign every document that is in no story yet, in the order they were stored; return how many."""
    repaired = index.repair_stories()
    if repaired:  # a story lost a document: its label may name what only that document said
        summaries = index.story_summaries(repaired)
        total, df = index.feature_counts(sorted({f for s in summaries for f, _ in s.features}))
        index.label_stories({s.id: _label(index, s.features, _idf(total, df, [f for f, _ in s.features]))
                            for s in summaries})
    pending = index.unstoried()
    for doc in pending:
        assign(index, doc)
    return len(pending)


def assign(index: StoryIndex, doc: StoryInput) -> str:
    """Put one document in the best existing story, or in a new one; return the story id."""
    feats = features(index, doc)
    total, df = index.feature_counts(list(feats))
    shared = sorted((f for f in feats if df.get(f)), key=lambda f: (df[f], f))[:RARE_FEATURES]
    best: tuple[float, StorySummary | None] = (0.0, None)
    if shared:
        candidates = index.story_summaries(index.story_candidates(shared, MAX_CANDIDATES))
        total, df = index.feature_counts(sorted({f for s in candidates for f, _ in s.features} | set(feats)))
        idf = _idf(total + 1, df, df.keys() | feats.keys())
        for candidate in candidates:
            score = score_story(feats, candidate, doc.published, idf)
            if score > best[0]:
                best = (score, candidate)
    score, story = best
    if story is None or score < JOIN_SCORE:
        story_id, merged = index.new_story_id(), dict(feats)
    else:
        story_id, merged = story.id, dict(story.features)
        for f, w in feats.items():
            merged[f] = merged.get(f, 0.0) + w
    label = _label(index, merged.items(), _idf(total + 1, df, merged))
    index.join_story(doc.doc_id, story_id, label, round(score, 4), sorted(feats.items()))
    return story_id


def features(index: StoryIndex, doc: StoryInput) -> dict[str, float]:
    """The document's entities and its MAX_WORDS most telling content words, weighted by 1 + log(count)."""
    feats = {ENTITY + eid: 1.0 + math.log(n) for eid, n in doc.entities if n > 0}
    counts = Counter(content_words(doc.text))
    if counts:
        total, df = index.feature_counts([WORD + w for w in counts])
        idf = _idf(total + 1, df, [WORD + w for w in counts])
        ranked = sorted(counts, key=lambda w: (-(1.0 + math.log(counts[w])) * idf[WORD + w], w))
        feats.update({WORD + w: 1.0 + math.log(counts[w]) for w in ranked[:MAX_WORDS]})
    return feats


def content_words(text: str) -> list[str]:
    """Lowercase words of at least 4 letters that are not stop words, plural s dropped ("soldats" -> "soldat").

    Capitalised words are left out: names are the entities' business, and "Le" opening a sentence is not news.
    """
    words = []
    for m in _WORD.finditer(text):
        w = m.group()
        if len(w) < MIN_WORD_LENGTH or not w.islower() or not w.isalpha() or w in _STOP:
            continue
        if w.endswith("s") and len(w) > MIN_WORD_LENGTH and w[-2] not in "suip":  # not "pays", "corps"
            w = w[:-1]
        words.append(w)
    return words


def score_story(feats: Mapping[str, float], story: StorySummary, published: str | None,
                idf: Mapping[str, float]) -> float:
    """Cosine of the document and the story's summed features (IDF-weighted), scaled by date closeness."""
    doc_vec = {f: w * idf.get(f, 0.0) * _kind_weight(f) for f, w in feats.items()}
    story_vec = {f: w * idf.get(f, 1.0) * _kind_weight(f) for f, w in story.features}
    dot = sum(w * story_vec.get(f, 0.0) for f, w in doc_vec.items())
    norm = math.sqrt(sum(w * w for w in doc_vec.values())) * math.sqrt(sum(w * w for w in story_vec.values()))
    cosine = dot / norm if norm else 0.0
    return cosine * (1.0 - DATE_WEIGHT + DATE_WEIGHT * date_closeness(published, story.first, story.last))


def date_closeness(published: str | None, first: str | None, last: str | None) -> float:
    """1 inside the story's dates, decaying with the days outside them; 0.5 when a date is unknown."""
    day, lo, hi = _day(published), _day(first), _day(last)
    if day is None or lo is None or hi is None:
        return 0.5
    gap = max(0, (lo - day).days, (day - hi).days)
    return math.exp(-gap / DATE_DAYS)


def _label(index: StoryIndex, feats: Iterable[tuple[str, float]], idf: Mapping[str, float]) -> str:
    """The story's top entity names and its top word: what a reader recognises it by."""
    ranked = sorted(feats, key=lambda fw: (-fw[1] * idf.get(fw[0], 1.0), fw[0]))
    top = [f[len(ENTITY):] for f, _ in ranked if f.startswith(ENTITY)][:2 * LABEL_ENTITIES]
    known = index.entity_names(top)
    # two entities may share a name (a person and the place named after them): name it once
    names = list(dict.fromkeys(known[e] for e in top if e in known))[:LABEL_ENTITIES]
    word = next((f[len(WORD):] for f, _ in ranked if f.startswith(WORD)), None)
    label = ", ".join(names)
    if word:
        label = f"{label} : {word}" if label else word
    return label or "(sans titre)"


def _idf(total: int, df: Mapping[str, int], feats: Iterable[str]) -> dict[str, float]:
    # Smoothed so that a feature every document has still counts a little: 1 + log((N + 1) / (df + 1)),
    # the new document counted in both N and df.
    return {f: 1.0 + math.log((total + 1) / (df.get(f, 0) + 2)) for f in feats}


def _kind_weight(feature: str) -> float:
    return ENTITY_WEIGHT if feature.startswith(ENTITY) else 1.0


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None
