"""`python -m barometre.sampleweb generate OUT [--scale small|france] [--seed N]`
`python -m barometre.sampleweb serve WEB_DIR [--port 8800] [--log requests.jsonl]`

The same arguments back `barometre sample-web`.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from .generator import SCALES, generate
from .server import SampleWebServer


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    gen = sub.add_parser("generate", help="Write a sample web (deterministic for a seed and scale).")
    gen.add_argument("out", type=Path)
    gen.add_argument("--scale", choices=sorted(SCALES), default="small")
    gen.add_argument("--seed", type=int, default=2026)
    srv = sub.add_parser("serve", help="Replay a generated web on 127.0.0.1 (by Host header or as a proxy).")
    srv.add_argument("web_dir", type=Path)
    srv.add_argument("--port", type=int, default=8800)
    srv.add_argument("--log", type=Path, default=None, help="Append one JSON line per request to this file.")
    srv.add_argument("--delay-scale", type=float, default=1.0, help="Multiply the slow pages' delays.")


def run(args) -> None:
    if args.action == "generate":
        started = time.perf_counter()
        generate(args.out, seed=args.seed, scale=args.scale)
        print(f"sample web written to {args.out} in {time.perf_counter() - started:.1f} s")
        return
    if not (Path(args.web_dir) / "index.json").exists():
        raise SystemExit(f"{args.web_dir} is not a generated sample web (no index.json); run `generate` first")
    server = SampleWebServer(args.web_dir, port=args.port, log_path=args.log, delay_scale=args.delay_scale)
    print(f"serving {args.web_dir} on {server.proxy_url} — crawl it with --proxy {server.proxy_url} "
          f"--ca-bundle {server.ca_bundle}")
    server.serve_forever()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m barometre.sampleweb")
    add_arguments(parser)
    run(parser.parse_args(argv))


if __name__ == "__main__":
    main()
