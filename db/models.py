"""Peewee models for the whole product, bound at start-up through one DatabaseProxy.

Money is integer fen, percentages integer percent, times naive UTC. The points ledger
(`PointsEntry`) is the truth; `Member.points` is a cache of its sum.
"""

import datetime as dt

from peewee import (
    BooleanField,
    CharField,
    DatabaseProxy,
    DateField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    Model,
    SmallIntegerField,
    TextField,
)

database = DatabaseProxy()


def utcnow() -> dt.datetime:
    """Current time as naive UTC, the one form stored in every DateTimeField."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class BaseModel(Model):
    """Base for every table: binds to the proxy and uses snake_case table names."""

    class Meta:
        database = database
        legacy_table_names = False


class SchemaVersion(BaseModel):
    """One row per applied migration; the highest is the database's schema version."""

    version = IntegerField(primary_key=True)
    applied_at = DateTimeField(default=utcnow)
    app_version = CharField(max_length=32, default="")


class Setting(BaseModel):
    """Store-wide setting as a JSON value (per-user window state stays in QSettings)."""

    key = CharField(max_length=100, primary_key=True)
    value = TextField()


class Store(BaseModel):
    """One shop's identity and profile; a chain sharing one database has one row per shop."""

    uuid = CharField(max_length=36, unique=True)
    name = CharField(max_length=100)
    address = CharField(max_length=200, default="")
    phone = CharField(max_length=40, default="")
    logo_png = TextField(null=True)  # base64 PNG, small: it goes on posters and sheets
    primary_color = CharField(max_length=9, default="#C8102E")
    accent_color = CharField(max_length=9, default="#F2A900")
    # Ed25519 private key seed (hex, 32 bytes); the public key and partner code derive from it.
    signing_seed = CharField(max_length=64)
    created_at = DateTimeField(default=utcnow)


class Staff(BaseModel):
    """A person at the till or the owner; the PIN is stored only as a slow KDF hash."""

    store = ForeignKeyField(Store, backref="staff", on_delete="CASCADE")
    name = CharField(max_length=50)
    role = CharField(max_length=10, default="cashier")  # owner | cashier
    pin_hash = CharField(max_length=200, default="")
    active = BooleanField(default=True)
    created_at = DateTimeField(default=utcnow)


class Tag(BaseModel):
    """A label put on members by hand, by an entry point or by an import."""

    name = CharField(max_length=40, unique=True)
    color = CharField(max_length=9, default="")


class TierRule(BaseModel):
    """A member tier reached at a threshold of cumulative spend (fen) or points."""

    name = CharField(max_length=40)
    basis = CharField(max_length=10, default="spend")  # spend | points
    threshold = IntegerField(default=0)
    rank = IntegerField(default=0, index=True)  # higher rank = better tier; VIP is the top
    benefits = TextField(default="")


class Partner(BaseModel):
    """A partner shop we exchange coupons and sheets with, paired by its public key."""

    store = ForeignKeyField(Store, backref="partners", on_delete="CASCADE")
    partner_uuid = CharField(max_length=36, index=True)
    name = CharField(max_length=100)
    contact = CharField(max_length=100, default="")
    public_key = CharField(max_length=100, default="")
    fingerprint = CharField(max_length=64, default="", index=True)
    previous_keys = TextField(default="[]")  # JSON list, for sheets signed before a key change
    fee_cents = IntegerField(default=0)  # agreed settlement fee per redemption
    notes = TextField(default="")
    paired_at = DateTimeField(null=True)
    archived_at = DateTimeField(null=True)
    created_at = DateTimeField(default=utcnow)


class CouponTemplate(BaseModel):
    """What a coupon gives and when it is valid; issued by our store or by a partner."""

    issuer_store = ForeignKeyField(Store, null=True, backref="coupon_templates")
    issuer_partner = ForeignKeyField(Partner, null=True, backref="coupon_templates")
    title = CharField(max_length=60)
    kind = CharField(max_length=10)  # amount | percent | gift | stamp
    value = IntegerField(default=0)  # fen for amount, percent off for percent
    min_spend_cents = IntegerField(default=0)
    valid_from = DateField(null=True)
    valid_to = DateField(null=True)
    valid_days = IntegerField(null=True)  # N days from issue, instead of fixed dates
    terms = TextField(default="")
    style = TextField(default="{}")  # JSON: colours, logo choice, layout
    created_at = DateTimeField(default=utcnow)
    archived_at = DateTimeField(null=True)


class EntryPoint(BaseModel):
    """A channel people join through, each with its own QR code for attribution."""

    store = ForeignKeyField(Store, backref="entry_points", on_delete="CASCADE")
    name = CharField(max_length=60)
    kind = CharField(max_length=10)  # page | form | url | counter | referral
    token = CharField(max_length=43, unique=True)  # unguessable, in the LAN sign-up URL
    channel_code = CharField(max_length=16, unique=True)  # short, for form URL parameters
    target_url = TextField(default="")
    url_param = CharField(max_length=40, default="")
    location = CharField(max_length=60, default="")
    staff = ForeignKeyField(Staff, null=True, backref="entry_points", on_delete="SET NULL")
    welcome_template = ForeignKeyField(CouponTemplate, null=True, on_delete="SET NULL")
    poster_settings = TextField(default="{}")  # JSON
    printed_address = CharField(max_length=100, default="")  # LAN address on printed posters
    archived_at = DateTimeField(null=True)
    created_at = DateTimeField(default=utcnow)


