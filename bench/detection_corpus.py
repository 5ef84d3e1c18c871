"""A labelled synthetic corpus for the detection benchmark: business texts made with Faker.

Every document is built from pieces, and each piece of personal data is recorded with its exact
character span and one of the detector's type names, so scoring needs no second parser. Texts mix
support tickets, survey answers, forum posts, e-mails and log lines in English (US and UK), German
and French, and carry hard negatives (order and invoice numbers, SKUs, versions, timestamps,
tracking ids, UUIDs, amounts, plain dates and URLs) that must stay unlabelled.

Honesty notes, repeated in docs/detection.md:
- Pactum's name lists come from Faker too. To measure names the lists do not hold, a fifth of the
  people are drawn from locales the detector does not load (Italian, Spanish, Dutch, Polish,
  Portuguese, Swedish).
- Only dialable phone numbers are labelled (Faker's en_US numbers are random digits and mostly
  invalid); a number is kept when libphonenumber says it is valid for the locale's region.
- Special-category sentences are written here, separately from the detector's lexicons, and some
  of their terms are missing from the lexicons on purpose.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field

import phonenumbers
from faker import Faker

LOCALES = {
    "en_US": ("en", "US"),
    "en_GB": ("en", "GB"),
    "de_DE": ("de", "DE"),
    "fr_FR": ("fr", "FR"),
}
UNSEEN_NAME_LOCALES = ("it_IT", "es_ES", "nl_NL", "pl_PL", "pt_PT", "sv_SE")
CARD_TYPES = ("visa16", "mastercard", "amex", "discover", "jcb16", "diners")

Label = tuple[str, int, int]


@dataclass
class Document:
    id: str
    locale: str
    parts: list[str] = field(default_factory=list)
    labels: list[Label] = field(default_factory=list)
    length: int = 0

    def add(self, text: str, label: str | None = None) -> None:
        if label and text:
            self.labels.append((label, self.length, self.length + len(text)))
        self.parts.append(text)
        self.length += len(text)

    @property
    def text(self) -> str:
        return "".join(self.parts)


class Maker:
    """Personal data and hard negatives for one locale, from a seeded Faker."""

    def __init__(self, locale: str, rng: random.Random) -> None:
        self.locale = locale
        self.language, self.region = LOCALES[locale]
        self.rng = rng
        self.fake = Faker(locale)
        self.fake.seed_instance(rng.randrange(2**32))
        self.unseen = {code: Faker(code) for code in UNSEEN_NAME_LOCALES}
        for faker in self.unseen.values():
            faker.seed_instance(rng.randrange(2**32))

    def person(self) -> str:
        if self.rng.random() < 0.2:
            faker = self.unseen[self.rng.choice(UNSEEN_NAME_LOCALES)]
            return f"{faker.first_name()} {faker.last_name()}"
        return f"{self.fake.first_name()} {self.fake.last_name()}"

    def surname(self) -> str:
        return str(self.fake.last_name())

    def first_name(self) -> str:
        return str(self.fake.first_name())

    def email(self) -> str:
        return str(self.fake.email() if self.rng.random() < 0.5 else self.fake.company_email())

    def phone(self) -> str:
        for _ in range(50):
            number = str(self.fake.phone_number())
            try:
                parsed = phonenumbers.parse(number, self.region)
            except phonenumbers.NumberParseException:
                continue
            if phonenumbers.is_valid_number(parsed) and "x" not in number:
                return number
        return "+44 20 7946 0958"

    def card(self) -> str:
        while True:
            digits = str(self.fake.credit_card_number(card_type=self.rng.choice(CARD_TYPES)))
            # Faker draws JCB numbers from all of 35xx; JCB's own range is 3528-3589.
            if not digits.startswith("35") or 3528 <= int(digits[:4]) <= 3589:
                break
        style = self.rng.random()
        if style < 0.4 or len(digits) != 16:
            return digits
        separator = " " if style < 0.8 else "-"
        return separator.join(digits[i : i + 4] for i in range(0, 16, 4))

    def iban(self) -> str:
        compact = str(self.fake.iban())
        if self.rng.random() < 0.5:
            return compact
        return " ".join(compact[i : i + 4] for i in range(0, len(compact), 4))

    def ssn(self) -> str:
        return str(Faker("en_US").ssn()) if self.locale != "en_US" else str(self.fake.ssn())

    def ip(self) -> str:
        choice = self.rng.random()
        if choice < 0.6:
            return str(self.fake.ipv4_public())
        return str(self.fake.ipv4_private() if choice < 0.8 else self.fake.ipv6())

    def address(self) -> str:
        while True:
            address = str(self.fake.address())
            if not any(
                word in address for word in ("PSC ", "USNS ", "USNV ", "USS ", "USCGC ", "Unit ")
            ):
                break
        return address if self.rng.random() < 0.5 else address.replace("\n", ", ")

    def birth_date(self) -> str:
        born = self.fake.date_of_birth(minimum_age=18, maximum_age=90)
        if self.language == "en":
            formats = (
                "%Y-%m-%d",
                "%B %d, %Y",
                "%d %B %Y",
                "%m/%d/%Y" if self.region == "US" else "%d/%m/%Y",
            )
        elif self.language == "de":
            formats = ("%d.%m.%Y", "%Y-%m-%d")
        else:
            formats = ("%d/%m/%Y", "%Y-%m-%d")
        return born.strftime(self.rng.choice(formats))

    def personal_url(self) -> str:
        user = self.fake.user_name()
        domain = self.fake.domain_name()
        return self.rng.choice(
            (
                f"https://{domain}/users/{user}",
                f"https://www.linkedin.com/in/{user}",
                f"https://{domain}/account/settings?email={self.fake.email()}",
                f"https://{domain}/profile/{user}?tab=orders",
                f"http://{domain}/reset-password?uid={self.rng.randrange(10**6)}&token={self.fake.sha1()[:20]}",
            )
        )

    def plain_url(self) -> str:
        domain = self.fake.domain_name()
        path = self.rng.choice(
            ("pricing", "docs/getting-started", "blog/2024/03/release-notes", "help", "")
        )
        return f"https://{domain}/{path}"

    def hard_negative(self) -> str:
        r = self.rng
        number = r.randrange(10**5, 10**6)
        year = r.randrange(2015, 2026)
        options: list[Callable[[], str]] = [
            lambda: f"ORD-{year}-{number:06d}",
            lambda: f"order #{number}",
            lambda: f"INV-{year}-{r.randrange(10**4):04d}",
            lambda: f"SKU {r.randrange(10**12, 10**13)}",
            lambda: f"part no. {r.randrange(10**7, 10**8)}-{r.randrange(100):02d}",
            lambda: f"v{r.randrange(1, 9)}.{r.randrange(30)}.{r.randrange(20)}",
            lambda: (
                f"version {r.randrange(1, 9)}.{r.randrange(9)}.{r.randrange(9)}.{r.randrange(9)}"
            ),
            lambda: (
                f"{year}-{r.randrange(1, 13):02d}-{r.randrange(1, 29):02d}T{r.randrange(24):02d}:{r.randrange(60):02d}:00Z"
            ),
            lambda: f"{r.randrange(24):02d}:{r.randrange(60):02d}:{r.randrange(60):02d}",
            lambda: f"1Z{r.randrange(10**3):03d}AA1{r.randrange(10**10):010d}",
            lambda: str(self.fake.uuid4()),
            lambda: f"€{r.randrange(1, 99)},{r.randrange(1000):03d}.{r.randrange(100):02d}",
            lambda: f"{r.randrange(1, 99)}.{r.randrange(1000):03d},{r.randrange(100):02d} €",
            lambda: f"${r.randrange(1, 999)},{r.randrange(1000):03d}.00",
            lambda: f"Rechnung Nr. {year}-{r.randrange(10**4):04d}",
            lambda: f"facture n° {year}-{r.randrange(1000):03d}",
            lambda: f"ticket {r.randrange(10**7, 10**8)}",
            lambda: f"{r.randrange(1, 29):02d}.{r.randrange(1, 13):02d}.{year}",
            lambda: f"Kundennummer 0{r.randrange(10**8, 10**9)}",
            self.plain_url,
        ]
        return r.choice(options)()


# Special-category sentences: {X} is a term of type X, drawn from TERMS; some terms are missing
# from the detector's lexicons on purpose (lupus, Zöliakie, endométriose, Quaker, Alevit...).
TERMS: dict[str, dict[str, tuple[str, ...]]] = {
    "en": {
        "HEALTH": ("diabetes", "asthma", "epilepsy", "depression", "cancer", "HIV", "lupus",
                   "fibromyalgia", "multiple sclerosis", "ADHD", "bipolar disorder", "dementia"),
        "RELIGION": ("Muslim", "Jewish", "Catholic", "Hindu", "Buddhist", "atheist", "Quaker"),
        "ETHNICITY": ("Hispanic", "Roma", "African American", "Kurdish", "Aboriginal"),
        "POLITICAL": ("Labour Party", "Green Party", "Republican Party", "Liberal Democrats"),
        "CRIMINAL": ("criminal record", "prior conviction", "police record"),
        "UNION": ("trade union", "Teamsters", "UNISON", "Unite"),
        "SEXUAL_ORIENTATION": ("gay", "lesbian", "bisexual", "queer", "pansexual"),
    },
    "de": {
        "HEALTH": ("Diabetes", "Asthma", "Epilepsie", "Depressionen", "Zöliakie", "Rheuma",
                   "Multiple Sklerose", "ADHS", "Demenz", "Migräne"),
        "RELIGION": ("Muslim", "Jüdin", "katholisch", "evangelisch", "Buddhist", "Alevit"),
        "ETHNICITY": ("Sinti", "Roma", "Jesiden"),
        "POLITICAL": ("SPD", "CDU", "Grünen", "AfD", "FDP"),
        "CRIMINAL": ("vorbestraft", "rechtskräftig verurteilt", "wegen Betrugs verurteilt"),
        "UNION": ("ver.di", "IG Metall", "IG BCE", "NGG"),
        "SEXUAL_ORIENTATION": ("schwul", "lesbisch", "bisexuell"),
    },
    "fr": {
        "HEALTH": ("diabète", "asthme", "épilepsie", "dépression", "cancer", "VIH", "endométriose",
                   "sclérose en plaques", "TDAH"),
        "RELIGION": ("musulman", "juive", "catholique", "protestant", "bouddhiste", "orthodoxe"),
        "ETHNICITY": ("maghrébine", "tsigane", "kurde"),
        "POLITICAL": ("La France insoumise", "Rassemblement national", "Parti socialiste"),
        "CRIMINAL": ("casier judiciaire", "antécédent judiciaire"),
        "UNION": ("CGT", "CFDT", "CFE-CGC"),
        "SEXUAL_ORIENTATION": ("homosexuel", "lesbienne", "bisexuelle"),
    },
}  # fmt: skip

SPECIAL_SENTENCES: dict[str, tuple[str, ...]] = {
    "en": (
        "I was diagnosed with {HEALTH} last year, so I need to cancel my plan.",
        "My son has {HEALTH} and needs the accessible room.",
        "I am {RELIGION} and would like the vegetarian menu at the event.",
        "I am {ETHNICITY} and found the form's wording offensive.",
        "I have been a member of the {POLITICAL} for years and I vote accordingly.",
        "I have a {CRIMINAL} and wonder whether it shows up in your check.",
        "I'm a member of the {UNION} and ask that you copy my rep on the dispute.",
        "I'm {SEXUAL_ORIENTATION} and my partner should be on the policy too.",
    ),
    "de": (
        "Ich habe {HEALTH} und kann den Termin leider nicht wahrnehmen.",
        "Mein Mann hat {HEALTH}, deshalb bitte ich um Stornierung.",
        "Ich bin {RELIGION} und hätte gern das vegetarische Menü.",
        "Meine Familie gehört zu den {ETHNICITY} und ich fand die Formulierung verletzend.",
        "Ich wähle seit Jahren die {POLITICAL} und bin dort Mitglied.",
        "Ich bin {CRIMINAL}, erscheint das im Führungszeugnis?",
        "Ich bin Mitglied bei {UNION} und bitte um Beteiligung des Betriebsrats.",
        "Ich bin {SEXUAL_ORIENTATION} und mein Partner soll mitversichert werden.",
    ),
    "fr": (
        "Je suis atteinte de {HEALTH} et je ne peux pas venir au rendez-vous.",
        "Mon fils souffre de {HEALTH}, merci d'annuler la commande.",
        "Je suis {RELIGION} et je souhaite le menu végétarien.",
        "Je suis d'origine {ETHNICITY} et la question m'a choquée.",
        "Je milite depuis longtemps pour {POLITICAL} et j'ai voté pour eux.",
        "J'ai un {CRIMINAL}, est-ce que cela apparaît dans votre contrôle ?",
        "Je suis adhérent de la {UNION} et je demande sa présence à l'entretien.",
        "Je suis {SEXUAL_ORIENTATION} et ma compagne doit être assurée aussi.",
    ),
}
# Mentions that are about no one: they must stay unlabelled (and cost precision when flagged).
SPECIAL_NEGATIVES = {
    "en": ("We sponsor the annual cancer research run.", "The union of both lists is exported nightly.",
           "The party budget for the office is approved.", "The church bells woke the whole street."),
    "de": ("Die Kirche im Ort hat neue Glocken.", "Die Partei hat heute ihr Programm vorgestellt.",
           "Wir spenden für die Krebsforschung."),
    "fr": ("L'église du village est fermée le lundi.", "Le syndicat des copropriétaires se réunit.",
           "Le parti a présenté son programme."),
}  # fmt: skip

BODY = {
    "en": (
        "Please call me on {PHONE} after 5pm.",
        "You can reach me at {EMAIL} or on {PHONE}.",
        "The card {CREDIT_CARD} was charged twice for {NEG}.",
        "Please refund the amount to my account {IBAN}.",
        "My SSN is {US_SSN}, as the tax form asks.",
        "Please ship the replacement to {ADDRESS}.",
        "I was born on {DATE_OF_BIRTH}.",
        "Date of birth: {DATE_OF_BIRTH}",
        "Our colleague {PERSON} will handle {NEG}.",
        "I spoke with {TITLE} {SURNAME} yesterday about {NEG}.",
        "The login came from {IP_ADDRESS} at {NEG}.",
        "My public profile is {URL} if that helps.",
        "See {PLAIN_URL} for details on {NEG}.",
        "The invoice {NEG} for {NEG} is still open.",
        "Since {NEG} the export fails with {NEG}.",
        "{PERSON} from accounting approved {NEG}.",
    ),
    "de": (
        "Bitte rufen Sie mich unter {PHONE} zurück.",
        "Sie erreichen mich per E-Mail an {EMAIL} oder telefonisch unter {PHONE}.",
        "Die Karte {CREDIT_CARD} wurde für {NEG} doppelt belastet.",
        "Bitte erstatten Sie den Betrag auf mein Konto {IBAN}.",
        "Meine Anschrift lautet {ADDRESS}.",
        "Ich bin am {DATE_OF_BIRTH} geboren.",
        "Geburtsdatum: {DATE_OF_BIRTH}",
        "Ihr Kollege {PERSON} kümmert sich um {NEG}.",
        "Ich habe gestern mit {TITLE} {SURNAME} über {NEG} gesprochen.",
        "Die Anmeldung kam von {IP_ADDRESS} um {NEG}.",
        "Mein Profil finden Sie unter {URL}.",
        "Details stehen unter {PLAIN_URL} und in {NEG}.",
        "Die {NEG} über {NEG} ist noch offen.",
        "{PERSON} aus der Buchhaltung hat {NEG} freigegeben.",
    ),
    "fr": (
        "Merci de me rappeler au {PHONE}.",
        "Vous pouvez me joindre à {EMAIL} ou au {PHONE}.",
        "La carte {CREDIT_CARD} a été débitée deux fois pour {NEG}.",
        "Merci de rembourser sur mon compte {IBAN}.",
        "Mon adresse est {ADDRESS}.",
        "Je suis née le {DATE_OF_BIRTH}.",
        "Date de naissance : {DATE_OF_BIRTH}",
        "Votre collègue {PERSON} s'occupe de {NEG}.",
        "J'ai parlé hier avec {TITLE} {SURNAME} au sujet de {NEG}.",
        "La connexion venait de {IP_ADDRESS} à {NEG}.",
        "Mon profil public : {URL}",
        "Voir {PLAIN_URL} pour {NEG}.",
        "La {NEG} pour {NEG} reste impayée.",
        "{PERSON} de la comptabilité a validé {NEG}.",
    ),
}
TITLES = {
    "en": ("Mr", "Mrs", "Ms", "Dr"),
    "de": ("Herrn", "Frau", "Dr."),
    "fr": ("M.", "Mme", "Dr"),
}
OPENINGS = {
    "en": (
        "Hi,\n\n",
        "Hello support team,\n\n",
        "Dear {FIRST},\n\n",
        "Subject: problem with {NEG}\n\n",
    ),
    "de": ("Hallo,\n\n", "Sehr geehrte Damen und Herren,\n\n", "Liebe {FIRST},\n\n"),
    "fr": ("Bonjour,\n\n", "Madame, Monsieur,\n\n", "Bonjour {FIRST},\n\n"),
}
CLOSINGS = {
    "en": ("\n\nThanks,\n{PERSON}", "\n\nBest regards,\n{PERSON}", "\n\nCheers", "\n"),
    "de": ("\n\nViele Grüße\n{PERSON}", "\n\nMit freundlichen Grüßen\n{PERSON}", "\n"),
    "fr": ("\n\nCordialement,\n{PERSON}", "\n\nMerci,\n{FIRST}", "\n"),
}
LOG_LINES = (
    "{TS} INFO auth login ok user={EMAIL} ip={IP_ADDRESS} session={UUID}",
    "{TS} WARN payment declined card={CREDIT_CARD} order={NEG}",
    "{TS} ERROR sms delivery failed to={PHONE} ref={NEG}",
    "{TS} INFO request GET {URL} 200 from {IP_ADDRESS}",
    "{TS} INFO request GET {PLAIN_URL} 200 in 35ms build={NEG}",
    "{TS} DEBUG export job {UUID} finished rows={NUM}",
)

# Business sentences with no personal data (references and amounts are hard negatives).
PLAIN = {
    "en": (
        "Thanks for reaching out about {NEG}.",
        "Our team is looking into the delay and will update the ticket today.",
        "The new release fixes the export bug that Support reported last week.",
        "Please find the quarterly report attached; revenue grew in the EMEA region.",
        "Shipping usually takes three to five business days within the European Union.",
        "We updated our Privacy Policy and Terms of Service, see {PLAIN_URL}.",
        "The Customer Success Team will review the Enterprise plan on Monday.",
        "Payment of {NEG} was received and the account is in good standing.",
        "The warehouse in Rotterdam restocks the Classic Line every Friday.",
        "If the problem persists, clear the browser cache and restart the app.",
    ),
    "de": (
        "Vielen Dank für Ihre Nachricht zu {NEG}.",
        "Unser Team prüft die Verzögerung und meldet sich noch heute.",
        "Das neue Release behebt den Fehler beim Export aus der letzten Woche.",
        "Im Anhang finden Sie den Quartalsbericht; der Umsatz ist gestiegen.",
        "Der Versand dauert innerhalb Deutschlands in der Regel zwei bis drei Werktage.",
        "Wir haben unsere Datenschutzerklärung aktualisiert, siehe {PLAIN_URL}.",
        "Die Zahlung über {NEG} ist eingegangen, das Kundenkonto ist ausgeglichen.",
        "Bitte leeren Sie den Browser-Cache und starten Sie die Anwendung neu.",
        "Die Lieferung aus dem Lager in Hamburg erfolgt jeden Freitag.",
    ),
    "fr": (
        "Merci pour votre message concernant {NEG}.",
        "Notre équipe examine le retard et mettra le ticket à jour aujourd'hui.",
        "La nouvelle version corrige le problème d'export signalé la semaine dernière.",
        "Vous trouverez ci-joint le rapport trimestriel ; le chiffre d'affaires progresse.",
        "La livraison prend généralement trois à cinq jours ouvrés en France.",
        "Nous avons mis à jour notre politique de confidentialité, voir {PLAIN_URL}.",
        "Le paiement de {NEG} a bien été reçu, votre compte est à jour.",
        "Si le problème persiste, videz le cache du navigateur et relancez l'application.",
        "L'entrepôt de Lyon est réapprovisionné chaque vendredi.",
    ),
}
_UNLABELLED = {"NEG", "PLAIN_URL", "TITLE", "TS", "UUID", "NUM"}


def _value(name: str, maker: Maker) -> tuple[str, str | None]:
    """The text for a placeholder and its label (None for unlabelled text)."""
    terms = TERMS[maker.language]
    if name in terms:
        return maker.rng.choice(terms[name]), name
    producers: dict[str, Callable[[], str]] = {
        "PERSON": maker.person,
        "FIRST": maker.first_name,
        "SURNAME": maker.surname,
        "EMAIL": maker.email,
        "PHONE": maker.phone,
        "CREDIT_CARD": maker.card,
        "IBAN": maker.iban,
        "US_SSN": maker.ssn,
        "ADDRESS": maker.address,
        "DATE_OF_BIRTH": maker.birth_date,
        "IP_ADDRESS": maker.ip,
        "URL": maker.personal_url,
        "NEG": maker.hard_negative,
        "PLAIN_URL": maker.plain_url,
        "TITLE": lambda: maker.rng.choice(TITLES[maker.language]),
        "TS": lambda: maker.fake.date_time_this_year().strftime("%Y-%m-%dT%H:%M:%SZ"),
        "UUID": lambda: str(maker.fake.uuid4()),
        "NUM": lambda: str(maker.rng.randrange(10**6)),
    }
    label = None if name in _UNLABELLED else ("PERSON" if name in ("FIRST", "SURNAME") else name)
    return producers[name](), label


def fill(template: str, maker: Maker, document: Document) -> None:
    pieces = template.replace("}", "{").split("{")
    for index, piece in enumerate(pieces):
        if index % 2 == 0:
            document.add(piece)
        else:
            value, label = _value(piece, maker)
            document.add(value, label)


def _body_sentences(maker: Maker, count: int, pii_share: float) -> list[str]:
    """`count` sentences: personal-data templates with probability `pii_share`, else plain."""
    language, rng = maker.language, maker.rng
    pool = [s for s in BODY[language] if maker.locale == "en_US" or "US_SSN" not in s]
    chosen = [
        rng.choice(pool) if rng.random() < pii_share else rng.choice(PLAIN[language])
        for _ in range(count)
    ]
    if maker.rng.random() < 0.45 * pii_share:
        chosen.insert(
            maker.rng.randrange(len(chosen) + 1), maker.rng.choice(SPECIAL_SENTENCES[language])
        )
    if maker.rng.random() < 0.15:
        chosen.append(maker.rng.choice(SPECIAL_NEGATIVES[language]))
    return chosen


def _filler(maker: Maker) -> str:
    # Mostly plain business sentences; some Faker word salad for variety of capitalised words.
    if maker.rng.random() < 0.7:
        return maker.rng.choice(PLAIN[maker.language])
    return str(maker.fake.sentence(nb_words=maker.rng.randrange(6, 16)))


def make_document(maker: Maker, number: int, pii_share: float = 1.0) -> Document:
    rng, language = maker.rng, maker.language
    kind = rng.choice(("ticket", "email", "survey", "forum", "log"))
    document = Document(id=f"{maker.locale}-{kind}-{number}", locale=maker.locale)
    if kind == "log":
        for _ in range(rng.randrange(4, 12)):
            line = rng.choice(LOG_LINES) if rng.random() < pii_share else rng.choice(LOG_LINES[-2:])
            fill(line + "\n", maker, document)
        return document
    if kind in ("ticket", "email"):
        fill(rng.choice(OPENINGS[language]), maker, document)
    if kind == "survey":
        document.add("Q: What could we do better?\nA: " if language == "en" else "Antwort: ")
    count = rng.randrange(2, 6) if pii_share >= 1 else rng.randrange(4, 10)
    for sentence in _body_sentences(maker, count, pii_share):
        fill(sentence + " ", maker, document)
        if rng.random() < 0.5:
            fill(_filler(maker) + " ", maker, document)
    if kind in ("ticket", "email", "forum"):
        fill(rng.choice(CLOSINGS[language]), maker, document)
    return document


def generate_corpus(
    size: int = 5_000_000, seed: int = 20240301, pii_share: float = 1.0
) -> list[Document]:
    """Documents until their text adds up to `size` characters; the same seed, the same corpus.

    `pii_share` is the share of body sentences that carry personal data: 1.0 for the labelled
    corpus, lower for business text where personal data is the exception.
    """
    rng = random.Random(seed)
    makers = [Maker(locale, rng) for locale in LOCALES]
    documents: list[Document] = []
    total = 0
    while total < size:
        document = make_document(rng.choice(makers), len(documents), pii_share)
        documents.append(document)
        total += document.length
    return documents


if __name__ == "__main__":
    for doc in generate_corpus(3000, seed=7):
        print(f"--- {doc.id}")
        print(doc.text)
        for label, start, end in doc.labels:
            print(f"    {label:20} {doc.text[start:end]!r}")
