"""The pages' words in bokmål and English.

Pages are written in English and look each text up here by its English wording (as gettext
does); :func:`translator` gives the lookup for a language. A text with no bokmål entry shows in
English.
"""

from __future__ import annotations

from collections.abc import Callable

NB: dict[str, str] = {
    "1. Your workbook": "1. Arbeidsboka di",
    "At most placed": "Høyst plassert",
    "At most possible": "Høyst mulig",
    "At most {upper_bound} could be placed, so this result may be up to {gap} short.":
        "Høyst {upper_bound} kunne vært plassert, så dette resultatet kan mangle opptil {gap}.",
    "Back to the start page": "Tilbake til startsiden",
    "Best school days": "Beste skoledager",
    "Bottlenecks": "Flaskehalser",
    "Calendar": "Kalender",
    "Calendars": "Kalendere",
    "Candidates": "Kandidater",
    "Capacity": "Kapasitet",
    "Capacity: places against demand": "Kapasitet: plasser mot behov",
    "Capacity: places against demand, and the bottlenecks":
        "Kapasitet: plasser mot behov, og flaskehalsene",
    "Checking the workbook…": "Sjekker arbeidsboka …",
    "Choose the round's Excel workbook (.xlsx)": "Velg rundens Excel-arbeidsbok (.xlsx)",
    "Column": "Kolonne",
    "Company": "Bedrift",
    "Compare": "Sammenlign",
    "Compare scenarios": "Sammenlign scenarioer",
    "Compare: the base plan and each scenario side by side":
        "Sammenlign: grunnplanen og hvert scenario side om side",
    "Delete this round and its files": "Slett denne runden og filene",
    "Delete this workbook from the session": "Slett denne arbeidsboka fra økta",
    "Download the result workbook": "Last ned resultatboka",
    "Download the template": "Last ned malen",
    "Download the workbook": "Last ned arbeidsboka",
    "Eligible": "Aktuelle",
    "Every hard rule was checked again by an independent checker before the workbook was "
    "written.": "Alle harde regler ble kontrollert på nytt av en uavhengig kontroll før "
                "arbeidsboka ble skrevet.",
    "Expected": "Forventet",
    "Filter": "Filtrer",
    "Finding": "Funn",
    "Found": "Funnet",
    "Fri": "fre",
    "Internal error: the result broke a hard rule and was not written. Please report it.":
        "Intern feil: resultatet brøt en hard regel og ble ikke skrevet. Meld gjerne fra.",
    "Language": "Språk",
    "Leave a field blank to use the workbook's Settings.":
        "La et felt stå tomt for å bruke arbeidsbokas Settings.",
    "Leave names out of the result (pseudonyms)": "Utelat navn i resultatet (pseudonymer)",
    "Make the report": "Lag rapporten",
    "Matching participants to training places": "Matching av deltakere til opplæringsplasser",
    "Matching…": "Matcher …",
    "Mon": "man",
    "Month": "Måned",
    "No bottlenecks: every candidate who can be placed somewhere has room.":
        "Ingen flaskehalser: alle kandidater som kan plasseres et sted, har plass.",
    "No result can place more: at most {upper_bound} could be placed.":
        "Ingen løsning kan plassere flere: høyst {upper_bound} kunne vært plassert.",
    "Nothing was run. Fix these in Excel (the row numbers are the ones Excel shows), save, and "
    "upload the workbook again.": "Ingenting ble kjørt. Rett disse i Excel (radnumrene er de "
                                  "Excel viser), lagre og last opp arbeidsboka på nytt.",
    "Occupation": "Yrke",
    "Occupations": "Yrker",
    "Or start from an empty workbook": "Eller start med en tom arbeidsbok",
    "Or try a sample round": "Eller prøv en eksempelrunde",
    "Other reports": "Andre rapporter",
    "Participant": "Deltaker",
    "People": "Personer",
    "Per occupation: the places, the candidates and the most that can be placed, and where the "
    "shortage is. Nothing is solved; it takes seconds.":
        "Per yrke: plassene, kandidatene og hvor mange som høyst kan plasseres, og hvor det "
        "mangler. Ingenting løses; det tar sekunder.",
    "Placeable now": "Kan plasseres nå",
    "Placeable then": "Kan plasseres da",
    "Placed by priority (5 first):": "Plassert etter prioritet (5 først):",
    "Placed so far": "Plassert så langt",
    "Placements": "Plasseringer",
    "Places": "Plasser",
    "Places against demand per occupation": "Plasser mot behov per yrke",
    "Preparing the tables…": "Lager tabellene …",
    "Problem": "Problem",
    "Programme": "Program",
    "Proven best: no result places more, or more at a higher priority.":
        "Bevist best: ingen løsning plasserer flere, eller flere med høyere prioritet.",
    "Rounds in this session": "Runder i denne økta",
    "Row": "Rad",
    "Run the round": "Kjør runden",
    "Sat": "lør",
    "School days": "Skoledager",
    "Seed": "Frø (seed)",
    "Sheet": "Ark",
    "Shortfall": "Mangel",
    "Show": "Vis",
    "Solver threads": "Tråder for løseren",
    "Start a matching round": "Start en matcherunde",
    "Start page": "Startside",
    "Starting…": "Starter …",
    "Stop": "Stopp",
    "Sun": "søn",
    "The base plan and every scenario of the Phases sheet, each solved with the same settings, "
    "side by side.": "Grunnplanen og hvert scenario i Phases-arket, løst med de samme "
                     "innstillingene, side om side.",
    "The hard rules cannot all hold. In conflict:":
        "De harde reglene kan ikke alle holdes. I konflikt:",
    "The names in the samples are invented.": "Navnene i eksemplene er oppdiktet.",
    "The result": "Resultatet",
    "The round could not be solved": "Runden kunne ikke løses",
    "The round was stopped; nothing was kept. You can run it again.":
        "Runden ble stoppet; ingenting ble tatt vare på. Du kan kjøre den på nytt.",
    "The search stopped at its time limit; a longer time limit may find a better result.":
        "Søket stoppet ved tidsgrensen; en lengre tidsgrense kan finne et bedre resultat.",
    "The workbook has problems; open the round to see them.":
        "Arbeidsboka har feil; åpne runden for å se dem.",
    "The workbook has {n} problem(s)": "Arbeidsboka har {n} feil",
    "The workbook is ready": "Arbeidsboka er klar",
    "This participant has no calendar (not placed, or beyond the calendar's size).":
        "Denne deltakeren har ingen kalender (ikke plassert, eller utenfor kalenderens "
        "størrelse).",
    "This round is not here any more (deleted, or the server restarted).":
        "Denne runden finnes ikke lenger (slettet, eller serveren ble startet på nytt).",
    "Thu": "tor",
    "Time left at most": "Tid igjen, høyst",
    "Time limit for the search (seconds)": "Tidsgrense for søket (sekunder)",
    "Time limit for the whole comparison (seconds)":
        "Tidsgrense for hele sammenligningen (sekunder)",
    "Time used": "Tid brukt",
    "Tue": "tir",
    "Unplaced": "Ikke plassert",
    "Unused places": "Ubrukte plasser",
    "Upload and check": "Last opp og sjekk",
    "Upload the fixed workbook": "Last opp den rettede arbeidsboka",
    "Use this sample": "Bruk dette eksempelet",
    "Waiting to start": "Venter på å starte",
    "Waiting…": "Venter …",
    "Warnings": "Advarsler",
    "Wed": "ons",
    "Working…": "Arbeider …",
    "Your workbook and its results stay on this computer. They are deleted when you stop "
    "matcher.": "Arbeidsboka og resultatene blir på denne datamaskinen. De slettes når du "
                "stopper matcher.",
    "at the company without the supervisor": "i bedriften uten veilederen",
    "at the company, on the supervisor's shift": "i bedriften, på veilederens vakt",
    "candidates": "kandidater",
    "every sheet with its columns, an Instructions sheet and one example row per sheet.":
        "alle ark med kolonnene, et Instructions-ark og én eksempelrad per ark.",
    "most placeable": "høyst plasserbare",
    "most that can be placed": "høyst mulig å plassere",
    "places": "plasser",
    "row": "rad",
    "school": "skole",
    "workbook": "arbeidsboka",
    "{n} not placed, each with a reason below:": "{n} ikke plassert, hver med en grunn nedenfor:",
    "{n} other job(s) run first.": "{n} andre jobber kjøres først.",
    "{n} participant(s) are placed in some alternatives but not in all (see the Differences "
    "sheet).": "{n} deltakere er plassert i noen alternativer, men ikke i alle (se "
               "Differences-arket).",
    "{n} row(s)": "{n} rader",
    "{n} warning(s)": "{n} advarsler",
    "{participants} participants, {places} places; at most {most_placeable} can be placed.":
        "{participants} deltakere, {places} plasser; høyst {most_placeable} kan plasseres.",
    "{participants} participants, {programmes} programmes, {companies} companies, "
    "{supervisors} supervisors.": "{participants} deltakere, {programmes} program, "
                                  "{companies} bedrifter, {supervisors} veiledere.",
    "{placed} of {participants} participants are placed.":
        "{placed} av {participants} deltakere er plassert.",
    # statuses
    "queued": "i kø", "running": "kjører", "done": "ferdig", "invalid": "har feil",
    "failed": "feilet", "stopped": "stoppet", "checked": "sjekket",
    # form errors
    "choose a workbook (.xlsx) to upload": "velg en arbeidsbok (.xlsx) å laste opp",
    "the uploaded workbook is empty": "den opplastede arbeidsboka er tom",
    "the form could not be read": "skjemaet kunne ikke leses",
    "{field} must be a number (found {found})": "{field} må være et tall (fant {found})",
    "{field} must be a whole number (found {found})":
        "{field} må være et heltall (fant {found})",
    "{field} must be between {low} and {high} (found {found})":
        "{field} må være mellom {low} og {high} (fant {found})",
    "language must be one of {choices} (found {found})":
        "språket må være et av {choices} (fant {found})",
    "the background process ended unexpectedly": "bakgrunnsprosessen stoppet uventet",
}

CATALOGUES: dict[str, dict[str, str]] = {"nb": NB, "en": {}}


def translator(language: str) -> Callable[[str], str]:
    """The lookup for ``language`` ("nb" or "en"): English text in, that language out."""
    catalogue = CATALOGUES.get(language, {})

    def gettext(text: str) -> str:
        return catalogue.get(text, text)

    return gettext
