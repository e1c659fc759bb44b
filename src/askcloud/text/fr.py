"""French: data only."""

# Function words: counted to tell the language, and never content a claim asserts.
FUNCTION_WORDS = frozenset(
    "le la les des du de un une et est sont pour dans que qui quel quelle quels quelles combien comment pourquoi où "
    "au aux avec sur par ce cette ces il elle ils ont a été était ne pas plus qu en".split())

# Question words and the kind of addition that answers them. A question asking "combien" is answered by a figure
# it does not already hold, "quand" by a date, "qui" by a name; every other question by any supported addition.
QUESTION_KINDS = (
    # "combien", or a noun of measure after "quel" ("quel est le montant", "quelle durée"): any domain's quantities.
    (r"\bcombien\b|\bquel(?:le)?s? (?:est |était |sont |étaient |a été )?(?:le |la |les |l['’])?(?:nombre|"
     r"pourcentage|proportion|part|quantité|chiffre|montant|prix|coût|tarif|taux|somme|total|budget|durée|taille|"
     r"poids|âge|valeur|hauteur|largeur|longueur|vitesse|fréquence|capacité|température)s?\b", "figure"),
    (r"\bquand\b(?!\s+(?:je|j['’]|tu|il|elle|on|nous|vous|ils|elles)\b)|\b(?:en |à |de |dans )?quelle (?:année|date)\b|\bdepuis quand\b|\bà quel moment\b", "date"),
    (r"^\W*(?:qui|par qui|à qui|avec qui|de qui)\b", "name"),
)
WHY = r"^\W*(?:pourquoi|pour quelles? raisons?)\b"

