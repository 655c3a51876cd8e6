"""Store-wide settings kept in the database as JSON values, with their defaults."""

import json
from typing import Any

from db.models import Setting

DEFAULTS: dict[str, Any] = {
    "language": "",  # '' = follow the system
    "points_per_yuan": 1,
    "points_expire_days": 0,  # points a purchase earns expire this many days later; 0 = never
    "points_expiry_last_run": "",  # the local date (ISO) the daily expiry last ran
    "sleeping_after_days": 90,
    "birthday_coupon_days_before": 7,
    "birthday_coupon_template": None,  # coupon template id for birthdays; None = off
    "first_run_done": False,
}


def get_setting(key: str) -> Any:
    """The stored value of `key`, or its default."""
    row = Setting.get_or_none(Setting.key == key)
    if row is None:
        return DEFAULTS.get(key)
    return json.loads(row.value)


def set_setting(key: str, value: Any) -> None:
    """Store `value` (JSON-serialisable) under `key`."""
    encoded = json.dumps(value, ensure_ascii=False)
    updated = Setting.update(value=encoded).where(Setting.key == key).execute()
    if not updated:
        Setting.create(key=key, value=encoded)
