#!/usr/bin/python3
"""Compares a converted trunk with the original TensorFlow.js model on the same input (development check).

Writes a seeded random NHWC input in [0, 1], runs tfjs-stages.js (needs npm's @tensorflow/tfjs under NODE_PATH) and
the TorchScript trunk (fed the service's scaling, x * 2 - 1, NCHW), and prints the largest difference per stage,
relative to the stage's largest magnitude.
Usage: check_trunk.py EXTRACTED_DIR TRUNK.pt SIZE LAYERS WORK_DIR
"""
import os
import subprocess
import sys

import numpy as np
import torch


def main():
    extracted, trunk_file, size, layers, work = sys.argv[1:6]
    size = int(size)
    names = layers.split(",")
    os.makedirs(work, exist_ok=True)
    rng = np.random.default_rng(7)
    x = rng.random((2, size, size, 3), dtype=np.float32)
    x.tofile(os.path.join(work, "input.f32"))
    here = os.path.dirname(os.path.abspath(__file__))
    subprocess.run(["node", os.path.join(here, "tfjs-stages.js"), extracted, os.path.join(work, "input.f32"),
                    str(size), layers, os.path.join(work, "tfjs-")], check=True)
    trunk = torch.jit.load(trunk_file)
    trunk.eval()
    with torch.no_grad():
        outs = trunk(torch.from_numpy(x).permute(0, 3, 1, 2).contiguous() * 2 - 1)
    worst = 0.0
    for name, out in zip(names, outs):
        ours = out.permute(0, 2, 3, 1).contiguous().numpy().ravel()
        ref = np.fromfile(os.path.join(work, "tfjs-" + name + ".f32"), dtype=np.float32)
        if ref.size != ours.size:
            print("%s: sizes differ, tfjs %d, trunk %d" % (name, ref.size, ours.size))
            sys.exit(1)
        rel = float(np.abs(ref - ours).max() / max(1e-12, np.abs(ref).max()))
        worst = max(worst, rel)
        print("%s: max |tfjs - trunk| / max |tfjs| = %.2e (max |tfjs| %.3f)" % (name, rel, np.abs(ref).max()))
    sys.exit(0 if worst < 1e-3 else 1)


if __name__ == "__main__":
    main()
