"""Plan van aanpak (Pw art. 44 lid 4, 44a): versions drawn up with the klant, evaluated and adjusted. Pure.

One plan per klant; each adjustment is a new version with the whole content, so a besluit can refer to the
version it has as bijlage (art. 44 lid 4) and the tijdlijn shows what was agreed when. The law sets no
evaluation interval (§1.4): the plan names its own evaluatiemomenten.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime
from uuid import UUID

from libs.events.aggregate import GEEN_SLEUTELS, Aggregate, Sleutels
from libs.events.contracts.trajecten import (
    Afspraak,
    Afspraaksoort,
    Conclusie,
    PlanVanAanpakGeevalueerd,
    PlanVanAanpakVastgesteld,
)
from libs.events.errors import Conflict, DomainError, NietGevonden
from libs.events.registry import EventData
from libs.events.stamps import NU, VANDAAG

PLAN = "plan"


class PlanNietGevonden(NietGevonden):
    """No plan van aanpak with this id in the caller's gemeenten."""

    title = "Plan van aanpak niet gevonden"


class PlanBestaatAl(Conflict):
    """The klant has a plan van aanpak: adjust it with a new version."""

    title = "Plan van aanpak bestaat al"


class OngeldigPlan(DomainError):
    """A plan or evaluatie that does not hold together."""

    status = 422
    title = "Ongeldig plan van aanpak"


@dataclass(frozen=True)
class Inhoud:
    """What a version of the plan says."""

    doelen: tuple[str, ...]
    afspraken: tuple[Afspraak, ...]
    evaluatiemomenten: tuple[date, ...]
    startkwalificatie: bool
    besproken_op: date
    instemming: bool
    zienswijze_klant: str | None


@dataclass(frozen=True)
class Plan:
    """A klant's plan van aanpak: every version and evaluatie."""

    plan_id: UUID
    klant_id: UUID
    gemeente: str
    versies: tuple[PlanVanAanpakVastgesteld, ...]
    evaluaties: tuple[PlanVanAanpakGeevalueerd, ...] = ()

    @property
    def huidig(self) -> PlanVanAanpakVastgesteld:
        """The version in force."""
        return self.versies[-1]


@dataclass(frozen=True)
class StelPlanOp:
    """Command: the first plan van aanpak of a klant, drawn up with the klant."""

    plan_id: UUID
    klant_id: UUID
    inhoud: Inhoud
    vandaag: date = VANDAAG
    op: datetime = NU
    door: str = ""


@dataclass(frozen=True)
class StelPlanBij:
    """Command: a new version, after an evaluatie or changed circumstances (art. 44a lid 2)."""

    inhoud: Inhoud
    aanleiding: str
    vandaag: date = VANDAAG
    op: datetime = NU
    door: str = ""
    plan_id: UUID = field(kw_only=True)


@dataclass(frozen=True)
class EvalueerPlan:
    """Command: the periodic evaluatie together with the klant (art. 44a lid 2)."""

    evaluatiedatum: date
    met_klant: bool
    bevindingen: str
    conclusie: Conclusie
    volgende_evaluatie: date | None
    vandaag: date = VANDAAG
    op: datetime = NU
    door: str = ""
    plan_id: UUID = field(kw_only=True)


def _toets(inhoud: Inhoud, vandaag: date) -> None:
    velden: dict[str, str] = {}
    if not inhoud.doelen:
        velden["doelen"] = "een plan heeft minstens één doel"
    for i, afspraak in enumerate(inhoud.afspraken):
        if afspraak.soort is Afspraaksoort.ARBEIDSVERPLICHTING and not afspraak.gevolg:
            velden[f"afspraken.{i}.gevolg"] = "noem het gevolg van niet nakomen (art. 44a lid 1 onder b)"
    if inhoud.besproken_op > vandaag:
        velden["besprokenOp"] = "het plan is met de klant besproken, dus niet later dan vandaag"
    if any(m <= inhoud.besproken_op for m in inhoud.evaluatiemomenten):
        velden["evaluatiemomenten"] = "evaluatiemomenten liggen na het gesprek"
    if not inhoud.evaluatiemomenten:
        velden["evaluatiemomenten"] = "plan minstens één evaluatie met de klant (art. 44a lid 2)"
    if velden:
        raise OngeldigPlan("het plan van aanpak is niet compleet", velden=velden)


