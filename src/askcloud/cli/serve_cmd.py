"""askcloud serve: the Gradio web chat, on 127.0.0.1 unless told otherwise (with a login)."""

from __future__ import annotations

from askcloud.cli.common import settings_from


def add_arguments(parser) -> None:
    parser.add_argument("--host", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, help="port (default 7860)")
    parser.add_argument("--auth", metavar="USER:PASSWORD", help="login required (mandatory off loopback)")
    parser.add_argument("--admin-auth", metavar="USER:PASSWORD",
                        help="an admin login (needs --auth) that may add its uploads to the shared corpus; every other "
                        "upload stays private to its user (ASKCLOUD_ADMIN_AUTH keeps it out of the process list)")


def run(args) -> int:
    from askcloud.web.app import launch

    settings = settings_from(args, host=args.host, port=args.port, auth=args.auth, admin_auth=args.admin_auth)
    launch(settings)
    return 0
