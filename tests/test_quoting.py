"""What the first responder may quote: never an amount to take, never an order to start or stop a medicine."""

from __future__ import annotations

import pytest

from helpline.answer.sentences import is_quotable, quote_text, split_units
from helpline.services import Services


@pytest.mark.parametrize("sentence", [
    "Take 2 tablets every 6 hours.",
    "The usual dose is 400 mg a day.",
    "Children get 10 mg/kg.",
    "Do not stop taking imatinib without talking to your doctor.",
    "Stop taking this medicine if you develop a rash.",
    "- Continue to take it even if you feel well.",
    "You should double the next dose if you forget one.",
    "Your doctor may tell you to take one tablet twice a day.",
])
def test_doses_and_directives_are_never_quotable(sentence: str) -> None:
    assert not is_quotable(sentence)


@pytest.mark.parametrize("sentence", [
    "This drug is taken by mouth as pills, typically twice a day.",
    "Imatinib is also available as an oral solution (under the name Imkeldi).",
    "It can often be treated by stopping the drug for a while and giving other medicines.",
    "In about 1 out of 4 adults with ALL, the leukemia cells have the Philadelphia chromosome.",
])
def test_facts_about_treatment_stay_quotable(sentence: str) -> None:
    assert is_quotable(sentence)


def test_a_list_stays_with_the_sentence_that_introduces_it() -> None:
    units = split_units("Drugs called TKIs attack it. Examples include:\n\n- Imatinib (Gleevec)\n- Dasatinib (Sprycel)")
    assert [unit.text for unit in units] == [
        "Drugs called TKIs attack it.", "Examples include:\n- Imatinib (Gleevec)\n- Dasatinib (Sprycel)"]


def test_left_out_sentences_are_marked() -> None:
    units = split_units("One. Two. Three.")
    assert quote_text([units[0], units[2]]) == "One.\n…\nThree."


@pytest.mark.parametrize("question", [
    "how many mg of imatinib should I take?",
    "what dose of revumenib do adults take",
    "should I stop taking my gleevec if I feel sick?",
    "can I double my dasatinib dose if I missed one",
])
def test_dose_questions_get_no_dose_and_no_directive(seeded_library: Services, question: str) -> None:
    reply = seeded_library.answers.ask(question)
    for line in reply.answer.splitlines():
        assert is_quotable(line.strip('"')), line
