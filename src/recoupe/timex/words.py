"""The times vocabulary (data/times.yaml) and the regex pieces and number reading built from it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from recoupe import data

APOS = "['’]"
SP = r"[^\S\n]+"  # a time expression never runs across a line break
L = r"(?<![\w-])"  # left word boundary that also refuses the inside of "après-midi"
R = r"(?![\w])"


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """Word lists of the times grammar, loaded once from data/times.yaml."""

    months: dict[str, int]
    month_abbreviations: dict[str, int]
    weekdays: dict[str, int]
    numbers: dict[str, int]
    approximate_numbers: dict[str, int]
    units: dict[str, tuple[str, int]]
    duration_nouns: dict[str, str]
    duration_heads: frozenset[str]
    parts_of_day: dict[str, str]
    seasons: dict[str, str]
    frequency_words: dict[str, str]
    references: dict[str, str]
    relative_days: dict[str, int]
    anaphoric_days: dict[str, int]
    relative_modifiers: dict[str, int]
    anaphoric_modifiers: frozenset[str]
    year_cues: frozenset[str]
    year_blockers_after: tuple[str, ...]


@cache
def vocabulary() -> Vocabulary:
    """The bundled times vocabulary (loaded once per process)."""
    raw = data.load("times.yaml")

    def table(key: str) -> dict[str, int]:
        return {str(k).casefold(): int(v) for k, v in raw[key].items()}

    def codes(key: str) -> dict[str, str]:
        return {str(k).casefold(): str(v) for k, v in raw[key].items()}

    return Vocabulary(
        months=table("months"),
        month_abbreviations=table("month_abbreviations"),
        weekdays=table("weekdays"),
        numbers=table("numbers"),
        approximate_numbers=table("approximate_numbers"),
        units={str(k).casefold(): (str(v[0]), int(v[1])) for k, v in raw["units"].items()},
        duration_nouns=codes("duration_nouns"),
        duration_heads=frozenset(str(w).casefold() for w in raw["duration_heads"]),
        parts_of_day=codes("parts_of_day"),
        seasons=codes("seasons"),
        frequency_words=codes("frequency_words"),
        references=codes("references"),
        relative_days=table("relative_days"),
        anaphoric_days=table("anaphoric_days"),
        relative_modifiers=table("relative_modifiers"),
        anaphoric_modifiers=frozenset(str(w).casefold() for w in raw["anaphoric_modifiers"]),
        year_cues=frozenset(str(w).casefold() for w in raw["year_cues"]),
        year_blockers_after=tuple(str(w) for w in raw["year_blockers_after"]),
    )


def alternation(words: object) -> str:
    """A regex alternation of the words, longest first, apostrophes matching both spellings."""
    ordered = sorted({str(w) for w in words}, key=lambda w: (-len(w), w))  # type: ignore[attr-defined]
    # a capital drops its accent ("Eté comme hiver"): an initial é also matches e
    return "|".join(re.sub("^é", "[eé]", re.escape(w)).replace("'", APOS).replace("’", APOS).replace(r"\ ", SP)
                    for w in ordered)


def fold_apostrophe(text: str) -> str:
    """Lowercase text with one apostrophe and single spaces, as the vocabulary keys are written."""
    return re.sub(r"\s+", " ", text.casefold().replace("’", "'"))


def lookup(table: dict[str, str] | dict[str, int], text: str) -> str | int | None:
    """The table entry for text however it is spelt (case, apostrophe, spaces)."""
    key = fold_apostrophe(text)
    if key in table:
        return table[key]
    return table.get(key.replace("'", "’"))


@cache
def number_pattern() -> str:
    """A number written in digits or in French words ("30,4", "dix-huit", "vingt et un").

    At most seven words ("quatre-vingt-dix-neuf mille ..."): an unbounded repeat would make a long run
    of number words ("un un un ...") quadratic.
    """
    words = alternation(vocabulary().numbers)
    word = rf"(?:{words})"
    return rf"(?:\d{{1,3}}(?:[ .]\d{{3}})+(?!\d)|\d+(?:[,.]\d+)?|{word}(?:(?:-|{SP}et{SP}|-et-|{SP}){word}){{0,6}})"


def read_number(text: str) -> float | None:
    """The value of a number written in digits or words; None when it is not one."""
    raw = text.strip().casefold()
    if re.fullmatch(r"\d{1,3}(?:[ .]\d{3})+", raw):
        return float(re.sub(r"[ .]", "", raw))
    if re.fullmatch(r"\d+(?:[,.]\d+)?", raw):
        return float(raw.replace(",", "."))
    table = vocabulary().numbers
    total = current = 0
    previous = ""
    for part in re.split(r"[-\s]+", raw):
        if part == "et" or not part:
            continue
        if part not in table:
            return None
        value = table[part]
        if value == 100:
            current = (current or 1) * 100
        elif value == 1000:
            total += (current or 1) * 1000
            current = 0
        elif value == 20 and previous == "quatre":  # quatre-vingt(s): 4 * 20, not 4 + 20
            current += 80 - 4
        else:
            current += value
        previous = part
    return float(total + current)
