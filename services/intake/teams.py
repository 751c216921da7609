"""Which teams a caller acts for, and which klanten and aanmeldingen they may see."""

from __future__ import annotations

from libs.events.auth import Principal, Role
from libs.events.contracts.intake import Team, team_id


def teams_van(principal: Principal) -> frozenset[str]:
    """`toegang` acts for the local team of each gemeente in the token; `klantmanager` for the regional team."""
    teams: set[str] = set()
    if Role.TOEGANG.value in principal.roles:
        teams |= {team_id(Team.LOKAAL, g) for g in principal.token_gemeenten or principal.gemeenten}
    if Role.KLANTMANAGER.value in principal.roles:
        teams.add(Team.REGIONAAL.value)
    return frozenset(teams)
