"""Corpusmith (语料匠). `python main.py` starts the app; `python main.py --help` lists the
headless commands; `python main.py --self-test` checks the real window offscreen."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if "--self-test" in args:
        from ui.selftest import run_self_test

        return run_self_test()
    if args:
        from core.cli import main as cli_main

        return cli_main(args)
    from ui.app import run_app

    return run_app([sys.argv[0]])


if __name__ == "__main__":
    sys.exit(main())
