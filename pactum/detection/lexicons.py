"""Lexicons for the special categories of personal data (GDPR Art. 9) in English, German, French.

Each category lists strong terms (reported on their own), weak terms (reported only when the text
ties them to a person) and cue words that make either more certain. A term ending in "*" matches
any word that starts with it; a term written with capitals (an acronym) must match exactly.
"""

from __future__ import annotations

from dataclasses import dataclass

from pactum.detection.findings import FindingType
from pactum.detection.vocabulary import word_set


@dataclass(frozen=True)
class Lexicon:
    strong: frozenset[str]
    weak: frozenset[str]
    cues: frozenset[str]


def _terms(text: str) -> frozenset[str]:
    return frozenset(term.strip() for term in text.split("|") if term.strip())


LEXICONS: dict[FindingType, Lexicon] = {
    FindingType.HEALTH: Lexicon(
        strong=_terms(
            """diabet* | cancer | tumour | tumor | chemotherapy | HIV | AIDS | hiv-positive |
            depression | anxiety disorder | panic attacks | bipolar | schizophreni* | epilep* |
            asthma | pregnant | pregnancy | miscarriage | disability | disabilities | wheelchair |
            insulin | antidepressant* | psychiatri* | mental health | mental illness | dementia |
            alzheimer* | parkinson's | multiple sclerosis | crohn's | autism | autistic | ADHD |
            dyslexi* | heart attack | sick leave | sick note | medical condition | chronic illness |
            chronic pain | hospitalised | hospitalized | hypertension | hepatitis | tuberculosis |
            infertility | eating disorder | anorexi* | bulimi* | alcoholism | long covid |
            krebserkrank* | chemotherapie | depressionen | depressiv | angststörung* | panikattacke* |
            schizophren* | schwanger | schwangerschaft | fehlgeburt | diagnostiziert |
            schwerbehindert* | behinderung | rollstuhl | antidepressiva | psychisch krank |
            psychische erkrankung | demenz | multiple sklerose | autismus | ADHS | legasthenie |
            herzinfarkt | schlaganfall | krankgeschrieben | krankschreibung | chronisch krank |
            bluthochdruck | essstörung | magersucht | alkoholkrank* | diabète | diabétique |
            tumeur | chimiothérapie | VIH | sida | dépression | trouble anxieux | crises de panique |
            bipolaire | schizophrène | épilepsie | épileptique | asthme | enceinte | grossesse |
            fausse couche | diagnostiqué | diagnostiquée | fauteuil roulant | insuline |
            antidépresseur* | santé mentale | maladie mentale | démence | sclérose en plaques |
            autisme | TDAH | dyslexique | crise cardiaque | infarctus | AVC | arrêt maladie |
            maladie chronique | hospitalisé | hospitalisée | hépatite | anorexique | boulimique"""
        ),
        weak=_terms(
            """diagnosis | diagnosed | surgery | operation | therapy | therapist | medication |
            medicine | prescription | allergic | allergy | allergies | migraine* | stroke | disabled |
            blind | deaf | hospital | illness | sick | injury | injured | covid | doctor's note |
            diagnose | operiert | therapie | therapeut* | medikament* | allergi* |
            migräne | krankenhaus | krank | erkrankung | verletzung | burnout | burn-out | behindert |
            diagnostic | opération | opéré | opérée | thérapie | médicament* | allergique | malade |
            maladie | hôpital | blessure | handicap | handicapé | handicapée | arrêt de travail"""
        ),
        cues=_terms("""diagnosed | doctor | treatment | suffer | suffers | suffering | condition |
            arzt | ärztin | behandlung | leide | leidet | médecin | traitement | souffre"""),
    ),
    FindingType.RELIGION: Lexicon(
        strong=_terms(
            """muslim | muslims | islam | islamic | jewish | judaism | catholic | protestant |
            evangelical | hindu | buddhist | buddhism | sikh | atheist | agnostic |
            jehovah's witness | jehovah's witnesses | mormon | mosque | synagogue | ramadan |
            religion | religious | baptised | baptized | muslima | islamisch | jüdisch | jüdin |
            judentum | christlich | katholisch | evangelisch | protestantisch | buddhistisch |
            atheistin | konfessionslos | zeugen jehovas | moschee | synagoge | religiös |
            getauft | kirchenaustritt | musulman | musulmane | juif | juive | judaïsme | chrétien |
            chrétienne | catholique | évangélique | hindou | hindoue | bouddhiste | athée |
            agnostique | témoin de jéhovah | mosquée | religieux | religieuse | baptisé | baptisée"""
        ),
        weak=_terms(
            """christian | church | temple | faith | kosher | halal | pray | praying | believer |
            christ | christin | jude | kirche | glaube | gläubig | beten | église | foi | prière |
            croyant | croyante"""
        ),
        cues=_terms("""believe | practise | practice | convert | converted | worship | attend |
            glaube | konvertiert | praktiziere | crois | pratiquant | pratiquante | converti"""),
    ),
    FindingType.ETHNICITY: Lexicon(
        strong=_terms(
            """ethnic origin | ethnicity | racial origin | african american | african-american |
            hispanic | latino | latina | latinx | romani | indigenous | aboriginal | mixed race |
            biracial | person of colour | person of color | people of colour | people of color |
            ethnische herkunft | ethnie | ethnisch | migrationshintergrund | rassische herkunft |
            hautfarbe | sinti | afrodeutsch* | türkischstämmig* | origine ethnique | ethnique |
            origine raciale | couleur de peau | maghrébin | maghrébine | tsigane | métis | métisse"""
        ),
        weak=_terms(
            """race | black | asian | arab | roma | kurdish | schwarz | schwarze | kurdisch |
            kurdin | kurde | noir | noire | arabe | asiatique | rom | roms | gitan | gitane |
            d'origine"""
        ),
        cues=_terms("""origin | background | descent | heritage | herkunft | abstammung |
            stämmig | origine | descendance"""),
    ),
    FindingType.POLITICAL: Lexicon(
        strong=_terms(
            """political opinion | political opinions | political views | political party |
            voted for | party member | labour party | conservative party | tories | tory |
            liberal democrats | lib dem | green party | republican party | democratic party |
            far-right | far-left | political affiliation | politische meinung |
            politische einstellung | parteimitglied | parteibuch | linksextrem | rechtsextrem |
            opinion politique | opinions politiques | parti politique | la france insoumise |
            rassemblement national | les républicains | parti socialiste | extrême droite |
            extrême gauche | voté pour | j'ai voté"""
        ),
        weak=_terms(
            """vote | democrat | democrats | republican | republicans | socialist | communist |
            anarchist | right-wing | left-wing | labour | conservative | SPD | CDU | CSU | FDP |
            AfD | BSW | grünen | die linke | linke | gewählt | wähle | sozialist | kommunist |
            militant | militante | LFI | RN | EELV | écologiste | communiste | socialiste |
            gauchiste"""
        ),
        cues=_terms("""vote | voted | voting | member | supporter | support | campaign | elected |
            wähle | gewählt | wählen | mitglied | unterstütze | wahl | voté | voter | membre |
            adhérent | adhérente | soutiens | élection"""),
    ),
    FindingType.CRIMINAL: Lexicon(
        strong=_terms(
            """criminal record | criminal records | criminal conviction | criminal convictions |
            convicted | sentenced | imprisoned | incarcerated | on parole | on bail | felony |
            felon | misdemeanor | misdemeanour | criminal offence | criminal offense | pleaded guilty |
            police record | sex offender | ex-offender | vorstrafe | vorstrafen | vorbestraft |
            strafregister | verurteilt | haftstrafe | inhaftiert | festgenommen | verhaftet |
            strafverfahren | casier judiciaire | condamné | condamnée | condamnation | incarcéré |
            incarcérée | garde à vue | mis en examen | mise en examen | infraction pénale"""
        ),
        weak=_terms(
            """prison | jail | arrested | arrest | probation | charged with | conviction | dui | court |
            führungszeugnis | gefängnis | haft | bewährung | straftat | anzeige | détention |
            détenu | détenue | interpellé | interpellée | délit | sursis | tribunal"""
        ),
        cues=_terms("""police | crime | offence | offense | theft | fraud | assault | polizei |
            diebstahl | betrug | körperverletzung | police | vol | fraude | agression"""),
    ),
    FindingType.UNION: Lexicon(
        strong=_terms(
            """trade union | labor union | labour union | union member | union membership |
            union rep | union representative | shop steward | unionised | unionized | union dues |
            teamsters | AFL-CIO | UNISON | gewerkschaft* | ver.di | IG Metall | IG BCE | DGB |
            syndicat | syndicats | syndiqué | syndiquée | syndical | syndicale | délégué syndical |
            déléguée syndicale | CGT | CFDT | CFE-CGC | UNSA"""
        ),
        weak=_terms("""union | unions | verdi | GEW | NGG | betriebsrat | FO | SUD"""),
        cues=_terms("""member | membership | joined | strike | mitglied | streik | eingetreten |
            membre | adhérent | adhérente | grève | adhéré"""),
    ),
    FindingType.SEXUAL_ORIENTATION: Lexicon(
        strong=_terms(
            """gay | lesbian | bisexual | homosexual | heterosexual | queer | asexual | pansexual |
            LGBT | LGBTQ | LGBTQ+ | LGBTQIA | sexual orientation | same-sex partner |
            same-sex relationship | schwul | lesbisch | lesbe | bisexuell | homosexuell |
            heterosexuell | asexuell | sexuelle orientierung | sexuelle ausrichtung |
            gleichgeschlechtlich* | lesbienne | bisexuel | bisexuelle | homosexuel | homosexuelle |
            hétérosexuel | hétérosexuelle | orientation sexuelle | même sexe"""
        ),
        weak=_terms("""coming out | came out | homo | gai"""),
        cues=_terms("""identify | identifies | boyfriend | girlfriend | husband | wife | freund |
            freundin | copain | copine | mari | femme"""),
    ),
}

# Words that tie a term to a person: first person, third person, relatives, roles. Not "we":
# in business text it is mostly the company ("we sponsor cancer research").
PERSON_CUES: frozenset[str] = word_set(
    """i me my mine myself he she him his her hers they them their wife husband partner
    son daughter child kid mother father mum mom dad brother sister colleague employee patient
    customer client member applicant candidate tenant friend boyfriend girlfriend neighbour neighbor
    ich mir mich mein meine meinen meinem meiner er sie ihm ihn ihr ihre sein
    seine seinem seiner ehemann ehefrau mann frau partnerin sohn tochter kind mutter vater bruder
    schwester kollege kollegin mitarbeiter mitarbeiterin patientin kunde kundin bewerber bewerberin
    mieter mieterin je j moi mon ma mes il elle lui son sa ses leur leurs mari femme
    épouse époux conjoint conjointe fils fille enfant mère père frère sœur collègue salarié salariée
    employé employée patiente cliente candidat candidate locataire"""
)
