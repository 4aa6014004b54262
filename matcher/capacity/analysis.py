"""Supply against demand: exact bounds per trade, training office and company, and the
bottlenecks behind them.

Every "most that can be placed" is a max flow over the eligible pairs of
:func:`matcher.eligibility.build_arcs` (levels, travel, exclusions, locks and the calendar fit of
rotas and phases are in the pairs; places and ``max_trainees`` are the capacities). Class sizes
and rights minimums are left out, so each figure is an upper bound a round can reach at best.

Bottlenecks are Hall violators: groups of candidates whose reachable capacity is smaller than
the group. For each trade the minimum cut of the flow gives the tightest such group exactly;
the level bands (A1–A2, B1 or above) and home areas are tried as groups too, because that is how
a training office thinks about its candidates.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterable

import numpy as np
import numpy.typing as npt

from matcher.capacity.model import (
    Bottleneck,
    CapacityReport,
    CompanyRow,
    OccupationRow,
    OfficeRow,
)
from matcher.capacity.reasons import idle_supervisors, unused_reason
from matcher.eligibility import Tables, build_arcs
from matcher.explain import Explainer
from matcher.i18n import messages
from matcher.i18n.phrase import Lazy, Phrase, joined, phrase, plural
from matcher.model.pairgraph import PairGraph
from matcher.problem import Cefr, Problem, trade_key
from matcher.rules import BottleneckKind, Reason

IntArray = npt.NDArray[np.int64]
NO_OFFICE = "(no training office)"
NO_AREA = "(no area)"
#: Companies named in one bottleneck sentence before "and N more".
NAMED_COMPANIES = 4


def analyse(problem: Problem) -> CapacityReport:
    """The whole capacity report for a round."""
    timings: dict[str, float] = {}
    t = time.perf_counter()
    tables = Tables.build(problem)
    arcs = build_arcs(problem, tables)
    timings["eligibility_seconds"] = time.perf_counter() - t
    t = time.perf_counter()
    graph = PairGraph(problem, arcs)
    analysis = _Analysis(problem, graph, tables)
    occupations = analysis.occupations()
    offices = analysis.offices()
    companies = analysis.companies()
    timings["flow_seconds"] = time.perf_counter() - t
    t = time.perf_counter()
    bottlenecks = analysis.bottlenecks(companies)
    timings["bottleneck_seconds"] = time.perf_counter() - t
    return CapacityReport(
        round_name=problem.settings.round_name, participants=len(problem.participants),
        places=sum(p.places for p in problem.places), most_placeable=graph.max_flow(),
        occupations=occupations, offices=offices, companies=companies,
        bottlenecks=bottlenecks, timings=timings)


def band(level: Cefr) -> str:
    """The level bands training offices speak in."""
    return "A1–A2" if level <= Cefr.A2 else "B1 or above"


class _Analysis:
    """The round's pairs grouped every way the report needs."""

    def __init__(self, problem: Problem, graph: PairGraph, tables: Tables) -> None:
        self.problem = problem
        self.graph = graph
        self.tables = tables
        self.display = _trade_names(problem)
        self.ct_trade = [trade for _, trade in graph.ct_keys]
        self.pair_trade = np.array([self._trade_id(t) for t in self.ct_trade],
                                   dtype=np.int64)[graph.pair_ct] if len(graph) else graph.p
        office = {c.company_id: c.training_office or NO_OFFICE for c in problem.companies}
        self.offices_sorted = sorted(set(office.values()))
        ct_office = np.array([self.offices_sorted.index(office.get(c, NO_OFFICE))
                              for c, _ in graph.ct_keys], dtype=np.int64)
        self.pair_office = ct_office[graph.pair_ct] if len(graph) else graph.p
        self.candidates = self._candidates_by_trade()
        self.ct_places = {k: problem.places_by_key.get(k, 0) for k in graph.ct_keys}

    def _trade_id(self, trade: str) -> int:
        return sorted(self.display).index(trade) if trade in self.display else -1

    def _candidates_by_trade(self) -> dict[str, IntArray]:
        """Trade → participants who list at least one programme of it."""
        out: dict[str, set[int]] = {t: set() for t in self.display}
        progs = self.problem.programmes_by_id
        for i, p in enumerate(self.problem.participants):
            for gid in p.programmes:
                if gid in progs:
                    out[progs[gid].trade].add(i)
        return {t: np.array(sorted(v), dtype=np.int64) for t, v in out.items()}

    # --- the three levels ----------------------------------------------------------------------

    def occupations(self) -> tuple[OccupationRow, ...]:
        rows = []
        for k, trade in enumerate(sorted(self.display)):
            mask = self.pair_trade == k
            places = sum(n for (_, t), n in self.ct_places.items() if t == trade)
            most = self.graph.max_flow(mask)
            cands = len(self.candidates[trade])
            n_prog = sum(1 for g in self.problem.programmes if g.trade == trade)
            rows.append(OccupationRow(
                self.display[trade], n_prog, places, cands,
                self.graph.distinct_participants(mask), most, max(0, cands - most),
                max(0, places - most)))
        return tuple(rows)

    def offices(self) -> tuple[OfficeRow, ...]:
        rows = []
        for k, name in enumerate(self.offices_sorted):
            members = {c.company_id for c in self.problem.companies
                       if (c.training_office or NO_OFFICE) == name}
            mask = self.pair_office == k
            places = sum(n for (c, _), n in self.ct_places.items() if c in members)
            most = self.graph.max_flow(mask)
            eligible = self.graph.distinct_participants(mask)
            rows.append(OfficeRow(name, len(members), places, eligible, most,
                                  max(0, eligible - most), max(0, places - most)))
        return tuple(rows)

    def companies(self) -> tuple[CompanyRow, ...]:
        g = self.graph
        order = np.argsort(g.pair_ct, kind="stable")
        bounds = np.searchsorted(g.pair_ct[order], np.arange(len(g.ct_keys) + 1))
        by_id = self.problem.companies_by_id
        rows = []
        for c, (company_id, trade) in enumerate(g.ct_keys):
            if (company_id, trade) not in self.problem.places_by_key:
                continue  # supervisors without places: the reader already warned
            index = order[bounds[c]:bounds[c + 1]]
            places = self.ct_places[(company_id, trade)]
            eligible = g.distinct_participants(index)
            sups = np.unique(g.s[index])
            if len(sups) == 1:  # one supervisor: the flow is the smallest of three limits
                most = min(places, int(g.sup_cap[sups[0]]), eligible)
            else:
                most = g.max_flow(index)
            company = by_id[company_id]
            note = None if most >= places else unused_reason(
                self.problem, self.tables, company, trade, self.candidates.get(trade),
                eligible, most, places)
            rows.append(CompanyRow(
                company_id, company.name, company.training_office or NO_OFFICE,
                self.display.get(trade, trade), places, eligible, most,
                max(0, eligible - most), max(0, places - most), note))
        rows.sort(key=lambda r: (r.training_office, r.company_id, r.occupation))
        return tuple(rows)

    # --- bottlenecks ---------------------------------------------------------------------------

    def bottlenecks(self, companies: Iterable[CompanyRow]) -> tuple[Bottleneck, ...]:
        found: list[Bottleneck] = []
        explainer: Explainer | None = None
        for k, trade in enumerate(sorted(self.display)):
            cands = self.candidates[trade]
            if not len(cands):
                continue
            mask = self.pair_trade == k
            reaching = np.unique(self.graph.p[mask])
            lone = np.setdiff1d(cands, reaching)
            if len(lone):
                explainer = explainer or Explainer(self.problem)
                found.append(self._no_reach(trade, lone, explainer))
            found.extend(self._groups(trade, mask, reaching))
        for row in companies:
            if row.unused_places:
                names = {"company": row.company_name or row.company_id,
                         "occupation": row.occupation, "note": row.note or ""}
                message = (plural("{company}: its {n} {occupation} place cannot be used: "
                                  "{note}", "{company}: its {n} {occupation} places cannot be "
                                  "used: {note}", row.places, **names)
                           if row.most_placeable == 0 else
                           plural("{company}: {unused} of its {n} {occupation} place cannot be "
                                  "used: {note}", "{company}: {unused} of its {n} {occupation} "
                                  "places cannot be used: {note}", row.places,
                                  unused=row.unused_places, **names))
                found.append(Bottleneck(
                    BottleneckKind.UNUSED_PLACES, row.occupation, 0, row.unused_places, message,
                    training_office=row.training_office, company_id=row.company_id))
        found.extend(self._not_approved())
        for sup, message in idle_supervisors(self.problem):
            company = self.problem.companies_by_id[sup.company_id]
            found.append(Bottleneck(
                BottleneckKind.IDLE_SUPERVISOR, self.display.get(sup.trade, sup.occupation), 0, 0,
                message,
                training_office=company.training_office or NO_OFFICE,
                company_id=sup.company_id, supervisor_id=sup.supervisor_id))
        return tuple(found)

    def _not_approved(self) -> list[Bottleneck]:
        """Places at companies that are not approved training companies, for a trade with a
        programme that has an apprenticeship year: those places cannot take that programme
        (rule 6)."""
        out: list[Bottleneck] = []
        apprentices = self.tables.apprentice_programmes
        for place in self.problem.places:
            company = self.problem.companies_by_id.get(place.company_id)
            if company is None or company.approved_training_company or not place.places:
                continue
            progs = [g.programme_id for g in self.problem.programmes
                     if g.trade == place.trade and g.programme_id in apprentices]
            if not progs:
                continue
            name = self.display.get(place.trade, place.occupation)
            names = {"company": company.name or company.company_id, "occupation": name,
                     "programmes": ", ".join(progs)}
            message = (plural("{company} is not an approved training company (godkjent "
                              "lærebedrift): its {n} {occupation} place cannot take "
                              "{programmes}, which has an apprenticeship year",
                              "{company} is not an approved training company (godkjent "
                              "lærebedrift): its {n} {occupation} places cannot take "
                              "{programmes}, which has an apprenticeship year",
                              place.places, **names) if len(progs) == 1 else
                       plural("{company} is not an approved training company (godkjent "
                              "lærebedrift): its {n} {occupation} place cannot take "
                              "{programmes}, which have an apprenticeship year",
                              "{company} is not an approved training company (godkjent "
                              "lærebedrift): its {n} {occupation} places cannot take "
                              "{programmes}, which have an apprenticeship year",
                              place.places, **names))
            out.append(Bottleneck(
                BottleneckKind.NOT_APPROVED, name, 0, place.places, message,
                training_office=company.training_office or NO_OFFICE,
                company_id=company.company_id))
        return out

    def _no_reach(self, trade: str, lone: IntArray, explainer: Explainer) -> Bottleneck:
        """Candidates with no eligible place at all, counted by the first rule that stops them."""
        progs = [g for g in self.problem.programmes if g.trade == trade]
        reasons: Counter[Reason] = Counter()
        for i in lone.tolist():
            steps = [explainer._programme_reason(g, i) for g in progs
                     if g.programme_id in self.problem.participants[i].programmes]
            _, stop = max(steps, key=lambda s: s[0])
            reasons[stop.reason if stop is not None else Reason.CAPACITY] += 1
        why = joined(phrase("{n} {reason}", n=n, reason=Phrase(code.text))
                     for code, n in reasons.most_common())
        name = self.display[trade]
        return Bottleneck(BottleneckKind.NO_REACH, name, len(lone), 0, plural(
            "{n} candidate for {occupation} can reach no place at all: {why}",
            "{n} candidates for {occupation} can reach no place at all: {why}", len(lone),
            occupation=name, why=why))

    def _groups(self, trade: str, mask: npt.NDArray[np.bool_],
                reaching: IntArray) -> list[Bottleneck]:
        """The tightest Hall violator of the trade, then level bands and areas as groups."""
        out: list[Bottleneck] = []
        name = self.display[trade]
        g = self.graph
        cut = g.min_cut(mask)
        deficit = len(reaching) - cut.flow
        seen: list[frozenset[int]] = []
        if deficit > 0:
            group = cut.group
            seen.append(frozenset(group.tolist()))
            whole = len(group) == len(reaching)
            bands = {band(self.problem.participants[int(i)].norwegian_level) for i in group}
            most = len(group) - deficit
            named, many = self._named(cut.limiting), len(cut.limiting)
            if not whole and len(bands) == 1:
                (label,) = bands
                message = phrase(
                    "{who} {reach}: {what}",
                    who=plural("{n} {band} candidate for {occupation}",
                               "{n} {band} candidates for {occupation}", len(group),
                               band=Phrase(label), occupation=name),
                    reach=plural("can reach only {n} place", "can reach only {n} places", most),
                    what=plural("{companies} accepts {band}", "{companies} accept {band}", many,
                                companies=named, band=Phrase(label)))
            else:
                who = (plural("The {n} candidate for {occupation} who can reach a place",
                              "All {n} candidates for {occupation} who can reach a place",
                              len(group), occupation=name) if whole else
                       plural("{n} candidate for {occupation} ({composition})",
                              "{n} candidates for {occupation} ({composition})", len(group),
                              occupation=name, composition=self._composition(group)))
                message = phrase(
                    "{who} {reach}: {what}", who=who,
                    reach=plural("can fill at most {n} place together",
                                 "can fill at most {n} places together", most),
                    what=plural("{companies} is all they can reach",
                                "{companies} are all they can reach", many, companies=named))
            out.append(Bottleneck(BottleneckKind.CANDIDATE_GROUP, name, len(group), most,
                                  message))
        levels = np.array([int(p.norwegian_level) for p in self.problem.participants],
                          dtype=np.int64)
        areas = [p.area.strip() if p.area else NO_AREA for p in self.problem.participants]
        groups: dict[str, list[int]] = {}
        for i in reaching.tolist():
            groups.setdefault(band(Cefr(levels[i])), []).append(i)
        by_area: dict[str, list[int]] = {}
        for i in reaching.tolist():
            by_area.setdefault(areas[i], []).append(i)
        for label, members, is_band in ([(b, m, True) for b, m in sorted(groups.items())]
                                        + [(a, m, False) for a, m in sorted(by_area.items())]):
            ids = np.array(members, dtype=np.int64)
            if frozenset(members) in seen or len(members) == len(reaching):
                continue
            sub = mask & np.isin(g.p, ids)
            most = g.max_flow(sub)
            if most >= len(members):
                continue
            seen.append(frozenset(members))
            reached = np.unique(g.pair_ct[sub])
            shown: Phrase | str = Phrase(label) if is_band or label == NO_AREA else label
            who = (plural("{n} {band} candidate for {occupation}",
                          "{n} {band} candidates for {occupation}", len(members),
                          band=shown, occupation=name) if is_band else
                   plural("{n} candidate for {occupation} living in {area}",
                          "{n} candidates for {occupation} living in {area}", len(members),
                          area=shown, occupation=name))
            named = self._named(reached)
            what = (plural("{companies} accepts {band}", "{companies} accept {band}",
                           len(reached), companies=named, band=shown) if is_band else
                    plural("{companies} is within their reach",
                           "{companies} are within their reach", len(reached),
                           companies=named))
            out.append(Bottleneck(
                BottleneckKind.CANDIDATE_GROUP, name, len(members), most, phrase(
                    "{who} {reach}: {what}", who=who,
                    reach=plural("can reach only {n} place", "can reach only {n} places",
                                 most), what=what)))
        return out

    def _composition(self, group: IntArray) -> Lazy:
        parts = self.problem.participants
        bands = Counter(band(parts[int(i)].norwegian_level) for i in group)
        return joined((phrase("{n} {band}", n=n, band=Phrase(b))
                       for b, n in sorted(bands.items())), ", ")

    def _named(self, cts: IntArray) -> Lazy:
        """"Førde sykehjem (4) and Stryn omsorgssenter (2)": companies by places, largest first."""
        by_id = self.problem.companies_by_id
        places: Counter[str] = Counter()
        for c in cts.tolist():
            company_id, trade = self.graph.ct_keys[int(c)]
            places[company_id] += self.ct_places.get((company_id, trade), 0)
        if not places:
            return joined([phrase("no company")])
        ranked = sorted(places.items(), key=lambda kv: (-kv[1], kv[0]))
        shown = Counter(by_id[c].name or c for c, _ in ranked[:NAMED_COMPANIES])
        names = [f"{by_id[c].name or c}{f' [{c}]' if shown[by_id[c].name or c] > 1 else ''} ({n})"
                 for c, n in ranked[:NAMED_COMPANIES]]
        more = len(ranked) - NAMED_COMPANIES

        def show(language: str) -> str:
            t = messages(language)
            listed = names + ([t.plural("{n} more company", "{n} more companies", more)]
                              if more > 0 else [])
            if len(listed) == 1:
                return listed[0]
            return t("{first} and {last}", first=", ".join(listed[:-1]), last=listed[-1])

        return Lazy(show)


def _trade_names(problem: Problem) -> dict[str, str]:
    """Trade key → the first way the input spells it (programmes first, then places)."""
    out: dict[str, str] = {}
    for text in [g.occupation for g in problem.programmes] + [
            p.occupation for p in problem.places]:
        out.setdefault(trade_key(text), " ".join(text.split()))
    return out
