"""Is a claim supported? What it asserts must stand together in the evidence sentence it is about.

A claim is about the evidence sentence its own words align with best once the figures, names and identifiers it
asserts are set aside ("___ chairs the foundation" is about "Bob Durand chairs the foundation", not about the
sentence naming Alice Martin as treasurer). Those specifics must then stand in that sentence or its immediate
neighbours (or in the question, or in the heading path the sentence stands under: repeating them invents nothing), and
most of what else the claim adds to the question must stand there too — by shared terms within a language, by the
multilingual embedder's cosine across languages. Only the passages of this turn count; a claim citing the wrong one
is re-pointed to the one that supports it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from askcloud.text import detect_language, pack
from askcloud.verify.align import Aligner, forms, terms
from askcloud.verify.claims import Claim, bare
from askcloud.verify.evidence import Evidence, Sentence, announced, units
from askcloud.verify.specifics import Specifics, held, specifics


@dataclass(frozen=True)
class Support:
    claim: Claim
    passages: tuple[int, ...] = ()  # indices in Evidence.passages; empty: unsupported
    sentence: Sentence | None = None  # the evidence sentence the claim is about (unsupported: the one denying it)
    asserted: Specifics = field(default_factory=lambda: Specifics(frozenset(), frozenset(), frozenset()))
    missing: tuple[str, ...] = ()
    repointed: bool = False
    also: tuple[Sentence, ...] = ()  # for a claim of several clauses, the sentences its other clauses rest on

    @property
    def sentences(self) -> tuple[Sentence, ...]:
        return (self.sentence, *self.also) if self.sentence is not None else ()

    @property
    def ok(self) -> bool:
        return bool(self.passages)


def check(claim: Claim, evidence: Evidence, question: str, aligner: Aligner) -> Support:
    """The support of one claim: by the passages it cites, else by another passage of this turn."""
    cited = [n - 1 for n in claim.cited if 1 <= n <= evidence.shown]
    first_missing: tuple[str, ...] = ()
    opposed: Support | None = None
    others = [i for i in range(len(evidence.passages)) if i not in cited]
    pairs = [[a, b] for k, a in enumerate(range(evidence.shown)) for b in range(a + 1, evidence.shown)]
    for group, repointed in [*(([i], False) for i in cited), (cited, False), *(([i], True) for i in others),
                             *((p, True) for p in pairs if p != sorted(cited))]:
        if not group or (len(group) > 1 and not repointed and len(cited) < 2):
            continue
        found = _supported_by(claim, group, evidence, question, aligner)
        if isinstance(found, Support) and not found.ok:
            opposed = opposed or found  # a yes/no answer these passages contradict; another may still hold it
            continue
        if isinstance(found, Support):
            return replace(found, claim=claim, missing=(), repointed=repointed and bool(claim.cited))
        if not repointed and not first_missing:
            first_missing = found  # what the cited passage lacks
        elif not cited and (not first_missing or len(found) < len(first_missing)):
            first_missing = found  # an uncited claim: what the passage closest to supporting it lacks
    return opposed or Support(claim, missing=first_missing)


def _supported_by(claim: Claim, group: list[int], evidence: Evidence, question: str,
                  aligner: Aligner, clause: str = "", whole: Specifics | None = None,
                  said: str = "") -> Support | tuple[str, ...]:
    """Support by the passages of `group` (each claim specific in one of their windows), or what is missing.
    `clause`: the claim is one clause of a draft sentence written in this language (`_by_clauses`), `whole` what
    that sentence asserts and `said` the sentence."""
    if not clause and (by_clauses := _by_clauses(claim, group, evidence, question, aligner)) is not None:
        return by_clauses
    given = " ".join([question, *(evidence.heading(i) for i in group)])
    asserted = specifics(claim.text, evidence.known_names).beyond(given)
    if whole is not None:  # a clause: what the whole claim asserts within it counts ("…; Krita opens …": a name
        asserted = asserted | whole.within(claim.text)  # opening the clause is no sentence's first word there)
    masked = _without(claim.text, asserted)
    named = specifics(claim.text, evidence.known_names) if said else asserted  # names it, even the question's
    named = bool(named.names or named.identifiers)  # (a figure names no subject: "… and sold it in 2005")
    cross = any((clause or detect_language(claim.text)) != evidence.language(i) for i in group)
    candidates = [s for i in group for s in evidence.sentences[i] if not evidence.is_heading(s)]
    if not candidates:
        return ("(no evidence)",)
    scores = aligner.align(masked, [s.text for s in candidates], cross)
    best = max(scores)
    margin = aligner.policy.about_margin_cross if cross else aligner.policy.about_margin
    # The sentences the claim may be about; those holding its specifics themselves first, then by alignment.
    about = sorted((s for s, a in zip(candidates, scores) if a >= best - margin),
                   key=lambda s: (len(held(asserted, s.text)), -scores[candidates.index(s)]))
    missing: tuple[str, ...] = tuple(asserted.all())
    score = dict(zip(map(id, candidates), scores))
    # A yes/no question is answered by a polarity: the sentence as close to the claim as any that would hold it,
    # saying the opposite of it (and naming nothing the claim does not: "version 1 does not" says nothing of
    # version 2), decides against it — unless that sentence holds every term of the claim the denial holds (then it
    # affirms what the denial only narrows: "opens PSD files" beside "does not open PSD files saved with …"). A
    # neutral sentence allows no "yes". The denial is the documents' answer, and the claim's Support names it.
    yes_no = pack(detect_language(question)).asks_yes_no(question)
    against = next((o for o in sorted(about, key=lambda o: -score[id(o)]) if _opposes(claim.text, o.text)
                    and not specifics(o.text, evidence.known_names).beyond(f"{claim.text} {given}")), None) \
        if yes_no else None
    # A sentence said of another subject is none the claim is about, nor a neighbour lending it a figure or a name.
    # Within one language only: across languages a name may be written otherwise ("Tuesday", "mardi").
    about = [s for s in about if cross or not _of_another(claim.text, s, question, given, evidence)]
    for sentence in about:
        if said and not named and specifics(sentence.text, evidence.known_names).beyond(f"{said} {given}").names:
            continue  # a later clause naming nothing itself ("… and sold it in 2005": its subject is the one before)
            # rests on no sentence naming someone or something the claim never names ("Bob Durand sold the press")
        windows = _windows(sentence, group, evidence, about)
        lacking = held(asserted, " ".join([windows, given]))
        if lacking:
            missing = min(missing, tuple(lacking), key=len)
            continue
        if _opposes(claim.text, sentence.text, clause):
            missing = ("(the evidence says the opposite)",)
            continue  # "you can clone it" does not rest on "you cannot clone it", nor the reverse
        if against is not None and score[id(against)] >= score[id(sentence)] \
                and not terms(masked) & terms(_clause_about(claim.text, against.text)) <= terms(sentence.text):
            break  # the denial says more of the claim than this sentence does
        read = [sentence, *_others(sentence, group, about)]
        wide = " ".join(f"{evidence.window(s)} {evidence.heading_of(s)}" for s in read)  # a heading says it too
        if _grounded(claim.text, wide, question, cross, aligner, asserted, sentence.text, bool(clause), yes_no):
            return Support(claim, tuple(dict.fromkeys([sentence.passage, *group]))
                           if len(group) > 1 else (sentence.passage,), sentence, asserted)
        missing = missing or ("(what the claim adds)",)
    if against is not None:
        return Support(claim, (), against, asserted, ("(the evidence says the opposite)",))
    if not clause and (joined := _by_conjuncts(claim, group, evidence, question, aligner, given)) is not None:
        return joined
    return missing


def _of_another(claim: str, sentence: Sentence, question: str, given: str, evidence: Evidence) -> bool:
    """The sentence speaks of another subject: it names someone or something neither the claim nor the question
    names, and a name of the question the claim repeats stands neither in it (read from the sentence before when it
    opens on a pronoun) nor in the headings above it ("The Basic plan costs 10 euros" says nothing of the Pro plan
    the claim and the question name; "The day train to Munich takes 6 hours", after a sentence on the night train to
    Vienna, nothing of the night train)."""
    known = evidence.known_names
    if not specifics(sentence.text, known).beyond(f"{claim} {given}").names:
        return False
    asked = specifics(question, known)
    repeated = Specifics(frozenset(), asked.names, asked.identifiers).within(claim)
    start, end = units(evidence, sentence)
    read = f"{evidence.passages[sentence.passage].chunk.text[start:end]} {evidence.heading_of(sentence)}"
    return bool(held(repeated, read))


def _by_conjuncts(claim: Claim, group: list[int], evidence: Evidence, question: str, aligner: Aligner,
                  given: str) -> Support | None:
    """A sentence joining two statements with "and"/"et", each stating its own figure, name or identifier ("X undoes
    and Y redoes", "the mode is Normal and the opacity 100 %"), no one evidence sentence holding both: each
    statement on the sentence it is about. Only when each conjunct is a statement of three words or more with a
    specific of its own (a list of names is no such pair: "Alice and Bob" stays one claim)."""
    joining = pack(detect_language(claim.text)).conjunction
    text = bare(claim.text)
    if any(_ENDS_CAPITALISED.search(text[:m.start()]) and _OPENS_CAPITALISED.match(text[m.end():])
           for m in joining.finditer(text)):
        return None  # "Light and Shadow", "Alice and Bob": a name or a list of names, not two statements
    parts = [p.strip(" ,") for p in joining.split(text)]
    if len(parts) < 2 or any(len(p.split()) < 3 or not specifics(p, evidence.known_names).beyond(given)
                             for p in parts):
        return None
    found = _by_clauses(claim, group, evidence, question, aligner, parts)
    return found if isinstance(found, Support) and found.ok else None


def _by_clauses(claim: Claim, group: list[int], evidence: Evidence, question: str,
                aligner: Aligner, parts: list[str] | None = None) -> Support | tuple[str, ...] | None:
    """A claim of two clauses or more ("A grows as you type, whereas B must be enlarged first"; "…; …"; "A is
    disabled because it needs B"; `parts` when the caller has split it) asserts each, and is supported when each
    clause is, on the sentence it is about in the same passages (a comparison's sides are often described apart;
    one sentence holding half of the whole is not support for the other half). Each clause is checked like a claim
    of its own: its specifics in its own sentence, its polarity that sentence's. None for a claim of one clause;
    what the clauses lack when one is not supported."""
    code = detect_language(claim.text)
    language = pack(code)
    if _SHIELDED.search(claim.text):
        return None  # a ";" or a linking word inside `code` or a quote is no clause boundary
    parts = _merged(parts or [language.clause_link.sub("", p).strip(" ,")
                              for p in language.claim_clauses.split(bare(claim.text)) if p])
    if len(parts) < 2 or not all(parts):
        return None
    whole = specifics(claim.text, evidence.known_names).beyond(
        " ".join([question, *(evidence.heading(i) for i in group)]))
    # A clause after the first may leave its subject to the one before ("… and sold it in 2005"): `said` guards it.
    found = [_supported_by(replace(claim, text=part), group, evidence, question, aligner, code, whole,
                           claim.text if k else "") for k, part in enumerate(parts)]
    if not all(isinstance(f, Support) and f.ok for f in found):
        if opposed := next((f for f in found if isinstance(f, Support) and not f.ok), None):
            return replace(opposed, claim=claim)  # a clause the documents deny
        return tuple(dict.fromkeys(m for f in found if not isinstance(f, Support) for m in f))
    sentences = list(dict.fromkeys(s for f in found for s in f.sentences))
    asserted = specifics(claim.text, evidence.known_names).beyond(
        " ".join([question, *(evidence.heading(i) for i in group)]))
    passages = tuple(dict.fromkeys(i for f in found for i in f.passages))
    return Support(claim, passages, sentences[0], asserted, also=tuple(sentences[1:]))


_ENDS_CAPITALISED = re.compile(r"(?:^|\s)[\"“«(]?[A-Z]\S*\s*$")  # the word before "and" is capitalised
_OPENS_CAPITALISED = re.compile(r"[\"“«(]?[A-Z]")  # and the word after it
_SHIELDED = re.compile(r"`[^`]*(?:;|,\s*\w)[^`]*`|[«\"“][^«»\"“”]*(?:;|,\s*\w)[^«»\"“”]*[»\"”]")


def _merged(parts: list[str]) -> list[str]:
    """A part of fewer than three words ("Yes", "Oui", "Non") says nothing alone: it goes with the part after it
    (the last, with the one before)."""
    kept: list[str] = []
    carry = ""
    for part in parts:
        part = f"{carry}, {part}" if carry else part
        carry = part if len(part.split()) < 3 else ""
        if not carry:
            kept.append(part)
    if carry:
        kept = [*kept[:-1], f"{kept[-1]}, {carry}"] if kept else [carry]
    return kept


def _windows(sentence: Sentence, group: list[int], evidence: Evidence, about: list[Sentence]) -> str:
    """Where the claim's specifics may stand: the sentence, the sentence before it when it opens on a pronoun, and
    its neighbours that the claim is about as well; with several passages cited together, the same around the best
    sentence of each of the others (a comparison draws one side from each)."""
    return " ".join(_around(s, evidence, about) for s in [sentence, *_others(sentence, group, about)])


def _others(sentence: Sentence, group: list[int], about: list[Sentence]) -> list[Sentence]:
    return [o for i in group if i != sentence.passage and (o := next((s for s in about if s.passage == i), None))]


def _around(sentence: Sentence, evidence: Evidence, about: list[Sentence]) -> str:
    """The sentence as read (units, and what it announces when it closes on a colon: "…, run:" with its command),
    its neighbours the claim is about, and the heading path it stands under."""
    own = evidence.sentences[sentence.passage]
    start, end = units(evidence, sentence)
    end = announced(evidence, sentence, end)
    kept = [s for s in own if abs(s.position - sentence.position) == 1 and s in about]
    text = evidence.passages[sentence.passage].chunk.text
    return " ".join([text[start:end], *(s.text for s in kept), evidence.heading_of(sentence)])


def _grounded(claim: str, window: str, question: str, cross: bool, aligner: Aligner, asserted: Specifics,
              about: str, clause: bool = False, yes_no: bool = False) -> bool:
    """What the claim adds to the question (its other terms) mostly stands in the window; across languages, the
    claim and the sentence it is about say the same thing by the embedder's measure. A clause, short as it is, needs
    more than `grounding` of what it adds to stand (of two terms, both). An answer to a yes/no question asserts the
    question's own proposition ("Yes, <the question restated>"): its terms, the question's included, must then
    stand there the same way, not only the "yes"."""
    if cross:  # figures, names and identifiers cross languages unchanged; the rest is judged by meaning — for a
        # clause, by meaning too (each side of a comparison holds a figure: which side it belongs to is the meaning)
        if not aligner.has_dense:
            return True
        return (bool(asserted) and not clause) or aligner.dense(bare(claim), [about])[0] >= _dense_bar(aligner)
    return all(_held(terms(claim) - terms(asked), window, aligner, clause)
               for asked in ((question, "") if yes_no else (question,)))


def _held(added: set[str], window: str, aligner: Aligner, clause: bool) -> bool:
    """These terms of a claim mostly stand in the window (one stray term tolerated, or a `grounding` share)."""
    stray = len(added - terms(window))
    if clause:  # a clause is short: its words are matched by their forms (same first five letters)
        stray = len(forms(added) - forms(terms(window)))
        return not added or (len(added) - stray) / len(added) > aligner.policy.grounding
    return stray <= 1 or (len(added) - stray) / len(added) >= aligner.policy.grounding


def _clause_about(claim: str, sentence: str) -> str:
    """The clause of the evidence sentence the claim is about: of the clauses a semicolon or a comma and a linking
    word ("…, but", "…, mais") open, the one sharing most of its terms (ties: all of them). A negation in another
    clause ("…, but the big ones do not bill each other") says nothing of what the claim takes from the first; a
    negation before an inserted phrase ("you cannot, in any version, clone it") still governs the whole clause."""
    parts = [p for p in pack(detect_language(sentence)).clause_links.split(sentence) if p and p.strip()]
    wanted = terms(claim)
    shared = [len(wanted & terms(p)) for p in parts]
    best = max(shared, default=0)
    return sentence if not best else " ".join(p for p, n in zip(parts, shared) if n == best)


def _opposes(claim: str, sentence: str, code: str = "") -> bool:
    """The claim and the clause of the sentence it is about differ in polarity (one denies, the other does not)."""
    return (pack(code).denies(claim) if code else _denies(claim)) != _denies(_clause_about(claim, sentence))


def _denies(text: str) -> bool:
    """Whether the sentence denies, in the language it is written in."""
    return pack(detect_language(text)).denies(text)


def _dense_bar(aligner: Aligner) -> float:
    p = aligner.policy
    return (p.dense_support - p.dense_floor) / (p.dense_ceiling - p.dense_floor)


def _without(text: str, asserted: Specifics) -> str:
    """The claim with what it asserts set aside, for aligning it with the sentence it is about."""
    kept = [w for w in bare(text).split() if not (terms(w) & terms(asserted.folded + " " + " ".join(asserted.figures)))]
    return " ".join(kept) or text
