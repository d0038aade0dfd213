#!/usr/bin/env python3
"""The service's own view of a load-test run: lookup latency quantiles from the hdc_search_latency_seconds histogram
of /q/metrics, the difference of two snapshots (before and after the run), interpolated inside buckets as
Prometheus's histogram_quantile does. The gap to Gatling's figures is time outside the request handler: queueing,
the network stack, and on a shared machine the scheduler.

  server_quantiles.py snapshot URL KIND FILE     # writes the cumulative bucket counts of KIND to FILE
  server_quantiles.py diff URL KIND FILE         # prints "p50_ms p99_ms" of the lookups since FILE was written
"""
import json
import re
import sys
import urllib.request

LINE = re.compile(r'^hdc_search_latency_seconds_bucket\{([^}]*)\}\s+(\S+)')


def buckets(url, kind):
    text = urllib.request.urlopen(url + "/q/metrics", timeout=30).read().decode()
    out = {}
    for line in text.splitlines():
        m = LINE.match(line)
        if not m:
            continue
        labels = dict(re.findall(r'(\w+)="([^"]*)"', m.group(1)))
        if labels.get("kind") != kind:
            continue
        le = float(labels["le"])  # "+Inf" parses to inf
        out[le] = out.get(le, 0.0) + float(m.group(2))
    return out


def quantile(cumulative, q):
    edges = sorted(cumulative)
    total = cumulative[edges[-1]] if edges else 0
    if total <= 0:
        return float("nan")
    rank = q * total
    lower_edge, lower_count = 0.0, 0.0
    for e in edges:
        if cumulative[e] >= rank:
            if e == float("inf"):
                return lower_edge * 1000
            inside = cumulative[e] - lower_count
            share = 1.0 if inside == 0 else (rank - lower_count) / inside
            return (lower_edge + (e - lower_edge) * share) * 1000
        lower_edge, lower_count = e, cumulative[e]
    return lower_edge * 1000


def main():
    mode, url, kind, path = sys.argv[1:5]
    now = buckets(url, kind)
    if mode == "snapshot":
        json.dump({str(k): v for k, v in now.items()}, open(path, "w"))
        return
    before = {float(k): v for k, v in json.load(open(path)).items()}
    diff = {le: now[le] - before.get(le, 0.0) for le in now}
    print("%.1f %.1f" % (quantile(diff, 0.5), quantile(diff, 0.99)))


if __name__ == "__main__":
    main()