# The form of answer a request asks for, from its grammar: "comment + infinitif", "comment puis-je" or "comment on
# fait" (the asker or anyone doing it, not a third party: "comment a-t-il réagi" asks for a fact) asks for the
# steps of a procedure, "résume" for a summary, "différence" or "compare" for a comparison, "quels sont les" for a
# list. The first that matches decides; a request matching none asks for a fact.
ANSWER_FORMS = (
    (r"^\W*comment\s+(?:(?:puis|peux|peut|pouvons|pouvez|dois|doit|devons|devez|faut|faire|fait|fais|faites)\b|"
     r"(?:je|j['’]|on|nous|vous)\s*\w+|(?:\w+['’]|se\s+)?\w+(?:er|ir|re|oir)\b)"
     r"|\b(?:étapes?|procédure|marche à suivre|démarches?)\b|\bque (?:dois|faut)[- ]\w*\s*(?:je |il |on )?faire\b",
     "procedure"),
    # A request to compare ("compare", "comparer", "la différence", "en quoi diffèrent"), not a question about what
    # someone compares ("à quoi l'auteur compare-t-il …") nor a fact asked "plutôt que" another.
    (r"^\W*compar(?:e|ez)\b|\bcompar(?:er|aison)\b|\bdifférences?\b|\bdiffèrent\b|\bversus\b|\bvs\b",
     "comparison"),
    # A request for a summary: the verb, a length in lines, or what a document says or is about.
    (r"\b(?:résum\w*|synthè\w+|synthéti\w+|grandes lignes|points? (?:clés|essentiels|principaux)|"
     r"en (?:quelques|une|deux|trois|quatre|cinq|\d+) (?:lignes?|phrases?|points?)|de quoi (?:parle|traite)\w*|"
     r"que (?:dit|disent|raconte)\w* (?:l['’]|le |la |les |ce |cet |cette )?(?:article|document|texte|page|"
     r"billet|chapitre|section|note|rapport)s?)\b", "summary"),
    (r"^\W*(?:quel(?:le)?s (?:sont|étaient|furent)|(?:liste|énumère|cite)[rz]?)\b", "list"),
)
# A length the request sets ("en trois lignes"), and the words asking for more than the usual ("en détail").
LENGTH = r"\ben (une|deux|trois|quatre|cinq|six|sept|huit|\d+) (?:lignes?|phrases?|points?|étapes?)\b"
NUMBER_WORDS = {"une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "huit": 8}
DETAIL = r"\b(?:en détail|en détails|détaillée?s?|de manière détaillée|précisément)\b"
# What "combien de X" counts: the figure answering it stands with X.
# ("combien de temps / de fois" ask for a duration or a frequency, not for things counted).
COUNTED = r"\bcombien (?:de |d['’])\s*(?!temps\b|fois\b)(\w{3,})"

# A question leaning on the conversation: it opens on a connective or points back with a demonstrative; or, naming
# nothing itself, it uses a pronoun or a possessive ("Combien a-t-elle coûté ?"; in "Pourquoi X a-t-il fermé son
# usine ?" they stand for X).
FOLLOW_UP = (r"^\W*(?:et|mais|alors|aussi|puis|sinon|ensuite)\b|\b(?:celui-ci|celle-ci|ceux-ci|celui-là|celle-là|"
             r"cela|ça|ce dernier|cette dernière|là-bas)\b")
PRONOUNS = r"\b(?:il|elle|ils|elles|lui|leur|leurs|son|sa|ses|y|en)\b"

# Words that open a new clause after a comma ("…, mais les grands ne se facturent pas"): a negation in that
# clause says nothing of the clause before it.
CLAUSE_LINKS = r"mais|tandis que|alors que|cependant|pourtant|toutefois|néanmoins|sauf que|or|car"

# Words that open a clause giving a cause, with or without a comma ("… est grisé parce qu'il faut …"; "car" only
# after a comma, above: "le car part à 8 h"): a claim
# asserts both what happens and why, each of which must stand in the evidence.
CAUSE_LINKS = r"parce que|parce qu['’]"

# The word joining two statements ("X undoes et Y redoes"), each of which must then stand in the evidence.
AND = r"et"

# A yes/no question: its verb comes before its subject ("Peut-on …", "les calques sont-ils …", "n'est-ce pas") or it
# asks "est-ce que", and no question word opens a clause of the sentence (QUESTION_WORDS).
YES_NO = r"\best-ce qu|\b\w+-(?:t-)?(?:il|elle|on|ils|elles|je|tu|nous|vous|ce)\b(?!-)"
# Question words where they ask (opening a clause, or after a preposition or an elision: "d'où", "à quelle heure",
# "jusqu'où"), not where they relate ("le calque que j'ai masqué"); a "quand" whose clause ends on a comma opens a
# condition ("Quand la pâte a levé, …").
QUESTION_WORDS = (r"(?:^|[,;:(]\s*|\b(?:à|de|par|pour|avec|sur|dans|chez|en|vers|depuis|sous|contre|entre)\s+|"
                  r"\b(?:d|jusqu|lorsqu)['’])\W*(?:qu['’]|(?:qui|que|quoi|quel\w*|lequel|laquelle|lesquel\w*|auquel|"
                  r"auxquel\w*|duquel|desquel\w*|combien|comment|pourquoi|où|quand(?!\s+[^,?]+,))(?![\w-]))")

# Words naming what the answer rests on: "(Extrait 2)", "(source)" written in place of a citation marker.
SOURCE_WORDS = r"\b(?:extraits?|passages?|sources?|documents?|textes?|articles?)\b"

# A sentence saying the passages lack the answer is a refusal, whatever it cites.
REFUSALS = (
    r"\b(?:documents?|passages?|extraits?|textes?|sources?)\b[^.]{0,40}\bne (?:\w+ ){0,2}(?:pas|aucun\w*|rien)\b",
    r"\bne (?:précise|mentionne|indique|dit|donne|contient|fournit|permet|précisent|mentionnent|indiquent|disent|"
    r"donnent|contiennent|fournissent|permettent) (?:\w+ ){0,2}(?:pas|aucun\w*|rien)\b",
    r"\b(?:aucune|pas d['’]) ?(?:information|mention|précision|indication|donnée)s?\b",
    r"\bn['’](?:est|sont|a|ont) pas (?:été )?(?:mentionn|précis|indiqu|fourni|donn|spécifi)\w*",
    r"\bnon (?:précisé|mentionné|indiqué|spécifié)e?s?\b",
    r"\bje ne (?:sais|connais|peux)\b",
)

# Words that deny: a claim and the sentence it rests on must agree on them ("on ne peut pas cloner …"). The particle
# "ne" denies with its second word (pas, jamais, rien, plus …) a few words on: "pas" and "plus" alone do not deny
# ("plus de 2 000"), and neither does "ne … que", which restricts ("il ne vaut plus que 7 milliards": only 7), nor
# the "ne" that follows "avant que", "à moins que" without denying anything.
NEGATIONS = (r"\b(?:ne\s+|n['’])(?:[^\s.;:!?]+\s+){0,4}?(?:pas|point|jamais|rien|personne|aucune?|guère|nulle?|ni|"
             r"plus(?!\s+(?:que|qu['’])))\b|\b(?:aucune?s?|jamais|impossible)\b")

MONTHS = ("janvier février mars avril mai juin juillet août septembre octobre novembre décembre "
          "lundi mardi mercredi jeudi vendredi samedi dimanche").split()
SCALES = {"milliard": 10**9, "milliards": 10**9, "md": 10**9, "mds": 10**9, "million": 10**6, "millions": 10**6,
          "mio": 10**6, "mille": 10**3, "k": 10**3}

MESSAGES = {
    "abstain": "Les documents ne permettent pas de répondre à cette question.",
    "abstain_searched": "J'ai cherché « {query} »{topics} : aucun passage ne le dit.",
    "topics": " (thèmes consultés : {topics})",
    "closest": "Passages les plus proches (ce n'est pas une réponse) :",
    "premise": "Les documents ne disent pas ce que suppose la question : aucun passage ne contient {words}.",
    "quoted": "D'après les documents : ",
    "removed": "{n} phrase(s) non étayée(s) par les passages cités ont été retirées.",
    "uncompared": "Aucun passage vérifié ne parle de {sides} : ces documents ne permettent pas la comparaison.",
    "not_covered": "Les documents ne donnent pas ce qui suit, retiré de la réponse : {parts}.",
    "unanswered": "Aucun passage vérifié ne répond à cette partie de la question : {parts}.",
    "uncovered": "Les documents ne couvrent pas le reste de la question.",
    "model_timeout": "Le modèle n'a pas répondu à temps ({error}) : voici les passages les plus pertinents.",
    "model_cut": "Le modèle s'est arrêté avant la fin ({error}) : seule la partie vérifiée de sa réponse est donnée.",
    "model_down": "Le modèle n'est pas disponible ({error}) : voici les passages les plus pertinents.",
    "about": "à propos de :",
    # Labels the interfaces show with an answer (CLI, web chat, exports), in the question's language.
    "label_understood": "Question comprise",
    "label_checked": "Réponse vérifiée",
    "label_sources": "Sources",
    "label_note": "Note",
    "label_checking": "vérification…",
    "label_question": "Question",
    "label_answer": "Réponse",
    "label_conversation": "Conversation askcloud",
    "label_exported": "Conversation exportée : {path}",
    "label_export_usage": "Usage : /export FICHIER.md ou FICHIER.json",
    "label_private_topic": "Vos documents",
}
