"""`shopcircle serve`: the phone sign-up page on the shop's Wi-Fi, without the window."""

from desktop.i18n import tr


def add_parser(subparsers) -> None:
    """Register `serve`."""
    parser = subparsers.add_parser(
        "serve", help=tr("cli", "run the phone sign-up page on the shop's Wi-Fi"),
        description=tr("cli", "Serve the sign-up page of every entry point of kind page on "
                              "this PC's network address until Ctrl+C. Phones on the same "
                              "Wi-Fi open it by scanning the entry point's QR code."))
    parser.add_argument("--host", default="", metavar="H",
                        help=tr("cli", "the address to listen on (default: this PC's LAN "
                                       "address, else 127.0.0.1)"))
    parser.add_argument("--port", type=int, default=8080, metavar="P",
                        help=tr("cli", "the port (default 8080; 0 picks a free one)"))
    parser.set_defaults(run=run)


def run(args, ctx) -> int:
    """Serve until Ctrl+C, the usual way to stop a server: then exit 0."""
    import time

    from desktop.capture.server import SignupServer, lan_address
    from desktop.domain.entry_points import list_entry_points, signup_path

    ctx.open_database()
    server = SignupServer(args.host or lan_address(), args.port)
    server.start()
    try:
        pages = [{"id": entry.id, "name": entry.name, "url": server.url + signup_path(entry)}
                 for entry in list_entry_points() if entry.kind == "page"]
        lines = [tr("cli", "Sign-up page running at {url}; Ctrl+C stops it.").format(
            url=server.url)]
        lines += [f"  {page['name']}: {page['url']}" for page in pages]
        if not pages:
            lines.append(tr("cli", "No entry point of kind page yet: add one with "
                                   "`entries add NAME --kind page`."))
        ctx.answer({"url": server.url, "pages": pages}, "\n".join(lines))
        ctx.stdout.flush()
        while True:
            time.sleep(0.5)  # short sleeps: Ctrl+C interrupts them on Windows too
    except KeyboardInterrupt:
        return 0
    finally:
        server.stop()
