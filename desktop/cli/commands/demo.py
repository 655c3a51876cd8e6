"""`shopcircle demo`: fill a realistic demo store."""

from desktop.cli.parser import positive_count
from desktop.i18n import tr


def add_parser(subparsers) -> None:
    """Register `demo`."""
    description = tr(
        "cli", "Fill the database with a realistic demo store: members with Chinese names "
               "and mobile numbers, tiers, tags, entry points, staff and six months of "
               "purchases with their points. Refuses a database that already has members "
               "unless --force is given; then the demo members are added beside them.")
    parser = subparsers.add_parser("demo", help=tr("cli", "fill a realistic demo store"),
                                   description=description)
    parser.add_argument("--members", type=positive_count, default=2000, metavar="N",
                        help=tr("cli", "how many members (default 2000)"))
    parser.add_argument("--seed", type=int, metavar="S",
                        help=tr("cli", "random seed: the same seed gives the same members "
                                       "(default: a new one, printed)"))
    parser.add_argument("--force", action="store_true",
                        help=tr("cli", "add demo members even though the database already "
                                       "has members"))
    parser.set_defaults(run=run)


def run(args, ctx) -> int:
    """Fill the demo store and say how much was made."""
    from desktop.domain.demo import CHUNK, fill_demo_store

    ctx.open_database()

    def progress(done: int, total: int) -> None:
        if total > CHUNK:
            ctx.note(tr("cli", "{done} of {total} members").format(done=done, total=total))

    result = fill_demo_store(members=args.members, seed=args.seed, force=args.force,
                             progress=progress)
    payload = {
        "members": result.members,
        "purchases": result.purchases,
        "points_entries": result.points_entries,
        "seed": result.seed,
        "seconds": round(result.seconds, 2),
    }
    text = tr("cli", "Demo store filled: {members} members, {purchases} purchases "
                     "(seed {seed}, {seconds:.1f} s).").format(
        members=result.members, purchases=result.purchases, seed=result.seed,
        seconds=result.seconds)
    ctx.answer(payload, text)
    return 0
