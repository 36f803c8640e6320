"""The quote attribution rules: who said the words of a quotation or a reported clause, in their order."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from recoupe.quote_context import (
    DEFINITE,
    DEMONSTRATIVE,
    GOVERNED,
    VERB_WORD,
    Context,
    inside_quote,
    pick,
    subject_phrase,
)
from recoupe.records import Quote
from recoupe.sentences import Sentence

# ", a toutefois déclaré X" / ", a-t-elle ajouté" / ", pointe X": the inversion after a quote or clause.
_INVERSION_BODY = (
    r"(?:(?:lui|leur|l['’]|le|la|les|y|en)\s+)?(?:(?P<aux>a|ont|avait|avaient|aurait|auraient|est|sont|s['’]est)(?:[\s-]t)?(?:-(?P<p1>il|elle|ils|elles))?\s+)?"
    r"(?:(?:toutefois|également|encore|aussi|ensuite|enfin|alors|déjà|d['’]ailleurs|notamment|ainsi|pour sa part)\s+)*"
    r"(?:s['’]|se\s+)?(?P<verb>\w+)(?:[\s-]t)?(?:-(?P<p2>il|elle|ils|elles))?(?!\w)")
_INVERSION = re.compile(r",\s*" + _INVERSION_BODY)
# After a closing mark: the same, or with no comma ("… pictogrammes ! » s'alarme le député X").
_INVERSION_AFTER_QUOTE = re.compile(r"(?:,\s*|^[»”\"]\s*(?:,\s*)?)" + _INVERSION_BODY)
# Where an inverted subject ends: ", ajoutant que ...", ", interrogé sur ...", ", qui ...".
_SUBJECT_END = re.compile(r",\s+(?=\w+ant\b|qui\b|que\b|qu['’]|dont\b|interrog|selon\b|lors\b|avant\b|après\b)"
                          r"|\s+qui\b|[;:!?]"
                          r"|\s+(?=(?:après|avant|lors|sans)\s|en\s+\w+ant\b)"
                          r"|(?<!\b[A-Z])\.|$")  # "a déclaré M. Scholz.": the initial's period is not the end
_WORDS_OF = re.compile(r"(?i)(?:les|des)\s+(?:mots|propos|termes|déclarations|informations|chiffres)"
                       r"\s+(?:de\s+|d['’]|du\s+|des\s+)")
_PHRASE = re.compile(r"[^,.;:!?«»\"“”]{2,60}?(?=\s*[,.;:!?«»\"“”]|$)")
_NARRATIVE_SUBJECT = re.compile(r"(?i)\s*et\s+(?P<who>.{2,60}?)\s+d(?:e\s+|['’])\w+\s*$")
_AMONG = re.compile(r"(?i)[^,.;:«»\"]{2,40},\s*(?:notamment|dont|comme|parmi lesquels)\s+(?P<who>[^,.;:«»\"]{2,50})")
_NAME_NEXT = re.compile(r"\s+(?:(?:M\.|Mme|Me)\s+)?[A-ZÀ-Ý]")  # "», s'est emportée Marine Le Pen"
_NOT_A_VERB = frozenset({"le", "la", "les", "l", "un", "une", "des", "du", "de", "d", "par", "pour", "selon", "à", "au",
                         "aux", "en", "dans", "sur", "avec", "et", "ou", "mais", "que", "qui", "car", "donc", "or",
                         "ni", "ce", "cet", "cette", "ces", "son", "sa", "ses", "leur", "leurs", "notamment", "dont",
                         "comme", "lors", "après", "avant", "depuis", "contre", "entre", "vers", "chez", "sans"})
_FOR_WHOM = re.compile(r"(?i),\s*(?:pour|selon)\s+qui\b")
_NARRATIVE_INFINITIVE = re.compile(r"(?i)^\s*(?:et|puis)\s+d['’]\w+\s*:?\s*$|^\s*et\s+de\s+\w+\s*:?\s*$")
_STRESSED = re.compile(r"(?i)(lui|elle)(?!\w)")
_STRESSED_GENDER = {"lui": "il", "elle": "elle"}
# "Pour X, ..." opening a sentence: X's view follows (not "Pour la première fois, ...").
_TOPIC = re.compile(r"(?i)\s*pour\s+(?:(?P<pronoun>lui|elle)|(?P<who>[^,.;:«»\"]{2,80}?))\s*,")
_DASH_LINE = re.compile(r"^[–—-]\s*")
_CONTINUATION_CHARS = 400  # an attributed quotation and the next one standing alone, at most this far apart
_JUDGED_DISTANCE = 4  # "Borrell a qualifié cet accord d'« ... »": a judging verb governs a quote right after it
CLAUSE_CUT = re.compile(r",\s+(?=\w+ant\b)|;")




def inversion(ctx: Context, sent: Sentence, after: int,
               *, quote_end: bool = False) -> tuple[int, tuple[str | None, int, int]] | None:
    """", a déclaré X" / ", a-t-elle ajouté" / ", pointe X" after `after`: where it starts, and who.

    Right after a closing quotation mark (`quote_end`), an inverted subject pronoun marks the speaker
    whatever the verb ("», s'insurge-t-elle", "», préconise-t-il"), and the comma may be missing after
    "!" or "?" ("!» s'alarme X").
    """
    region = ctx.text[after:sent.end]
    pattern = _INVERSION_AFTER_QUOTE if quote_end else _INVERSION
    for m in pattern.finditer(region):
        verb_at, verb = after + m.start("verb"), m.group("verb")
        clitic = bool(m.group("p1") or m.group("p2"))
        # right after the closing mark, an inverted subject marks the speaker whatever the verb: a clitic
        # ("», s'insurge-t-elle") or a name right after the verb ("», s'est emportée Marine Le Pen")
        adjacent = quote_end and m.start() <= 2 and (clitic or bool(
            verb.casefold() not in _NOT_A_VERB and ctx.mentions_in(after + m.end(), after + m.end() + 40)
            and _NAME_NEXT.match(ctx.text, after + m.end())))
        if verb.endswith("ant") or inside_quote(ctx.text, sent, verb_at) or not (
                adjacent or ctx.is_reporting(verb_at, verb)):
            continue  # ", confirmant les informations fournies par Séoul" is a participle, not an inversion
        pronoun = m.group("p1") or m.group("p2")
        if pronoun:
            at = after + m.start("p1" if m.group("p1") else "p2")
            who = ctx.person_before(at, pronoun) if pronoun in ctx.lex.pronouns else None
            return after + m.start(), (who, at, at + len(pronoun))
        rest_start = after + m.end()
        stop = _SUBJECT_END.search(ctx.text, rest_start, sent.end)
        return after + m.start(), subject_phrase(ctx, rest_start, stop.start() if stop else sent.end, inverted=True)
    return None


def _after_inversion(ctx: Context, sent: Sentence, after: int) -> tuple[str | None, int, int] | None:
    found = inversion(ctx, sent, after, quote_end=True)
    return found[1] if found else None


def _agent(ctx: Context, sent: Sentence, after: int) -> tuple[str | None, int, int] | None:
    """"qualifié de « ... » par X", "jugée « inacceptable » par Tokyo"."""
    m = re.match(r"\s*(?:\w+\s+){0,2}?par\s+", ctx.text[after:sent.end])
    if not m:
        return None
    start = after + m.end()
    stop = _SUBJECT_END.search(ctx.text, start, sent.end)
    return pick(ctx, start, stop.start() if stop else sent.end)


def described_source(ctx: Context, start: int, end: int) -> tuple[str | None, int, int] | None:
    """The source a description after "selon" names ("selon la police", "selon le parquet"), if any."""
    phrase = ctx.text[start:end].strip()
    if not (DEFINITE.match(phrase) or DEMONSTRATIVE.match(phrase)):
        return None
    described = subject_phrase(ctx, start, end)
    return described if described[0] else None


def _according_to(ctx: Context, sent: Sentence) -> tuple[str | None, int, int] | None:
    """"selon X" / "d'après X" in the sentence, outside the quote."""
    low = ctx.text[sent.start:sent.end].casefold()
    for word in ctx.lex.according_to:
        for m in re.finditer(rf"(?<!\w){re.escape(word)}\s+", low):
            start = sent.start + m.end()
            if inside_quote(ctx.text, sent, start):
                continue
            pronoun = _STRESSED.match(ctx.text, start)  # "Selon lui, ...", "d'après elle"
            if pronoun:
                return ctx.person_before(start, _STRESSED_GENDER[pronoun.group(1).casefold()]), start, pronoun.end()
            words = _WORDS_OF.match(ctx.text, start)  # "selon les mots de Booba", "selon les propos du ministre"
            if words:
                start = words.end()
            named = pick(ctx, start, min(sent.end, start + 60))
            if named and ctx.text[start:named[1]].count(" ") <= 2:
                return named
            among = _AMONG.match(ctx.text, start, sent.end)  # "selon plusieurs médias, notamment France Info,"
            if among:
                named = pick(ctx, among.start("who"), among.end("who"))
                if named:
                    return named
            phrase = _PHRASE.match(ctx.text, start, sent.end)  # "Selon le parquet, ...": a description
            described = described_source(ctx, start, phrase.end()) if phrase else None
            if described:
                return described
    for m in _FOR_WHOM.finditer(ctx.text, sent.start, sent.end):  # "X, la soixantaine, pour qui Y est « ... »"
        near = [n for n in ctx.mentions_in(max(sent.start, m.start() - 80), m.start()) if n[3] in ("PER", "ORG")]
        if near and not inside_quote(ctx.text, sent, m.start()):
            return near[-1][2], near[-1][0], near[-1][1]
    topic = _TOPIC.match(ctx.text, sent.start, sent.end)  # "Pour Sara Brownstein, une habitante ..., « ... »"
    if topic:
        if topic.group("pronoun"):
            return ctx.person_before(sent.start, _STRESSED_GENDER[topic.group("pronoun").casefold()]), \
                topic.start("pronoun"), topic.end("pronoun")
        named = pick(ctx, topic.start("who"), topic.end("who"))
        if named and ctx.text[topic.start("who"):named[1]].count(" ") <= 2:
            return named
        who = ctx.text[topic.start("who"):topic.end("who")]
        head = who.split()[1].casefold() if len(who.split()) > 1 else ""
        if DEMONSTRATIVE.match(who) and head in ctx.lex.person_nouns:  # "Pour cette femme établie à X, « ... »"
            return ctx.focus.description(topic.start("who"), who), topic.start("who"), topic.end("who")
    return None


def verb_before(ctx: Context, sdoc: Any, sent: Sentence, before: int, *, judging_ok: bool) -> Any:
    """The closest reporting verb token before an offset in the sentence, not inside a quote."""
    best = None
    for tok in sdoc.char_span(sent.start, before, alignment_mode="contract") or ():
        # Auxiliaries never report; adjectives only as participles ("s'est déclaré prêt").
        if (tok.pos_ == "VERB" or (tok.pos_ == "ADJ" and tok.text.endswith(("é", "ée", "és", "ées", "t"))))\
                and ctx.is_reporting(tok.idx, tok.text, judging_ok=judging_ok, inverted=False) \
                and not inside_quote(ctx.text, sent, tok.idx):
            best = tok
    return best


def subject_of(ctx: Context, verb: Any, sent: Sentence) -> tuple[str | None, int, int] | None:
    """The speaker who is the verb's subject: its nsubj phrase, else the words before it in the clause."""
    heads = [verb, verb.head] if verb.dep_ in ("xcomp", "conj") else [verb]
    for head in heads:
        for child in head.children:
            if child.dep_ in ("nsubj", "nsubj:pass", "expl:subj") and sent.start <= child.idx < verb.idx:
                sub = [t for t in child.subtree if sent.start <= t.idx < sent.end]
                return subject_phrase(ctx, sub[0].idx, sub[-1].idx + len(sub[-1].text))
    if verb.text.endswith("ant"):
        # "..., ajoutant que", "Dénonçant une atteinte « sans précédent », l'ONG Golos a ...": a participle
        # shares the subject of the clause it hangs on, before or after it
        mains = [verb.head] if verb.head is not verb else [  # the parse may hang the main clause on it
            c for c in verb.children if c.dep_ in ("advcl", "conj", "parataxis") and c.pos_ == "VERB"]
        for main in (m for m in mains if m.pos_ in ("VERB", "AUX", "ADJ")):
            for child in main.children:
                if child.dep_ in ("nsubj", "nsubj:pass") and sent.start <= child.idx < sent.end \
                        and not inside_quote(ctx.text, sent, child.idx):
                    own = {t.i for t in verb.subtree}
                    sub = [t for t in child.subtree if sent.start <= t.idx < sent.end and t.i not in own]
                    if sub:
                        return subject_phrase(ctx, sub[0].idx, sub[-1].idx + len(sub[-1].text))
            if not main.text.endswith("ant"):
                return subject_of(ctx, main, sent)  # no subject parsed: the main clause's own fallback
        if any(m.pos_ in ("VERB", "AUX", "ADJ") for m in mains):
            return None
        # the parse hangs it on a noun ("..., lors d'une conférence, déclarant « ... »"): the last name
        # before it that no preposition governs, as for a verb without a parsed subject
    clause_start = max([sent.start, *(m.end() for m in re.finditer(r"\bque\b|\bqu['’]|[,;]\s+(?=et\b|mais\b)",
                                                                       ctx.text[sent.start:verb.idx]))])
    if clause_start != sent.start:
        clause_start += sent.start
    # The parse found no subject: the last entity before the verb that no preposition governs
    # ("le G7, composé de la France ... et de l'Union européenne, a condamné" -> the G7).
    named = [m for m in ctx.mentions_in(clause_start, verb.idx)
             if not GOVERNED.search(ctx.text[max(0, m[0] - 16):m[0]]) and not inside_quote(ctx.text, sent, m[0])]
    if named:
        m = named[-1]
        return m[2], m[0], m[1]
    pronoun = next((p for p in re.finditer(r"(?i)(?<!\w)(il|elle)(?!\w)", ctx.text[clause_start:verb.idx])
                    if not inside_quote(ctx.text, sent, clause_start + p.start())), None)  # not "il" in a quote
    if pronoun:
        at = clause_start + pronoun.start()
        return ctx.person_before(at, pronoun.group()), at, at + len(pronoun.group())
    return None


