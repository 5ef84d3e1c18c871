"""What Pactum writes to the person: the code, the extension, the decline, the answer."""

from __future__ import annotations

from dataclasses import dataclass

from pactum.mail import SMS, Mail, Mailer

_TYPE_WORDS = {
    "access": "a copy of your personal information",
    "confirm": "to know whether we hold personal information about you",
    "correct": "a correction of your personal information",
    "delete": "the deletion of your personal information",
    "restrict": "a restriction of how we use your personal information",
    "object": "to object to how we use your personal information",
    "withdraw-consent": "to withdraw your consent",
    "disclosure-report": "our disclosure report (California Civil Code 1798.83)",
    "opt-out": "to opt out of the sale or sharing of your personal information",
}


@dataclass(frozen=True)
class Addressee:
    """Who the message goes to, for which request, from which organization."""

    to: str
    is_phone: bool
    request_id: str
    type: str
    organization: str

    def mail(self, subject: str, text: str) -> Mail:
        # A text to a phone: the mailer hands it to the SMS gateway (or the outbox), never SMTP.
        headers = (SMS,) if self.is_phone else ()
        return Mail(
            to=self.to, subject=f"{subject} [{self.request_id}]", text=text, headers=headers
        )

    @property
    def asked_for(self) -> str:
        return _TYPE_WORDS.get(self.type, self.type)


def code_message(to: Addressee, *, code: str, link: str, due: str) -> Mail:
    if to.is_phone:
        return to.mail("Your code", f"{to.organization}: your verification code is {code}.")
    text = f"""We received your request for {to.asked_for} ({to.request_id}).

To confirm that it is you, enter this code: {code}
or open this link: {link}
The code and the link work once, for 15 minutes.

We will answer by the due date: {due}.
If you did not make this request, ignore this message.

{to.organization}"""
    return to.mail("Confirm your privacy request", text)


def acknowledgement_message(to: Addressee, *, due: str, next_step: str) -> Mail:
    text = f"""We received your request for {to.asked_for} ({to.request_id}).

{next_step}
We will answer by the due date: {due}.

{to.organization}"""
    return to.mail("We received your privacy request", text)


def extension_message(to: Addressee, *, reason: str, due: str) -> Mail:
    text = f"""We need more time to answer your request for {to.asked_for} ({to.request_id}).

Why: {reason}
The new due date: {due}.

{to.organization}"""
    return to.mail("Your privacy request: more time needed", text)


def lifting_message(to: Addressee, *, reason: str) -> Mail:
    text = f"""We are ending the restriction you asked for ({to.request_id}): from now on we use
your personal information again for the purposes the restriction covered.

Why: {reason}

You may object to this by replying to this message, complain to a data protection supervisory
authority, and seek a judicial remedy.

{to.organization}"""
    return to.mail("Your privacy request: the restriction ends", text)


def decline_message(to: Addressee, *, ground: str, reason: str, narrowed: bool) -> Mail:
    what = "only in part" if narrowed else "not"
    text = f"""We will {what} act on your request for {to.asked_for} ({to.request_id}).

The ground: {ground}
Our reasons: {reason}

You may appeal this decision by replying to this message, complain to a data protection
supervisory authority or your state's Attorney General, and seek a judicial remedy.

{to.organization}"""
    return to.mail("Your privacy request: our decision", text)


def completion_message(to: Addressee, *, answer: str) -> Mail:
    text = f"""Your request for {to.asked_for} ({to.request_id}) is complete.

{answer}

{to.organization}"""
    return to.mail("Your privacy request is complete", text)


def download_message(to: Addressee, *, link: str, expires: str) -> Mail:
    text = f"""Your copy of your personal information ({to.request_id}) is ready.

Download it here: {link}
The link works once, until {expires}. To download it again, ask for a new code.

{to.organization}"""
    return to.mail("Your personal information: download", text)


def send(mailer: Mailer, mails: list[Mail]) -> None:
    """Deliver after the transaction that decided them has committed."""
    for mail in mails:
        mailer.send(mail)
