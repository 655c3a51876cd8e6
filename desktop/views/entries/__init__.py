"""The entry points page (入口与海报): channels people join through, and their figures."""
