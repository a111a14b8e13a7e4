"""The words drawn on a map, handed in by the caller: the map itself knows no language."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping


@dataclass(frozen=True)
class MapWords:
    """Every label the map and its text tree show, in one language."""

    left: str  # "(left)", after a departed person's name
    ours: str  # "ours: Ana, Ben"
    nobody: str  # "—" when nobody on our side holds the relationship
    title: str  # "Account map"
    legend: str  # "Relationship"
    departed: str  # legend entry of the dashed boxes
    no_relationship: str
    empty: str  # the picture of an account with nobody mapped
    roles: Mapping[str, str] = field(default_factory=dict)  # decision_maker -> "decision maker"
    bands: Mapping[str, str] = field(default_factory=dict)  # strong -> "strong"
    stance_legend: str = "Stance"  # heading of the legend's second row
    influence_legend: str = "Thick border: high influence"  # its last entry
    influence_word: str = "{level} influence"  # the text tree's "high influence" / "influencia {level}"
    stances: Mapping[str, str] = field(default_factory=dict)  # supporter -> "supporter"
    influences: Mapping[str, str] = field(default_factory=dict)  # high -> "high"

    def stance(self, stance: str | None) -> str:
        """The stance in words, capitalised: "Supporter" / "Partidario"; '' for none."""
        if not stance:
            return ""
        text = self.stances.get(stance, stance).replace("_", " ")
        return text[:1].upper() + text[1:]

    def influence(self, level: str | None) -> str:
        """'high influence' / 'influencia alta'; '' for none."""
        if not level:
            return ""
        return self.influence_word.replace("{level}", self.influences.get(level, level))

    def role(self, role: str | None) -> str:
        """A human role label, capitalised: "Decision maker" / "Decisor"; '' for no role."""
        key = (role or "").strip().lower()
        if not key:
            return ""
        text = self.roles.get(key, key).replace("_", " ")
        return text[:1].upper() + text[1:]

    def band(self, strength: str) -> str:
        """The relationship band in words: "strong" / "fuerte"; "none" reads "no relationship"."""
        return self.bands.get(strength, strength) if strength != "none" else self.no_relationship

