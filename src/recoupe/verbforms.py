"""Written forms of French verbs from their infinitives: recognising a reporting verb without a lemmatizer."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

from recoupe import data

# Endings of a regular -er verb in news prose: present, participles, imperfect, simple past, future.
ER_ENDINGS = ("er", "e", "es", "ent", "é", "ée", "és", "ées", "ait", "aient", "ant", "era", "eront", "ons", "ez",
              "a", "èrent", "ai")


_PARTICIPLE_ENDS = ("it", "is", "rt", "int")  # irregular past participles that agree: dit, admis, ouvert, craint


@cache
def irregular() -> dict[str, tuple[str, ...]]:
    """Forms that the -er rule does not give, from data/verbs.yaml (dire: dit, disent ...)."""
    raw = data.load("verbs.yaml")
    return {str(verb): tuple(str(f) for f in forms) for verb, forms in raw["irregular"].items()}


def forms(verbs: Iterable[str]) -> dict[str, str]:
    """Every written form of the verbs -> the verb ("déclaré", "considère", "dit" -> their infinitives)."""
    table = irregular()
    out: dict[str, str] = {}
    for verb in verbs:
        bare = re.sub(r"^(?:s['’]|se )", "", verb)
        if bare.endswith("er") and " " not in bare:
            stem = bare[:-2]
            # "considérer" -> "considère": the stem's last é opens before a mute ending
            grave = stem[::-1].replace("é", "è", 1)[::-1]
            for ending in ER_ENDINGS:
                out.setdefault(stem + ending, verb)
                if grave != stem and ending in ("e", "es", "ent"):
                    out.setdefault(grave + ending, verb)
        for form in table.get(bare, ()):
            out.setdefault(form, verb)
            if form.endswith(_PARTICIPLE_ENDS):  # "dit" -> "dite", "dits", "dites": "elle s'était dite choquée"
                for agreement in ("e", "es") if form.endswith("s") else ("e", "s", "es"):
                    out.setdefault(form + agreement, verb)
        out.setdefault(bare, verb)
    return out
