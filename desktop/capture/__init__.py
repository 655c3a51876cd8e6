"""The sign-up page on the shop's Wi-Fi: domain (signup), WSGI app (app), server (server)."""
