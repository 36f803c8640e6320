"""Induce the gender of first names from the OrangeSum articles: src/recoupe/data/first_names.tsv.

A first name counts as feminine or masculine each time the press puts a gendered title right before a
full name: "Mme Agnès Buzyn", "M. Olivier Véran", "la ministre de la Santé Agnès Buzyn", "le député
Didier Paris", "l'avocate Caroline X". Names seen at least MIN_SEEN times with at least AGREEMENT of
their votes on one side are kept. The articles of the shared dev gold and of annotations/ are left
out, so that no evaluation text teaches the lexicon. Run from the repository root:

    python3 scripts/build_first_names.py ../shared/data/orangesum/articles-dev.jsonl.gz
"""

from __future__ import annotations

import gzip
import json
import re
import sys
from collections import Counter
from pathlib import Path

MIN_SEEN = 2
AGREEMENT = 0.85
OUT = Path("src/recoupe/data/first_names.tsv")
_NAME = (r"(?P<first>[A-ZÉÈÎÏ][a-zéèêëïîôöüçâàñ]+(?:-[A-ZÉ][a-zéèêëïîôöüç]+)?)"
         r"\s+(?:(?:de|du|d'|le|la|van|von|ben|el|al)\s+)?[A-ZÉÈ][\w'-]")
# Titles whose gender is plain: the honorific, or a determiner before an epicene or gendered noun.
_EPICENE = (r"[Pp]remier ministre|[Pp]remière ministre|"
            r"ministre|secrétaire d'État|secrétaire générale?|secrétaire|porte-parole|maire|juge|journaliste|"
            r"militante?|élue?|députée?|sénat(?:eur|rice)|présidente?|avocate?|actrice|acteur|chanteuse|chanteur|"
            r"directrice|directeur|candidate?|dirigeante?|conseillère|conseiller|procureure?|commissaire|"
            r"animatrice|animateur|comédienne?|romancière|romancier|écrivaine?|chercheuse|chercheur|"
            r"professeure?|patronne|patron|cheffe|chef|opposante?|philosophe|sociologue|politologue|historienne?")
_COMPLEMENT = r"(?:\s+(?:de la|du|de l'|des|de)\s+[\w'-]+(?:\s+[\w'-]+)?)?"
_F = [re.compile(rf"\b(?:Mme|Madame|Mlle)\s+{_NAME}"),
      re.compile(rf"\b(?:la|cette|l'ancienne|l’ancienne|une)\s+(?:{_EPICENE}){_COMPLEMENT}\s+{_NAME}")]
# "Agnès Buzyn a ... . Elle a ...": the next sentence's subject pronoun, counted over thousands of
# articles (a single one may mean someone else); "X, âgée de", "X, interrogée": an agreeing participle.
_SUBJECT = rf"(?:^|[.!?]\s+){_NAME}[\w'-]*\s+(?:[a-zé'’-]+\s+){{1,25}}?[a-zé'’-]+[.!?]\s+"
_PARTICIPLE = r",\s+(?:{})\b"
_F.append(re.compile(_SUBJECT + r"Elle\s"))
_F.append(re.compile(rf"{_NAME}[\w'-]*"
                     + _PARTICIPLE.format("âgée|née|élue|interrogée|arrivée|décédée|condamnée|mise en examen")))
_M = [re.compile(rf"\b(?:M\.|Monsieur)\s+{_NAME}"),
      re.compile(_SUBJECT + r"Il\s"),
      re.compile(rf"{_NAME}[\w'-]*" + _PARTICIPLE.format("âgé|né|élu|interrogé|arrivé|décédé|condamné|mis en examen")),
      re.compile(rf"\b(?:le|ce|l'ancien|l’ancien|un)\s+(?:{_EPICENE}){_COMPLEMENT}\s+{_NAME}")]
_FEMININE_ONLY = re.compile(r"(?:e|ice|euse|ière|enne|ante|ente)$")


def held_out(root: Path) -> set[str]:
    """Ids of the articles that measure recoupe: never read to build the lexicon."""
    ids: set[str] = set()
    for path in [root.parent / "shared/gold/orangesum-dev.jsonl", *Path("annotations").glob("*.jsonl")]:
        if path.exists():
            ids |= {json.loads(line)["id"] for line in path.open(encoding="utf-8")}
    return ids


def votes(path: Path, skip: set[str]) -> tuple[Counter[str], Counter[str]]:
    fem: Counter[str] = Counter()
    masc: Counter[str] = Counter()
    with gzip.open(path, "rt", encoding="utf-8", newline="") as f:
        for line in f:
            art = json.loads(line)
            if art["id"] in skip:
                continue
            text = " ".join((art.get("title") or "", art.get("heading") or "", art.get("text") or ""))
            for m in (m for pattern in _F for m in pattern.finditer(text)):
                fem[m.group("first")] += 1
            for m in (m for pattern in _M for m in pattern.finditer(text)):
                # "le ministre" may title a woman in older usage, never "la ministre" a man: a masculine
                # determiner before a feminine-only noun is left out.
                title = text[m.start():m.start("first")].split()
                if len(title) < 2 or not _FEMININE_ONLY.search(title[1]) or title[1] in ("ministre", "maire"):
                    masc[m.group("first")] += 1
    return fem, masc


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    fem, masc = votes(Path(sys.argv[1]), held_out(Path.cwd()))
    rows = []
    for name in sorted(set(fem) | set(masc)):
        f, m = fem[name], masc[name]
        if f + m >= MIN_SEEN and max(f, m) / (f + m) >= AGREEMENT:
            rows.append(f"{name}\t{'f' if f > m else 'm'}\t{f}\t{m}")
    OUT.write_text("# first name, gender, feminine votes, masculine votes: built by scripts/build_first_names.py"
                   "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    print(f"{len(rows)} first names -> {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
