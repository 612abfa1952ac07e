"""`python -m barometre.sampleweb generate OUT [--scale small|france] [--seed N]`
`python -m barometre.sampleweb serve WEB_DIR [--port 8800] [--log requests.jsonl]`"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from .generator import SCALES, generate
from .server import SampleWebServer


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m barometre.sampleweb")
    sub = parser.add_subparsers(dest="command", required=True)
    gen = sub.add_parser("generate", help="write a sample web")
    gen.add_argument("out", type=Path)
    gen.add_argument("--scale", choices=sorted(SCALES), default="small")
    gen.add_argument("--seed", type=int, default=2026)
    srv = sub.add_parser("serve", help="replay a generated web (Host header or proxy)")
    srv.add_argument("web_dir", type=Path)
    srv.add_argument("--port", type=int, default=8800)
    srv.add_argument("--log", type=Path, default=None)
    srv.add_argument("--delay-scale", type=float, default=1.0)
    args = parser.parse_args(argv)
    if args.command == "generate":
        started = time.perf_counter()
        generate(args.out, seed=args.seed, scale=args.scale)
        print(f"sample web written to {args.out} in {time.perf_counter() - started:.1f} s")
    else:
        server = SampleWebServer(args.web_dir, port=args.port, log_path=args.log,
                                 delay_scale=args.delay_scale)
        print(f"serving {args.web_dir} — use --proxy {server.proxy_url}")
        server.serve_forever()


if __name__ == "__main__":
    main()
