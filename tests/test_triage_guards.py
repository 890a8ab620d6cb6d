"""What sets alarming words aside, on the rules' path and on the examples' path alike: a sign denied inside a match,
a time word that dates the treatment rather than the symptom, figures of speech, animals, a risk told as past (and
one that says it is back), a follow-up's "it" naming the medicine of an earlier turn.

The messages are written for these tests (not taken from the example bank or any evaluation set).
"""

from __future__ import annotations

import pytest

from helpline.services import Services
from helpline.triage import guards, rules


@pytest.mark.parametrize("message", [
    "can she have some honey for her cough while she's on chemo? no fever though",
    "no fever, no chills, just asking what helps with dry skin during chemo",
    "he's on treatment and has no temperature or pain, just a bit low",
    "chemo next week, without any fever so far, can we still travel?",
])
def test_a_denied_sign_inside_a_match_is_no_emergency(message: str) -> None:
    assert rules.emergency_rule(message) is None, rules.emergency_rule(message)
    assert guards.without_denied_signs(message) != message


@pytest.mark.parametrize("message", [
    "no fever but he can't breathe properly and it's getting worse",
    "no pain, but she has a fever of 39 and she's on chemo",
    "i've got no cough but i'm burning up, had my infusion friday",
])
def test_a_sign_denied_beside_another_still_counts(message: str) -> None:
    assert rules.emergency_rule(message), message


@pytest.mark.parametrize("message", [
    "struggling to get enough air even sitting still, started radiation to my chest last month",
    "temperature 38.6 and shaking, my last chemo was on monday",
    "had my first infusion 3 days ago and now I'm coughing up blood",
])
def test_a_past_word_about_the_treatment_does_not_make_the_symptom_past(message: str) -> None:
    assert rules.could_be_happening_now(message), message
    assert rules.emergency_rule(message), message


@pytest.mark.parametrize("message", [
    "she had a fever during chemo last month and she's fine now",
    "I had chest pain last year, it turned out to be reflux",
])
def test_a_past_word_about_the_symptom_still_makes_it_past(message: str) -> None:
    assert rules.emergency_rule(message) is None, rules.emergency_rule(message)


@pytest.mark.parametrize("message", [
    "we're going to beat this stupid tumour",
    "radiation is absolutely killing me haha, how long does the fatigue last",
    "I'm dying to find out if the trial accepted me",
    "my sister would kill me if I skipped her birthday",
    "I'd kill for a proper meal that doesn't taste of metal",
    "this hospital gown is so bad I'd rather die than wear it again lol",
])
def test_figures_of_speech_are_not_crisis_by_words_or_by_likeness(starter_library: Services, message: str) -> None:
    assert rules.crisis_rule(message) is None, rules.crisis_rule(message)
    found = starter_library.triager.triage(message)
    assert found.safety != "crisis", found.reasons


@pytest.mark.parametrize("message", [
    "the chemo is killing me and honestly I want to die",
    "i'd rather die than do this again",
])
def test_a_figure_does_not_hide_a_real_wish_to_die(message: str) -> None:
    assert rules.crisis_rule(message), message


@pytest.mark.parametrize("message", [
    "my dog keeps vomiting blood and won't eat",
    "our old cat is breathing really fast and hiding",
])
def test_an_animal_in_danger_is_not_an_emergency_on_any_path(starter_library: Services, message: str) -> None:
    found = starter_library.triager.triage(message)
    assert found.safety != "emergency", found.reasons


@pytest.mark.parametrize("message", [
    "A couple of years back I went through a dark patch and thought about suicide. Counselling helped a lot.",
    "When I was a teenager I self-harmed, now I mentor young people with cancer",
])
def test_a_risk_told_as_past_and_over_is_not_crisis(starter_library: Services, message: str) -> None:
    assert rules.crisis_rule(message) is None, rules.crisis_rule(message)
    found = starter_library.triager.triage(message)
    assert found.safety != "crisis", found.reasons


@pytest.mark.parametrize("message", [
    "Years ago I was suicidal and lately those thoughts are coming back",
    "a few years ago I self-harmed and last night I started cutting again",
])
def test_a_past_risk_that_is_back_is_crisis(message: str) -> None:
    assert rules.crisis_rule(message), message


@pytest.mark.parametrize("message", [
    "if the results are bad I'm taking matters into my own hands",
    "I've worked out how and when. I just wanted to tell someone",
    "he said he'll do it himself before the cancer does",
    "you won't have to look after me much longer",
    "i'm not going to be a burden to anyone for much longer",
    "thinking about unaliving again",
    "it would honestly be a relief if I never woke up",
    "my cousin texted the group something that reads like a goodbye",
    "I keep going to the bridge near work just to look down",
])
def test_new_crisis_families_are_caught(message: str) -> None:
    assert rules.crisis_rule(message), message


@pytest.mark.parametrize("message", [
    "I took matters into my own hands with the insurance company",
    "I'll do the forms myself",
    "what's the quickest way to the cancer centre from the station?",
    "we walked to the bridge to watch the boats",
    "I didn't wake up until ten today, is that the chemo?",
])
def test_new_crisis_families_leave_look_alikes_alone(message: str) -> None:
    assert rules.crisis_rule(message) is None, rules.crisis_rule(message)


def test_a_follow_up_takes_the_medicine_from_an_earlier_turn(starter_library: Services) -> None:
    conversation = ["my wife is on letrozole", "she's having a hip operation next month", "should she pause it before?"]
    found = starter_library.triager.triage(conversation[-1], conversation[:-1])
    assert found.safety == "personal_medical_advice", found.reasons
    assert rules.advice_rule("should she pause it before?") is None  # alone, "it" names nothing
    assert rules.advice_rule("can we move it to friday?", "the fun run is on saturday") is None
