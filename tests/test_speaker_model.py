"""The speaker model's mechanics: features of the candidates, the choice and its threshold (hand-set weights)."""

from __future__ import annotations

from typing import Any

from recoupe.entities import find_entities
from recoupe.kb import KnowledgeBase
from recoupe.quotes import attribution_cases, find_quotes
from recoupe.records import Document
from recoupe.speaker_model import FEATURES, Model, choose

TEXT = ("« Le budget sera voté », a déclaré Anne Morel. Le député Paul Girard a quitté la salle. "
        "« Nous tiendrons bon », a-t-il ajouté.")


def _setup(model: Any, kb: KnowledgeBase) -> tuple[Document, Any, Any, dict[str, str]]:
    doc = Document(id="t", source="t", text=TEXT, title=None, content_hash="x")
    sdoc = model(TEXT)
    entities = find_entities(doc, sdoc, kb)
    return doc, sdoc, entities, {e.key: e.name for e in entities}


def test_features_name_the_rule_and_the_previous_speaker(model: Any, kb: KnowledgeBase) -> None:
    doc, sdoc, entities, names = _setup(model, kb)
    cases = attribution_cases(doc, sdoc, entities)
    assert len(cases) == 2
    first, second = cases
    anne = next(k for k, n in names.items() if n == "Anne Morel")
    assert first[1][anne]["rule_inversion"] == 1.0 and first[1][anne]["rule_named"] == 1.0
    assert second[1][anne]["previous_speaker"] == 1.0
    assert set(second[1][anne]) == set(FEATURES)


def test_a_model_overrides_the_rules_and_its_threshold_holds_back(model: Any, kb: KnowledgeBase) -> None:
    doc, sdoc, entities, names = _setup(model, kb)
    # A model that trusts named speakers and "spoke last" sends the second quote to Anne Morel, whoever the rules chose.
    assert names.get(find_quotes(doc, sdoc, entities)[1].speaker_key or "") == "Paul Girard"  # the rules: "il"
    trusting = Model({"rule_named": 6.0, "previous_speaker": 6.0, "bias": -3.0}, threshold=0.5)
    quotes = find_quotes(doc, sdoc, entities, model=trusting)
    assert names.get(quotes[1].speaker_key or "") == "Anne Morel"
    assert quotes[1].speaker_text == "Anne Morel"  # the mention that names her, not the rules' pronoun
    # The same model with a threshold nobody reaches leaves every quote without a speaker.
    shy = Model({"previous_speaker": 6.0, "bias": -3.0}, threshold=0.999)
    assert all(q.speaker_key is None for q in find_quotes(doc, sdoc, entities, model=shy))


def test_choose_without_candidates() -> None:
    assert choose(Model({}, 0.5), {}) == (None, 0.0)
