#!/usr/bin/python3
"""Turns a Keras layers model (TensorFlow.js JSON + uint8-quantised weight buffer) into a TorchScript trunk.

The trunk keeps only the layers that the chosen outputs need and returns one NCHW tensor per output, shallow to deep,
which is what the service's TorchScriptTrunk loads. Set-up only: it runs with Debian's python3-torch; the service
loads the .pt file with DJL's libtorch and never runs Python.

Input scaling: the trunk takes the service's RGB tensors, (x/255 - 0.5) / 0.5, and maps them back to x/255, which is
what these Keras models were trained on.

BatchNorm momentum: Keras' 0.999 is PyTorch's 0.001, with which running statistics would barely leave ImageNet's in a
few hundred fine-tuning steps, while training normalises with the new data's batch statistics; the default 0.1
(PyTorch's) lets evaluation follow the fine-tuned data. --bn-momentum 0.001 keeps Keras' behaviour.

Usage: keras_to_torchscript.py --model model.json --weights weights.bin --outputs a,b,c --out trunk.pt
       [--bn-momentum 0.1] [--check-size 64]
"""
import argparse
import importlib.util
import json
import math
import os
import shutil
import sys
import tempfile

import numpy as np
import torch


def fail(message):
    print("keras_to_torchscript: " + message, file=sys.stderr)
    sys.exit(2)


def dequantise(model, buffer):
    """Weight name -> float32 array; value = q * scale + min for uint8 entries."""
    weights = {}
    offset = 0
    for group in model["weightsManifest"]:
        for w in group["weights"]:
            count = int(np.prod(w["shape"])) if w["shape"] else 1
            q = w.get("quantization")
            if q is None:
                if w.get("dtype", "float32") != "float32":
                    fail("unsupported weight dtype %s for %s" % (w.get("dtype"), w["name"]))
                raw = np.frombuffer(buffer, dtype="<f4", count=count, offset=offset)
                offset += 4 * count
                values = raw.astype(np.float32)
            elif q["dtype"] == "uint8":
                raw = np.frombuffer(buffer, dtype=np.uint8, count=count, offset=offset)
                offset += count
                values = raw.astype(np.float32) * np.float32(q["scale"]) + np.float32(q["min"])
            else:
                fail("unsupported quantisation %s for %s" % (q["dtype"], w["name"]))
            weights[w["name"]] = values.reshape(w["shape"])
    if offset != len(buffer):
        fail("weight buffer has %d bytes, the manifest describes %d" % (len(buffer), offset))
    return weights


def inbound(layer):
    nodes = layer.get("inbound_nodes") or []
    if len(nodes) > 1:
        fail("layer %s is shared (called %d times); not supported" % (layer["name"], len(nodes)))
    return [n[0] for n in nodes[0]] if nodes else []


def needed_layers(layers, outputs):
    by_name = {l["name"]: l for l in layers}
    for o in outputs:
        if o not in by_name:
            fail("no layer named %s; stage candidates: %s" % (o, ", ".join(
                l["name"] for l in layers if l["class_name"] in ("Add", "Concatenate", "ReLU", "Activation"))[:2000]))
    keep = set()
    stack = list(outputs)
    while stack:
        name = stack.pop()
        if name in keep:
            continue
        keep.add(name)
        stack.extend(inbound(by_name[name]))
    # Keras lists layers in topological order.
    return [l for l in layers if l["name"] in keep]


def pair(v):
    return tuple(v) if isinstance(v, (list, tuple)) else (v, v)


