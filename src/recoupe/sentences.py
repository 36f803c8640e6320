"""Sentences and quoted spans of a cleaned text, by offsets: quotation marks never split a sentence."""

from __future__ import annotations

import re
from dataclasses import dataclass

_PAIRS = {"«": "»", "“": "”", "\"": "\""}
_OUTSIDE = re.compile(r"\s*[,.;:)]")  # words in straight quotes never open with a comma or a full stop
# A sentence ends at . ! ? … before a capital; feeds that lost their spaces glue sentences together
# ("a-t-il poursuivi.Selon les calculs"), so a capital right after a lowercase word's period counts too.
# An initial or a title ("M. Scholz", "John F. Kennedy", "Mme. X") does not end a sentence.
_NOT_AFTER = r"(?<!\b[A-Z])(?<!\bMM)(?<!\bMme)(?<!\bDr)(?<!\bPr)(?<!\bMgr)(?<!\bSt)"
_END = re.compile(_NOT_AFTER + r"[.!?…]+(?=\s+[«“\"A-ZÀ-Ý0-9–—(])"
                  r"|(?<=[a-zà-ÿ»”\"])[.!?](?=[A-ZÀ-Ý«\"][a-zà-ÿ ]|[LDJ][’'][A-Za-zÀ-ÿ])"  # "morgue.L'avocat"
                  # a heading glued to its paragraph ("La réaction de SalviniLe ministre a réagi"), a paragraph
                  # glued to a closing guillemet ("… une folie »L'Europe est")
                  r"|(?<=[a-zà-ÿ])(?=(?:Le|La|Les|L['’]|Un|Une|Selon|Pour|Dans|Il|Elle|Ils|Elles|Ce|Cette|Ces|Mais"
                  r"|Après|Depuis|Lors|Alors|Face|Parmi|Interrogée?|Invitée?)[\s'’])"
                  r"|(?<=[»”])(?=[A-ZÀ-Ý][a-zà-ÿ'’])")


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence as offsets into the text."""

    start: int
    end: int


@dataclass(frozen=True, slots=True)
class QuotedSpan:
    """Words between quotation marks: `open` and `close` are the marks, start:end the words inside."""

    open: int
    close: int
    start: int
    end: int


def quoted_spans(text: str, start: int = 0, end: int | None = None) -> list[QuotedSpan]:
    """Balanced « », “ ” and "…" pairs within [start, end), outermost only, left to right."""
    end = len(text) if end is None else end
    out: list[QuotedSpan] = []
    i = start
    while i < end:
        closing = _PAIRS.get(text[i])
        if closing is None:
            i += 1
            continue
        j = text.find(closing, i + 1, end)
        if j < 0 or "\n" in text[i:j]:
            i += 1
            continue
        inner = text[i + 1:j]
        if closing == "\"" and _OUTSIDE.match(inner):
            # '"…", a affirmé X. "…"' read from a stray mark: the words between two quotes are the
            # text around them; pair again from the closing mark
            i += 1
            continue
        left = len(inner) - len(inner.lstrip())
        right = len(inner.rstrip())
        if any(c.isalnum() for c in inner):
            out.append(QuotedSpan(i, j, i + 1 + left, i + 1 + right))
        i = j + 1
    return out


def sentences(text: str) -> list[Sentence]:
    """Sentences: lines cut after . ! ? … before a capital, never inside a quotation."""
    out: list[Sentence] = []
    offset = 0
    for line in text.split("\n"):
        if line.strip():
            quotes = quoted_spans(line)
            cut = 0
            for m in _END.finditer(line):
                if any(q.open < m.start() < q.close for q in quotes):
                    continue
                out.append(Sentence(offset + cut, offset + m.end()))
                cut = m.end() + (len(line[m.end():]) - len(line[m.end():].lstrip()))
            if line[cut:].strip():
                out.append(Sentence(offset + cut, offset + len(line.rstrip())))
        offset += len(line) + 1
    return out