def speaker(ctx: Context, sdoc: Any, sent: Sentence, open_: int, close: int,
             earlier: list[Quote]) -> tuple[str | None, int | None, int | None]:
    """Who said the quoted words between the marks at `open_` and `close`, by the first rule that applies.

    The rule that answered is left in `ctx.rule` (the speaker model weighs it against the other people)."""
    found: tuple[str | None, int, int] | None = None
    rules: list[tuple[str, Callable[[], tuple[str | None, int, int] | None]]] = [
        ("inversion", lambda: _after_inversion(ctx, sent, close)), ("agent", lambda: _agent(ctx, sent, close + 1)),
        ("according", lambda: _according_to(ctx, sent)), ("colon_after", lambda: _colon_after(ctx, sdoc, sent, close))]
    for ctx.rule, rule in rules:
        found = rule()
        if found is not None:
            break
    verb = None
    if found is None:
        ctx.rule = "verb"
        verb = verb_before(ctx, sdoc, sent, open_, judging_ok=True)
        if verb is not None and ctx.lex.forms.get(verb.text.casefold()) in ctx.lex.judging and len(
                ctx.text[verb.idx + len(verb.text):open_].split()) > _JUDGED_DISTANCE:
            verb = verb_before(ctx, sdoc, sent, open_, judging_ok=False)
        if verb is not None:
            found = subject_of(ctx, verb, sent)
    if found is not None and found[0] is None:
        found = None
    # A reporting verb whose subject names nobody ("..., ajoutant que les relations « resteront
    # solides »") keeps the sentence's earlier speaker; with no reporting verb at all, a later
    # scare quote in the sentence stays unattributed.
    if found is None and verb is not None and earlier and earlier[-1].start >= sent.start:
        ctx.rule = "sentence_speaker"
        prev = earlier[-1]  # "..., ajoutant que les relations « resteront solides »": the same speaker
        return prev.speaker_key, prev.speaker_start, prev.speaker_end
    if found is None:  # "Et le chef de l'État de répondre : « ... »": a colon's clause, even with a verb
        ctx.rule = "colon_before"
        found = _colon_before(ctx, sdoc, sent, open_)
        if found is not None and found[0] is None:
            found = None
    if found is None and verb is None:
        ctx.rule = "governing"
        found = _governing_subject(ctx, sdoc, sent, open_, close)
        if found is not None and found[0] is None:
            found = None
    if found is None:
        ctx.rule = "continued"
        who = _continued(ctx, sent, open_, close, earlier)
        if who[0] is None:
            ctx.rule = "none"
        return who
    return found


