"""Written forms of reporting verbs, derived without a lemmatizer."""

from __future__ import annotations

import pytest

from recoupe.verbforms import forms


@pytest.mark.parametrize(("written", "verb"), [
    ("déclaré", "déclarer"), ("déclarent", "déclarer"), ("déclarait", "déclarer"), ("déclarant", "déclarer"),
    ("considère", "considérer"), ("considèrent", "considérer"), ("considéré", "considérer"),
    ("dit", "dire"), ("disent", "dire"), ("reconnaît", "reconnaître"), ("prévenu", "prévenir"),
    ("exclamé", "s'exclamer"),
])
def test_forms_map_back_to_their_verb(written: str, verb: str) -> None:
    assert forms([verb])[written] == verb


def test_no_form_of_another_verb() -> None:
    table = forms(["déclarer", "dire"])
    assert "déclaration" not in table and "dites-moi" not in table and "disque" not in table
