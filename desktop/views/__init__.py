"""The window: main window, pages, dialogs and shared widgets (Qt lives only here and in app.py)."""
