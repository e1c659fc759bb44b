"""English: data only."""

FUNCTION_WORDS = frozenset(
    "the a an and is are was were for in that which who what how why where when of to with on by this these it "
    "they have has been did does do not more many much".split())

QUESTION_KINDS = (
    (r"\bhow (?:many|much|long|old|big|large|far|fast|often)\b|\bwhat (?:is |was |are |were )?(?:the )?"
     r"(?:number|percentage|proportion|share|amount|count|quantity|figure|price|cost|fee|rate|sum|total|budget|"
     r"duration|size|weight|age|value|height|width|length|speed|frequency|capacity|temperature)s?\b", "figure"),
    (r"\bwhen\b(?!\s+(?:I|you|we|they|he|she|it)\b)|\b(?:in |on )?(?:what|which) (?:year|date|day|month)\b|\bsince when\b|\bhow long ago\b", "date"),
    (r"^\W*(?:who|whom|by whom|with whom)\b", "name"),
)
WHY = r"^\W*(?:why|for what reasons?|how come)\b"

# The form of answer a request asks for, from its grammar (see fr.py): "how do I / how to" asks for steps.
ANSWER_FORMS = (
    (r"^\W*how\s+(?:do|can|could|should|would|must|may|does)\s+(?:i|you|we|one|someone|a user)\b|^\W*how\s+to\b|"
     r"\b(?:steps?|procedure)\b|\bwhat (?:do|should|must) (?:i|you|we) do to\b", "procedure"),
    # A request to compare, not a question about what someone compares ("what does the author compare it to").
    (r"^\W*(?:compare|contrast)\b|\bcompar(?:e|ing|ison)\b(?! it to\b)|\bdifferences?\b|\bdiffer\b|\bversus\b|\bvs\b",
     "comparison"),
    (r"\b(?:summar\w*|sum up|overview|outline|gist|key points|main points|"
     r"in (?:a few|one|two|three|four|five|\d+) (?:lines?|sentences?|points?)|"
     r"what (?:does|do) (?:the |this |that )?(?:article|document|text|page|post|chapter|section|note|report)s? "
     r"(?:say|tell|cover)|what is (?:the |this |that )?(?:article|document|text|page|post|chapter|section|note|"
     r"report) about)\b", "summary"),
    (r"^\W*(?:(?:what|which) (?:are|were) (?:the|all)\b|list\b|name (?:the|all)\b)", "list"),
)
LENGTH = r"\bin (one|two|three|four|five|six|seven|eight|\d+) (?:lines?|sentences?|points?|steps?)\b"
NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8}
DETAIL = r"\b(?:in detail|detailed|in depth|thoroughly)\b"
COUNTED = r"\bhow many\s+(?!times\b)(\w{3,})"

FOLLOW_UP = r"^\W*(?:and|but|also|then|what about|how about)\b|\b(?:this one|that one|the latter|the former|there)\b"
PRONOUNS = r"\b(?:it|its|they|them|their|he|she|his|her|him|those|these)\b"

# Words that open a new clause after a comma ("…, but the big ones do not bill each other"): a negation in that
# clause says nothing of the clause before it.
CLAUSE_LINKS = r"but|whereas|while(?!\s+\w+ing\b)|although|though|yet|however|except that"  # "while dragging": during

# Words that open a clause giving a cause, with or without a comma ("… is disabled because it needs …"): a claim
# asserts both what happens and why, each of which must stand in the evidence.
CAUSE_LINKS = r"because"

# The word joining two statements ("X undoes and Y redoes"), each of which must then stand in the evidence.
AND = r"and"

# A yes/no question: a clause opening on an auxiliary or a modal ("Can …", "…, is it …"), with no question word
# opening a clause of the sentence (QUESTION_WORDS).
YES_NO = (r"(?:^|[,;:(])\W*(?:can|could|does|do|did|is|are|am|was|were|will|would|should|shall|has|have|had|may|"
          r"might|must|need|(?:is|are|was|were|does|do|did|has|have|had|can|could|would|should|wo|must|need)n['’]?t|"
          r"cannot)\b(?!\s+\d)")
# Question words where they ask (opening a clause or after a preposition: "in which year"), not where they relate
# ("the file which I saved"); a "when" whose clause ends on a comma opens a condition ("When I crop, …").
QUESTION_WORDS = (r"(?:^|[,;:(]\s*|\b(?:in|on|at|for|with|from|to|by|of|about|into|under|since)\s+)\W*"
                  r"(?:what|which|who|whom|whose|where|why|how|when(?!\s+[^,?]+,))\b")

# Words naming what the answer rests on: "(Passage 2)", "(source)" written in place of a citation marker.
SOURCE_WORDS = r"\b(?:passages?|excerpts?|sources?|documents?|texts?|articles?)\b"

REFUSALS = (
    r"\b(?:documents?|passages?|excerpts?|texts?|sources?|context)\b[^.]{0,40}\b(?:do(?:es)?|did) not\b",
    r"\b(?:documents?|passages?|excerpts?|texts?|sources?|context)\b[^.]{0,40}\b(?:don['’]t|doesn['’]t|didn['’]t)\b",
    r"\b(?:is|are|was|were) not (?:\w+ )?(?:provided|mentioned|specified|stated|given|available|included|said)\b",
    r"\bno (?:information|mention|details?|data|indication)\b",
    r"\b(?:not|never) (?:mention|specify|state|say|provide|give|contain|indicate)s?\b",
    r"\bI (?:do not|don['’]t|cannot|can['’]t) (?:know|find|tell|answer)\b",
)

NEGATIONS = r"\bnot\b(?!\s+only\b)|\b(?:never|nothing|none|cannot|impossible)\b|n['’]t\b(?!\s+only\b)"

MONTHS = ("january february march april may june july august september october november december "
          "monday tuesday wednesday thursday friday saturday sunday").split()
SCALES = {"billion": 10**9, "billions": 10**9, "bn": 10**9, "million": 10**6, "millions": 10**6, "m": 10**6,
          "thousand": 10**3, "thousands": 10**3, "k": 10**3}

MESSAGES = {
    "abstain": "The documents do not answer this question.",
    "abstain_searched": "I searched for “{query}”{topics}: no passage says it.",
    "topics": " (topics consulted: {topics})",
    "closest": "Closest passages (not an answer):",
    "premise": "The documents do not say what the question takes for granted: no passage holds {words}.",
    "quoted": "According to the documents: ",
    "removed": "{n} sentence(s) not supported by the cited passages were removed.",
    "uncompared": "No checked passage speaks of {sides}: these documents do not allow the comparison.",
    "not_covered": "The documents do not give what follows, removed from the answer: {parts}.",
    "unanswered": "No checked passage answers this part of the question: {parts}.",
    "uncovered": "The documents do not cover the rest of the question.",
    "model_timeout": "The model did not answer in time ({error}): here are the most relevant passages.",
    "model_cut": "The model stopped before the end ({error}): only the checked part of its answer is given.",
    "model_down": "The model is not available ({error}): here are the most relevant passages.",
    "about": "about:",
    # Labels the interfaces show with an answer (CLI, web chat, exports), in the question's language.
    "label_understood": "Question understood as",
    "label_checked": "Checked answer",
    "label_sources": "Sources",
    "label_note": "Note",
    "label_checking": "checking…",
    "label_question": "Question",
    "label_answer": "Answer",
    "label_conversation": "askcloud conversation",
    "label_exported": "Conversation exported: {path}",
    "label_export_usage": "Usage: /export FILE.md or FILE.json",
    "label_private_topic": "Your documents",
}
