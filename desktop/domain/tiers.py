"""Member tiers (会员等级): rules on cumulative spend or points, and each member's tier.

A rule is reached when the member's value on its basis (total spent in fen, or the points
balance) is at least its threshold; a member holds the reached rule with the highest rank
(ties: the higher threshold, then the lower id). No rule reached means no tier.
"""

from dataclasses import dataclass

from db.models import Member, TierRule, database
from desktop.domain.errors import InvalidInput
from desktop.i18n import tr

BASES = ("spend", "points")
MAX_TIERS = 20
MAX_THRESHOLD = 2**31 - 1  # an INTEGER column on both databases


@dataclass(frozen=True)
class TierSpec:
    """One tier rule as the settings page edits it; id None for a new rule."""

    name: str
    basis: str  # spend | points
    threshold: int  # fen for spend, points for points
    rank: int
    benefits: str = ""
    id: int | None = None


def list_tiers() -> list[TierSpec]:
    """Every tier rule, lowest rank first."""
    query = TierRule.select().order_by(TierRule.rank, TierRule.threshold, TierRule.id)
    return [_spec(rule) for rule in query]


def save_tiers(specs: list[TierSpec]) -> list[TierSpec]:
    """Replace the tier rules with `specs` and recompute every member's tier, in one transaction.

    Rules with an id are updated, rules without one created, stored rules not listed deleted
    (their members lose the tier until recomputed). Raises InvalidInput as validate_tiers.
    """
    cleaned = validate_tiers(specs)
    with database.atomic():
        kept = []
        for spec in cleaned:
            fields = {"name": spec.name, "basis": spec.basis, "threshold": spec.threshold,
                      "rank": spec.rank, "benefits": spec.benefits}
            if spec.id is not None and TierRule.get_or_none(TierRule.id == spec.id):
                TierRule.update(**fields).where(TierRule.id == spec.id).execute()
                kept.append(spec.id)
            else:
                kept.append(TierRule.create(**fields).id)
        unlisted = TierRule.id.not_in(kept) if kept else TierRule.id.is_null(False)
        Member.update(tier=None).where(
            Member.tier.in_(TierRule.select(TierRule.id).where(unlisted))).execute()
        TierRule.delete().where(unlisted).execute()
        recompute_all_tiers()
    return list_tiers()


def tier_for(total_spent_cents: int, points: int) -> TierRule | None:
    """The highest-ranked rule reached with this spend and points balance, or None."""
    query = TierRule.select().where(
        ((TierRule.basis == "points") & (TierRule.threshold <= points))
        | ((TierRule.basis != "points") & (TierRule.threshold <= total_spent_cents))
    ).order_by(TierRule.rank.desc(), TierRule.threshold.desc(), TierRule.id)
    return query.first()


def recompute_tier(member: Member) -> TierRule | None:
    """Store the tier `member` has reached by its cached spend and points; returns it."""
    rule = tier_for(member.total_spent_cents, member.points)
    tier_id = rule.id if rule else None
    if member.tier_id != tier_id:
        Member.update(tier=tier_id).where(Member.id == member.id).execute()
        member.tier = rule
    return rule


def recompute_all_tiers() -> None:
    """Every member's tier from the current rules, in a few set-based updates."""
    with database.atomic():
        Member.update(tier=None).execute()
        rules = TierRule.select().order_by(TierRule.rank, TierRule.threshold.asc(),
                                           TierRule.id.desc())
        for rule in rules:  # the best rule is written last, so it wins
            value = Member.points if rule.basis == "points" else Member.total_spent_cents
            Member.update(tier=rule.id).where(value >= rule.threshold).execute()


def top_rank() -> int | None:
    """The rank of the best tier (VIP), or None when there are no tiers."""
    return TierRule.select(TierRule.rank).order_by(TierRule.rank.desc()).scalar()


def validate_tiers(specs: list[TierSpec]) -> list[TierSpec]:
    """`specs` cleaned (names trimmed), in the same order; nothing is read or written.

    Raises InvalidInput naming the field, with `row` (the index in `specs`) in its details
    when one tier is at fault. Besides each tier's own fields: at most MAX_TIERS, no two
    names alike, and a tier must need more than every lower-ranked tier on the same basis,
    since the lower one could otherwise never be held.
    """
    if len(specs) > MAX_TIERS:
        raise InvalidInput(field=tr("tiers", "Tiers"), problem=tr("tiers", "at most 20 tiers"))
    cleaned = [_validated(spec, row) for row, spec in enumerate(specs)]
    seen: set[str] = set()
    for row, spec in enumerate(cleaned):
        if spec.name.casefold() in seen:
            raise InvalidInput(field=tr("tiers", "Tier name"),
                               problem=tr("tiers", "two tiers have the same name"), row=row)
        seen.add(spec.name.casefold())
    for row, spec in enumerate(cleaned):
        below = [other for other in cleaned if other.basis == spec.basis
                 and other.rank < spec.rank and other.threshold >= spec.threshold]
        if below:
            nearest = max(below, key=lambda other: other.rank)
            raise InvalidInput(field=tr("tiers", "Threshold"), row=row, problem=tr(
                "tiers", "must be higher than for {tier}, the tier below it").format(
                    tier=nearest.name))
    return cleaned


def _validated(spec: TierSpec, row: int) -> TierSpec:
    name = " ".join((spec.name or "").split())
    if not name:
        raise InvalidInput(field=tr("tiers", "Tier name"), problem=tr("tiers", "enter a name"),
                           row=row)
    if len(name) > 40:
        raise InvalidInput(field=tr("tiers", "Tier name"),
                           problem=tr("tiers", "at most 40 characters"), row=row)
    if spec.basis not in BASES:
        raise InvalidInput(field=tr("tiers", "Basis"),
                           problem=tr("tiers", "choose cumulative spend or points"), row=row)
    if isinstance(spec.threshold, bool) or not isinstance(spec.threshold, int) \
            or not 0 <= spec.threshold <= MAX_THRESHOLD:
        raise InvalidInput(field=tr("tiers", "Threshold"),
                           problem=tr("tiers", "enter a whole number of at least 0"), row=row)
    return TierSpec(name, spec.basis, spec.threshold, int(spec.rank),
                    (spec.benefits or "").strip(), spec.id)


def _spec(rule: TierRule) -> TierSpec:
    return TierSpec(rule.name, rule.basis, rule.threshold, rule.rank, rule.benefits, rule.id)