def _versie(
    plan_id: UUID,
    klant_id: UUID,
    gemeente: str,
    versie: int,
    inhoud: Inhoud,
    aanleiding: str | None,
    team: str,
    op: datetime,
    door: str,
) -> PlanVanAanpakVastgesteld:
    return PlanVanAanpakVastgesteld(
        plan_id=plan_id,
        klant_id=klant_id,
        gemeente=gemeente,
        versie=versie,
        doelen=list(inhoud.doelen),
        afspraken=list(inhoud.afspraken),
        evaluatiemomenten=sorted(inhoud.evaluatiemomenten),
        startkwalificatie=inhoud.startkwalificatie,
        besproken_op=inhoud.besproken_op,
        instemming=inhoud.instemming,
        zienswijze_klant=inhoud.zienswijze_klant,
        aanleiding=aanleiding,
        team=team,
        vastgesteld_op=op,
        vastgesteld_door=door,
    )


def stel_op(command: StelPlanOp, gemeente: str, team: str) -> list[EventData]:
    """Version 1 of the klant's plan, by the responsible team."""
    _toets(command.inhoud, command.vandaag)
    c = command
    return [_versie(c.plan_id, c.klant_id, gemeente, 1, c.inhoud, None, team, c.op, c.door)]


def stel_bij(state: Plan, command: StelPlanBij, team: str) -> list[EventData]:
    """The next version with the whole content and why it changed."""
    _toets(command.inhoud, command.vandaag)
    if command.inhoud.besproken_op < state.huidig.besproken_op:
        raise OngeldigPlan(
            "een nieuwe versie is niet eerder besproken dan de vorige",
            velden={"besprokenOp": f"niet voor {state.huidig.besproken_op.isoformat()}"},
        )
    c = command
    versie = state.huidig.versie + 1
    return [_versie(state.plan_id, state.klant_id, state.gemeente, versie, c.inhoud, c.aanleiding, team, c.op, c.door)]


def evalueer(state: Plan, command: EvalueerPlan) -> list[EventData]:
    """Record an evaluatie of the version in force; a next one is planned unless the plan is closed."""
    c = command
    velden: dict[str, str] = {}
    if c.evaluatiedatum > c.vandaag:
        velden["evaluatiedatum"] = "een evaluatie is gehouden, dus niet later dan vandaag"
    if c.evaluatiedatum < state.huidig.besproken_op:
        velden["evaluatiedatum"] = f"niet voor het gesprek over versie {state.huidig.versie}"
    if c.conclusie is not Conclusie.AFSLUITEN and (
        c.volgende_evaluatie is None or c.volgende_evaluatie <= c.evaluatiedatum
    ):
        velden["volgendeEvaluatie"] = "plan de volgende evaluatie na deze (art. 44a lid 2), of sluit het plan af"
    if velden:
        raise OngeldigPlan("de evaluatie is niet compleet", velden=velden)
    return [
        PlanVanAanpakGeevalueerd(
            plan_id=state.plan_id,
            klant_id=state.klant_id,
            gemeente=state.gemeente,
            versie=state.huidig.versie,
            evaluatiedatum=c.evaluatiedatum,
            met_klant=c.met_klant,
            bevindingen=c.bevindingen,
            conclusie=c.conclusie,
            volgende_evaluatie=None if c.conclusie is Conclusie.AFSLUITEN else c.volgende_evaluatie,
            geevalueerd_op=c.op,
            geevalueerd_door=c.door,
        )
    ]


def evolve(state: Plan | None, event: EventData, sleutels: Sleutels = GEEN_SLEUTELS) -> Plan | None:
    """The plan after one more event."""
    if isinstance(event, PlanVanAanpakVastgesteld):
        if state is None:
            return Plan(event.plan_id, event.klant_id, event.gemeente, (event,))
        return replace(state, versies=(*state.versies, event))
    if state is not None and isinstance(event, PlanVanAanpakGeevalueerd):
        return replace(state, evaluaties=(*state.evaluaties, event))
    return state


PLANNEN: Aggregate[Plan] = Aggregate(
    PLAN, evolve, gemeente=lambda p: p.gemeente, not_found=PlanNietGevonden, subject=lambda p: p.klant_id
)
