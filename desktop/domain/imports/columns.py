"""Member fields and the column names other programs give them, in Chinese and English."""

import re
import unicodedata
from dataclasses import dataclass, field

from desktop.i18n import tr

NAME, PHONE, BIRTHDAY, POINTS, TIER = "name", "phone", "birthday", "points", "tier"
TAGS, NOTES, GENDER, WECHAT = "tags", "notes", "gender", "wechat"
FIELDS = (NAME, PHONE, GENDER, BIRTHDAY, WECHAT, TIER, POINTS, TAGS, NOTES)

ALIASES: dict[str, tuple[str, ...]] = {
    NAME: ("姓名", "客户名称", "会员名称", "客户姓名", "会员姓名", "顾客姓名", "名字",
           "name", "fullname", "customername", "membername"),
    PHONE: ("手机", "手机号", "手机号码", "电话", "联系电话", "电话号码", "联系方式", "移动电话",
            "mobile", "mobilephone", "phone", "phonenumber", "tel", "telephone", "cellphone"),
    BIRTHDAY: ("生日", "出生日期", "出生年月", "出生年月日", "birthday", "birth", "birthdate",
               "dateofbirth", "dob"),
    POINTS: ("积分", "会员积分", "可用积分", "积分余额", "points", "point", "balance"),
    TIER: ("等级", "会员等级", "级别", "会员级别", "tier", "level", "grade"),
    TAGS: ("标签", "会员标签", "客户标签", "tags", "tag", "labels"),
    NOTES: ("备注", "说明", "notes", "note", "remark", "remarks", "comment", "memo"),
    GENDER: ("性别", "gender", "sex"),
    WECHAT: ("微信", "微信号", "微信id", "wechat", "wechatid", "weixin", "wx"),
}

_NOT_WORD = re.compile(r"[\W_]+")
_EXACT = {alias: name for name, aliases in ALIASES.items() for alias in aliases}


def field_label(name: str) -> str:
    """The translated label of a member field, for the mapping editor and messages."""
    labels = {
        NAME: tr("imports", "Name"), PHONE: tr("imports", "Phone"),
        GENDER: tr("imports", "Gender"), BIRTHDAY: tr("imports", "Birthday"),
        WECHAT: tr("imports", "WeChat ID"), TIER: tr("imports", "Tier"),
        POINTS: tr("imports", "Points"), TAGS: tr("imports", "Tags"),
        NOTES: tr("imports", "Notes"),
    }
    return labels[name]


def normalise_header(text: object) -> str:
    """'手机号码：', ' Mobile Phone ', 'ＮＡＭＥ' -> '手机号码', 'mobilephone', 'name'."""
    if text is None:
        return ""
    folded = unicodedata.normalize("NFKC", str(text)).casefold()
    return _NOT_WORD.sub("", folded)


def match_header(text: object) -> tuple[str | None, int]:
    """(field, strength) for a header cell: 2 exact name, 1 contains a known name, 0 none."""
    key = normalise_header(text)
    if not key:
        return None, 0
    if key in _EXACT:
        return _EXACT[key], 2
    # '会员手机号(必填)' contains '手机号'; the longest contained alias wins.
    best = max((alias for alias in _EXACT if len(alias) >= 2 and alias in key),
               key=len, default=None)
    if best is None or (best.isascii() and len(best) < 4):
        return None, 0  # 'tel' inside 'hotel' is no phone column
    return _EXACT[best], 1


@dataclass
class ColumnMapping:
    """Which column (0-based) holds each member field; the window lets the user change it."""

    columns: dict[str, int] = field(default_factory=dict)

    def column_of(self, name: str) -> int | None:
        """The column holding field `name`, or None when unmapped."""
        return self.columns.get(name)

    def assign(self, name: str, column: int | None) -> None:
        """Map `name` to `column` (None unmaps); a column holds at most one field."""
        if name not in FIELDS:
            raise ValueError(f"unknown member field {name!r}")
        self.columns.pop(name, None)
        if column is not None:
            for other, index in list(self.columns.items()):
                if index == column:
                    del self.columns[other]
            self.columns[name] = column

    def copy(self) -> "ColumnMapping":
        """An independent copy to edit."""
        return ColumnMapping(dict(self.columns))


def map_headers(headers: list[object]) -> ColumnMapping:
    """Automatic mapping: each field to its best header, the leftmost on a tie."""
    best: dict[str, tuple[int, int]] = {}
    for index, header in enumerate(headers):
        name, strength = match_header(header)
        if name and strength > best.get(name, (0, 0))[0]:
            best[name] = (strength, index)
    return ColumnMapping({name: index for name, (_, index) in best.items()})
