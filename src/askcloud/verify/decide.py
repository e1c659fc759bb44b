"""One verification for every draft: keep the claims that are supported, then answer, quote or abstain.

1. Sentences reciting the writer's instructions are never shown; a sentence saying the documents lack something is
   no claim (a refusal written as an answer).
2. A "why" question takes its premise for granted: a word of it that no passage of this turn and no document of the
   corpus holds, repeated by a claim, marks a claim asserting what the documents never say; it is removed and the
   answer says so.
3. Every other claim is checked against the evidence sentence it is about (`support.py`); unsupported ones go.
4. The kept claims answer when one of them adds what the question asks for (`answering.py`) and rests on evidence
   bearing on the question (`Policy.answer_relevance`: a true sentence about something else is no answer).
5. No claim answers: the evidence sentence that answers is quoted (`quote.py`); none does: an honest abstention.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum

from askcloud.answer import Citation
from askcloud.index.analyzer import tokenize
from askcloud.text import pack
from askcloud.verify.abstention import Abstention
from askcloud.verify.align import Aligner, terms
from askcloud.verify.answering import answers, refuses, without_kind_words
from askcloud.verify.claims import Claim, parse, with_marks
from askcloud.verify.evidence import Evidence, Sentence, context
from askcloud.verify.guard import recites
from askcloud.verify.premise import unsupported_premise
from askcloud.verify.quote import Quote, find, relevance, run_on
from askcloud.verify.render import placed, quoting, render
from askcloud.verify.statements import SAYS_NOTHING, states, unlabelled
from askcloud.verify.support import Support, check
from askcloud.verify.turn import Turn


LONG_FORMS = ("procedure", "summary", "comparison")  # answers of several cited sentences or steps


class Outcome(str, Enum):
    ANSWERED = "answered"  # the draft's supported claims
    QUOTED = "quoted"  # an evidence sentence in place of a draft that did not answer
    PREMISE = "premise"  # the question's premise is not in the documents; what they do say may follow
    ABSTAINED = "abstained"


@dataclass
class Verdict:
    outcome: Outcome
    text: str
    citations: list[Citation]
    reason: str = ""
    kept: list[Support] = field(default_factory=list)
    removed: list[dict] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    abstention: Abstention | None = None

    @property
    def abstained(self) -> bool:
        return self.outcome in (Outcome.ABSTAINED, Outcome.PREMISE)

    premise: list[str] = field(default_factory=list)

    def trace(self) -> dict:
        return {"premise": self.premise, "outcome": self.outcome.value, "reason": self.reason, "kept": [s.claim.text for s in self.kept],
                "removed_sentences": self.removed, "removed": len(self.removed),
                "repointed": [s.claim.text for s in self.kept if s.repointed]}


def verify(draft: str, turn: Turn, evidence: Evidence, aligner: Aligner) -> Verdict:
    """The verdict on a whole draft (what `Verifier` decides sentence by sentence, at once)."""
    verifier = Verifier(turn, evidence, aligner)
    for claim in parse(draft):
        verifier.add(claim)
    return verifier.finish()


class Verifier:
    """Checks a draft claim by claim as the writer produces it, and says which sentences may be shown already.

    A sentence is shown only once it is checked and the outcome is settled: the draft answers (a supported claim
    adds what the question asks for, resting on evidence that bears on the question). From then on every supported
    claim is shown as it comes, its markers numbered as in the final answer; before that nothing is. With a "why"
    question whose premise no document holds, nothing is shown before the end (the answer may have to open on it).
    What `add` returns is always a prefix of `finish()`'s text.
    """

    def __init__(self, turn: Turn, evidence: Evidence, aligner: Aligner) -> None:
        self.turn, self.evidence, self.aligner = turn, evidence, aligner
        self.language = pack(turn.language)
        self.question = f"{turn.asked} {turn.standalone}"
        self.questions = tuple(dict.fromkeys([turn.asked, turn.standalone]))
        self.premise = unsupported_premise(turn, evidence)
        self.supports: list[Support] = []
        self.answering: list[Support] = []
        self.removed: list[dict] = []
        self.assumed: list[str] = []
        self.settled = False  # the draft answers: supported claims may be shown
        self.order: list[int] = []  # passages by first citation, as the final answer numbers them
        self._quote: tuple[Quote | None] | None = None
        self.opposed: list[Sentence] = []  # evidence sentences answering a yes/no question against the draft
        self.parts_answered: list[set[int]] = []  # for each answering support, the parts it answers

    def add(self, claim: Claim) -> list[str]:
        """Check one claim; the sentences that may be shown now (markers renumbered)."""
        turn = self.turn
        claim = unlabelled(claim, self.evidence)
        if not states(claim.text, self.evidence, self.question, turn.form in LONG_FORMS):
            self.removed.append({"sentence": claim.text, "why": SAYS_NOTHING})
        elif turn.instructions and recites(claim.text, turn.instructions):
            self.removed.append({"sentence": claim.text, "why": "recites the instructions"})
        elif refuses(claim.text):
            self.removed.append({"sentence": claim.text, "why": "a refusal"})
        elif self.premise & set(tokenize(claim.text, turn.language)):
            self.assumed.append(claim.text)
            self.removed.append({"sentence": claim.text, "why": f"asserts the premise {sorted(self.premise)}"})
        elif (support := check(claim, self.evidence, self.question, self.aligner)).ok:
            self.supports.append(support)
            context = " ".join(self.evidence.window(s, 0) for s in support.sentences)
            # A multi-part question is answered part by part: each part's own question word says what answers it.
            answered = {k for k, asked in enumerate(turn.parts or (turn.asked,))
                        if answers(claim.text, support.asserted, asked, self.question, self.language, context)}
            if answered and self._bears_on_question(support):
                self.answering.append(support)
                self.parts_answered.append(answered)
        else:
            self.removed.append({"sentence": claim.text, "cited": list(claim.cited),
                                 "missing": list(support.missing)})
            if support.sentence is not None:
                self.opposed.append(support.sentence)
        if self.settled:
            return [self._shown(self.supports[-1])] if self.supports and self.supports[-1].claim is claim else []
        if self.premise or not self.answering or self._uncompared():
            return []
        self.settled = True
        return [self._shown(s) for s in self.supports]

    def finish(self) -> Verdict:
        language, evidence, removed = self.language, self.evidence, self.removed
        if self.assumed:
            text, citations = render(self.supports, evidence) if self.answering else ("", [])
            words = [w for w in re.findall(r"[\w:]+(?:-\w+)*", self.turn.asked) if set(tokenize(w, self.turn.language)) & self.premise]
            shown = ", ".join(f"« {w} »" for w in dict.fromkeys(words or sorted(self.premise)))
            return Verdict(Outcome.PREMISE, f"{language.message('premise', words=shown)} {text}".strip(), citations,
                           "the question's premise is in no document", self.supports if self.answering else [],
                           removed, premise=sorted(self.premise))
        if self.answering and self._uncompared():
            return self._compared_with_quotes()
        if self.answering:
            text, citations = render(self.supports, evidence)
            dropped = [r for r in removed if r.get("why") != SAYS_NOTHING]  # layout copied, not a claim withdrawn
            notices = [language.message("removed", n=len(dropped))] if dropped else []
            unchecked = [r["sentence"] for r in removed if "missing" in r]
            if self.turn.form in LONG_FORMS and unchecked:
                # A longer answer says which of its parts the documents do not give, not only how many went.
                notices = [language.message("not_covered", parts=" ; ".join(f"« {t} »" for t in unchecked))]
            if (after := self._runs_on()) is not None:
                # A procedure or a summary of one checked sentence: the documents' next sentences, quoted.
                text = f"{text}\n\n{quoting([after], evidence, language, citations)}"
            if self.opposed and (denial := self._find()) is not None and denial.sentence in self.opposed:
                # A yes/no answer the documents deny was withdrawn: what they say instead follows the kept claims.
                text = f"{text}\n\n{quoting([denial], evidence, language, citations)}"
            if missing := self._unanswered_parts():
                quotes, unanswered = self._quotes_for(missing)
                if quotes:
                    text = f"{text}\n\n{quoting(quotes, evidence, language, citations)}"
                if unanswered:
                    notices.append(language.message("unanswered", parts=unanswered))
            return Verdict(Outcome.ANSWERED, text, citations, "", self.supports, removed, notices)
        reason = "no claim of the draft is supported" if not self.supports else "the supported claims do not answer"
        if self.turn.parts:
            quotes, unanswered = self._quotes_for(self._unspoken(self.turn.parts, checked=False))
            if quotes:
                citations = []
                text = quoting(quotes, evidence, language, citations)
                notices = [language.message("unanswered", parts=unanswered)] if unanswered else []
                return Verdict(Outcome.QUOTED, text, citations, reason, [], removed, notices)
        if (quote := self._find()) is not None:
            return _quoted(quote, evidence, language, removed, reason)
        return Verdict(Outcome.ABSTAINED, language.message("abstain"), [], reason, [], removed)

    def _uncompared(self, quotes: tuple[Quote, ...] = ()) -> list[tuple[str, str]]:
        """What a comparison leaves unspoken of, as (words to search, words to show): each side the request names
        that no supported claim (nor quote) speaks of — by the words that tell that side from the others, in the
        claim, the evidence sentence it rests on or the heading above it — and, when every side is, the aspect the
        request compares them on ("le prix" of "compare le prix du train et du bus") if none speaks of it.
        Empty when nothing is missing, when the request is no comparison, or when its sides cannot be told apart."""
        sides = self.turn.sides if self.turn.form == "comparison" else ()
        lacking = self._unspoken(sides, quotes)
        aspect = terms(self.turn.aspect)
        if len(sides) < 2 or not all(self._own(sides)):
            return []
        if lacking or not aspect or not self._same_language():
            return lacking
        return [] if any(aspect & spoken for spoken in self._said(quotes)) \
            else [(self.turn.aspect, _words(self.turn.aspect, aspect))]

    @staticmethod
    def _own(sides: tuple[str, ...]) -> list[set[str]]:
        """The terms that tell each side (or part) from the others."""
        return [terms(side) - set().union(*(terms(o) for o in sides if o is not side)) for side in sides]

    def _said(self, quotes: tuple[Quote, ...] = ()) -> list[set[str]]:
        """What each supported claim (with the evidence sentence it rests on and its heading) and each quote speak
        of."""
        said = [terms(" ".join([s.claim.text, *(f"{o.text} {self.evidence.heading_of(o)}" for o in s.sentences)]))
                for s in self.supports]
        return said + [terms(f"{q.text} {self.evidence.heading_of(q.sentence)}") for q in quotes]

    def _unspoken(self, sides: tuple[str, ...], quotes: tuple[Quote, ...] = (),
                  checked: bool = True) -> list[tuple[str, str]]:
        """Each side or part that no supported claim (unless `checked` is False: none counts) nor quote speaks of,
        as (its words, the words telling it from the others); empty for fewer than two or when they cannot be told
        apart."""
        own = self._own(sides)
        if len(sides) < 2 or not all(own):
            return []
        said = self._said(quotes) if checked else [terms(f"{q.text} {self.evidence.heading_of(q.sentence)}")
                                                   for q in quotes]
        return [(side, _words(side, words)) for side, words in zip(sides, own)
                if not any(words & spoken for spoken in said)]

    def _unanswered_parts(self) -> list[tuple[str, str]]:
        """The parts of a multi-part question no answering claim answers: one that answers a part gives what its
        question word asks for and speaks of it (the words telling that part from the other, in the claim, its
        evidence sentence or their heading)."""
        parts = self.turn.parts
        own = self._own(parts)
        if len(parts) < 2 or not all(own):
            return []
        said = [terms(" ".join([s.claim.text, *(f"{o.text} {self.evidence.heading_of(o)}" for o in s.sentences)]))
                for s in self.answering]
        return [(part, _words(part, own[k])) for k, part in enumerate(parts)
                if not any(k in answered and own[k] & spoken for answered, spoken in zip(self.parts_answered, said))]

    def _quotes_for(self, parts: list[tuple[str, str]]) -> tuple[list[Quote], str]:
        """The evidence sentence answering each part of a multi-part question no checked claim answers (a sentence
        answering two parts is quoted once), and the parts none answers (as shown in a notice)."""
        quotes: list[Quote] = []
        unanswered = []
        for part, _ in parts:
            found = find(self.evidence, part, (part,), self.language, self.aligner)
            if found is None:
                unanswered.append(f"« {part.rstrip(' ?')} »")
            elif found.parts() not in [q.parts() for q in quotes]:
                quotes.append(found)
        return quotes, ", ".join(unanswered)

    def _same_language(self) -> bool:
        """Every passage of the turn is in the question's language (words are compared only then)."""
        return all(self.evidence.language(i) == self.turn.language for i in range(len(self.evidence.passages)))

    def _compared_with_quotes(self) -> Verdict:
        """A comparison whose checked sentences leave a side unspoken of: that side's evidence sentence, quoted,
        completes it; when no passage speaks of it (or of what is compared), nothing is compared: an abstention that
        says what no checked passage speaks of."""
        quotes: list[Quote] = []
        for side, _ in self._uncompared():
            found = find(self.evidence, side, (side,), self.language, self.aligner)
            if found is not None and found not in quotes:
                quotes.append(found)
        if missing := self._uncompared(tuple(quotes)):
            shown = ", ".join(f"« {words} »" for _, words in missing)
            return Verdict(Outcome.ABSTAINED, self.language.message("uncompared", sides=shown), [],
                           f"no checked sentence speaks of {shown}", [], self.removed)
        text, citations = render(self.supports, self.evidence)
        text = f"{text}\n\n{quoting(quotes, self.evidence, self.language, citations)}"
        return Verdict(Outcome.ANSWERED, text, citations, "", self.supports, self.removed)

    def _bears_on_question(self, support: Support) -> bool:
        """The evidence a claim rests on bears on the question: it shares at least `policy.answer_relevance` of the
        question's terms (the words asking for a kind aside). A true sentence about something else is no answer.
        Across languages the claim's own specifics already tie it to its sentence: not measured."""
        if self.evidence.language(support.sentence.passage) != self.turn.language:
            return True
        rest = context(self.evidence, support.sentence)
        if self.turn.form in LONG_FORMS:
            # A step or a fact of a summary seldom repeats the request's words; the passage it stands in, under its
            # headings, must bear on the request instead.
            passage = self.evidence.passages[support.sentence.passage].chunk
            rest = f"{self.evidence.heading(support.sentence.passage)} {passage.title} {passage.text}"
        stripped = tuple(without_kind_words(q, self.language) for q in self.questions)
        return max(relevance(stripped, [rest], self.aligner, self.turn.language)) >= self.aligner.policy.answer_relevance

    def _shown(self, support: Support) -> str:
        for i in support.passages:
            if i not in self.order:
                self.order.append(i)
        marked = with_marks(support.claim.text, sorted(self.order.index(i) + 1 for i in support.passages))
        return placed(self.supports, self.supports.index(support), marked)

    def _runs_on(self) -> Quote | None:
        """For a procedure or a summary whose draft kept one sentence: the sentences that follow its evidence in the
        same section of the passage (`Policy.quote_run_long`), where the steps or facts run on."""
        if self.turn.form not in ("procedure", "summary") or len(self.supports) != 1:
            return None
        s = self.supports[0].sentences[-1]
        end = run_on(self.evidence, s, s.span.end, self.aligner.policy.quote_run_long)
        following = [x for x in self.evidence.sentences[s.passage] if x.position > s.position and x.span.end <= end]
        if not following:
            return None
        text = self.evidence.passages[s.passage].chunk.text[following[0].span.start:end]
        return Quote(following[0], following[0].span.start, end, text, 0.0)

    def _find(self) -> Quote | None:
        if self._quote is None:  # found once, when the draft has been read
            run = self.aligner.policy.quote_run_long if self.turn.form in LONG_FORMS else 0
            self._quote = (find(self.evidence, self.turn.asked, self.questions, self.language, self.aligner, run,
                                self.opposed[:1]),)
        return self._quote[0]


def _words(text: str, wanted: set[str]) -> str:
    """The words of `text` whose index terms are `wanted`, as written ("le prix du train" → "train")."""
    return " ".join(w for w in re.findall(r"[\w'’:-]+", text) if terms(w) & wanted)


def _quoted(quote: Quote, evidence: Evidence, language, removed: list[dict], reason: str) -> Verdict:
    """The quoted evidence, each part with its marker and its citation (a list may run on into the next passage)."""
    citations: list[Citation] = []
    text = quoting([quote], evidence, language, citations)
    return Verdict(Outcome.QUOTED, text, citations, reason, [], removed)
