"""Business rules, plain Python and no Qt: the window and the command line both call these."""
