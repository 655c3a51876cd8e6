"""`shopcircle check`: integrity check, schema version and counts."""

from desktop.i18n import tr


def add_parser(subparsers) -> None:
    """Register `check`."""
    description = tr("cli", "Check the database: storage integrity, broken links, and that "
                            "every member's points, spend and visits agree with the points "
                            "ledger and purchases. Exit code 1 when a problem is found.")
    parser = subparsers.add_parser("check", help=tr("cli", "check the database and count rows"),
                                   description=description)
    parser.set_defaults(run=run)


def run(args, ctx) -> int:
    """Open the database, check it, report; 0 when all is well, 1 when a check failed."""
    from desktop.domain.health import run_check

    info = ctx.open_database()
    report = run_check()
    payload = {
        "ok": report.ok,
        "schema_version": report.schema_version,
        "members": report.members,
        "coupons": report.coupons,
        "purchases": report.purchases,
        "backend": report.backend,
        "database": info.target.display,
        "integrity": report.integrity,
        "problems": [
            {"code": p.code, "message": p.message, "count": p.count, "examples": list(p.examples)}
            for p in report.problems
        ],
    }
    lines = [
        tr("cli", "Database: {database} ({backend}, schema {schema})").format(
            database=info.target.display, backend=report.backend, schema=report.schema_version),
        tr("cli", "Members: {members}  Coupons: {coupons}  Purchases: {purchases}").format(
            members=report.members, coupons=report.coupons, purchases=report.purchases),
    ]
    if report.ok:
        lines.append(tr("cli", "No problems found."))
        ctx.answer(payload, "\n".join(lines))
        return 0
    summary = "; ".join(p.message for p in report.problems)
    payload |= {"error": "check_failed", "message": summary}
    lines.append(tr("cli", "Problems found:"))
    lines += [f"  - {p.message}" for p in report.problems]
    ctx.answer(payload, "\n".join(lines))
    print(f"{tr('cli', 'Error:')} {summary}", file=ctx.stderr)
    return 1
