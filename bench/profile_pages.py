"""Where a page's time goes: cProfile over the bench's main pages (bench.run PAGES).

    NETWERK_BENCH_DATABASE=bench_pages python -m bench.profile_pages [--load] [--repeat 5] [--top 25]

--load (re)creates and loads the bench database first (factor 1); without it the database must be
loaded already. Per page: the median time of --repeat requests through the test client, then the
functions with the most cumulative and own time over those requests, so a hot template loop or
formatting filter shows by name.
"""

import argparse
import cProfile
import pstats
import statistics
import sys
import time

from sqlalchemy import make_url

from bench.measure import bench_app, login
from bench.run import (
    BENCH_DATABASE,
    DEFAULT_ADMIN_URL,
    PAGES,
    USERS,
    load,
    ministry_token,
    recreate_database,
)
from netwerk.demo.users import DEMO_PASSWORD


def main(argv: list[str] | None = None) -> int:
    """Profile every page of PAGES (or those whose label contains --only) and print the report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--load", action="store_true")
    parser.add_argument("--factor", type=float, default=1.0)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--only", default="")
    parser.add_argument("--admin-url", default=DEFAULT_ADMIN_URL)
    args = parser.parse_args(argv)
    if args.load:
        url = recreate_database(args.admin_url, BENCH_DATABASE)
        app = bench_app(url)
        load(app, args.factor, 2021)
    else:
        url = make_url(args.admin_url).set(database=BENCH_DATABASE)
        app = bench_app(url.render_as_string(hide_password=False))
    clients = {}
    for who, email in USERS.items():
        clients[who] = app.test_client()
        login(clients[who], email, DEMO_PASSWORD)
    clients["api"] = app.test_client()
    api_headers = {"Authorization": f"Bearer {ministry_token(app)}"}
    for label, path, who in PAGES:
        if args.only.lower() not in label.lower():
            continue
        headers = api_headers if who == "api" else None
        clients[who].get(path, headers=headers).close()  # warm
        times, profile = [], cProfile.Profile()
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            profile.enable()
            response = clients[who].get(path, headers=headers)
            size = len(response.data)
            profile.disable()
            times.append(time.perf_counter() - t0)
            response.close()
        print(f"== {label} {path}: {statistics.median(times) * 1000:.0f} ms, {size:,} bytes")
        stats = pstats.Stats(profile, stream=sys.stdout)
        stats.sort_stats("tottime").print_stats(args.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
