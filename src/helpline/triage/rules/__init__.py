"""Wording rules for triage: what a message says that needs no model to recognise, one module per class."""

from helpline.triage.rules.advice import advice_rule, general_dose_question
from helpline.triage.rules.crisis import (
    accepts_dying,
    beyond_denial,
    could_carry_risk,
    crisis_denied_or_past,
    crisis_rule,
    denies_risk,
    explained_by,
    only_figures_of_speech,
    told_as_over_later,
)
from helpline.triage.rules.emergency import (
    about_an_animal,
    asks_about_signs,
    could_be_happening_now,
    denies_a_sign,
    emergency_rule,
    not_a_person_in_danger,
    tells_it_is_over,
)
from helpline.triage.rules.topics import (
    handoff_rule,
    speaks_of_cancer,
    speaks_of_cancer_care,
    tells_of_diagnosis_or_loss,
    topic_rule,
)
from helpline.triage.rules.wording import is_question, looks_spanish, sentences, spell_emoji

__all__ = [
    "about_an_animal", "accepts_dying", "advice_rule", "asks_about_signs", "beyond_denial",
    "could_be_happening_now", "could_carry_risk", "crisis_denied_or_past", "crisis_rule", "denies_a_sign",
    "denies_risk", "emergency_rule", "explained_by",
    "general_dose_question", "handoff_rule", "is_question", "looks_spanish",
    "not_a_person_in_danger", "only_figures_of_speech", "sentences", "speaks_of_cancer", "speaks_of_cancer_care",
    "spell_emoji", "tells_it_is_over", "tells_of_diagnosis_or_loss", "told_as_over_later", "topic_rule",
]
