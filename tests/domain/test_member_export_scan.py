"""Member export at scale: the whole book is read once through a small SQLite page cache."""

import pytest

from db.bulk import SCAN_CACHE_KIB, is_postgresql
from db.models import database
from desktop.domain.member_export import ExportCancelled, export_members
from desktop.domain.members import MemberInput, add_member


def cache_size() -> int | None:
    return None if is_postgresql() else database.execute_sql("PRAGMA cache_size").fetchone()[0]


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_export_scans_with_a_small_cache_and_gives_the_connection_its_own_back(
        db, tmp_path, suffix):
    for index in range(5):
        add_member(MemberInput(name=f"会员{index}", phone=f"1380013800{index}"))
    before = cache_size()
    during = []
    result = export_members(tmp_path / f"m{suffix}", page_size=2,
                            progress=lambda done, total: during.append(cache_size()))
    assert result.rows == 5 and len(during) == 3
    assert cache_size() == before
    if before is not None:
        assert before == -16000 and set(during) == {-SCAN_CACHE_KIB}
    with pytest.raises(ExportCancelled):
        export_members(tmp_path / f"c{suffix}", page_size=2, cancel=lambda: len(during) > 3,
                       progress=lambda done, total: during.append(cache_size()))
    assert cache_size() == before and not list(tmp_path.glob("c*"))


def test_a_folder_that_cannot_be_written_fails_cleanly(db, tmp_path):
    import gc
    import os

    from openpyxl.worksheet._writer import ALL_TEMP_FILES

    add_member(MemberInput(name="张三", phone="13800138000"))
    temporary = [path for path in ALL_TEMP_FILES if os.path.exists(path)]
    with pytest.raises(OSError):
        export_members(tmp_path / "no such folder" / "m.xlsx")
    gc.collect()  # an unclosed openpyxl row writer would warn here (warnings are errors)
    assert [path for path in ALL_TEMP_FILES if os.path.exists(path)] == temporary
    assert cache_size() in (None, -16000)
