"""Conversations for the load test and one session's run: its own gradio_client.Client (its own Gradio session
and per-session history), three questions whose follow-ups depend on that history, and the checks that no answer
crossed over from another session. Used by bench/load.py."""

from __future__ import annotations

import html
import re
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import PurePosixPath

EVENTS = ("ovh-summit-2014.txt", "ovhcloud-very-tech-trip-2023.txt", "openstack-summit-paris-2014.txt",
          "aws-reinvent-ambassadeur.txt")
STRATEGY = ("cloudwatt-lettre-conseil-2014-03-24.txt", "compter-les-utilisateurs-2014-03-18.txt")
NEUTRALITY = ("neutralite-anti-iceberg-2014-03-14.txt", "neutralite-fausse-alerte-netflix-2014-03-07.txt")


@dataclass(frozen=True)
class Conversation:
    name: str
    topic_docs: tuple[str, ...]  # the documents an answer of this conversation may cite
    questions: tuple[str, ...]  # the first stands alone; the others are follow-ups that need it


# Topics interleaved, so the first few conversations (the LLM phase takes 4) cover different documents.
CONVERSATIONS = (
    Conversation("ovh-keynote", EVENTS, ("Combien de personnes ont assisté au keynote de l'OVH Summit 2014 ?",
                                         "Et combien de conférences et labs l'après-midi ?", "Et en 2013 ?")),
    Conversation("cloudwatt-letter", STRATEGY, ("À qui est adressée la lettre « Votez pour moi ! » sur la direction "
                                                "de Cloudwatt ?", "Et en quelle année son auteur est-il né ?",
                                                "Et quelle société présente-t-il comme une société sœur ?")),
    Conversation("netflix-peering", NEUTRALITY, ("Dans le billet sur la fausse alerte Netflix, avec quel opérateur "
                                                 "Netflix pourrait-il vouloir s'interconnecter directement ?",
                                                 "Et d'où vient l'argent de cette entreprise, selon l'auteur ?",
                                                 "Et comment dit-on interconnexion en anglais ?")),
    Conversation("openstack-bmw", EVENTS, ("Qui a témoigné pour BMW à l'OpenStack Summit de Paris ?",
                                           "Et quel autre framework avait-il envisagé ?", "Et pourquoi OpenStack ?")),
    Conversation("snapchat-photos", STRATEGY, ("Combien de photos Snapchat échange-t-il par jour selon le billet sur "
                                               "le comptage des utilisateurs ?", "Et combien Google aurait-il proposé "
                                               "pour racheter l'entreprise ?", "Et Facebook ?")),
    Conversation("iceberg-google", NEUTRALITY, ("Dans le billet sur l'anti-iceberg, qui chez Google demande au public "
                                                "d'identifier les sites qui volent du contenu ?",
                                                "Sur quel réseau social a-t-il fait cette demande ?",
                                                "Et quelle part de son trafic un site peut-il perdre ?")),
    Conversation("reinvent-sponsors", EVENTS, ("Combien de personnes ont participé au re:Invent raconté par "
                                               "l'ambassadeur AWS ?", "Et combien de sponsors y étaient présents ?",
                                               "Et où étaient-ils réunis ?")),
    Conversation("vtt-sessions", EVENTS, ("Où se tenait le Very Tech Trip d'OVHcloud ?",
                                          "Et combien de temps duraient ses sessions techniques au maximum ?",
                                          "Et combien de produits propose-t-il ?")),
    Conversation("numericable-capital", STRATEGY, ("Quel groupe présent au capital de Numericable pose problème selon "
                                                   "la lettre à Cloudwatt ?", "Et quel projet open data du "
                                                   "gouvernement cite-t-elle ?", "Et quelle start-up en exemple ?")),
    Conversation("iceberg-regulators", NEUTRALITY, ("Quels régulateurs français sont cités dans le billet sur "
                                                    "l'anti-iceberg ?", "Et lesquels sont cités pour les États-Unis ?",
                                                    "Et quelle plateforme de financement neutre ?")),
    Conversation("ovh-venue", EVENTS, ("Où s'est tenu l'OVH Summit 2014 ?", "Et combien de partenaires exposants ?",
                                       "Et lequel avait installé une fontaine à chocolat ?")),
    Conversation("metcalfe", STRATEGY, ("Selon la loi de Metcalfe citée dans le billet sur les utilisateurs, à quoi "
                                        "l'utilité d'un réseau est-elle proportionnelle ?", "Et à quel constructeur "
                                        "automobile l'auteur compare-t-il Snapchat ?", "Et 20 minutes ?")),
    Conversation("netflix-analogy", NEUTRALITY, ("Dans le billet sur la fausse alerte Netflix, quelle analogie "
                                                 "l'auteur utilise-t-il pour expliquer la neutralité du Net ?",
                                                 "Et quel film voudrait-il voir en HD ?",
                                                 "Et comment appelle-t-on les grands réseaux ?")),
    Conversation("octave-music", EVENTS, ("Sur quel morceau Octave Klaba est-il entré en scène à l'OVH Summit 2014 ?",
                                          "Et l'année d'avant, quel morceau avait-il joué ?", "Et de quel instrument ?")),
    Conversation("cloudwatt-amazon", STRATEGY, ("Quel positionnement l'auteur propose-t-il pour Cloudwatt face à "
                                                "Amazon ?", "Et que propose-t-il pour les employés dédiés à "
                                                "OpenStack ?", "Et quels sont ses marchés naturels ?")),
    Conversation("iceberg-uber", NEUTRALITY, ("Qu'est-ce qu'Uber impose à ses chauffeurs selon le billet sur "
                                              "l'anti-iceberg ?", "Et quelles femmes Facebook a-t-il autorisées à "
                                              "publier des photos ?", "Et après quoi ?")),
    Conversation("ovh-tweets", EVENTS, ("Combien de tweets ont été publiés pendant la matinée de l'OVH Summit 2014 ?",
                                        "Et quelle place le hashtag a-t-il atteinte ?", "Et combien de clients OVH ?")),
    Conversation("openstack-director", EVENTS, ("Qui est le directeur exécutif de la Fondation OpenStack ?",
                                                "Et où s'était tenu le Summit précédent ?", "Et quand ?")),
    Conversation("reinvent-gift", EVENTS, ("Quelle entreprise a offert à l'auteur sa semaine à Las Vegas pour "
                                           "re:Invent ?", "Et quelle nouveauté permet de composer de la musique ?",
                                           "Et grâce à quoi ?")),
    Conversation("ovh-labs", EVENTS, ("Combien de Labs ont été organisés à l'OVH Summit 2014 ?",
                                      "Et combien de participants chacun ?", "Et combien de personnes formées ?")),
)

