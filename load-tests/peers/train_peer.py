#!/usr/bin/python3
"""The PyTorch peer of hdc's trainer, for `./hdc bench train-peer`.

Trains the same network as the JVM side (hdc's built-in trunk: three stages of conv3x3(no bias)-BN-ReLU-conv3x3(no
bias)-BN-ReLU-maxpool2, 32/64/128 channels; one fc(64) head per stage on the globally average-pooled stage output,
L2-normalised; with --channels-last the weights in channels-last memory order, as the JVM side keeps them on
the CPU), with the same objective (HDC: per level the squared-distance matrix, hard-aware mining of positives
and negatives ranked separately with keep ratios 1.0/0.5/0.2 in cascade, contrastive loss d2 / factor*max(0, margin-d2)
over the kept pairs divided by the number of non-zero terms, levels summed) and the same optimizer (Adam, trunk at the
rate, heads at 10x), on the same batches: the ones the JVM bench wrote with the images it trains on.

Prints `torch threads=.. images_per_s=.. step_ms=.. cpu_images_per_s=.. (per second of the process's CPU time)
params=.. loss_first=.. loss_last=.. phases_ms=forward:..,...`
(the mean time per timed step of forward, objective (mining and loss), backward and the Adam update).

Batches file (little-endian): int32 magic 0x48444342 ("HDCB"), int32 version 1, int32 batches, int32 batch size,
int32 channels, int32 size; then per batch: int32 labels[batch size], float32 tensors[batch size * channels * size^2].
Run with Debian's interpreter (/usr/bin/python3, python3-torch 1.13).
"""
import argparse
import math
import struct
import sys
import time

import numpy as np
import torch
from torch import nn

MAGIC = 0x48444342
NORM_EPS = 1e-12
STAGES = (32, 64, 128)


def read_batches(path):
    with open(path, "rb") as f:
        magic, version, count, batch, channels, size = struct.unpack("<6i", f.read(24))
        if magic != MAGIC or version != 1:
            sys.exit(f"train_peer: {path} is not an hdc batches file (magic {magic:#x}, version {version})")
        floats = batch * channels * size * size
        out = []
        for _ in range(count):
            labels = np.frombuffer(f.read(4 * batch), dtype="<i4").astype(np.int64)
            data = np.frombuffer(f.read(4 * floats), dtype="<f4")
            if data.size != floats:
                sys.exit(f"train_peer: {path} is truncated")
            out.append((torch.from_numpy(data.copy()).view(batch, channels, size, size), labels))
        return out


class Stage(nn.Sequential):
    def __init__(self, cin, c):
        super().__init__(
            nn.Conv2d(cin, c, 3, padding=1, bias=False), nn.BatchNorm2d(c), nn.ReLU(),
            nn.Conv2d(c, c, 3, padding=1, bias=False), nn.BatchNorm2d(c), nn.ReLU(),
            nn.MaxPool2d(2, 2))


class Cascade(nn.Module):
    def __init__(self, channels, dim):
        super().__init__()
        stages, cin = [], channels
        for c in STAGES:
            stages.append(Stage(cin, c))
            cin = c
        self.stages = nn.ModuleList(stages)
        self.heads = nn.ModuleList(nn.Linear(c, dim) for c in STAGES)
        for m in self.modules():
            if isinstance(m, nn.Conv2d):
                nn.init.kaiming_normal_(m.weight, mode="fan_in", nonlinearity="relu")
            elif isinstance(m, nn.Linear):
                nn.init.xavier_uniform_(m.weight)
                nn.init.zeros_(m.bias)

    def forward(self, x):
        levels = []
        for stage, head in zip(self.stages, self.heads):
            x = stage(x)
            raw = head(x.mean(dim=(2, 3)))
            levels.append(raw / (raw.square().sum(1, keepdim=True) + NORM_EPS).sqrt())
        return levels


def all_pairs(labels):
    n = len(labels)
    i, j = np.triu_indices(n, 1)
    same = labels[i] == labels[j]
    return (torch.from_numpy(i[same]), torch.from_numpy(j[same]),
            torch.from_numpy(i[~same]), torch.from_numpy(j[~same]))


def kept_count(ratio, count):
    return 0 if count == 0 else min(count, max(1, math.ceil(ratio * count - 1e-6)))


def d2_matrix(e):
    sq = e.square().sum(1, keepdim=True)
    return (sq + sq.t() - 2 * e @ e.t()).clamp_min(0)


def pair_d2(e, a, b):
    return (e[a] - e[b]).square().sum(1)


