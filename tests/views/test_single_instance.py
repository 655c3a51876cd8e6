"""One window per database: a second start on the same database is refused, another is not."""

from db import resolve_target
from desktop.app import GuiOptions, run_gui
from desktop.views.single_instance import InstanceLock


def test_lock_refuses_the_same_database_but_not_another(tmp_path):
    first = InstanceLock(resolve_target(tmp_path / "a.db").display)
    second = InstanceLock(resolve_target(tmp_path / "a.db").display)
    other = InstanceLock(resolve_target(tmp_path / "b.db").display)
    assert first.acquire()
    try:
        assert not second.acquire()
        assert other.acquire()
    finally:
        first.release()
        other.release()
    assert second.acquire()  # free again once the first window is gone
    second.release()


def test_second_start_on_the_same_database_says_so_and_exits_0(tmp_path, recorded_dialogs):
    database = tmp_path / "shop.db"
    held = InstanceLock(resolve_target(database).display)
    assert held.acquire()
    try:
        assert run_gui(GuiOptions(db=str(database))) == 0
        assert not database.exists()  # refused before opening anything
        infos = recorded_dialogs.named("show_info")
        assert len(infos) == 1
        assert "already open with this database" in infos[0][1]
        # The same program on another database starts normally.
        assert run_gui(GuiOptions(db=str(tmp_path / "other.db"), smoke_test=True)) == 0
    finally:
        held.release()


def test_a_lock_left_by_a_crashed_window_does_not_lock_the_shop_out(tmp_path):
    import os
    import subprocess
    import sys

    display = resolve_target(tmp_path / "shop.db").display
    crash = (
        "import os\n"
        "from desktop.views.single_instance import InstanceLock\n"
        f"held = InstanceLock({display!r})\n"
        "assert held.acquire()\n"
        "os._exit(0)  # dies holding the lock, like a crash or a killed process\n"
    )
    subprocess.run([sys.executable, "-c", crash], env=dict(os.environ), check=True, timeout=60)
    lock = InstanceLock(display)
    assert lock.path.exists()
    assert lock.acquire()
    lock.release()
