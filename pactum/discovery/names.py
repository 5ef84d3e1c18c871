"""What a column's name says: English, German and French naming read into a data category."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from pactum.detection.vocabulary import word_set
from pactum.discovery.database import Kind

ADDRESS = "user.contact.address"
LOCATION = "user.location"


@dataclass(frozen=True)
class NameRule:
    """Phrases (as written, any separator) that name a category; `check` names the value test
    that must agree when values are sampled; `locality` parts of an address (city, country) are
    the person's address next to a street and their location elsewhere."""

    phrases: tuple[str, ...]
    category: str | None
    strength: float
    identity: str | None = None
    check: str | None = None
    kinds: frozenset[Kind] = frozenset({Kind.TEXT, Kind.OTHER})
    special: str | None = None
    locality: bool = False
    tables: tuple[str, ...] = ()  # when set, only in tables whose name has one of these words


@dataclass(frozen=True)
class NameHint:
    rule: NameRule
    phrase: str
    is_generic: bool  # the bare word "name" or "mail": the values must confirm it


_TEXT = frozenset({Kind.TEXT, Kind.OTHER})
_NUMERIC = frozenset({Kind.TEXT, Kind.OTHER, Kind.NUMBER})
_DATES = frozenset({Kind.TEXT, Kind.OTHER, Kind.DATE, Kind.DATETIME})
_ANY = frozenset(Kind) - {Kind.BINARY}
_ORDERS = ("order", "invoice", "purchase", "payment", "transaction", "sale", "bestellung",
           "rechnung", "commande", "facture", "auftrag")  # fmt: skip


def _rule(
    phrases: str,
    category: str | None,
    strength: float,
    *,
    identity: str | None = None,
    check: str | None = None,
    kinds: frozenset[Kind] = _TEXT,
    special: str | None = None,
    locality: bool = False,
    tables: tuple[str, ...] = (),
) -> NameRule:
    return NameRule(
        tuple(phrases.split(",")), category, strength, identity, check, kinds, special, locality,
        tables,
    )  # fmt: skip


