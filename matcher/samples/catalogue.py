"""Static facts the sample generator draws on: regions and their real municipalities, rotas,
the real programmes of DOMAIN.md, and synthetic names of mixed origins.

Company and person names are invented; municipalities, trades and patterns are real.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from matcher.problem import DAY_OFF_CODES, Cefr

Week = tuple[str | None, ...]


def _w(text: str) -> Week:
    """``"D D F1 E E FRI -"`` → one rota week as the Rotas sheet writes it (``-`` = blank)."""
    cells = text.split()
    assert len(cells) == 7, text
    return tuple(None if c == "-" else c for c in cells)


def _cycle(pattern: str, weeks: int) -> tuple[Week, ...]:
    """A day-by-day shift cycle (e.g. ``DDEENNXXXX``) laid out on whole weeks."""
    days = [pattern[i % len(pattern)] for i in range(7 * weeks)]
    return tuple(tuple(None if c == "-" else c for c in days[7 * k:7 * k + 7])
                 for k in range(weeks))


def working(weeks: tuple[Week, ...]) -> tuple[Week, ...]:
    """The weeks with each day-off code (``F1``, ``FRI``, ``X``, ``0`` …) as ``None``: what
    the reader makes of them."""
    return tuple(tuple(None if c is None or c in DAY_OFF_CODES else c for c in week)
                 for week in weeks)


#: Rota library: id → cycle weeks as the workplace writes them, with the usual Norwegian
#: day-off codes: care rotas mark the weekly rest day ``F1`` and other days off ``FRI`` (or
#: leave them blank), kitchens write ``FRI``, the process industry's shift plan ``X``, day-shift
#: plans ``0``. Care rotas work every third weekend (3- and 6-week cycles), industry runs shift
#: cycles, offices work Mon–Fri days.
ROTAS: dict[str, tuple[Week, ...]] = {
    "DAG-MAN-FRE": (_w("D D D D D - -"),),
    "TURNUS-3V": (_w("D D F1 E E FRI FRI"), _w("F1 E D FRI D FRI FRI"),
                  _w("E F1 FRI D FRI D D")),
    "TURNUS-3V-NATT": (_w("D D F1 N N FRI FRI"), _w("F1 E D FRI D FRI FRI"),
                       _w("E F1 FRI D FRI N N")),
    "TURNUS-6V": (_w("D F1 E - D - -"), _w("F1 D - E D - -"), _w("E F1 D - - D D"),
                  _w("F1 E - D E - -"), _w("D F1 D - E - -"), _w("F1 D E - - E E")),
    "KJØKKEN-2V": (_w("D D E FRI FRI E E"), _w("FRI FRI D D E FRI FRI")),
    "SKIFT-2": (_w("D D D D D 0 0"), _w("E E E E E 0 0")),
    "SKIFT-5": _cycle("DDEENNXXXX", 10),
    "FAST-VEILEDER-3V": (_w("D D D D - - -"), _w("D D D D - - -"), _w("D D D - - D D")),
}

#: Workplace kind → (rota choices with weights, practice days).
KINDS: dict[str, tuple[tuple[tuple[str, int], ...], frozenset[int]]] = {
    "care": ((("TURNUS-3V", 45), ("TURNUS-6V", 40), ("TURNUS-3V-NATT", 15)), frozenset(range(7))),
    "office": ((("DAG-MAN-FRE", 1),), frozenset(range(5))),
    "kitchen": ((("KJØKKEN-2V", 3), ("DAG-MAN-FRE", 1)), frozenset(range(7))),
    "industry5": ((("SKIFT-5", 7), ("DAG-MAN-FRE", 3)), frozenset(range(7))),
    "industry2": ((("SKIFT-2", 7), ("DAG-MAN-FRE", 3)), frozenset(range(5))),
    "fixed": ((("FAST-VEILEDER-3V", 1), ("DAG-MAN-FRE", 1)), frozenset(range(7))),
}


@dataclass(frozen=True)
class Region:
    """Municipalities (name, latitude, longitude, weight) and how travel times scale."""

    name: str
    areas: tuple[tuple[str, float, float, int], ...]
    urban: bool
    offices: dict[str, str]


REGIONS: dict[str, Region] = {
    "nordfjord": Region("Nordfjord og Sunnfjord", (
        ("Gloppen", 61.78, 6.22, 5), ("Stryn", 61.90, 6.72, 3), ("Stad", 61.91, 5.99, 3),
        ("Sunnfjord", 61.45, 5.85, 4), ("Bremanger", 61.77, 5.30, 1), ("Kinn", 61.60, 5.03, 2),
        ("Volda", 62.15, 6.07, 2)), False,
        {"care": "Opplæringskontoret for offentleg sektor i Sogn og Fjordane",
         "industry": "Opplæringskontoret for industrifag Nordfjord",
         "office": "Nordfjord opplæringskontor"}),
    "oslo": Region("Oslo", (
        ("Alna", 59.93, 10.84, 4), ("Grorud", 59.96, 10.88, 3), ("Stovner", 59.96, 10.92, 3),
        ("Søndre Nordstrand", 59.84, 10.80, 3), ("Gamle Oslo", 59.91, 10.77, 3),
        ("Bjerke", 59.94, 10.81, 2), ("Frogner", 59.92, 10.71, 1),
        ("Nordre Aker", 59.95, 10.75, 1)), True,
        {"care": "Oslo kommune opplæringskontor", "kitchen": "Opplæringskontoret for reiseliv",
         "office": "Oslo kommune opplæringskontor", "build": "Byggopplæring Oslo"}),
    "trondheim": Region("Trondheim", (
        ("Trondheim", 63.43, 10.40, 8), ("Malvik", 63.43, 10.67, 2), ("Melhus", 63.28, 10.28, 2),
        ("Skaun", 63.33, 10.05, 1), ("Stjørdal", 63.47, 10.92, 2)), False,
        {"care": "Trondheim kommune opplæringskontor"}),
    "hardanger": Region("Hardanger og Sunnhordland", (
        ("Ullensvang", 60.07, 6.55, 5), ("Kvinnherad", 59.87, 5.77, 3), ("Etne", 59.66, 5.93, 2),
        ("Sauda", 59.65, 6.35, 1), ("Kvam", 60.37, 6.15, 2), ("Stord", 59.78, 5.50, 2)), False,
        {"care": "Opplæringskontoret for offentleg sektor i Hordaland",
         "industry": "Opplæringskontoret for prosessindustrien i Hardanger"}),
    "bergen": Region("Bergen og omland", (
        ("Bergen", 60.39, 5.32, 8), ("Askøy", 60.40, 5.18, 2), ("Bjørnafjorden", 60.19, 5.47, 2),
        ("Alver", 60.55, 5.28, 2), ("Øygarden", 60.46, 5.05, 2), ("Vaksdal", 60.48, 5.74, 1)),
        False,
        {"care": "Bergen kommune opplæringskontor",
         "kitchen": "Opplæringskontoret for reiseliv Vest",
         "industry": "Industriopplæring Vest", "office": "Opplæringskontoret for service Vest"}),
}


@dataclass(frozen=True)
class Trade:
    """A trade a programme trains for, and where it is learned."""

    occupation: str
    code: str
    kind: str  # a KINDS key
    office: str  # a Region.offices key (falls back to "care")
    workplaces: tuple[str, ...]  # company name patterns, {area} filled in
    trials: bool = True  # whether candidates can have a trial placement (prøvepraksis)


#: Trades without trial placements. The source report on Gloppen: "I tilfeller der dette ikke er
#: mulig, gjennomføres i stedet bedriftsbesøk eller hospiteringer [...] Det har f.eks. vært
#: nødvendig i plastfaget og betongfaget på grunn av HMS-regelverket, og i
#: tannhelsesekretærfaget, på grunn av krav til autorisasjon."
NO_TRIALS = frozenset({"PLAST", "BET", "TANN"})

HFA = Trade("Helsefagarbeider", "HFA", "care", "care",
            ("{area} sjukeheim", "{area} omsorgssenter", "Heimetenesta {area}",
             "{area} helsehus", "{area} bu- og behandlingssenter"))
TRADES: dict[str, Trade] = {t.code: t for t in (
    HFA,
    Trade("Plastmakerfaget", "PLAST", "industry2", "industry",
          ("{area} Plast AS", "Fjordplast {area} AS"), trials=False),
    Trade("Betongfaget", "BET", "office", "industry", ("{area} Betong AS", "Betongbygg {area}"),
          trials=False),
    Trade("Tannhelsesekretær", "TANN", "office", "office",
          ("Tannklinikken {area}", "Den offentlege tannhelsetenesta {area}"), trials=False),
    Trade("Barne- og ungdomsarbeider", "BUA", "office", "office",
          ("{area} barnehage", "Solsikken barnehage {area}", "{area} fritidsklubb")),
    Trade("Kokk", "KOKK", "kitchen", "kitchen",
          ("Kantina {area}", "{area} storkjøkken", "Restaurant Fjellstuen {area}")),
    Trade("Tømrer", "TOM", "office", "build", ("{area} Bygg AS", "Tømrermester {area}")),
    Trade("Kjemiprosessfaget", "KJEM", "industry5", "industry",
          ("{area} Smelteverk AS", "{area} Prosess AS")),
    Trade("Logistikkfaget", "LOG", "industry2", "office",
          ("{area} Lager AS", "Logistikksenter {area}")),
    Trade("Renholdsoperatør", "REN", "office", "office",
          ("{area} Renhold AS", "Renholdsetaten {area}")),
    Trade("Industrimekanikerfaget", "IMEK", "industry2", "industry",
          ("{area} Mekaniske AS", "Vest Mek {area}")),
)}

#: Trial window spec (TrialWindows): (id suffix, first day as weeks before (−) or after the
#: programme start, weeks, days_per_week, min_days_with_supervisor).
WindowSpec = tuple[str, int, int, int, int]

#: Gloppen: "I Gloppenmodellen tilbys kandidatene som hovedregel to ukers prøvepraksis": three
#: two-week windows in May and June before the August start (the first holds Ascension Day and
#: 17 May, the second Whit Monday: closed dates). Care rotas give about three day shifts a week,
#: so three of the five days are with the supervisor.
GLOPPEN_WINDOWS: tuple[WindowSpec, ...] = (("MAI", -14, 2, 5, 3), ("MAI-JUNI", -12, 2, 5, 3),
                                           ("JUNI", -10, 2, 5, 3))
#: Menn i helse: the helserekrutt period, "Utprøvingsperioden går i dette tilfellet over tre
#: måneder", at the company three days a week, two of them with the supervisor, from the start.
MIH_WINDOWS: tuple[WindowSpec, ...] = (("HELSEREKRUTT", 0, 12, 3, 2),)

@dataclass(frozen=True)
class PhaseSpec:
    """One phase of a programme template: weeks, company days, school, days with the
    supervisor (None: all company days), label; its own school days (a fixed set, or a number
    the tool chooses; None: the class's) and whether it is an apprenticeship (læretid)."""

    from_week: int
    to_week: int
    company_days: int
    at_school: bool
    supervisor_days: int | None
    label: str
    school: frozenset[int] | int | None = None
    apprenticeship: bool = False


@dataclass(frozen=True)
class Year:
    """One year of a four-year course: company days, school days (a fixed set, a number to
    choose, or None for the class's), at school at all, apprenticeship."""

    company_days: int
    school: frozenset[int] | int | None = None
    at_school: bool = True
    apprenticeship: bool = False
    label: str = ""
    supervisor_days: int | None = None  # instead of the template's, where rotas need it


@dataclass(frozen=True)
class ProgrammeTemplate:
    """One real programme of the source report: its trades, pattern and intake rules.

    ``source`` quotes the report (``../shared/seed/kunnskapsoppsummering.txt``) on what the
    template follows; ``notes`` says where the sample departs from it or reads it."""

    key: str
    code: str
    name: str
    region: str
    trades: tuple[tuple[str, int], ...]  # trade code, weight
    start_date: dt.date
    school_days: frozenset[int] | None
    school_days_to_choose: int | None
    min_level: Cefr
    class_size: tuple[int, int]
    rights: tuple[int, int]
    phases: tuple[PhaseSpec, ...]
    rota_phases: tuple[PhaseSpec, ...] | None  # used for rota (care/industry) trades
    trial_share: float  # share of candidates with a trial placement already held
    trial_trades: tuple[str, ...]  # trades where trials are held
    men_only: bool = False
    fixed_supervisor: bool = False
    trial_windows: tuple[WindowSpec, ...] = ()
    source: str = ""
    notes: str = ""
    level_weights: tuple[tuple[Cefr, int], ...] | None = None  # the intake's levels
    companies: tuple[tuple[str, int], ...] = ()  # trade code → a fixed number of companies
    #: trade code → the rotas (with weights) its supervisors work, instead of the kind's
    rotas: tuple[tuple[str, tuple[tuple[str, int], ...]], ...] = ()
    preferred_level: Cefr | None = None  # the level participants should preferably have


def _years(years: tuple[Year, ...], sup: int | None) -> tuple[PhaseSpec, ...]:
    """School years of 44 weeks with the summer (8 weeks) unplanned between them; a year not
    at school (an apprenticeship year) runs all 52 weeks."""
    out: list[PhaseSpec] = []
    for y, year in enumerate(years):
        end = 52 * y + (44 if year.at_school else 52)
        days = sup if year.supervisor_days is None or sup is None else year.supervisor_days
        out.append(PhaseSpec(52 * y + 1, end, year.company_days, year.at_school,
                             None if days is None else min(days, year.company_days),
                             year.label or f"År {y + 1}", year.school, year.apprenticeship))
    return tuple(out)


MON_THU = frozenset({0, 1, 2, 3})
MON_WED = frozenset({0, 1, 2})
MON = frozenset({0})

#: Gloppen: years 1–3 alternate, year 3 heavier at school, year 4 is the apprenticeship.
GLOPPEN_YEARS = (Year(3), Year(3), Year(2, MON_WED, supervisor_days=1),
                 Year(5, at_school=False, apprenticeship=True, label="Læretid"))
#: Oslo and Odda: company time from one day in year 1 to four in year 4, school every year
#: (the rest of the week); an apprenticeship (læretid) from the first year.
RISING_YEARS = (Year(1, MON_THU, apprenticeship=True), Year(2, MON_WED, apprenticeship=True),
                Year(3, None, apprenticeship=True), Year(4, MON, apprenticeship=True))


TEMPLATES: dict[str, ProgrammeTemplate] = {t.key: t for t in (
    ProgrammeTemplate(
        "gloppen", "GLO", "Gloppenmodellen", "nordfjord",
        (("HFA", 8), ("PLAST", 1), ("BET", 1), ("TANN", 1)),
        dt.date(2026, 8, 17), frozenset({0, 1}), None, Cefr.A1, (4, 12), (0, 0),
        _years(GLOPPEN_YEARS, None), _years(GLOPPEN_YEARS, 2),
        0.6, ("HFA",), trial_windows=GLOPPEN_WINDOWS,
        source="Tekstboks 3.3: «Fireårig løp basert på vekslingsmodell (teori og praksis fra "
               "første studieår) - 1.-3. år: To-tre dagers praksis, to-tre dager skole - 4. år: "
               "Læretid i bedrift»; målgruppe «Personer med behov for tilrettelagt opplæring, "
               "herunder minoritetsspråklige»; fag: helsefag, «plastfag og betongfag i 2018», "
               "«tannhelsesekretær i 2017»",
        notes="years 1-2: 3 company days and school Mon,Tue; year 3 heavier at school "
              "(Mon-Wed, 2 company days); year 4 apprenticeship at an approved training "
              "company; no Norwegian minimum (the report names none)"),
    ProgrammeTemplate(
        "oslo", "OSL", "Samarbeidsmodell Oslo", "oslo",
        (("BUA", 4), ("KOKK", 2), ("TOM", 2)),
        dt.date(2026, 8, 17), None, 2, Cefr.A1, (6, 14), (2, 2),
        _years(RISING_YEARS, None), _years(RISING_YEARS, 2),
        0.1, ("BUA", "KOKK", "TOM"),
        source="Tekstboks 3.4: «Læretid i bedrift fra første år. Øker gradvis gjennom løpet, "
               "fra én dag år 1, til fire dager år 4 - Yrkesrettet norskopplæring gjennom hele "
               "løpet»; fag «barne- og ungdomsarbeider, kokk og tømrer»; «For å få til "
               "samfinansiering med NAV var det i starten nødvendig å sikre en balanse mellom "
               "deltakere med og uten rettigheter»",
        notes="company days 1, 2, 3, 4 by year with school the rest of the week every year "
              "(the tool chooses year 3's two days); apprenticeship from year 1; the rights "
              "balance (2 with, 2 without) is the early rule («i starten»), since given up; "
              "no Norwegian minimum (the report names none)"),
    ProgrammeTemplate(
        "menn-i-helse", "MIH", "Menn i helse", "bergen", (("HFA", 1),),
        dt.date(2026, 3, 2), frozenset({0, 1}), None, Cefr.A1, (4, 12), (0, 0),
        (), (
            PhaseSpec(1, 12, 3, False, 2, "Helserekrutt/Prøvepraksis"),
            PhaseSpec(15, 22, 4, False, 2, "Sommerjobb"),
            PhaseSpec(25, 64, 3, True, 1, "Vg1"),
            PhaseSpec(73, 112, 3, True, 1, "Vg2"),
            PhaseSpec(119, 126, 4, False, 2, "Sommerjobb"),
            PhaseSpec(127, 230, 5, False, 2, "Lærekontrakt", apprenticeship=True),
        ), 0.0, (), men_only=True, trial_windows=MIH_WINDOWS,
        source="Tekstboks 3.1: «Vekslingsmodell: - Helserekrutt (3 mnd. praksis) - Sommerjobb "
               "(praksis) - Vg1 Helse- og oppvekstfag (veksling mellom teori og praksis) - Vg2 "
               "Helsefagarbeider (veksling mellom teori og praksis) - Sommerjobb (praksis) - "
               "Lærekontrakt - Fagprøve»; målgruppe «Menn i aldersgruppen 25-55 år, "
               "registrert i NAV»",
        notes="two summer jobs, the apprenticeship (lærekontrakt) at an approved training "
              "company; no Norwegian minimum (the report names none)"),
    ProgrammeTemplate(
        "heffi", "HEF", "Heffi Trondheim", "trondheim", (("HFA", 1),),
        dt.date(2026, 8, 17), frozenset({2, 3}), None, Cefr.A1, (5, 12), (0, 0),
        (), (PhaseSpec(1, 44, 3, True, 1, "Vg1"), PhaseSpec(53, 96, 3, True, 1, "Vg2"),
             PhaseSpec(105, 208, 5, False, 1, "Læretid", apprenticeship=True)), 0.3, ("HFA",),
        source="«Heffi, der deltakerne helst bør ha norskkunnskaper på B1-nivå»; «I "
               "Heffi-modellen i Trondheim prøver man å sikre at deltakerne går minst én vakt "
               "i uka sammen med veiledere»",
        notes="B1 is a preference («helst»), not a minimum: preferred_norwegian_level B1 (a "
              "quality goal), no hard level rule, the intake drawn mostly at B1 or above; at "
              "least one shift a week with the supervisor",
        level_weights=((Cefr.A2, 15), (Cefr.B1, 50), (Cefr.B2, 25), (Cefr.C1, 10)),
        preferred_level=Cefr.B1),
    ProgrammeTemplate(
        "odda", "ODD", "Odda", "hardanger", (("HFA", 3), ("KJEM", 2)),
        dt.date(2026, 8, 17), None, 2, Cefr.A2, (4, 12), (0, 0),
        (), _years(RISING_YEARS, 1), 0.2, ("HFA",),
        source="«Det alternative lærlingeløpet innebærer der at opplæringen i bedrift øker fra "
               "én til fire dager i uka i løpet av de fire utdanningsårene»; «et "
               "opplæringstilbud innen helsefagarbeider og kjemi- og prosessfaget»; «et stort "
               "behov for fagkompetanse i kommunens pleie- og omsorgstjeneste, og i Oddas to "
               "prosessindustribedrifter»; «Voksne innvandrere med grunnskole, på språknivå A2»; "
               "«krevende å få dette til å passe inn i bedriftenes skiftplaner»",
        notes="company days 1 to 4 by year, school the rest of the week every year; an "
              "apprenticeship path from year 1; the process industry is two companies, both "
              "approved training companies (they take the apprentices), half their "
              "supervisors on a five-shift rota that the one-day year fits badly (as the "
              "report says) and half on day shifts; A2 minimum as the report says",
        companies=(("KJEM", 2),),
        rotas=(("KJEM", (("SKIFT-5", 1), ("DAG-MAN-FRE", 1))),)),
    ProgrammeTemplate(
        "mfy", "MFY", "Modulstrukturert fag- og yrkesopplæring", "bergen",
        (("HFA", 3), ("KOKK", 1), ("LOG", 2), ("REN", 1), ("IMEK", 1)),
        dt.date(2027, 1, 4), frozenset({4}), None, Cefr.A1, (3, 12), (0, 0),
        (PhaseSpec(1, 20, 4, True, None, "Modul 1"), PhaseSpec(21, 40, 4, True, None, "Modul 2"),
         PhaseSpec(45, 64, 4, True, None, "Modul 3"), PhaseSpec(65, 84, 4, True, None, "Modul 4")),
        None, 0.1, ("HFA", "KOKK", "LOG", "REN", "IMEK"), fixed_supervisor=True,
        source="Forsøk med modulstrukturert fag- og yrkesopplæring (MFY)",
        notes="modules of four company days and one school day; one fixed supervisor"),
)}

#: Profile → template keys with weights (share of participants).
PROFILE_MIX: dict[str, tuple[tuple[str, int], ...]] = {
    "county": (("gloppen", 20), ("oslo", 30), ("menn-i-helse", 10), ("heffi", 15), ("odda", 10),
               ("mfy", 15)),
    **{key: ((key, 1),) for key in TEMPLATES},
}
BENCH_PROFILES = ("plain", "rota-heavy", "scarce")
PROFILES: tuple[str, ...] = (*PROFILE_MIX, *BENCH_PROFILES)

LEVEL_WEIGHTS: tuple[tuple[Cefr, int], ...] = (
    (Cefr.A1, 10), (Cefr.A2, 30), (Cefr.B1, 33), (Cefr.B2, 18), (Cefr.C1, 9))

FIRST_NAMES_M = (
    "Ahmed", "Mohamed", "Abdi", "Yonas", "Tesfay", "Omid", "Reza", "Mustafa", "Ali", "Hassan",
    "Oleksandr", "Andrii", "Piotr", "Tomasz", "Jonas", "Lars", "Kjetil", "Nguyen", "Somchai",
    "Jose", "Samuel", "Dawit", "Bilal", "Karim", "Ibrahim", "Faisal", "Mikael", "Ole", "Hamid",
)
FIRST_NAMES_F = (
    "Amina", "Fatima", "Hodan", "Saba", "Helen", "Mariam", "Zahra", "Layla", "Nour", "Olena",
    "Iryna", "Agnieszka", "Ewa", "Ingrid", "Kari", "Siri", "Malai", "Maria", "Grace", "Luwam",
    "Aisha", "Sahra", "Hanna", "Marta", "Yasmin", "Rahel", "Daria", "Nadia", "Tigist", "Leila",
)
SURNAMES = (
    "Hassan", "Ali", "Mohamud", "Abdullahi", "Tesfamariam", "Gebremedhin", "Haile", "Ahmadi",
    "Hosseini", "Rahimi", "Al-Khatib", "Haddad", "Kovalenko", "Shevchenko", "Nowak", "Kowalski",
    "Nguyen", "Tran", "Srisuk", "Santos", "Reyes", "Hansen", "Johansen", "Olsen", "Nilsen",
    "Berg", "Haugen", "Sandvik", "Myklebust", "Mahmoud", "Yusuf", "Osman", "Kahsay", "Bakr",
)
