"""The commands, one module each: `add_parser(subparsers)` registers it and sets `run`.

A command module imports nothing heavy at the top (argparse help must stay fast); its
run(args, ctx) imports the domain, opens the database through ctx, and answers through
ctx.answer(payload, text). To add a command, write its module and list it here.
"""

from desktop.cli.commands import backup, check, coupons, demo, entries, members, purchases, serve

COMMANDS = (check, demo, backup, members, purchases, coupons, entries, serve)