# First match wins: specific phrases come before the general ones they contain.
RULES: tuple[NameRule, ...] = (
    _rule("password,passwort,passwd,pwd,mot de passe,kennwort,secret,api key,otp secret,totp,"
          "token", "user.authorization.credentials", 0.8),
    _rule("ip,ip address,ipaddr,ipv4,ipv6,remote addr,remote address,client ip,ip adresse",
          "user.device.ip_address", 0.85, check="ip"),
    _rule("user agent,useragent,ua,browser", "user.device", 0.8, check="user_agent"),
    _rule("device id,device fingerprint,idfa,gaid,advertising id,push token",
          "user.device.device_id", 0.8, identity="device_id"),
    _rule("cookie,cookie id,visitor id,anonymous id,ga client id,tracking id",
          "user.device.cookie_id", 0.85, identity="cookie_id"),
    _rule("email,e mail,mail,email address,courriel,mail adresse,adresse mail,email adresse",
          "user.contact.email", 0.85, identity="email", check="email"),
    _rule("fax,telefax", "user.contact.fax_number", 0.8, check="phone", kinds=_NUMERIC),
    _rule("phone,phone number,telephone,tel,telefon,telefonnummer,mobile,mobil,handy,cell,"
          "cellphone,portable,mobile number,numero telephone,rufnummer",
          "user.contact.phone_number", 0.85, identity="phone", check="phone", kinds=_NUMERIC),
    _rule("ssn,social security,social security number,national id,national identifier,nino,"
          "national insurance,steuer id,steueridentifikationsnummer,svnr,"
          "sozialversicherungsnummer,nir,numero secu,securite sociale,id card,personalausweis,"
          "carte identite", "user.government_id.national_identification_number", 0.85),
    _rule("passport,passport no,passport number,reisepass,passeport",
          "user.government_id.passport_number", 0.85),
    _rule("drivers license,driver license,driving licence,fuhrerschein,fuehrerschein,"
          "permis de conduire", "user.government_id.drivers_license_number", 0.85),
    _rule("iban", "user.financial.bank_account", 0.9, check="iban"),
    _rule("bic,swift,bank account,bank account no,bank routing,routing,routing no,"
          "routing number,sort code,blz,kontonummer,konto,rib,bankverbindung",
          "user.financial.bank_account", 0.8),
    _rule("credit card,card number,card no,cc number,kreditkarte,carte bancaire,pan",
          "user.financial.credit_card", 0.85, check="card"),
    _rule("dob,date of birth,birth date,birthdate,birthday,geburtsdatum,geburtstag,geboren,"
          "date naissance,date de naissance,naissance", "user.demographic.date_of_birth",
          0.9, kinds=_DATES),
    _rule("age", "user.demographic.age_range", 0.6, kinds=_NUMERIC),
    _rule("street,street address,address,address line,adresse,anschrift,strasse,hausnummer,"
          "house number,house no,rue,voie,postal code,postcode,zip,zip code,plz,postleitzahl,"
          "code postal", ADDRESS, 0.8, kinds=_NUMERIC),
    _rule("city,town,ort,stadt,ville,commune,region,province,county,bundesland,country,"
          "country code,pays,state,land", ADDRESS, 0.6, locality=True),
    _rule("location,geo,geoip,geolocation,latitude,longitude,lat,lng,lon,gps,coordinates,"
          "standort,lieu,localisation", LOCATION, 0.7, kinds=_NUMERIC),
    _rule("company,company name,organization,organisation,employer,firm,firma,unternehmen,"
          "arbeitgeber,entreprise,societe,raison sociale", "user.contact.organization", 0.7),
    _rule("job title,position,occupation,profession,beruf,berufsbezeichnung,poste,"
          "fonction,metier", "user.job_title", 0.75),
    _rule("department,abteilung,departement,division,office,bureau,cost center,kostenstelle,"
          "salary,gehalt,salaire,wage,compensation,payroll,pay grade",
          "user.workplace", 0.7, kinds=_NUMERIC),
    _rule("employee no,employee id,employee number,personalnummer,personnel no,staff id,"
          "staff no,matricule", "user.workplace", 0.7, identity="employee_id", kinds=_NUMERIC),
    _rule("customer no,customer id,customer number,customer nr,kundennummer,kundennr,kunden nr,"
          "kunden id,numero client,no client", "user.account", 0.7, identity="customer_id",
          kinds=_NUMERIC),
    _rule("member id,membership no,membership number,mitgliedsnummer", "user.account", 0.7,
          identity="member_id", kinds=_NUMERIC),
    _rule("contact id,kontakt id", None, 0.7, identity="contact_id", kinds=_NUMERIC),
    _rule("username,user name,login,login name,handle,nickname,screen name,benutzername,"
          "pseudo,pseudonym", "user.account", 0.75, identity="username"),
    _rule("first name,firstname,given name,forename,vorname,prenom,last name,lastname,surname,"
          "family name,nachname,nom de famille,full name,display name,middle name,maiden name,"
          "salutation,anrede,civilite,name,nom", "user.name", 0.75, check="person"),
    _rule("language,lang,locale,sprache,langue", "user.demographic.language", 0.7),
    _rule("gender,sex,geschlecht,sexe", "user.demographic.gender", 0.8),
    _rule("marital status,familienstand,situation familiale", "user.demographic.marital_status",
          0.8),
    _rule("nationality,citizenship,staatsangehorigkeit,nationalite", "user.demographic", 0.7),
    _rule("religion,konfession,religionszugehorigkeit,confession,denomination,faith",
          "user.demographic.religious_belief", 0.85, special="RELIGION"),
    _rule("ethnicity,ethnic,race,ethnie,origine ethnique", "user.demographic.race_ethnicity",
          0.85, special="ETHNICITY"),
    _rule("health,diagnosis,diagnose,medical,illness,disease,allergy,allergies,disability,"
          "behinderung,handicap,medication,krankheit,maladie", "user.health_and_medical", 0.85,
          special="HEALTH"),
    _rule("political party,political opinion,partei,parti politique",
          "user.demographic.political_opinion", 0.85, special="POLITICAL"),
    _rule("union,union member,trade union,gewerkschaft,syndicat", "user.demographic", 0.7,
          special="UNION"),
    _rule("sexual orientation,orientation sexuelle,sexuelle orientierung",
          "user.demographic.sexual_orientation", 0.85, special="SEXUAL_ORIENTATION"),
    _rule("criminal,criminal record,conviction,convictions,vorstrafen,casier judiciaire",
          "user.criminal_history", 0.85, special="CRIMINAL"),
    _rule("opt in,opted in,optin,consent,consented,subscribed,unsubscribed,unsubscribe,opt out,"
          "do not contact,do not email,do not track,marketing opt in,newsletter,gpc,"
          "einwilligung,consentement", "user.privacy_preferences", 0.7, kinds=_ANY),
    _rule("search term,search query,query,suchbegriff", "user.behavior.search_history", 0.6),
    _rule("url,link,path,page,landing page,referrer,referer,utm", "user.behavior.browsing_history",
          0.6),
    _rule("order no,order number,invoice no,invoice number,bestellnummer,rechnungsnummer,"
          "numero commande,numero facture", "user.behavior.purchase_history", 0.6),
    _rule("total,amount,betrag,montant", "user.behavior.purchase_history", 0.5,
          kinds=_NUMERIC, tables=_ORDERS),
    _rule("payment method,payment type,zahlungsart,moyen de paiement,card brand,card last4",
          "user.payment", 0.7),
)  # fmt: skip

