"""Domain work off the UI thread, with its result handed back to the UI thread as a signal."""
