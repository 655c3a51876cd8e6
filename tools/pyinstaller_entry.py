"""Entry point of the frozen build (build.spec): the same main() as `python -m desktop`."""

import sys

from desktop.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