class Emitter:
    """Writes the module's source: one attribute per parametrised layer, straight-line forward code."""

    def __init__(self, weights, bn_momentum):
        self.weights = weights
        self.bn_momentum = bn_momentum
        self.init = []
        self.forward = []
        self.params = []  # (attribute, {torch param name: array})
        self.var = {}

    def v(self, name):
        return self.var[name]

    def weight(self, layer, key, required=True):
        full = layer["name"] + "/" + key
        if full not in self.weights:
            if required:
                fail("weight %s missing from the manifest" % full)
            return None
        return self.weights.pop(full)

    def same_padding(self, c, kernel, strides):
        if c.get("padding") != "same":
            return (0, 0)
        if strides != (1, 1):
            fail("layer %s: 'same' padding with stride %s is not supported" % (c["name"], strides))
        if kernel[0] % 2 == 0 or kernel[1] % 2 == 0:
            fail("layer %s: 'same' padding with an even kernel %s is not supported" % (c["name"], kernel))
        return ((kernel[0] - 1) // 2, (kernel[1] - 1) // 2)

    def emit(self, layer):
        kind = layer["class_name"]
        c = layer["config"]
        name = layer["name"]
        attr = "l_" + "".join(ch if ch.isalnum() else "_" for ch in name)
        ins = [self.v(i) for i in inbound(layer)]
        out = "x_" + attr[2:]
        self.var[name] = out
        if kind == "InputLayer":
            # Service tensors are (x/255 - 0.5) / 0.5; the Keras models want x/255.
            self.forward.append("%s = images * 0.5 + 0.5" % out)
            return
        if kind in ("Conv2D", "DepthwiseConv2D"):
            kernel = pair(c["kernel_size"])
            strides = pair(c["strides"])
            dilation = pair(c.get("dilation_rate", 1))
            if dilation != (1, 1):
                fail("layer %s: dilation %s is not supported" % (name, dilation))
            padding = self.same_padding(c, kernel, strides)
            if kind == "Conv2D":
                k = self.weight(layer, "kernel")  # HWIO
                w = np.transpose(k, (3, 2, 0, 1))  # OIHW
                cin, cout, groups = k.shape[2], k.shape[3], 1
            else:
                if c.get("depth_multiplier", 1) != 1:
                    fail("layer %s: depth multiplier %s is not supported" % (name, c["depth_multiplier"]))
                k = self.weight(layer, "depthwise_kernel")  # H W C 1
                w = np.transpose(k, (2, 3, 0, 1))  # C 1 H W
                cin = cout = groups = k.shape[2]
            bias = self.weight(layer, "bias") if c.get("use_bias") else None
            self.init.append("self.%s = nn.Conv2d(%d, %d, %s, stride=%s, padding=%s, groups=%d, bias=%s)"
                             % (attr, cin, cout, kernel, strides, padding, groups, bias is not None))
            p = {"weight": w}
            if bias is not None:
                p["bias"] = bias
            self.params.append((attr, p))
            self.forward.append("%s = self.%s(%s)" % (out, attr, ins[0]))
            act = c.get("activation", "linear")
            if act == "relu":
                self.forward.append("%s = F.relu(%s)" % (out, out))
            elif act != "linear":
                fail("layer %s: activation %s is not supported" % (name, act))
            return
        if kind == "BatchNormalization":
            if c.get("axis") not in (-1, 3, [3], [-1]):
                fail("layer %s: BatchNorm over axis %s is not supported" % (name, c.get("axis")))
            mean = self.weight(layer, "moving_mean")
            var = self.weight(layer, "moving_variance")
            channels = mean.shape[0]
            gamma = self.weight(layer, "gamma") if c.get("scale", True) else np.ones(channels, np.float32)
            beta = self.weight(layer, "beta") if c.get("center", True) else np.zeros(channels, np.float32)
            self.init.append("self.%s = nn.BatchNorm2d(%d, eps=%r, momentum=%r)"
                             % (attr, channels, float(c.get("epsilon", 1e-3)), self.bn_momentum))
            self.params.append((attr, {"weight": gamma, "bias": beta, "running_mean": mean, "running_var": var}))
            self.forward.append("%s = self.%s(%s)" % (out, attr, ins[0]))
            return
        if kind == "ReLU":
            if c.get("negative_slope", 0) not in (0, 0.0) or c.get("threshold", 0) not in (0, 0.0):
                fail("layer %s: leaky or thresholded ReLU is not supported" % name)
            mx = c.get("max_value")
            self.forward.append("%s = F.relu(%s)" % (out, ins[0]) if mx is None
                                else "%s = torch.clamp(%s, 0.0, %r)" % (out, ins[0], float(mx)))
            return
        if kind == "Activation":
            act = c["activation"]
            if act == "relu":
                self.forward.append("%s = F.relu(%s)" % (out, ins[0]))
            elif act == "linear":
                self.forward.append("%s = %s" % (out, ins[0]))
            else:
                fail("layer %s: activation %s is not supported" % (name, act))
            return
        if kind == "ZeroPadding2D":
            (top, bottom), (left, right) = [pair(p) for p in c["padding"]] if isinstance(c["padding"][0], list) \
                else [pair(c["padding"][0]), pair(c["padding"][1])]
            self.forward.append("%s = F.pad(%s, [%d, %d, %d, %d])" % (out, ins[0], left, right, top, bottom))
            return
        if kind in ("MaxPooling2D", "AveragePooling2D"):
            kernel = pair(c["pool_size"])
            strides = pair(c.get("strides") or kernel)
            padding = self.same_padding(c, kernel, strides)
            if kind == "MaxPooling2D":
                self.forward.append("%s = F.max_pool2d(%s, %s, %s, %s)" % (out, ins[0], kernel, strides, padding))
            else:
                # Keras averages over the window's real pixels only: the padding does not count.
                self.forward.append("%s = F.avg_pool2d(%s, %s, %s, %s, count_include_pad=False)"
                                    % (out, ins[0], kernel, strides, padding))
            return
        if kind == "Add":
            self.forward.append("%s = %s" % (out, " + ".join(ins)))
            return
        if kind == "Concatenate":
            if c.get("axis") not in (-1, 3):
                fail("layer %s: concatenation over axis %s is not supported" % (name, c.get("axis")))
            self.forward.append("%s = torch.cat([%s], 1)" % (out, ", ".join(ins)))
            return
        if kind == "Dropout":
            self.forward.append("%s = %s" % (out, ins[0]))
            return
        fail("layer %s: %s is not supported (only the convolutional part of a model can be a trunk)" % (name, kind))

    def source(self, outputs):
        lines = ["import torch", "import torch.nn as nn", "import torch.nn.functional as F",
                 "from typing import List", "", "", "class Trunk(nn.Module):", "    def __init__(self):",
                 "        super().__init__()"]
        lines += ["        " + s for s in self.init]
        lines += ["", "    def forward(self, images: torch.Tensor) -> List[torch.Tensor]:"]
        lines += ["        " + s for s in self.forward]
        lines.append("        return [%s]" % ", ".join(self.v(o) for o in outputs))
        return "\n".join(lines) + "\n"


def build(model, buffer, outputs, bn_momentum):
    topology = model["modelTopology"]
    config = topology.get("model_config", topology)
    if config.get("class_name") not in ("Model", "Functional"):
        fail("not a Keras functional model (class %s); graph models are not supported" % config.get("class_name"))
    layers = config["config"]["layers"]
    weights = dequantise(model, buffer)
    emitter = Emitter(weights, bn_momentum)
    for layer in needed_layers(layers, outputs):
        emitter.emit(layer)
    source = emitter.source(outputs)
    directory = tempfile.mkdtemp(prefix="hdc-trunk-")
    path = os.path.join(directory, "generated_trunk.py")
    with open(path, "w") as f:
        f.write(source)
    spec = importlib.util.spec_from_file_location("generated_trunk", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    trunk = module.Trunk()
    with torch.no_grad():
        for attr, params in emitter.params:
            target = getattr(trunk, attr)
            for key, value in params.items():
                tensor = getattr(target, key)
                if tuple(tensor.shape) != value.shape:
                    fail("%s.%s: shape %s, weights %s" % (attr, key, tuple(tensor.shape), value.shape))
                tensor.copy_(torch.from_numpy(np.ascontiguousarray(value)))
    return trunk, directory


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", required=True)
    parser.add_argument("--weights", required=True)
    parser.add_argument("--outputs", required=True, help="comma-separated layer names, shallow to deep")
    parser.add_argument("--out", required=True)
    parser.add_argument("--bn-momentum", type=float, default=0.1)
    parser.add_argument("--check-size", type=int, default=64, help="input size of the shape check")
    args = parser.parse_args()
    with open(args.model) as f:
        model = json.load(f)
    with open(args.weights, "rb") as f:
        buffer = f.read()
    outputs = [o.strip() for o in args.outputs.split(",") if o.strip()]
    torch.manual_seed(0)
    trunk, directory = build(model, buffer, outputs, args.bn_momentum)
    trunk.eval()
    try:
        # torch.jit.script reads the generated module's source file: remove it only afterwards.
        scripted = torch.jit.script(trunk)
    finally:
        shutil.rmtree(directory, ignore_errors=True)
    with torch.no_grad():
        x = torch.rand(2, 3, args.check_size, args.check_size) * 2 - 1
        eager = trunk(x)
        script_out = scripted(x)
    shapes = []
    for name, a, b in zip(outputs, eager, script_out):
        if not torch.allclose(a, b, atol=1e-5):
            fail("scripted output %s differs from the module's" % name)
        if not torch.isfinite(a).all():
            fail("output %s is not finite" % name)
        shapes.append("%s %s" % (name, "x".join(str(d) for d in a.shape[1:])))
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    tmp = args.out + ".tmp"
    scripted.save(tmp)
    os.replace(tmp, args.out)
    count = sum(p.numel() for p in trunk.parameters())
    print("keras_to_torchscript: %d parameters, outputs at %d px: %s -> %s"
          % (count, args.check_size, ", ".join(shapes), args.out))


if __name__ == "__main__":
    main()
