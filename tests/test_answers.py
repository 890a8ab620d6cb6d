"""The first responder over CancerGov and the seed page: the seed's facts are answered from the seed, with its
citation; what the library cannot answer is declined; bad input is handled."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from conftest import make_services, write_article
from helpline.ingest.action import import_paths
from helpline.services import Services

SEED_URL = "https://www.cancer.org/cancer/types/acute-lymphocytic-leukemia/treating/targeted-therapy.html"

SEED_FACTS = [
    ("What are the brand names of the TKI drugs for Ph+ ALL?", ["Gleevec", "Sprycel", "Tasigna"]),
    ("Is imatinib available as an oral solution?", ["Imkeldi"]),
    ("How often is revumenib taken?", ["twice a day"]),
    ("how many times a day do I take revuforj", ["twice a day"]),
    ("Does revumenib need heart checks?", ["electrocardiograms"]),
    ("What is differentiation syndrome?", ["differentiation syndrome"]),
    ("How is differentiation syndrome treated?", ["dexamethasone"]),
    ("How many adults with ALL have the Philadelphia chromosome?", ["1 out of 4"]),
    ("what does the KTM2A gene change do in leukemia", ["menin"]),
]


# Seed facts the first responder does not yet answer with enough confidence (issue 14 is open): they must be
# quoted from the seed or abstained on, never answered from another article.
SEED_FACTS_NOT_YET_ANSWERED = [
    ("what's the liquid version of gleevec called", ["Imkeldi"]),
]


@pytest.mark.parametrize(("question", "facts"), SEED_FACTS_NOT_YET_ANSWERED)
def test_hard_seed_facts_are_quoted_from_the_seed_or_declined(seeded_library: Services, question: str,
                                                               facts: list[str]) -> None:
    reply = seeded_library.answers.ask(question)
    if reply.abstained:
        assert not reply.citations and reply.handoff
        return
    assert reply.citations[0].source_id == SEED_URL
    for fact in facts:
        assert fact.lower() in reply.answer.lower(), reply.answer


@pytest.mark.parametrize(("question", "facts"), SEED_FACTS)
def test_seed_facts_are_quoted_and_cited_from_the_seed(seeded_library: Services, question: str,
                                                       facts: list[str]) -> None:
    reply = seeded_library.answers.ask(question)
    assert not reply.abstained, reply.reasons
    assert reply.topic == "cancer_information"
    first = reply.citations[0]
    assert first.source_id == SEED_URL
    assert first.last_revised == "2024-12-05"
    assert first.url and first.url.startswith(SEED_URL + "#")
    for fact in facts:
        assert fact.lower() in reply.answer.lower(), reply.answer
    assert "doctor" in reply.answer.splitlines()[-1]


def test_a_cancergov_question_cites_its_medquad_section(seeded_library: Services) -> None:
    reply = seeded_library.answers.ask("What are the symptoms of breast cancer?")
    assert not reply.abstained
    assert reply.citations[0].source_id is not None
    assert reply.citations[0].source_id.startswith("CancerGov_")
    assert "_Sec" in reply.citations[0].source_id
    assert "lump" in reply.answer.lower()


@pytest.mark.parametrize("question", [
    "where can I get a good pizza near me",
    "my car makes a grinding noise when I brake",
    "what is the treatment for zorblaxia syndrome",
])
def test_what_the_library_cannot_answer_is_declined_without_citations(seeded_library: Services,
                                                                     question: str) -> None:
    reply = seeded_library.answers.ask(question)
    assert reply.abstained
    assert reply.citations == []
    assert reply.handoff
    assert "don't have a medically reviewed answer" in reply.answer


def test_answers_quote_the_library_and_never_echo_markup(seeded_library: Services) -> None:
    reply = seeded_library.answers.ask("<script>alert('x')</script> what is imatinib <b>Imkeldi</b>?")
    assert "<script>" not in reply.answer
    assert "<b>" not in reply.answer


@pytest.mark.parametrize("question", [
    "x" * 100_000,
    "what is \x00\x07 leukemia\x1b[31m",
    "\ud800 broken surrogate question about leukemia",
    "😀😀😀",
])
def test_odd_questions_get_a_reply_not_a_crash(seeded_library: Services, question: str) -> None:
    reply = seeded_library.answers.ask(question)
    assert reply.answer
    assert "\x00" not in reply.answer


def test_an_empty_question_is_an_abstention(seeded_library: Services) -> None:
    reply = seeded_library.answers.ask("   ")
    assert reply.abstained and reply.citations == [] and reply.handoff


def test_a_follow_up_without_a_name_is_about_the_previous_message(seeded_library: Services) -> None:
    reply = seeded_library.answers.ask("and what are the common side effects?", history=["Tell me about revumenib"])
    assert not reply.abstained, reply.reasons
    assert reply.citations[0].source_id == SEED_URL
    assert "nausea" in reply.answer


@pytest.mark.parametrize(("question", "missing"), [
    ("does drinking coffee cause bladder cancer", "bladder cancer"),
    ("What are the side effects of zentrolimab for ALL?", "zentrolimab"),
    ("my mum has papillary thyroid cancer, will she need radioactive iodine?", "papillary thyroid cancer"),
])
def test_a_focus_the_library_lacks_is_named_not_answered_from_other_text(seeded_library: Services, question: str,
                                                                        missing: str) -> None:
    reply = seeded_library.answers.ask(question)
    assert reply.abstained and reply.handoff and not reply.citations
    assert reply.missing_focus == missing
    assert f"no medically reviewed article on {missing}" in reply.answer
    assert reply.as_json()["missing_focus"] == missing


def test_a_named_drug_the_library_covers_is_answered_from_the_sections_that_name_it(seeded_library: Services) -> None:
    reply = seeded_library.answers.ask("How often do you take revumenib?")
    assert not reply.abstained and reply.missing_focus is None
    assert reply.citations[0].source_id == SEED_URL
    assert "missing_focus" not in reply.as_json()


def test_content_gaps_name_the_missing_focus(seeded_library: Services) -> None:
    conversation, token = seeded_library.chat.start()
    seeded_library.chat.post(conversation, token, "gap-question-1", "is mesothelioma curable?")
    with seeded_library.sessions() as session:
        gaps = seeded_library.reports.gaps(session, datetime.now(UTC) - timedelta(hours=1))
    assert gaps[0].question == "is mesothelioma curable?"
    assert gaps[0].missing_focus == "mesothelioma"


def test_a_question_that_does_not_say_whom_it_is_about_is_answered_and_offered_the_other_audience(
        seeded_library: Services) -> None:
    reply = seeded_library.answers.ask("how is hodgkin lymphoma treated?")
    assert not reply.abstained, reply.reasons
    cited = reply.citations[0].title
    assert cited in ("Adult Hodgkin Lymphoma", "Childhood Hodgkin Lymphoma")
    assert [choice["title"] for choice in reply.clarify] == [
        cited, next(t for t in ("Adult Hodgkin Lymphoma", "Childhood Hodgkin Lymphoma") if t != cited)]
    assert "This answer comes from our article for" in reply.answer
    assert reply.as_json()["clarify"] == reply.clarify


def test_a_childs_question_is_answered_from_the_childrens_article_with_no_choice(seeded_library: Services) -> None:
    reply = seeded_library.answers.ask("my 8 year old has hodgkin lymphoma, how will it be treated?")
    assert not reply.abstained, reply.reasons
    assert reply.citations[0].title == "Childhood Hodgkin Lymphoma"
    assert reply.clarify == [] and "This answer comes from" not in reply.answer


def test_an_article_for_everyone_is_not_offered_as_the_other_audiences(tmp_path: Path) -> None:
    library = tmp_path / "library"
    for name, title, audience in (("general", "Hodgkin Lymphoma", "all"),
                                  ("adults", "Adult Hodgkin Lymphoma", "adults"),
                                  ("children", "Childhood Hodgkin Lymphoma", "children")):
        write_article(library, name, title, audience,
                      [("What it is", f"Hodgkin lymphoma is a cancer of the lymph system, written for {name}.")])
    services = make_services(tmp_path / "data", dense_enabled=False)
    assert not import_paths(services.sessions, services.encoder, [library]).failures
    index = services.search.index
    ids = {index.rows[rows[0]].title: article for article, rows in index.article_rows.items()}
    assert index.audience_counterpart(ids["Adult Hodgkin Lymphoma"]) == ids["Childhood Hodgkin Lymphoma"]
    assert index.audience_counterpart(ids["Childhood Hodgkin Lymphoma"]) == ids["Adult Hodgkin Lymphoma"]
    assert index.audience_counterpart(ids["Hodgkin Lymphoma"]) is None
    services.engine.dispose()


@pytest.mark.parametrize(("question", "missing"), [
    ("does scalp cooling stop hair loss during chemotherapy?", "scalp cooling"),
    ("is a PSMA PET scan better than a bone scan for prostate cancer?", "psma pet scan"),
])
def test_a_test_or_treatment_the_library_never_names_is_declined_and_named(seeded_library: Services, question: str,
                                                                          missing: str) -> None:
    reply = seeded_library.answers.ask(question)
    assert reply.abstained and not reply.citations, reply.reasons
    assert reply.missing_focus == missing


def test_a_tobacco_question_about_a_cancer_is_answered_from_the_library_with_the_quitting_line(
        seeded_library: Services) -> None:
    reply = seeded_library.answers.ask("does chewing tobacco cause mouth cancer?")
    assert not reply.abstained and reply.topic == "cancer_information", reply.reasons
    assert reply.citations[0].source_id.startswith("CancerGov_0000024_9")
    assert "quitting tobacco" in reply.answer


@pytest.mark.parametrize("history", [[], ["is mouth cancer curable?"]])
def test_a_tobacco_question_about_no_cancer_gets_the_topics_reply(seeded_library: Services,
                                                                  history: list[str]) -> None:
    # A cancer named in an earlier message does not make this one a question about cancer.
    reply = seeded_library.answers.ask("I want to quit vaping, where do I start?", history=history)
    assert reply.topic == "tobacco" and not reply.citations, reply.reasons


def test_a_drug_name_nothing_in_the_library_mentions_is_declined_unless_another_name_is_covered(
        seeded_library: Services) -> None:
    unknown = seeded_library.answers.ask("what are the side effects of velotrexin for leukemia?")
    assert unknown.abstained and not unknown.citations and unknown.missing_focus == "velotrexin", unknown.reasons
    # A brand the library never names, beside a generic name it covers, is that drug: answered.
    known = seeded_library.answers.ask("what is iclusignex (ponatinib) used for in ph+ all?")
    assert known.missing_focus is None, known.reasons


def test_the_drug_name_model_tells_drug_names_from_ordinary_words() -> None:
    from helpline.search.drug_names import drug_name_model

    model = drug_name_model()
    # Invented names, none of them among its training words.
    assert all(model.looks_like_a_drug(word) for word in ("velotrexin", "zentrolimab", "zaltiprex", "dexolitan"))
    assert not any(model.looks_like_a_drug(word) for word in ("tummy", "haematologist", "grandad", "leaflet"))
