"""Birthday coupons: the settings (which template, how many days before) and the daily run.

The window calls `issue_birthday_coupons_if_due` when it opens and hourly after; the day of
the last successful run is kept in the `birthday_coupons_last_run` setting, so a failed run
is tried again and a day's run happens once. issue_birthday_coupons itself never issues a
member two coupons for one birthday, so two PCs on one database running the same day are safe.
"""

import datetime as dt
from dataclasses import dataclass

from db.models import database, utcnow
from desktop.domain import coupon_issuing
from desktop.domain.coupons import Template, TemplateNotFound, get_template, list_templates
from desktop.domain.errors import InvalidInput
from desktop.domain.segments import local_date
from desktop.domain.settings import get_setting, set_setting
from desktop.i18n import tr

MIN_DAYS_BEFORE, MAX_DAYS_BEFORE = 1, 60
LAST_RUN = "birthday_coupons_last_run"  # the local date (ISO) of the last successful run


@dataclass(frozen=True)
class BirthdayRun:
    """One day's run: the local day, how many coupons it issued (0 when switched off), and
    why none could be issued when the chosen coupon no longer can ('' otherwise)."""

    day: dt.date
    issued: int
    problem: str = ""


@dataclass(frozen=True)
class BirthdaySettings:
    """The birthday coupon template (None: off) and how many days before the birthday."""

    template_id: int | None
    days_before: int


@dataclass(frozen=True)
class BirthdayChoices:
    """What the settings card shows: the stored settings and the templates to choose from."""

    settings: BirthdaySettings
    templates: list[Template]  # usable ones, plus the chosen one even if no longer usable


def usable_templates(now: dt.datetime | None = None) -> list[Template]:
    """Templates that can issue coupons now (not archived, fixed dates not over), newest first."""
    today = local_date(now or utcnow())
    return [template for template in list_templates()
            if template.valid_to is None or template.valid_to >= today]


def load_birthday_settings() -> BirthdayChoices:
    """The stored birthday settings and the templates the card offers."""
    settings = BirthdaySettings(get_setting("birthday_coupon_template"),
                                int(get_setting("birthday_coupon_days_before") or 0))
    templates = usable_templates()
    chosen = settings.template_id
    if chosen is not None and all(template.id != chosen for template in templates):
        try:  # archived or over: still shown as chosen, so the card says what is stored
            templates.append(get_template(chosen))
        except TemplateNotFound:  # the setting points at nothing: shown as off
            settings = BirthdaySettings(None, settings.days_before)
    return BirthdayChoices(settings, templates)


def parse_days_before(text: str) -> int:
    """The days-before field as typed; InvalidInput unless a whole number 1..60."""
    field = tr("birthdays", "Days before")
    cleaned = (text or "").strip()
    if not cleaned.isdigit():
        raise InvalidInput(field=field, problem=tr("birthdays", "enter a whole number of days"))
    days = int(cleaned)
    if not MIN_DAYS_BEFORE <= days <= MAX_DAYS_BEFORE:
        raise InvalidInput(field=field, problem=tr("birthdays", "{least} to {most} days").format(
            least=MIN_DAYS_BEFORE, most=MAX_DAYS_BEFORE))
    return days


def save_birthday_settings(settings: BirthdaySettings) -> BirthdaySettings:
    """Store the settings; InvalidInput naming the field when they cannot be used."""
    parse_days_before(str(settings.days_before))
    with database.atomic():
        if settings.template_id is not None:
            template = get_template(settings.template_id)  # TemplateNotFound
            if template.archived or all(usable.id != template.id
                                        for usable in usable_templates()):
                raise InvalidInput(field=tr("birthdays", "Birthday coupon"), problem=tr(
                    "birthdays", "“{title}” can no longer issue coupons").format(
                        title=template.title))
        set_setting("birthday_coupon_template", settings.template_id)
        set_setting("birthday_coupon_days_before", settings.days_before)
    return settings


def issue_birthday_coupons_if_due(now: dt.datetime | None = None) -> BirthdayRun | None:
    """Issue the birthday coupons due today, once per local day; None when already run today.

    The day is remembered only after the run succeeds.
    """
    now = now or utcnow()
    today = local_date(now)
    if get_setting(LAST_RUN) == today.isoformat():
        return None
    try:
        result = coupon_issuing.issue_birthday_coupons(now)
    except coupon_issuing.TemplateUnusable as unusable:
        # Trying again within the day cannot help: say it once, and again tomorrow.
        set_setting(LAST_RUN, today.isoformat())
        return BirthdayRun(today, 0, unusable.user_message())
    set_setting(LAST_RUN, today.isoformat())
    return BirthdayRun(today, result.issued if result is not None else 0)
