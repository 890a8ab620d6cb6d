"""The first responder: triage, then a cited extractive answer from the library, or an honest abstention."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace

import numpy as np

from helpline.answer import messages
from helpline.answer.sentences import quote_text, select_units
from helpline.config import ServiceContacts
from helpline.library.store import SectionRow
from helpline.search.analysis import QuestionAnalysis
from helpline.search.focus import FocusLexicon
from helpline.search.grounding import mentions_cancer
from helpline.search.service import MAX_QUERY_CHARS as SEARCHED_CHARS
from helpline.search.service import SearchOutcome, SearchResult, SearchService
from helpline.search.text import stems
from helpline.triage.classify import Triage, Triager

MAX_READ_CHARS = 200_000  # the most of one message read: triage reads it whole; search reads SEARCHED_CHARS
CLARIFY_SHARE = 0.5  # an article is a choice when its probability is at least half the best one's
# Topics whose questions the library may answer as cancer information; the other topics ask for a service.
LIBRARY_FIRST_TOPICS = frozenset({"tobacco"})


@dataclass
class Citation:
    article_id: str
    source_id: str | None
    title: str
    section: str | None
    url: str | None
    last_revised: str | None

    def as_json(self) -> dict[str, object]:
        return dict(self.__dict__)


@dataclass
class Reply:
    question: str
    answer: str
    citations: list[Citation] = field(default_factory=list)
    topic: str = "cancer_information"
    safety: str = "none"
    handoff: bool = False
    abstained: bool = False
    reasons: list[str] = field(default_factory=list)
    confidence: float = 0.0  # the calibrated probability that the cited section answers (search's answer model)
    person_requested: bool = False  # the visitor asked for a person (not only offered one after an abstention)
    missing_focus: str | None = None  # what the question is about that the library has no article on
    # Articles to choose from: when it could be several (with an abstention), or the other audience's (with an answer)
    clarify: list[dict[str, str]] = field(default_factory=list)

    def as_json(self) -> dict[str, object]:
        reply: dict[str, object] = {
            "question": self.question, "answer": self.answer,
            "citations": [citation.as_json() for citation in self.citations], "topic": self.topic,
            "safety": self.safety, "handoff": self.handoff, "abstained": self.abstained}
        if self.missing_focus:
            reply["missing_focus"] = self.missing_focus
        if self.clarify:
            reply["clarify"] = self.clarify
        return reply


@dataclass
class Suggestion:
    """A passage a specialist may insert into a reply, with its citation; ``key`` names its section."""

    key: str
    text: str
    citation: Citation
    score: float

    def as_json(self) -> dict[str, object]:
        return {"key": self.key, "text": self.text, "citation": self.citation.as_json(),
                "score": round(self.score, 4)}


class AnswerEngine:
    """Answers only from the library, quoting it; abstains when no section really answers."""

    def __init__(self, search: SearchService, triager: Triager, contacts: ServiceContacts,
                 abstain_below: float | None = None) -> None:
        self.search = search
        self.triager = triager
        self.contacts = contacts
        self._abstain_below = abstain_below

    @property
    def abstain_below(self) -> float:
        """The answer probability below which we abstain: the setting, else the answer model's own threshold."""
        return self._abstain_below if self._abstain_below is not None else self.search.models.threshold

    def ask(self, question: str, history: list[str] | None = None) -> Reply:
        """The reply to a question in its conversation; a message in Spanish is also told of the Spanish line."""
        # Triage reads the whole message (a risk may come at the end of a long one); search reads its start.
        whole = _clean(question, MAX_READ_CHARS)
        found = self.triager.triage(whole, [_clean(message, MAX_READ_CHARS) for message in history or []])
        reply = self._reply(question, whole, history or [], found)
        if found.spanish:
            reply.answer = "\n\n".join([reply.answer, messages.spanish_line(self.contacts)])
        return reply

    def _reply(self, question: str, whole: str, history: list[str], found: Triage) -> Reply:
        text, earlier = whole[:SEARCHED_CHARS], [_clean(message, SEARCHED_CHARS) for message in history]
        reply = Reply(question=question, answer="", safety=found.safety, reasons=list(found.reasons),
                      person_requested=found.wants_person)
        if not text:
            reply.answer, reply.topic, reply.abstained, reply.handoff = messages.empty_question(), "other", True, True
            return reply
        if found.safety == "crisis":
            reply.answer = messages.crisis_es(self.contacts) if found.spanish else messages.crisis(self.contacts)
            reply.handoff = True
            reply.topic = found.topic_hint or "other"
            return reply
        if found.safety == "emergency" and found.topic_hint != "cancer_information":
            # Care now comes first; the other question can wait for the specialist.
            reply.answer, reply.handoff = self._emergency(found), True
            reply.topic = found.topic_hint or "other"
            return reply
        if found.safety == "none" and found.off_topic:
            # Out of scope (a pet's illness): no article about people is forced on it.
            reply.answer, reply.topic, reply.abstained, reply.handoff = messages.off_topic(self.contacts), "other", \
                True, True
            return reply
        if found.safety == "none" and found.topic_hint in LIBRARY_FIRST_TOPICS:
            # A tobacco question that speaks of cancer ("does smoking cause cancer of the nose?") may be a
            # cancer-information question: the library's answer, with what the helpline does for quitting; else
            # the topic's own reply.
            answered = self._library_reply(replace(reply, reasons=list(reply.reasons)), text, found, earlier,
                                           service_line=messages.topic_reply(found.topic_hint), on_cancer_only=True)
            if not answered.abstained:
                answered.reasons.append(f"a {found.topic_hint} question about a cancer: answered from the library")
                return answered
            return self._topic_reply(reply, found)
        if found.safety == "none" and found.topic_hint not in (None, "cancer_information", "other"):
            return self._topic_reply(reply, found)
        return self._library_reply(reply, text, found, earlier)

    def _emergency(self, found: Triage) -> str:
        return messages.emergency_es(self.contacts) if found.spanish else messages.emergency(self.contacts)

    def _topic_reply(self, reply: Reply, found: Triage) -> Reply:
        reply.topic = found.topic_hint or "other"
        # The reply says what the helpline does for that topic; it hands off only when asked for a person.
        parts = [messages.topic_reply(reply.topic), messages.handoff(self.contacts) if found.wants_person else ""]
        reply.answer, reply.handoff = " ".join(p for p in parts if p), found.wants_person
        return reply

    def _library_reply(self, reply: Reply, text: str, found: Triage, history: list[str],
                       service_line: str = "", on_cancer_only: bool = False) -> Reply:
        """The library's cited answer, or an abstention that says why; ``service_line`` is added to an answer, and
        ``on_cancer_only`` abstains at once when the question does not speak of cancer."""
        # Triage has encoded the question already; its vector serves search when both use the same encoder.
        same = self.search.encoder is not None and self.search.encoder is self.triager.encoder
        vector = self.triager.vector(text) if same else None
        outcome = self.search.run(text, limit=5, query_vector=vector)
        if on_cancer_only and not (outcome.grounding.named or mentions_cancer(text)):
            reply.abstained = True  # judged on this message alone: an earlier message's cancer does not count
            return reply
        if history and not outcome.names_a_focus:
            # A follow-up ("and its side effects?") is about what the visitor asked before.
            outcome = self.search.run(f"{history[-1]} {text}", limit=5)
            reply.reasons.append("no focus named: searched with the previous message")
        results, analysis = outcome.results, outcome.analysis
        confidence = outcome.probability
        reply.confidence = confidence
        reply.reasons.append(f"answer probability {confidence:.2f} (abstain below {self.abstain_below:.2f})")
        prefix = [messages.acknowledgement()] if found.acknowledge else []
        if found.safety == "emergency":
            prefix.insert(0, self._emergency(found))
            reply.handoff = True
        elif found.safety == "personal_medical_advice":
            prefix.append(messages.personal_advice())
        missing = outcome.grounding.missing
        if missing:
            reply.reasons.append(f"the library has no article on {missing}")
            reply.abstained, reply.handoff, reply.missing_focus = True, True, missing
            reply.topic = "cancer_information"
            reply.answer = "\n\n".join([*prefix, messages.missing_focus(missing, self.contacts)])
            return reply
        if confidence < self.abstain_below:
            reply.abstained, reply.handoff = True, True
            reply.topic = found.topic_hint or ("cancer_information" if outcome.names_a_focus else "other")
            choices = self._choices(outcome) if outcome.grounding.grounded else []
            if choices:
                reply.clarify = choices
                reply.answer = "\n\n".join([*prefix, messages.clarify([c["title"] for c in choices]),
                                             messages.abstain(self.contacts)])
            else:
                reply.answer = "\n\n".join([*prefix, messages.abstain(self.contacts)])
            return reply
        # What the library answers, with citations, is cancer information (an emergency about something else
        # never gets here: it is answered with the emergency wording alone).
        reply.topic = "cancer_information"
        candidates = [results[0]] + [r for r in results[1:2] if r.row.article_id == results[0].row.article_id
                                     and r.hit.probability > 0.8 * results[0].hit.probability]
        # Meaning-based sentence choice (an encoder pass) for the main quote only; a second quote from the
        # same article is chosen by its words.
        quoted = [(result, self._quote(result, analysis, outcome.query_vector if position == 0 else None,
                                        outcome.words))
                  for position, result in enumerate(candidates)]
        chosen = [result for result, quote in quoted if quote]
        body = [quote for _, quote in quoted if quote]
        if not body:  # the answer would be a dose or an instruction: that belongs with their care team
            reply.abstained, reply.handoff = True, True
            reply.answer = "\n\n".join([*prefix, messages.personal_advice(), messages.abstain(self.contacts)])
            return reply
        body += self._audience_note(reply, analysis, chosen[0].row, outcome)
        if service_line:
            body.append(service_line)
        if found.wants_person:
            body.append(messages.handoff(self.contacts))
            reply.handoff = True
        reply.answer = "\n\n".join([*prefix, *body, messages.DOCTOR_NOTE])
        reply.citations = [self._citation(result.row) for result in chosen]
        return reply

    def _audience_note(self, reply: Reply, analysis: QuestionAnalysis, cited: SectionRow,
                       outcome: SearchOutcome) -> list[str]:
        """When the cited article is for adults or for children: if the question did not say whom it is about,
        offer the other audience's article beside the answer (both in ``clarify``); if it is about the other
        audience, say so, and offer that audience's article when the library has one."""
        if cited.audience is None or analysis.audience == cited.audience:
            return []
        other = outcome.other_audience(cited.article_id)
        other_title = None
        if other is not None:
            other_id, other_title = other
            reply.clarify = [{"article_id": cited.article_id, "title": cited.title},
                             {"article_id": other_id, "title": other_title}]
        if analysis.audience is None:
            return [messages.other_audience(cited.audience, other_title)] if other_title else []
        return [messages.audience_differs(cited.audience, other_title)]

    def suggest(self, question: str, limit: int = 3) -> list[Suggestion]:
        """Agent assist: the library's best sections for a question, quoted as the first responder would quote
        them (never a dose or an instruction), each with its citation. Nothing is filtered by confidence: a
        specialist judges."""
        text = _clean(question, SEARCHED_CHARS)
        if not text:
            return []
        outcome = self.search.run(text, limit=limit * 2)
        suggestions: list[Suggestion] = []
        for result in outcome.results:
            quote = self._quote(result, outcome.analysis, None, outcome.words)
            if quote:
                suggestions.append(Suggestion(f"{result.row.article_id}#{result.row.anchor}", quote,
                                              self._citation(result.row), result.score))
            if len(suggestions) == limit:
                break
        return suggestions

    def citation_for(self, key: str) -> Citation | None:
        """The citation of the section named ``<article_id>#<anchor>`` (as in a Suggestion), if the library has it."""
        article_id, _, anchor = key.partition("#")
        row = self.search.section(article_id, anchor)
        return self._citation(row) if row is not None else None

    def _choices(self, outcome: SearchOutcome, limit: int = 3) -> list[dict[str, str]]:
        """The articles an unsure, grounded question may mean, best first, when the ranker cannot tell them
        apart: each close to the best and together holding most of the chance."""
        best: dict[str, tuple[float, str]] = {}
        for result in outcome.results:
            article = result.row.article_id
            if article not in best:
                best[article] = (result.hit.probability, result.row.title)
        ranked = sorted(best.items(), key=lambda item: -item[1][0])[:limit]
        if len(ranked) < 2 or ranked[1][1][0] < CLARIFY_SHARE * ranked[0][1][0]:
            return []
        return [{"article_id": article, "title": title} for article, (probability, title) in ranked
                if probability >= CLARIFY_SHARE * ranked[0][1][0]]

    def _quote(self, result: SearchResult, analysis: QuestionAnalysis, query_vector: np.ndarray | None,
               lexicon: FocusLexicon) -> str | None:
        """The cited quote from a section, or None when nothing in it may be quoted (only doses, say)."""
        row = result.row
        similarity = None
        if query_vector is not None:
            def similarity(texts: list[str]) -> list[float]:
                return [float(v) for v in self.search.encode(texts) @ query_vector]
        about = set(stems(f"{row.title} {row.heading or ''}"))
        topics: list[list[Iterable[str]]] = [[match.phrase, *match.expansions] for match in analysis.foci]
        topics += [[stems(abbreviation)] for abbreviation in lexicon.known_abbreviations(analysis.text)]
        units = select_units(row.section_text, analysis.search_text, lexicon, similarity,
                             focus_stems=about, question_types=analysis.types, topics=topics)
        if not units:
            return None
        quote = quote_text(units)
        revised = f" (last revised {row.last_revised.isoformat()})" if row.last_revised else ""
        where = f'From "{row.title}"' + (f', section "{row.heading}"' if row.heading else "") + revised + ":"
        link = self._section_link(row)
        more = f"\nRead the whole section: {link}" if link else ""
        return f'{where}\n"{quote}"{more}'

    def _section_link(self, row: SectionRow) -> str | None:
        if self.contacts.public_base_url:
            return f"{self.contacts.public_base_url.rstrip('/')}/library/{row.article_id}#{row.anchor}"
        if row.url and row.kind != "medquad":
            return f"{row.url}#{row.anchor}"
        return row.url

    def _citation(self, row: SectionRow) -> Citation:
        return Citation(article_id=row.article_id, source_id=row.cited_source_id, title=row.title,
                        section=row.heading, url=self._section_link(row),
                        last_revised=row.last_revised.isoformat() if row.last_revised else None)


def _clean(text: str, limit: int = SEARCHED_CHARS) -> str:
    """Control characters dropped, whitespace collapsed, length bounded."""
    kept = "".join(ch if ch.isprintable() or ch in "\n\t" else " " for ch in text[:limit * 4])
    return " ".join(kept.split())[:limit]
