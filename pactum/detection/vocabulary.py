"""Word lists for names and addresses in English, German and French, kept as data."""

from __future__ import annotations


def word_set(text: str) -> frozenset[str]:
    """The whitespace-separated words of `text`: word lists stay readable as plain prose."""
    return frozenset(text.split())


# Written before a name: "Mr Smith", "Frau Weber", "Mme Martin". Lower case: they go through
# the phrase index, which sees lower-cased text; the detector checks the capital afterwards.
TITLES: frozenset[str] = word_set(
    """mr mr. mrs mrs. ms ms. miss mx dr dr. prof prof. sir dame herr herrn frau hr. fr. m. mme mme.
    mlle mlle. monsieur madame mademoiselle docteur maître"""
)

# Cue words, by how much they say about the capitalised word that follows.
INTRODUCTIONS: frozenset[str] = frozenset(
    {
        "my name is", "my name's", "name is", "i am called", "call me", "ich heiße",
        "ich heisse", "mein name ist", "mein name lautet", "je m'appelle", "mon nom est",
        "je me nomme", "name:", "nom :", "nom:", "signed", "gezeichnet", "signé",
    }
)  # fmt: skip
GREETINGS: frozenset[str] = word_set(
    "dear hi hello hey hallo liebe lieber servus moin bonjour bonsoir salut cher chère"
)
SIGN_OFFS: frozenset[str] = frozenset(
    {
        "regards", "best regards", "kind regards", "warm regards", "best wishes", "best",
        "thanks", "thank you", "many thanks", "cheers", "sincerely", "yours sincerely",
        "yours truly", "mit freundlichen grüßen", "mit freundlichen grüssen", "freundliche grüße",
        "viele grüße", "beste grüße", "liebe grüße", "herzliche grüße", "gruß", "grüße", "lg",
        "vg", "mfg", "danke", "vielen dank", "cordialement", "bien cordialement",
        "bien à vous", "amicalement", "merci", "merci beaucoup", "bisous", "salutations",
    }
)  # fmt: skip

NAME_PARTICLES: frozenset[str] = word_set(
    "von van der den de du des la le zu zum di da del dos ter ten vom"
) | {"von der", "van der", "van den", "de la"}

# Words that are capitalised often but never a person: they stop a name and never start one.
# Some are first or last names in Faker's lists ("Will", "May", "Winter"); they are left out of
# the lists, so "May" alone is never a name but "Anna May" still is (a known first name first).
NOT_NAMES: frozenset[str] = word_set(
    """The This That These Those There Then Than They Their Them Our Your You We He She It Its His
    Her And But For Not All Any Some Each Every Many Much More Most Other Such Only Also Just Very
    What When Where Which Who Why How Here Please Yes No Thanks Thank Dear Hi Hello Hey Regards Best
    Kind Sincerely Cheers Could Would Should Must Might Shall
    January February March September October November December
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday Today Tomorrow Yesterday Christmas Easter
    Street Road Avenue Drive Court Place Square North South East West New Old
    Team Support Service Services Customer Customers Client Clients Sales Billing Account Order
    Colleague Colleagues Kollege Kollegin Kollegen Collègue Collègues Manager Director Mitarbeiter
    Invoice Ticket Privacy Policy Data Department Office Company Group Bank Hotel University
    Hospital School Church City Town County State Inc Ltd LLC Corp Co GmbH AG KG SE SA SAS SARL
    Der Die Das Den Dem Des Ein Eine Einen Einem Einer Ich Wir Sie Er Es Mein Meine Ihr Ihre Unser
    Und Oder Aber Mit Von Vom Zum Zur Bei Nach Für Auf Aus Im Am In An Ist Sind War Bitte Danke
    Sehr Liebe Lieber Hallo Gruß Grüße Herr Frau Firma Kunde Kundin Straße Strasse Platz Weg
    Januar Februar März Mai Juni Juli Oktober Dezember Montag Dienstag Mittwoch Donnerstag Freitag
    Samstag Sonntag Heute Morgen
    Le La Les Un Une Des Du De Au Aux Je Nous Vous Il Elle Ils Elles Mon Ma Mes Ton Ta Ce Cette
    Ces Et Ou Mais Pour Par Sur Avec Dans Chez Merci Bonjour Cher Chère Madame Monsieur Mademoiselle
    Votre Vos Notre Nos Leur Leurs Son Sa Ses Dein Deine Sein Seine Unsere Euer
    Mr Mrs Ms Miss Mx Dr Prof Sir Dame Hr Fr Mme Mlle Docteur Maître Herrn
    Rue Avenue Boulevard Chemin Place Janvier Février Mars Avril Juin Juillet Août Septembre
    Octobre Novembre Décembre Lundi Mardi Mercredi Jeudi Vendredi Samedi Dimanche"""
)

# First names that are more often something else ("Will you", "May 2024", "Summer sale"): they
# never start a name by the lists alone, but count after a cue or title ("Thanks, April Miller")
# and as surnames ("Jeremy Winter").
AMBIGUOUS_FIRST_NAMES: frozenset[str] = word_set(
    """Will May Can Summer Winter Spring Autumn Fall April June July August Hope Joy Faith Rose
    Dawn Sunny Olive Marine"""
)

# Greeted often, never a person: "Dear Customer", "Hi Team", "Hallo zusammen".
GENERIC_ADDRESSEES: frozenset[str] = word_set(
    """Customer Customers Client Team Teams All Everyone Everybody Folks Colleagues Sir Madam Sirs
    Friends Friend Support There World Guys Kunde Kundin Kunden Damen Herren Zusammen Kollegen
    Kolleginnen Team Tous Toutes Amis Collègues Madame Monsieur Messieurs Mesdames Équipe"""
)

# Street types, in the phrase index: English and French precede the name or follow the number.
STREET_WORDS: frozenset[str] = word_set(
    """street st st. avenue ave ave. road rd rd. lane ln ln. drive dr. boulevard blvd blvd. court
    ct ct. way place pl. terrace close crescent square parkway highway hwy circle cir grove gardens
    mews row walk rue avenue boulevard bd bd. chemin allée impasse place quai route cours square
    passage"""
)
# German street names end in one of these, often fused: "Hauptstraße", "Lindenweg", "Marktplatz".
GERMAN_STREET_ENDINGS: tuple[str, ...] = (
    "straße", "strasse", "str.", "weg", "platz", "gasse", "allee", "ring", "damm", "ufer",
    "chaussee", "steig", "pfad", "graben",
)  # fmt: skip

US_STATES: frozenset[str] = word_set(
    """AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ
    NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY AS GU MP PR VI FM MH PW AA AE AP"""
)
# The letters that open a UK postcode (Royal Mail postcode areas).
UK_POSTCODE_AREAS: frozenset[str] = word_set(
    """AB AL B BA BB BD BH BL BN BR BS BT CA CB CF CH CM CO CR CT CV CW DA DD DE DG DH DL DN DT DY
    E EC EH EN EX FK FY G GL GU GY HA HD HG HP HR HS HU HX IG IM IP IV JE KA KT KW KY L LA LD LE
    LL LN LS LU M ME MK ML N NE NG NN NP NR NW OL OX PA PE PH PL PO PR RG RH RM S SA SE SG SK SL
    SM SN SO SP SR SS ST SW SY TA TD TF TN TQ TR TS TW UB W WA WC WD WF WN WR WS WV YO ZE"""
)
