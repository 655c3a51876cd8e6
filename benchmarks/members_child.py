"""The measured side of the members benchmark: one case per process (see members.py).

    python benchmarks/members_child.py CASE --db FILE --out RESULT.json [--xlsx FILE] ...

Cases: `create` (a fresh database, nothing timed), `search`, `page` (MembersPage),
`bare-page` (QTableView over a minimal keyset model), `import`,
`import-baseline` (python-calamine + one executemany), `export`,
`export-baseline` (xlsxwriter constant_memory). Each writes its figures as JSON to --out;
the page cases also print `BUILD_START <time.time()>` and `FIRST_PAINT <time.time()>`.
Run in a fresh process each, so one case's memory and caches never flatter the next.
"""

import argparse
import datetime as dt
import gc
import json
import os
import resource
import sqlite3
import sys
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script: the checkout is importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

PAGE_ROWS = 100  # MemberTableModel.PAGE_SIZE: one page at first paint
VIEW_SIZE = (1100, 700)


def rss_mb() -> float:
    """The resident set size now, in MB (peak so far where /proc is missing)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except OSError:
        return peak_rss_mb()


def peak_rss_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 2**20 if sys.platform == "darwin" else peak / 1024  # bytes on macOS


def open_store(path: str) -> None:
    from db import init_db

    init_db(path)


# --- search --------------------------------------------------------------------------------


def search_case(args: argparse.Namespace) -> dict:
    from desktop.domain.member_search import search_members

    open_store(args.db)
    figures = {}
    for query in args.queries:
        search_members(query, limit=50)  # warm the page cache and the query plan
        samples, found = [], 0
        for _ in range(args.calls):
            started = time.perf_counter()
            page = search_members(query, limit=50)
            samples.append((time.perf_counter() - started) * 1000)
            found = len(page.members)
        figures[query] = {"samples": samples, "found": found}
    return figures


# --- first paint of the members page ---------------------------------------------------------


def page_case(args: argparse.Namespace, bare: bool) -> dict:
    from PySide6.QtCore import QAbstractTableModel, QEvent, QModelIndex, QObject, Qt, QTimer
    from PySide6.QtWidgets import QApplication, QTableView, QWidget

    app = QApplication(sys.argv[:1])
    if bare:
        connection = sqlite3.connect(args.db)

        class KeysetModel(QAbstractTableModel):
            """The least a windowed member list costs: one raw keyset page, eight columns."""

            SQL = ("SELECT name, phone, tier_id, points, '', last_visit_at, source_entry_id, "
                   "created_at FROM member WHERE anonymised_at IS NULL AND merged_into_id "
                   "IS NULL ORDER BY id DESC LIMIT ?")

            def __init__(self) -> None:
                super().__init__()
                self.rows = connection.execute(self.SQL, (PAGE_ROWS,)).fetchall()

            def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008
                return 0 if parent.isValid() else len(self.rows)

            def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
                return 0 if parent.isValid() else 8

            def data(self, index, role=Qt.ItemDataRole.DisplayRole):
                if role != Qt.ItemDataRole.DisplayRole:
                    return None
                value = self.rows[index.row()][index.column()]
                return None if value is None else str(value)

    else:
        from db import init_db
        from desktop.tasks.background import database_pool, run_database_task
        from desktop.views.members.page import MembersPage
        from desktop.views.page import PageContext

        # As the app does: the database is opened on the database thread, whose connection
        # then serves the page (and stays open). Before the clock starts, like the bare
        # model's connection.
        opened: list = []
        run_database_task(lambda: init_db(args.db), opened.append)
        database_pool().waitForDone()
        app.processEvents()
        database = opened[0]

    state: dict = {}

    class Watcher(QObject):
        def __init__(self, target: QWidget) -> None:
            super().__init__(app)
            self.target = target

        def eventFilter(self, watched, event) -> bool:
            # The page reads its rows on the database thread: a paint before they came
            # shows an empty table and does not count.
            if (not state.get("painted") and event.type() == QEvent.Type.Paint
                    and watched is self.target.viewport() and self.target.model().rowCount()):
                state["painted"] = time.time()
                state["rss_after"] = rss_mb()
                print(f"FIRST_PAINT {state['painted']}", flush=True)
                QTimer.singleShot(0, lambda: app.exit(0))
            return False

    gc.collect()
    state["rss_before"] = rss_mb()
    started = time.time()
    print(f"BUILD_START {started}", flush=True)
    if bare:
        model = KeysetModel()
        widget = QTableView()
        widget.setModel(model)
        table = widget
    else:
        context = PageContext(database=database, notify=lambda text: None,
                              show_page=lambda key: None, profile_saved=lambda a, b: None)
        widget = MembersPage(context)
        widget.refresh()
        table = widget.table
    widget.resize(*VIEW_SIZE)
    # The first paint of the table's rows, not of an empty frame around them.
    # On the viewport alone: an application-wide Python filter would run for every event
    # of every widget, and tax a page with many widgets for being measured.
    table.viewport().installEventFilter(Watcher(table))
    widget.show()
    code = app.exec()
    if code != 0 or "painted" not in state:
        raise SystemExit("the table was never painted")
    return {"paint_ms": (state["painted"] - started) * 1000,
            "rss_growth_mb": state["rss_after"] - state["rss_before"],
            "rows": table.model().rowCount()}


# --- import ----------------------------------------------------------------------------------


def import_case(args: argparse.Namespace) -> dict:
    from desktop.domain.imports import read_member_rows
    from desktop.domain.member_import import apply_import, plan_import

    open_store(args.db)  # a fresh database: created before the clock starts
    gc.collect()
    before = rss_mb()
    started = time.perf_counter()
    preview = read_member_rows(args.xlsx)
    read = time.perf_counter()
    plan = plan_import(preview, source=args.xlsx)
    planned = time.perf_counter()
    result = apply_import(plan, Path(args.xlsx).name)
    applied = time.perf_counter()
    return {"ms": (applied - started) * 1000, "read_ms": (read - started) * 1000,
            "plan_ms": (planned - read) * 1000, "apply_ms": (applied - planned) * 1000,
            "imported": result.imported, "rejected": len(result.rejected),
            "peak_growth_mb": peak_rss_mb() - before}


def import_baseline_case(args: argparse.Namespace) -> dict:
    from python_calamine import CalamineWorkbook

    gc.collect()
    before = rss_mb()
    started = time.perf_counter()
    rows = CalamineWorkbook.from_path(args.xlsx).get_sheet_by_index(0).to_python()
    read = time.perf_counter()
    values = [tuple(cell.isoformat() if isinstance(cell, dt.date | dt.time) else cell
                    for cell in row) for row in rows[1:]]
    connection = sqlite3.connect(args.db)
    columns = ", ".join(f"c{index} TEXT" for index in range(len(rows[0])))
    connection.execute(f"CREATE TABLE plain ({columns})")
    marks = ", ".join("?" * len(rows[0]))
    with connection:
        connection.executemany(f"INSERT INTO plain VALUES ({marks})", values)
    connection.close()
    done = time.perf_counter()
    return {"ms": (done - started) * 1000, "read_ms": (read - started) * 1000,
            "insert_ms": (done - read) * 1000, "imported": len(values),
            "peak_growth_mb": peak_rss_mb() - before}


# --- export ----------------------------------------------------------------------------------

EXPORT_SQL = """
SELECT m.id, m.name, m.phone, m.gender, m.birth_year, m.birth_month, m.birth_day, t.name,
       m.points, m.total_spent_cents / 100.0, m.visit_count, m.last_visit_at,
       (SELECT group_concat(g.name, ', ') FROM member_tag mt JOIN tag g ON g.id = mt.tag_id
         WHERE mt.member_id = m.id), e.name, m.created_at
  FROM member m LEFT JOIN tier_rule t ON t.id = m.tier_id
  LEFT JOIN entry_point e ON e.id = m.source_entry_id
 WHERE m.anonymised_at IS NULL AND m.merged_into_id IS NULL ORDER BY m.id