class EntryPointTag(BaseModel):
    """A tag an entry point puts on everyone who joins through it."""

    # Foreign keys here and below go without their own index where a composite index
    # starts with them: one index fewer to keep up on every insert.
    entry_point = ForeignKeyField(EntryPoint, backref="auto_tags", on_delete="CASCADE",
                                  index=False)
    tag = ForeignKeyField(Tag, on_delete="CASCADE")

    class Meta:
        indexes = ((("entry_point", "tag"), True),)


class Member(BaseModel):
    """A customer of the shop; the normalised phone identifies at most one live member."""

    store = ForeignKeyField(Store, backref="members", on_delete="CASCADE")  # home store
    name = CharField(max_length=50, default="", index=True)
    name_initials = CharField(max_length=50, default="", index=True)  # pinyin: 张三 -> zs
    # Chinese mobiles as 11 digits, others E.164; NULL once anonymised. Unique, and the
    # index serves phone-prefix search as a range (phone >= '138' AND phone < '139').
    phone = CharField(max_length=20, null=True, unique=True)
    gender = CharField(max_length=1, default="")  # '' | f | m
    birth_year = SmallIntegerField(null=True)
    birth_month = SmallIntegerField(null=True)
    birth_day = SmallIntegerField(null=True)
    birthday_key = SmallIntegerField(null=True, index=True)  # month*100+day, for ranges
    wechat = CharField(max_length=50, default="")
    tier = ForeignKeyField(TierRule, null=True, backref="members", on_delete="SET NULL")
    points = IntegerField(default=0, index=True)  # cache of sum(PointsEntry.delta); sorts
    total_spent_cents = IntegerField(default=0)
    visit_count = IntegerField(default=0)
    first_purchase_at = DateTimeField(null=True)
    last_visit_at = DateTimeField(null=True, index=True)
    source_entry = ForeignKeyField(
        EntryPoint, null=True, backref="members", on_delete="SET NULL"
    )
    referrer = ForeignKeyField("self", null=True, backref="referrals", on_delete="SET NULL")
    # The member's personal invite (a kind='referral' entry point).
    invite_entry = ForeignKeyField(
        EntryPoint, null=True, unique=True, backref="inviter", on_delete="SET NULL"
    )
    merged_into = ForeignKeyField("self", null=True, on_delete="SET NULL")
    notes = TextField(default="")
    created_at = DateTimeField(default=utcnow, index=True)
    anonymised_at = DateTimeField(null=True)


class MemberTag(BaseModel):
    """A tag on a member."""

    member = ForeignKeyField(Member, backref="member_tags", on_delete="CASCADE", index=False)
    tag = ForeignKeyField(Tag, backref="member_tags", on_delete="CASCADE", index=False)
    created_at = DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("member", "tag"), True), (("tag", "member"), False))


class Consent(BaseModel):
    """One consent given or withdrawn; a history, never overwritten."""

    member = ForeignKeyField(Member, backref="consents", on_delete="CASCADE", index=False)
    kind = CharField(max_length=20)  # marketing | partner_sharing
    given = BooleanField()
    at = DateTimeField(default=utcnow)
    source = CharField(max_length=20)  # page | counter | import | cli
    policy_version = CharField(max_length=20, default="")
    entry_point = ForeignKeyField(EntryPoint, null=True, on_delete="SET NULL")

    class Meta:
        indexes = ((("member", "kind", "at"), False),)


class Purchase(BaseModel):
    """A purchase or visit; a refund is its own row pointing at the purchase it reverses."""

    member = ForeignKeyField(Member, backref="purchases", on_delete="CASCADE", index=False)
    store = ForeignKeyField(Store, on_delete="CASCADE")
    staff = ForeignKeyField(Staff, null=True, on_delete="SET NULL")
    amount_cents = IntegerField()  # negative for a refund
    at = DateTimeField(default=utcnow, index=True)
    note = CharField(max_length=200, default="")
    refund_of = ForeignKeyField("self", null=True, backref="refunds", on_delete="CASCADE")
    points_earned = IntegerField(default=0)

    class Meta:
        indexes = ((("member", "at"), False),)


class PointsEntry(BaseModel):
    """One line of the points ledger; a refund reverses exactly its purchase's lines."""

    member = ForeignKeyField(Member, backref="points_entries", on_delete="CASCADE", index=False)
    delta = IntegerField()
    reason = CharField(max_length=12)  # purchase | refund | redemption | expiry | referral | ...
    purchase = ForeignKeyField(Purchase, null=True, backref="points_entries", on_delete="CASCADE")
    at = DateTimeField(default=utcnow)
    expires_at = DateTimeField(null=True, index=True)
    note = CharField(max_length=200, default="")

    class Meta:
        indexes = ((("member", "at"), False),)


