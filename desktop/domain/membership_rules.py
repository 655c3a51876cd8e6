"""The membership rules the settings page edits: points per yuan, points expiry, sleeping, tiers.

Points rules apply to purchases from the moment they are saved (points already earned keep
their amount and expiry date: the ledger is history). Tiers apply to every member at once:
saving changed tiers recomputes every member's tier in the same transaction.
"""

import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from db.models import database
from desktop.domain import settings
from desktop.domain.errors import InvalidInput
from desktop.domain.tiers import MAX_THRESHOLD, TierSpec, list_tiers, save_tiers, validate_tiers
from desktop.i18n import tr

MAX_POINTS_PER_YUAN = 1000
MAX_DAYS = 3650  # ten years: longer is a typing mistake
MAX_SPEND_THRESHOLD_CENTS = 2_000_000_000  # 20 million yuan, inside the INTEGER column


@dataclass(frozen=True)
class MembershipRules:
    """How points are earned and kept, and when a member counts as sleeping."""

    points_per_yuan: int  # 0: purchases earn no points
    points_expire_days: int  # 0: points never expire
    sleeping_after_days: int


@dataclass(frozen=True)
class RulesAndTiers:
    """Everything the membership rules card shows."""

    rules: MembershipRules
    tiers: tuple[TierSpec, ...]


@dataclass(frozen=True)
class SavedRules:
    """The rules and tiers as stored after a save; `retiered`: every member's tier recomputed."""

    rules: MembershipRules
    tiers: tuple[TierSpec, ...]
    retiered: bool


def load_rules() -> RulesAndTiers:
    """The stored rules (defaults where never set) and the tiers, lowest rank first."""
    rules = MembershipRules(
        points_per_yuan=int(settings.get_setting("points_per_yuan") or 0),
        points_expire_days=int(settings.get_setting("points_expire_days") or 0),
        sleeping_after_days=int(settings.get_setting("sleeping_after_days") or 0),
    )
    return RulesAndTiers(rules, tuple(list_tiers()))


def parse_rules(points_per_yuan: str, points_expire_days: str | None,
                sleeping_after_days: str) -> MembershipRules:
    """The rules from typed text; `points_expire_days` None means points never expire.

    Raises InvalidInput naming the field (the field names are this module's "rules" texts).
    """
    per_yuan = parse_whole_number(points_per_yuan, tr("rules", "Points per yuan"),
                                  0, MAX_POINTS_PER_YUAN)
    expire = 0 if points_expire_days is None else parse_whole_number(
        points_expire_days, tr("rules", "Points expiry"), 1, MAX_DAYS)
    sleeping = parse_whole_number(sleeping_after_days, tr("rules", "Sleeping after"),
                                  1, MAX_DAYS)
    return MembershipRules(per_yuan, expire, sleeping)


def save_rules(rules: MembershipRules, tiers: list[TierSpec] | None = None) -> SavedRules:
    """Store the rules and, unless `tiers` is None (unchanged), the tiers, in one transaction.

    Everything is validated before anything is written. New tiers recompute every member's
    tier, which takes a while in a big store: call it off the UI thread.
    """
    _check_rules(rules)
    if tiers is not None:
        validate_tiers(tiers)
    with database.atomic():
        settings.set_setting("points_per_yuan", rules.points_per_yuan)
        settings.set_setting("points_expire_days", rules.points_expire_days)
        settings.set_setting("sleeping_after_days", rules.sleeping_after_days)
        saved_tiers = save_tiers(tiers) if tiers is not None else list_tiers()
    return SavedRules(rules, tuple(saved_tiers), retiered=tiers is not None)


def parse_threshold(basis: str, text: str) -> int:
    """A tier's typed threshold: yuan (like 1,000 or 999.5) as fen for spend, else points."""
    field = tr("tiers", "Threshold")
    if basis == "points":
        return parse_whole_number(text, field, 0, MAX_THRESHOLD)
    cleaned = _normalised(text).removeprefix("¥").removesuffix("元").strip()
    try:
        yuan = Decimal(cleaned)
    except InvalidOperation:
        yuan = None
    if yuan is None or not yuan.is_finite() or yuan < 0:
        raise InvalidInput(field=field, problem=tr("rules", "enter an amount in yuan, like 1000"))
    cents = yuan * 100
    if cents != cents.to_integral_value():
        raise InvalidInput(field=field, problem=tr("rules", "at most two decimals (fen)"))
    if cents > MAX_SPEND_THRESHOLD_CENTS:
        raise InvalidInput(field=field, problem=tr("rules", "at most 20,000,000 yuan"))
    return int(cents)


def threshold_text(basis: str, threshold: int) -> str:
    """A threshold as it is typed: points as a number, fen as yuan without needless decimals."""
    if basis == "points":
        return str(threshold)
    yuan, fen = divmod(threshold, 100)
    return f"{yuan}.{fen:02d}".rstrip("0").rstrip(".") if fen else str(yuan)


def parse_whole_number(text: str, field: str, low: int, high: int) -> int:
    """A typed whole number from `low` to `high` (full-width digits and commas allowed)."""
    cleaned = _normalised(text)
    if not (cleaned.isascii() and cleaned.isdigit()) or int(cleaned) < low:
        raise InvalidInput(field=field, problem=tr(
            "rules", "enter a whole number of at least {low}").format(low=low))
    value = int(cleaned)
    if value > high:
        raise InvalidInput(field=field, problem=tr("rules", "at most {high}").format(
            high=f"{high:,}"))
    return value


def _check_rules(rules: MembershipRules) -> None:
    """The same limits as parse_rules, for rules made in code."""
    parse_rules(str(rules.points_per_yuan),
                str(rules.points_expire_days) if rules.points_expire_days else None,
                str(rules.sleeping_after_days))


def _normalised(text: str) -> str:
    return unicodedata.normalize("NFKC", str(text or "")).replace(",", "").strip()