def _colon_after(ctx: Context, sdoc: Any, sent: Sentence, close: int) -> tuple[str | None, int, int] | None:
    """"« Nous avons un objectif » : Olivier Véran annonce ...": a colon, then the speaker and a speech verb."""
    colon = re.match(r"\s*:\s*", ctx.text[close + 1:sent.end])
    if not colon:
        return None
    start = close + 1 + colon.end()
    span = sdoc.char_span(start, sent.end, alignment_mode="contract")
    verb = next((t for t in span or () if t.pos_ == "VERB"), None)
    if verb is None or not ctx.is_reporting(verb.idx, verb.text, inverted=False):
        return None
    return subject_of(ctx, verb, Sentence(start, sent.end))


def _colon_before(ctx: Context, sdoc: Any, sent: Sentence, open_: int) -> tuple[str | None, int, int] | None:
    """"Booba : « ... »", "X a apporté son soutien au site : « ... »": who the clause before the colon is about."""
    before = ctx.text[sent.start:open_]
    colon = re.search(r":\s*$", before)
    if not colon or inside_quote(ctx.text, sent, sent.start + colon.start()):
        return None
    at = sent.start + colon.start()
    narrative = _NARRATIVE_SUBJECT.match(ctx.text, sent.start, at)  # "Et le chef de l'État de répondre :"
    if narrative:
        who = subject_phrase(ctx, narrative.start("who"), narrative.end("who"), inverted=True)
        if who[0]:
            return who
    named = [m for m in ctx.mentions_in(sent.start, at) if m[3] in ("PER", "ORG")
             and not inside_quote(ctx.text, sent, m[0])]
    if len({m[2] for m in named}) == 1 and not ctx.text[named[-1][1]:at].strip():  # "Booba : « ... »"
        return named[-1][2], named[-1][0], named[-1][1]
    span = sdoc.char_span(sent.start, at, alignment_mode="contract")
    verbs = [t for t in span or () if t.pos_ == "VERB" and not inside_quote(ctx.text, sent, t.idx)]
    # the main clause's verb comes first: "X a réagi, rapporte Le Parisien :", "Y se filme en adaptant ... :"
    found = next((said for v in verbs if (said := subject_of(ctx, v, sent)) and said[0]), None)
    if (found is None or found[0] is None) and named:  # "Fillon pique Macron : « ... »": who comes first
        return named[0][2], named[0][0], named[0][1]
    return found


