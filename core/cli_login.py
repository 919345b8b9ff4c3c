"""`python main.py login bilibili`: log in by scanning a QR code shown in the terminal; the
cookies go to the system keyring, where a later `crawl` finds them with no flag.
`--status` says who is logged in, `--logout` forgets the login. Cookies are never printed."""

from __future__ import annotations

import argparse
import asyncio
import sys

from core.errors import CorpusmithError
from core.messages import Message, render, say


def cmd_login(args: argparse.Namespace) -> int:
    from core.sources.bilibili import login

    if args.logout:
        login.logout()
        print(render(say("crawl.login.logged_out")))
        return 0
    if args.status:
        status = asyncio.run(login.login_status(args.api_base))
        print(render(status.said()))
        return 0 if status.logged_in else 1

    def on_code(url: str) -> None:
        print(login.qr_text(url))
        print(render(say("crawl.login.cli.url", url=url)), flush=True)

    def on_state(state: str, message: Message) -> None:
        print(render(message), file=sys.stderr if state != "logged_in" else sys.stdout, flush=True)

    try:
        result = asyncio.run(login.qr_login(args.api_base, on_code=on_code, on_state=on_state,
                                            interval=args.interval))
    except KeyboardInterrupt:
        print(render(say("crawl.login.cli.cancelled")), file=sys.stderr)
        return 1
    except CorpusmithError as e:
        print(render(e.args[0] if e.args else str(e)), file=sys.stderr)
        return 1
    return 0 if result.ok else 1


def register(subparsers: argparse._SubParsersAction) -> None:
    from core.sources.bilibili.client import ENV_API
    from core.sources.bilibili.login import POLL_INTERVAL

    p = subparsers.add_parser(
        "login", help="log in to a site by scanning a QR code (Bilibili), so crawls see every comment",
        description="Show a QR code in the terminal; scan it with the Bilibili phone app and confirm. The login "
        "cookies are kept in the system keyring (never in a project, a log or an export), and a later `crawl` "
        "uses them with no flag. Exits 0 once logged in, 1 when the code expired or the site refused.",
    )
    p.add_argument("site", choices=("bilibili",), help="the site to log in to")
    p.add_argument("--api-base", metavar="URL",
                   help=f"the API address, also used for the login paths (default ${ENV_API} or the real site)")
    p.add_argument("--status", action="store_true", help="say who is logged in (exit 1 when nobody is)")
    p.add_argument("--logout", action="store_true", help="forget the saved login")
    p.add_argument("--interval", type=float, default=POLL_INTERVAL, metavar="S", help=argparse.SUPPRESS)
    p.set_defaults(func=cmd_login)