def hdc_loss(levels, pairs, keep, margin, neg_factor, cascade):
    pa, pb, na, nb = pairs
    total = None
    losses = []
    for level, ratio in zip(levels, keep):
        with torch.no_grad():
            d = d2_matrix(level.detach())
            # Hardest first, ties in candidate order: positives far first, negatives near first.
            pos_order = torch.sort(-d[pa, pb], stable=True).indices[:kept_count(ratio, len(pa))]
            neg_order = torch.sort(d[na, nb], stable=True).indices[:kept_count(ratio, len(na))]
        kpa, kpb, kna, knb = pa[pos_order], pb[pos_order], na[neg_order], nb[neg_order]
        pos = pair_d2(level, kpa, kpb)
        neg = (margin - pair_d2(level, kna, knb)).clamp_min(0) * neg_factor
        non_zero = int((pos > 0).sum()) + int((neg > 0).sum())
        loss = (pos.sum() + neg.sum()) / max(1, non_zero)
        losses.append(loss)
        total = loss if total is None else total + loss
        if cascade:
            pa, pb, na, nb = kpa, kpb, kna, knb
    return total


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--batches", required=True)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--warmup", type=int, default=5)
    p.add_argument("--steps", type=int, default=20)
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--head-lr-mult", type=float, default=10.0)
    p.add_argument("--keep", default="1.0,0.5,0.2")
    p.add_argument("--margin", type=float, default=1.0)
    p.add_argument("--neg-factor", type=float, default=1.0)
    p.add_argument("--mining", choices=("cascade", "independent"), default="cascade")
    p.add_argument("--dim", type=int, default=64)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--channels-last", action="store_true",
                   help="convolution weights in channels-last memory order, as the JVM side keeps them")
    a = p.parse_args()
    if a.threads < 1 or a.warmup < 0 or a.steps < 1:
        sys.exit(f"train_peer: need --threads >= 1, --warmup >= 0, --steps >= 1, got {a.threads} {a.warmup} {a.steps}")
    torch.set_num_threads(a.threads)
    torch.set_num_interop_threads(1)
    torch.manual_seed(a.seed)
    batches = read_batches(a.batches)
    keep = [float(v) for v in a.keep.split(",")]
    channels = batches[0][0].shape[1]
    net = Cascade(channels, a.dim)
    if a.channels_last:
        net = net.to(memory_format=torch.channels_last)
    net.train()
    opt = torch.optim.Adam([
        {"params": net.stages.parameters(), "lr": a.lr},
        {"params": net.heads.parameters(), "lr": a.lr * a.head_lr_mult}])
    params = sum(t.numel() for t in net.parameters())
    pairs = [all_pairs(labels) for _, labels in batches]
    losses = []
    timed_images, timed_seconds, timed_cpu = 0, 0.0, 0.0
    phases = {"forward": 0.0, "objective": 0.0, "backward": 0.0, "update": 0.0}
    for step in range(a.warmup + a.steps):
        x, labels = batches[step % len(batches)]
        c0 = time.process_time()
        t0 = time.perf_counter()
        levels = net(x)
        t1 = time.perf_counter()
        loss = hdc_loss(levels, pairs[step % len(batches)], keep, a.margin, a.neg_factor, a.mining == "cascade")
        t2 = time.perf_counter()
        opt.zero_grad(set_to_none=False)
        loss.backward()
        value = loss.item()
        t3 = time.perf_counter()
        opt.step()
        t4 = time.perf_counter()
        c4 = time.process_time()
        losses.append(value)
        if step >= a.warmup:
            timed_images += x.shape[0]
            timed_seconds += t4 - t0
            timed_cpu += c4 - c0
            for name, dt in zip(phases, (t1 - t0, t2 - t1, t3 - t2, t4 - t3)):
                phases[name] += dt
    batch = batches[0][0].shape[0]
    print(f"torch threads={a.threads} images_per_s={timed_images / timed_seconds:.1f} "
          f"step_ms={1000 * timed_seconds / a.steps:.1f} cpu_images_per_s={timed_images / timed_cpu:.1f} "
          f"params={params} batch={batch} channels_last={int(a.channels_last)} "
          f"loss_first={losses[0]:.4f} loss_last={losses[-1]:.4f} torch={torch.__version__} "
          f"phases_ms=" + ",".join(f"{k}:{1000 * v / a.steps:.1f}" for k, v in phases.items()), flush=True)


if __name__ == "__main__":
    main()