def _governing_subject(ctx: Context, sdoc: Any, sent: Sentence, open_: int,
                       close: int) -> tuple[str | None, int, int] | None:
    """The subject of the clause a quotation is part of: "Bernard Pivot « regrette » son interview",
    "Dénonçant une atteinte « sans précédent », l'ONG Golos a ...": the press quotes its subject's words."""
    span = sdoc.char_span(open_ + 1, close, alignment_mode="contract")
    if span is None or not len(span):
        return None
    tok = span.root
    for _ in range(5):
        subjects = [c for c in tok.children if c.dep_ in ("nsubj", "nsubj:pass")
                    and not (open_ <= c.idx <= close) and sent.start <= c.idx < sent.end]
        if subjects:
            sub = [t for t in subjects[0].subtree if sent.start <= t.idx < sent.end]
            if inside_quote(ctx.text, sent, sub[0].idx):
                return None
            return subject_phrase(ctx, sub[0].idx, sub[-1].idx + len(sub[-1].text))
        finite = tok.pos_ in ("VERB", "AUX") and not set(tok.morph.get("VerbForm")) & {"Inf", "Part", "Ger"}
        if tok.head is tok or (tok.dep_ in ("ccomp", "advcl", "acl:relcl", "parataxis") and (
                finite or tok.dep_ == "acl:relcl")):
            return None  # a finite subordinate clause's quotation is not its main subject's
        tok = tok.head
    return None


