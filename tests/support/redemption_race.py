"""A till in its own process for the redemption race test: redeems each code at a barrier."""


def till(url: str, desk: str, codes: list[str], barrier, results) -> None:
    """Open the database, then for each code wait for every till and redeem it at once."""
    from db import close_db, init_db
    from desktop.domain.redemption import redeem

    init_db(url)
    try:
        for code in codes:
            barrier.wait(timeout=20)
            results.put((code, desk, redeem(code, desk).reason))
    finally:
        close_db()
