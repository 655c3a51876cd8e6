"""Pinyin initials let a cashier find 张三 by typing zs."""

import pytest

from desktop.domain.pinyin import name_initials


@pytest.mark.parametrize(
    ("name", "initials"),
    [
        ("张三", "zs"),
        ("李小龙", "lxl"),
        ("欧阳娜娜", "oynn"),
        ("曾小贤", "zxx"),  # surname 曾 reads zēng, not céng
        ("单雄信", "sxx"),  # surname 单 reads shàn
        ("尉迟恭", "ycg"),
        ("Tony 王", "tonyw"),
        ("ＡＢＣ张", "abcz"),  # full-width latin from an IME
        ("王 芳-2", "wf"),
        ("", ""),
    ],
)
def test_initials(name, initials):
    assert name_initials(name) == initials


def test_initials_fit_the_column():
    assert len(name_initials("张" * 80)) == 50