class SignupEvent(BaseModel):
    """A page open, sign-up, known-phone visit or refusal at an entry point."""

    entry_point = ForeignKeyField(EntryPoint, backref="signup_events", on_delete="CASCADE",
                                  index=False)
    kind = CharField(max_length=12)  # opened | signed_up | known_phone | refused
    at = DateTimeField(default=utcnow)
    member = ForeignKeyField(Member, null=True, on_delete="SET NULL")
    client_hash = CharField(max_length=64, default="")  # salted hash, never the address

    class Meta:
        indexes = ((("entry_point", "at"), False), (("at",), False))


class CouponBatch(BaseModel):
    """A set of codes made together: for members, for print, or to or from a partner."""

    uuid = CharField(max_length=36, unique=True)
    template = ForeignKeyField(CouponTemplate, backref="batches", on_delete="CASCADE")
    # members | print | welcome | birthday | referral | to_partner | from_partner
    purpose = CharField(max_length=14)
    partner = ForeignKeyField(Partner, null=True, backref="batches", on_delete="SET NULL")
    count = IntegerField(default=0)
    note = CharField(max_length=200, default="")
    created_at = DateTimeField(default=utcnow)


class Coupon(BaseModel):
    """One code; redeemed at most once, by a conditional update whose row count decides."""

    code = CharField(max_length=20)  # normalised: no dashes, upper case
    issuer_uuid = CharField(max_length=36)  # the store that honours it (ours or a partner's)
    template = ForeignKeyField(CouponTemplate, backref="coupons", on_delete="CASCADE")
    batch = ForeignKeyField(CouponBatch, null=True, backref="coupons", on_delete="CASCADE")
    member = ForeignKeyField(Member, null=True, backref="coupons", on_delete="SET NULL")
    issued_at = DateTimeField(default=utcnow)
    valid_from = DateTimeField(null=True)
    expires_at = DateTimeField(null=True)
    handed_out_at = DateTimeField(null=True)  # distributor side: given to a member
    redeemed_at = DateTimeField(null=True)
    redeemed_by = ForeignKeyField(Staff, null=True, on_delete="SET NULL")
    redeemed_desk = CharField(max_length=40, default="")
    redeemed_amount_cents = IntegerField(null=True)
    redeemed_store = ForeignKeyField(Store, null=True, on_delete="SET NULL")
    voided_at = DateTimeField(null=True)
    void_reason = CharField(max_length=200, default="")

    class Meta:
        indexes = ((("issuer_uuid", "code"), True), (("code",), False))


class RedemptionAttempt(BaseModel):
    """Every code typed or scanned at a desk, for throttling, undo and audit."""

    at = DateTimeField(default=utcnow)
    desk = CharField(max_length=40, default="")
    entered = CharField(max_length=40)  # what was typed, truncated
    verdict = CharField(max_length=20)
    coupon = ForeignKeyField(Coupon, null=True, on_delete="SET NULL")
    staff = ForeignKeyField(Staff, null=True, on_delete="SET NULL")
    undone_at = DateTimeField(null=True)

    class Meta:
        indexes = ((("desk", "at"), False),)


class ExchangeFile(BaseModel):
    """A partner sheet we imported or exported, remembered by SHA-256 so re-import is a no-op."""

    partner = ForeignKeyField(Partner, null=True, backref="exchange_files", on_delete="SET NULL")
    direction = CharField(max_length=3)  # in | out
    kind = CharField(max_length=20)  # batch | report | return_form | leads | codes | members
    batch_uuid = CharField(max_length=36, default="")
    sha256 = CharField(max_length=64)
    rows = IntegerField(default=0)
    at = DateTimeField(default=utcnow)
    result = TextField(default="{}")  # JSON summary

    class Meta:
        indexes = ((("sha256", "kind"), False),)


class AuditLog(BaseModel):
    """A sensitive action, by id only: personal data never goes here."""

    at = DateTimeField(default=utcnow, index=True)
    staff = ForeignKeyField(Staff, null=True, on_delete="SET NULL")
    action = CharField(max_length=40)
    entity = CharField(max_length=30, default="")
    entity_id = IntegerField(null=True)
    details = TextField(default="{}")  # JSON, ids and counts only


# Creation order: every table after the tables it points at.
ALL_MODELS: tuple[type[BaseModel], ...] = (
    SchemaVersion,
    Setting,
    Store,
    Staff,
    Tag,
    TierRule,
    Partner,
    CouponTemplate,
    EntryPoint,
    EntryPointTag,
    Member,
    MemberTag,
    Consent,
    Purchase,
    PointsEntry,
    SignupEvent,
    CouponBatch,
    Coupon,
    RedemptionAttempt,
    ExchangeFile,
    AuditLog,
)
