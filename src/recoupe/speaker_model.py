"""A learned ranker over the people who may have said a quotation: the rules' answer weighed against the focus.

The attribution rules (`quotes.py`) give one answer and the name of the rule that gave it; `Focus`
(`speakers.py`) ranks the people the discourse is about. Each person of the document becomes a candidate
with a few features (which rule chose it, its focus score, where it is mentioned, whether it spoke the
quotation before, gender clash with the attribution's pronoun), and a logistic model trained on our own
annotations (`annotations/quotes-*.json`, `scripts/train_speakers.py`) scores them. The best candidate
speaks when its probability reaches the model's threshold; below it, the quotation keeps no speaker —
an analyst is better served by "unattributed" than by a wrong name. The weights are a small JSON file
shipped in the package (`data/speaker_model.json`) and read once; scoring is a dot product.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

from recoupe.speakers import Focus, word_gender

RULES = ("inversion", "agent", "according", "colon_after", "verb", "sentence_speaker", "colon_before", "governing",
         "continued", "block", "reported")
FEATURES = (
    *(f"rule_{r}" for r in RULES),
    "focus", "focus_top", "gender_clash", "same_sentence_before", "same_sentence_after", "next_sentence",
    "inside_quote", "previous_speaker", "previous_speaker_near", "organisation", "mentions", "sentences_since",
    "in_title", "rule_named", "rule_anaphor", "unattributed_focus_top", "unattributed_previous_speaker", "bias",
)


@dataclass(frozen=True, slots=True)
class Situation:
    """One quotation as the ranker sees it: where it is and what the rules said."""

    open: int  # the opening mark (or the start of reported speech)
    close: int
    sentence: int  # index of its sentence in the focus
    rule: str  # the rule that answered ("none" when none did)
    rule_key: str | None  # the rules' speaker
    pronoun: str | None  # the attribution's pronoun, when it is one ("il", "elle")
    named: bool  # the rules' speaker is named where they found it (not a pronoun or a description)
    previous_key: str | None  # the speaker of the quotation before
    previous_sentence: int | None


@dataclass(frozen=True, slots=True)
class Model:
    """Weights of a logistic model over FEATURES, and the probability a speaker needs."""

    weights: dict[str, float]
    threshold: float

    def probability(self, features: dict[str, float]) -> float:
        z = sum(self.weights.get(name, 0.0) * value for name, value in features.items())
        return 1 / (1 + math.exp(-max(-30.0, min(30.0, z))))


@cache
def bundled() -> Model | None:
    """The model shipped in the package, or None when there is none (the rules then decide alone)."""
    path = resources.files("recoupe.data").joinpath("speaker_model.json")
    if not path.is_file():
        return None
    raw = json.loads(path.read_text("utf-8"))
    return Model({k: float(v) for k, v in raw["weights"].items()}, float(raw["threshold"]))


def candidate_features(focus: Focus, mentions: Sequence[tuple[int, int, str, str]], title_end: int,
                       q: Situation) -> dict[str, dict[str, float]]:
    """FEATURES for every person or organisation of the document, as a candidate speaker of `q`."""
    focus_scores = {key: score for score, key in focus.candidates(q.open, None, ("PER", "ORG"))}
    top = max(focus_scores, key=lambda k: focus_scores[k]) if focus_scores else None
    wanted = word_gender(q.pronoun) if q.pronoun else None
    out: dict[str, dict[str, float]] = {}
    for start, _end, key, label in mentions:
        if label not in ("PER", "ORG"):
            continue
        f = out.get(key)
        if f is None:
            f = out[key] = dict.fromkeys(FEATURES, 0.0)
            f["bias"] = 1.0
            f["organisation"] = float(label == "ORG")
            if q.rule_key == key and q.rule in RULES:
                f[f"rule_{q.rule}"] = 1.0
                f["rule_named" if q.named else "rule_anaphor"] = 1.0
            f["focus"] = max(-3.0, min(4.0, focus_scores.get(key, -3.0)))
            f["focus_top"] = float(key == top)
            known = focus.gender.get(key)
            f["gender_clash"] = float(bool(wanted and known and known != wanted))
            f["previous_speaker"] = float(key == q.previous_key)
            f["previous_speaker_near"] = float(key == q.previous_key and q.previous_sentence is not None
                                               and q.sentence - q.previous_sentence <= 1)
            f["unattributed_focus_top"] = float(q.rule_key is None and key == top)
            f["unattributed_previous_speaker"] = float(q.rule_key is None and key == q.previous_key)
            f["sentences_since"] = 1.0
        f["mentions"] = min(1.0, f["mentions"] + 0.1)
        at = focus.sentence(start)
        if q.open <= start < q.close:
            f["inside_quote"] = 1.0
        elif at == q.sentence and start < q.open and not focus.in_quote(start):
            f["same_sentence_before"] = 1.0
        elif at == q.sentence and start > q.close and not focus.in_quote(start):
            f["same_sentence_after"] = 1.0
        elif at == q.sentence + 1 and not focus.in_quote(start):
            f["next_sentence"] = 1.0
        if start < q.open:
            f["sentences_since"] = min(f["sentences_since"], min(10, q.sentence - at) / 10)
        if start < title_end:
            f["in_title"] = 1.0
    return out


def choose(model: Model, candidates: dict[str, dict[str, float]]) -> tuple[str | None, float]:
    """The candidate the model prefers, if its probability reaches the threshold, and that probability."""
    if not candidates:
        return None, 0.0
    scored = {key: model.probability(f) for key, f in candidates.items()}
    best = max(scored, key=lambda k: scored[k])
    return (best if scored[best] >= model.threshold else None), scored[best]