def _continued(ctx: Context, sent: Sentence, open_: int, close: int,
               earlier: list[Quote]) -> tuple[str | None, int | None, int | None]:
    """A quotation standing alone right after an attributed one goes on with the same speaker:
    "« ... », explique-t-il. « ... »" — unless another person is named in between."""
    before, after = ctx.text[sent.start:open_], ctx.text[close + 1:sent.end]
    inner = ctx.text[open_ + 1:close].strip()
    # Alone: nothing but a word or two around it, or a whole sentence quoted at the start of its
    # sentence (feeds that lost their paragraph breaks glue the next paragraph right after it).
    if _NARRATIVE_INFINITIVE.match(before):  # "Et d'ajouter : « ... »": the same speaker goes on
        before = ""
    alone = len(VERB_WORD.findall(before)) <= 2 and (
        len(VERB_WORD.findall(after)) <= 2 or (inner[-1:] in ".!?…" and len(inner.split()) >= 4))
    if not alone or not earlier or earlier[-1].speaker_key is None:
        return None, None, None
    prev = earlier[-1]
    between = (prev.end, open_)
    if between[1] - between[0] > _CONTINUATION_CHARS or any(
            between[0] < m[0] < between[1] and m[3] == "PER" and m[2] != prev.speaker_key
            and not ctx.focus.in_quote(m[0]) for m in ctx.mentions):
        return None, None, None
    return prev.speaker_key, prev.speaker_start, prev.speaker_end


def block_attribution(ctx: Context, sent: Sentence) -> tuple[str | None, int, int] | None:
    """A paragraph followed by "– Vladimir Poutine, président ...": the line names its speaker."""
    nxt = ctx.text[sent.end:].lstrip("\n")
    line_start = len(ctx.text) - len(nxt)
    line = nxt.split("\n", 1)[0]
    if not _DASH_LINE.match(line) or len(line.split()) > 20:
        return None
    return pick(ctx, line_start, line_start + len(line))
