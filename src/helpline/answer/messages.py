"""The fixed, human-written wording of the first responder's replies."""

from __future__ import annotations

from helpline.config import ServiceContacts

DOCTOR_NOTE = "For medical questions, we encourage you to review this information with your doctor or care team."


def crisis(contacts: ServiceContacts) -> str:
    return (
        "I'm really glad you reached out, and I'm sorry things feel this hard right now. You don't have to go "
        f"through this alone. Please contact the {contacts.crisis_line} now - it is free, confidential and "
        f"open any time. If you or someone else is in immediate danger, call {contacts.emergency_number}. "
        "I'm also asking one of our specialists to join this conversation."
    )


def emergency(contacts: ServiceContacts) -> str:
    return (
        f"What you describe may need medical care right away. Please call {contacts.emergency_number} or "
        "your cancer care team now - do not wait for an answer here. Fever, trouble breathing, chest pain, "
        "fainting or heavy bleeding during treatment can be serious."
    )


def crisis_es(contacts: ServiceContacts) -> str:
    """The crisis reply in Spanish (the crisis line answers in Spanish)."""
    return (
        "Me alegra mucho que nos haya escrito, y siento que las cosas estén tan difíciles ahora. No tiene que pasar "
        f"por esto a solas. Por favor, comuníquese ahora con la {contacts.crisis_line_es}: es gratis, confidencial "
        f"y atiende a cualquier hora. Si usted u otra persona está en peligro inmediato, llame al "
        f"{contacts.emergency_number}. También le estoy pidiendo a uno de nuestros especialistas que se una a esta "
        "conversación."
    )


def emergency_es(contacts: ServiceContacts) -> str:
    """The emergency reply in Spanish."""
    return (
        f"Lo que describe puede necesitar atención médica de inmediato. Por favor, llame al "
        f"{contacts.emergency_number} o a su equipo de atención del cáncer ahora; no espere una respuesta aquí. La "
        "fiebre, la dificultad para respirar, el dolor de pecho, los desmayos o un sangrado fuerte durante el "
        "tratamiento pueden ser graves."
    )


def spanish_line(contacts: ServiceContacts) -> str:
    """Told to every message written in Spanish: a specialist who speaks Spanish answers the phone."""
    return (f"Si prefiere hablar en español, un especialista que habla español puede atenderle por teléfono: "
            f"{contacts.spanish_phone}.")


def personal_advice() -> str:
    return (
        "Whether to stop, skip or change a medicine or a dose is a decision for your doctor or care team, "
        "who know the whole picture. Please ask them before changing anything."
    )


def abstain(contacts: ServiceContacts) -> str:
    return (
        "I'm sorry - I don't have a medically reviewed answer to that in our library, and I don't want to guess. "
        "One of our cancer information specialists can help: ask to talk to a person here, or call us any time "
        f"at {contacts.helpline_phone}."
    )


def missing_focus(focus: str, contacts: ServiceContacts) -> str:
    """The library has nothing reviewed on what the question is about: say what is missing, offer a person."""
    return (
        f"I'm sorry - our library has no medically reviewed article on {focus} yet, so I can't answer that from "
        "it, and I don't want to guess. One of our cancer information specialists can help: ask to talk to a "
        f"person here, or call us any time at {contacts.helpline_phone}."
    )


def other_audience(audience: str, other_title: str) -> str:
    """The answer came from an article for adults (or children) and the question did not say whom it is about."""
    other = "a child" if audience == "adults" else "an adult"
    return (f"This answer comes from our article for {audience}. If you are asking about {other}, our article "
            f"\"{other_title}\" may fit better.")


def audience_differs(audience: str, other_title: str | None) -> str:
    """The cited article is for the other audience than the one the question is about."""
    note = (f"Please note: this comes from our article for {audience}, and some of it may be different for the "
            "person you are asking about.")
    return note + (f" Our article \"{other_title}\" may fit better." if other_title else "")


def clarify(titles: list[str]) -> str:
    """One short question when the library has several articles the question could mean."""
    listed = "; ".join(titles[:-1]) + f"; or {titles[-1]}" if len(titles) > 1 else titles[0]
    return f"Our library has more than one article this could be about. Which do you mean: {listed}?"


def off_topic(contacts: ServiceContacts) -> str:
    """Triage is sure the message is about neither cancer nor the helpline (a pet's illness, the weather)."""
    return (
        "I'm sorry - our library is about cancer in people and our helpline's services, so I don't have an answer "
        "for that. For an animal's illness, a vet is the best person to ask. For anything about cancer or our "
        f"services, ask to talk to a person here, or call us any time at {contacts.helpline_phone}."
    )


def handoff(contacts: ServiceContacts) -> str:
    return (
        "Of course - I'll connect you with one of our cancer information specialists. You can also call us "
        f"any time at {contacts.helpline_phone}."
    )


def acknowledgement() -> str:
    return "I'm so sorry you're going through this. Thank you for reaching out to us."


def empty_question() -> str:
    return "I didn't catch a question there. What would you like to know? You can also ask to talk to a person."


_TOPIC_REPLIES = {
    "referrals": "We can help you find programs near you - rides to treatment, places to stay during treatment, "
                 "support groups and help with costs. A specialist can look up what is available where you live.",
    "donations_website_events": "Thank you for thinking of us. For donations, our website or an event, a member "
                                "of our team can help you directly.",
    "tobacco": "We can help with quitting tobacco or vaping: our specialists can talk through ways to quit and "
               "point you to quitlines and support near you.",
    "volunteering": "Thank you for wanting to help. There are many ways to volunteer, from driving patients to "
                    "treatment to helping at events. A specialist can tell you what is open near you.",
    "helpline_service": "Our cancer information specialists answer the phone 24 hours a day, 7 days a week, and "
                        "chat online on weekdays. You can ask to talk to a person at any time.",
}


def topic_reply(topic: str) -> str:
    """The short reply for a helpline topic other than cancer information ("" for one without its own)."""
    return _TOPIC_REPLIES.get(topic, "")