_STANDALONE = re.compile(r'<p class="askcloud-standalone"><em>(.*?)</em></p>', re.S)
_SOURCE = re.compile(r'<div class="askcloud-source"[^>]*>.*?<small>(.*?)</small>', re.S)
_SOURCE_PATH = re.compile(r"([^\s·]+\.\w+):\d+-\d+")
_TIMEOUT_NOTICE = ("n'a pas répondu à temps", "did not answer in time", "n'est pas disponible", "is not available")


@dataclass
class Turn:
    session: str
    turn: int
    question: str
    latency_s: float = 0.0
    error: str = ""
    abstained: bool = False
    fallback: bool = False  # the LLM timed out or failed: the extractive answer was given
    standalone: str = ""
    docs: list[str] = field(default_factory=list)
    crossing: list[str] = field(default_factory=list)  # why this answer may belong to another session

    def to_dict(self) -> dict:
        return asdict(self)


def texts(conversation: list[dict]) -> list[str]:
    """The text of each chat message as the API returns it (a string, or a list of typed parts)."""
    out = []
    for message in conversation:
        content = message.get("content")
        if isinstance(content, list):
            content = " ".join(part.get("text", "") for part in content if isinstance(part, dict))
        out.append(str(content or ""))
    return out


def inspect(turn: Turn, conversation: list[dict], own: Conversation, others_first: list[str]) -> None:
    """Fill the turn's outcome from the returned conversation and record every sign of a crossing."""
    shown = texts(conversation)
    users = [html.unescape(t) for m, t in zip(conversation, shown) if m.get("role") == "user"]
    if users != list(own.questions[:turn.turn]):
        turn.crossing.append(f"history holds other questions: {users}")
    if len(conversation) != 2 * turn.turn:
        turn.crossing.append(f"{len(conversation)} messages after {turn.turn} questions")
    answer = shown[-1] if shown else ""
    if "askcloud-error" in answer:
        turn.error = re.sub(r"<[^>]+>", "", html.unescape(answer))[:300] or "error message in the chat"
    turn.abstained = "askcloud-abstained" in answer
    turn.fallback = any(n in html.unescape(answer) for n in _TIMEOUT_NOTICE)
    found = _STANDALONE.search(answer)
    turn.standalone = html.unescape(found.group(1)) if found else ""
    turn.docs = sorted({PurePosixPath(p).name for meta in _SOURCE.findall(answer)
                        for p in _SOURCE_PATH.findall(html.unescape(meta))})
    if turn.standalone and turn.turn > 1 and own.questions[0] not in turn.standalone:
        turn.crossing.append("the follow-up was understood without this session's first question")
    if any(first in turn.standalone for first in others_first):
        turn.crossing.append("the understood question holds another session's question")
    foreign = [d for d in turn.docs if d not in own.topic_docs]
    if foreign:
        turn.crossing.append(f"cites documents outside the session's topic: {foreign}")


def run_session(url: str, own: Conversation, others_first: list[str], start: threading.Barrier,
                timeout_s: float = 600) -> list[Turn]:
    """One user: a Client of its own, then its questions one after the other through the per-session chat."""
    from gradio_client import Client

    turns = [Turn(own.name, i, q) for i, q in enumerate(own.questions, start=1)]
    try:
        client = Client(url, verbose=False, download_files=False, analytics_enabled=False)
    except Exception as exc:  # counted as errors, the others go on
        for turn in turns:
            turn.error = f"client: {exc!r}"[:300]
        _wait(start)
        return turns
    _wait(start)
    for turn in turns:
        began = time.perf_counter()
        try:
            job = client.submit(turn.question, [], "fr", api_name="/ask")
            conversation, _details, _box = job.result(timeout=timeout_s)
        except Exception as exc:
            turn.latency_s = time.perf_counter() - began
            turn.error = f"{type(exc).__name__}: {exc}"[:300]
            for later in turns[turn.turn:]:  # the next questions depend on this one
                later.error = "not asked: an earlier question of the session failed"
            break
        turn.latency_s = time.perf_counter() - began
        inspect(turn, conversation, own, others_first)
    try:
        client.close()
    except Exception:
        pass
    return turns


def _wait(barrier: threading.Barrier) -> None:
    try:
        barrier.wait(timeout=300)
    except threading.BrokenBarrierError:
        pass
