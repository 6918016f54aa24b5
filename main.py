"""Mesa Maze entry point: `python main.py` starts the game; `python main.py COMMAND` runs a headless command."""

import sys

from game.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