"""


def export_case(args: argparse.Namespace) -> dict:
    from desktop.domain.member_export import export_members

    open_store(args.db)
    gc.collect()
    before = rss_mb()
    started = time.perf_counter()
    result = export_members(args.xlsx)
    return {"ms": (time.perf_counter() - started) * 1000, "rows": result.rows,
            "peak_growth_mb": peak_rss_mb() - before}


def export_baseline_case(args: argparse.Namespace) -> dict:
    import xlsxwriter

    gc.collect()
    before = rss_mb()
    started = time.perf_counter()
    connection = sqlite3.connect(args.db)
    workbook = xlsxwriter.Workbook(args.xlsx, {"constant_memory": True})
    sheet = workbook.add_worksheet()
    money = workbook.add_format({"num_format": "¥#,##0.00"})
    stamp = workbook.add_format({"num_format": "yyyy-mm-dd hh:mm"})
    day = workbook.add_format({"num_format": "yyyy-mm-dd"})
    sheet.write_row(0, 0, ["ID", "姓名", "手机", "性别", "生日", "等级", "积分", "累计消费",
                           "到店次数", "最近到店", "标签", "来源", "加入时间"])
    rows = 0
    for row in connection.execute(EXPORT_SQL):
        rows += 1
        (member_id, name, phone, gender, year, month, birth_day, tier, points, spent, visits,
         last_visit, tags, source, created) = row
        sheet.write_number(rows, 0, member_id)
        sheet.write_string(rows, 1, name or "")
        sheet.write_string(rows, 2, phone or "")
        sheet.write_string(rows, 3, gender or "")
        if month and birth_day:  # as export_members: a date when it is one, else "MM-DD"
            try:
                sheet.write_datetime(rows, 4, dt.datetime(year, month, birth_day), day)
            except (TypeError, ValueError):
                sheet.write_string(rows, 4, f"{month:02d}-{birth_day:02d}")
        sheet.write_string(rows, 5, tier or "")
        sheet.write_number(rows, 6, points)
        sheet.write_number(rows, 7, spent, money)
        sheet.write_number(rows, 8, visits)
        if last_visit:
            sheet.write_datetime(rows, 9, dt.datetime.fromisoformat(last_visit[:19]), stamp)
        sheet.write_string(rows, 10, tags or "")
        sheet.write_string(rows, 11, source or "")
        sheet.write_datetime(rows, 12, dt.datetime.fromisoformat(created[:19]), stamp)
    workbook.close()
    connection.close()
    return {"ms": (time.perf_counter() - started) * 1000, "rows": rows,
            "peak_growth_mb": peak_rss_mb() - before}


CASES = {
    "create": lambda args: open_store(args.db) or {},
    "search": search_case,
    "page": lambda args: page_case(args, bare=False),
    "bare-page": lambda args: page_case(args, bare=True),
    "import": import_case,
    "import-baseline": import_baseline_case,
    "export": export_case,
    "export-baseline": export_baseline_case,
}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("case", choices=CASES)
    parser.add_argument("--db", required=True)
    parser.add_argument("--out", required=True, type=Path)
    parser.add_argument("--xlsx", help="the file to import, or to export to")
    parser.add_argument("--calls", type=int, default=30)
    parser.add_argument("--queries", nargs="*", default=[])
    args = parser.parse_args()
    figures = CASES[args.case](args)
    args.out.write_text(json.dumps(figures, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