# The column describes a property of the thing, not the thing: `email_type`, `phone_verified`.
QUALIFIERS = word_set(
    "type kind format count domain template provider status verified valid enabled flag currency unit"
)
# "name" after these words is not a person's name.
NOT_A_PERSON = word_set(
    "company firm firma organization organisation org business product item article file host "
    "domain server table column campaign thread event project brand category tag group team "
    "department city street country region bank app device browser plan tier role job list "
    "template feature sku model vendor supplier store shop site page field key"
)
# A relative's or an emergency contact's details: personal data, never the subject's identity.
SOMEONE_ELSE = word_set("emergency kin relative notfall urgence spouse partner")
GENERIC = frozenset({"name", "nom", "mail", "tel", "ua", "pan"})
# Locality words that are often something else ("state": open or closed): only next to a street.
WEAK_LOCALITY = frozenset({"state", "land"})
FREE_TEXT = word_set(
    "body note notes comment comments message text description answer content remarks remark "
    "bemerkung notiz nachricht kommentar commentaire remarque feedback subject betreff objet "
    "title"
)
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_SPLIT = re.compile(r"[^a-z0-9]+|(?<=[a-z])(?=[0-9])|(?<=[0-9])(?=[a-z])")


def words(name: str) -> list[str]:
    """`billingEMail_2` -> ["billing", "e", "mail", "2"]; accents dropped, ß as ss."""
    plain = unicodedata.normalize("NFKD", name.replace("ß", "ss"))
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return [w for w in _SPLIT.split(_CAMEL.sub("_", plain).lower()) if w]


def joined_runs(tokens: list[str], longest: int = 4) -> set[str]:
    """Every run of up to `longest` adjacent words, written together: e_mail matches email."""
    return {
        "".join(tokens[start : start + length])
        for start in range(len(tokens))
        for length in range(1, longest + 1)
        if start + length <= len(tokens)
    }


@cache
def _phrase_index() -> list[tuple[str, NameRule]]:
    return [("".join(words(p)), rule) for rule in RULES for p in rule.phrases]


def read_name(column: str, table: str, kind: Kind) -> NameHint | None:
    """The first rule whose phrase is a run of the column's words (None: the name says nothing)."""
    tokens = words(column)
    if kind is Kind.BINARY or not tokens:
        return None
    runs = joined_runs(tokens)
    table_words = set(words(table)) | {singular(w) for w in words(table)}
    for phrase, rule in _phrase_index():
        if phrase not in runs or kind not in rule.kinds:
            continue
        if rule.tables and not table_words & set(rule.tables):
            continue
        if _is_qualified(tokens, phrase, rule):
            continue
        if rule.category == "user.name" and set(tokens) & NOT_A_PERSON:
            continue
        return NameHint(rule, phrase, is_generic=phrase in GENERIC and len(tokens) == 1)
    return None


def _is_qualified(tokens: list[str], phrase: str, rule: NameRule) -> bool:
    if rule.category in ("user.privacy_preferences", "user.authorization.credentials"):
        return False
    return bool(set(tokens) & QUALIFIERS) and phrase not in QUALIFIERS


def is_someone_else(column: str) -> bool:
    return bool(set(words(column)) & SOMEONE_ELSE)


def is_free_text_name(column: str) -> bool:
    return bool(set(words(column)) & FREE_TEXT)


def singular(word: str) -> str:
    """contacts -> contact, addresses -> address, activities -> activity (English plurals)."""
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "ches", "shes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us")) and len(word) > 3:
        return word[:-1]
    return word


# What a table's name says its rows are about, for the columns that only describe its people.
# First match wins; an entry with two word sets needs a word of each.
TABLE_TOPICS: tuple[tuple[frozenset[str], frozenset[str], str], ...] = tuple(
    (frozenset(first.split()), frozenset(second.split()), category)
    for first, second, category in (
        ("subscription newsletter consent preference optin unsubscribe optout permission", "",
         "user.privacy_preferences"),
        ("mail email newsletter campaign", "event open click bounce delivery activity tracking",
         "user.behavior"),
        ("web session visit pageview click clickstream log analytic tracking hit access", "",
         "user.behavior.browsing_history"),
        ("order invoice purchase payment transaction sale cart basket bestellung rechnung "
         "commande facture", "", "user.behavior.purchase_history"),
        ("employee staff hr personnel payroll absence leave timesheet mitarbeiter salarie employe",
         "", "user.workplace"),
        ("forum post comment thread community review", "", "user.content.public"),
        ("survey response feedback nps poll questionnaire umfrage sondage ticket support message "
         "note activity case chat conversation call interaction", "", "user.content.private"),
    )
)  # fmt: skip
PREFERENCES = "user.privacy_preferences"


def table_category(table: str) -> str:
    """The category of what a table's rows record about people; `user` when the name is silent."""
    tokens = {singular(w) for w in words(table)}
    for first, second, category in TABLE_TOPICS:
        if tokens & first and (not second or tokens & second):
            return category
    return "user"


def free_text_category(table: str) -> str:
    """Prose is what people wrote: public posts, employment records, or private messages."""
    category = table_category(table)
    if category in ("user.content.public", "user.workplace"):
        return category
    return "user.content.private"
