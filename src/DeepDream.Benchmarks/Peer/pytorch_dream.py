#!/usr/bin/env python3
"""The op-by-op PyTorch peer of `deepdream dream`: `deepdream bench --peer pytorch` checks our objective and
gradient against it (its dream loop is also torchvision_dream.py's, the timing peer, which runs torchvision's own
modules: what a user runs, and faster than this rebuild).

It dreams exactly as DeepDream.Dreaming.Dreamer does, in PyTorch eager mode: the network is the
graph `deepdream bench` exports (PeerGraph.cs: the ONNX nodes as imported, up to the dream layer,
as JSON, and the weights as one raw float32 file), each ONNX op run by torch.nn.functional. The
input is the dream's own: planar RGB 0..255 float32, [3, H, W]; normalization is inside the graph.

  pytorch_dream.py check GRAPH WEIGHTS INPUT W H OUTPUT
      the objective (mean of the layer's squares) of one image and its gradient, in float32, with the
      forward under bf16 autocast, and in float64 (the reference); gradients to OUTPUT.<precision>.f32
  pytorch_dream.py dream GRAPH WEIGHTS INPUT W H OUTPUT [--octaves 4 --octave-scale 1.4
      --iterations 10 --step 1.5 --jitter 32 --tile-size 512 --seed 1] [--bf16]
      the dream, written to OUTPUT; --bf16 runs the forward under torch.autocast("cpu", dtype=torch.bfloat16)

Both print one JSON line: objective(s), seconds (after the imports), peak RSS in MB, threads.
The random rolls are .NET's System.Random with the same seed: a dream here takes the same steps as
ours, up to rounding. Tensors are channels-last, the layout oneDNN's CPU convolutions run fastest on
(--nchw keeps PyTorch's default, to compare).
Needs Debian's python3-torch (1.13) and numpy; uses every core the process may run on.
"""
import argparse
import json
import math
import os
import resource
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F


class Network:
    """The exported graph as a function from an image [1, 3, H, W] to the layer."""

    def __init__(self, graph_path, weights_path, dtype=torch.float32, memory_format=torch.channels_last):
        with open(graph_path) as f:
            graph = json.load(f)
        raw = torch.from_numpy(np.fromfile(weights_path, dtype="<f4"))
        self.constants = {}
        for t in graph["initializers"]:
            shape = tuple(t["dims"])
            if t["type"] == "float32":
                count = math.prod(shape)
                weight = raw[t["offset"]:t["offset"] + count].reshape(shape).to(dtype)
                self.constants[t["name"]] = weight.contiguous(memory_format=memory_format) if weight.dim() == 4 else weight
            else:
                self.constants[t["name"]] = torch.tensor(t["values"], dtype=torch.int64).reshape(shape)
        self.input, self.output, self.nodes = graph["input"], graph["output"], graph["nodes"]
        self.memory_format = memory_format
        for node in self.nodes:
            if node["op"] not in OPS:
                sys.exit(f"pytorch_dream.py: no PyTorch mapping for ONNX op {node['op']} (node {node['name']})")

    def __call__(self, image):
        values = dict(self.constants)
        values[self.input] = image.contiguous(memory_format=self.memory_format)
        for node in self.nodes:
            inputs = [values[name] if name else None for name in node["inputs"]]
            outputs = OPS[node["op"]](inputs, node["attributes"])
            values[node["outputs"][0]] = outputs
        return values[self.output]


# ---- ONNX ops, with ONNX semantics ----

def spatial_pads(x, attributes, kernel):
    """ONNX padding as (top, left, bottom, right): explicit pads, or SAME_UPPER/SAME_LOWER for this input size."""
    strides = attributes.get("strides", [1, 1])
    dilations = attributes.get("dilations", [1, 1])
    auto_pad = attributes.get("auto_pad", "NOTSET")
    if auto_pad in ("SAME_UPPER", "SAME_LOWER"):
        before, after = [], []
        for size, k, s, d in zip(x.shape[2:], kernel, strides, dilations):
            total = max((math.ceil(size / s) - 1) * s + (k - 1) * d + 1 - size, 0)
            small = total // 2
            before.append(small if auto_pad == "SAME_UPPER" else total - small)
            after.append(total - before[-1])
        return before[0], before[1], after[0], after[1]
    if auto_pad == "VALID":
        return 0, 0, 0, 0
    return tuple(attributes.get("pads", [0, 0, 0, 0]))


def padded(x, pads, value, limit):
    """PyTorch pads both sides alike: uneven (or too large) pads become an explicit F.pad; returns (x, padding argument)."""
    top, left, bottom, right = pads
    if top == bottom and left == right and top <= limit[0] and left <= limit[1]:
        return x, (top, left)
    return F.pad(x, (left, right, top, bottom), value=value), (0, 0)


def conv(inputs, a):
    x, w = inputs[0], inputs[1]
    bias = inputs[2] if len(inputs) > 2 else None
    kernel = a.get("kernel_shape", list(w.shape[2:]))
    x, padding = padded(x, spatial_pads(x, a, kernel), 0.0, (math.inf, math.inf))
    return F.conv2d(x, w, bias, tuple(a.get("strides", [1, 1])), padding, tuple(a.get("dilations", [1, 1])), a.get("group", 1))


def max_pool(inputs, a):
    x, kernel = inputs[0], a["kernel_shape"]
    # Max ignores padding: pad with -inf where PyTorch cannot (uneven, or over half the window).
    x, padding = padded(x, spatial_pads(x, a, kernel), -math.inf, (kernel[0] // 2, kernel[1] // 2))
    return F.max_pool2d(x, tuple(kernel), tuple(a.get("strides", [1, 1])), padding, tuple(a.get("dilations", [1, 1])),
                        ceil_mode=bool(a.get("ceil_mode", 0)))


def average_pool(inputs, a):
    x, kernel = inputs[0], a["kernel_shape"]
    strides, ceil_mode = tuple(a.get("strides", [1, 1])), bool(a.get("ceil_mode", 0))
    include_pad = bool(a.get("count_include_pad", 0))
    pads = spatial_pads(x, a, kernel)
    top, left, bottom, right = pads
    if top == bottom and left == right and top <= kernel[0] // 2 and left <= kernel[1] // 2:
        return F.avg_pool2d(x, tuple(kernel), strides, (top, left), ceil_mode, include_pad)
    # Uneven pads: sum over the padded input, divided by the window's count of real (or all) pixels.
    sums = F.avg_pool2d(F.pad(x, (left, right, top, bottom)), tuple(kernel), strides, 0, ceil_mode, True)
    if include_pad:
        return sums
    ones = F.pad(torch.ones_like(x[:1, :1]), (left, right, top, bottom))
    return sums / F.avg_pool2d(ones, tuple(kernel), strides, 0, ceil_mode, True)


def lrn(inputs, a):
    size = a["size"]
    # ONNX and PyTorch both divide alpha by the size; their windows match for odd sizes only.
    if size % 2 == 0:
        sys.exit(f"pytorch_dream.py: LRN of even size {size} has no PyTorch equivalent")
    return F.local_response_norm(inputs[0], size, a.get("alpha", 1e-4), a.get("beta", 0.75), a.get("bias", 1.0))


def batch_norm(inputs, a):
    x, scale, bias, mean, var = inputs[:5]
    return F.batch_norm(x, mean, var, scale, bias, training=False, eps=a.get("epsilon", 1e-5))


def reshape(inputs, a):
    x, shape = inputs[0], inputs[1].tolist()
    # ONNX: 0 copies the input's dimension (unless allowzero).
    if not a.get("allowzero", 0):
        shape = [x.shape[i] if s == 0 else s for i, s in enumerate(shape)]
    return x.reshape(shape)


def flatten(inputs, a):
    x, axis = inputs[0], a.get("axis", 1)
    return x.reshape(math.prod(x.shape[:axis]), -1)


OPS = {
    "Conv": conv,
    "Relu": lambda i, a: F.relu(i[0]),
    "MaxPool": max_pool,
    "AveragePool": average_pool,
    "GlobalAveragePool": lambda i, a: i[0].mean(dim=(2, 3), keepdim=True),
    "LRN": lrn,
    "BatchNormalization": batch_norm,
    "Concat": lambda i, a: torch.cat(i, dim=a["axis"]),
    "Add": lambda i, a: i[0] + i[1],
    "Sub": lambda i, a: i[0] - i[1],
    "Mul": lambda i, a: i[0] * i[1],
    "Div": lambda i, a: i[0] / i[1],
    "Identity": lambda i, a: i[0],
    "Reshape": reshape,
    "Flatten": flatten,
    "Transpose": lambda i, a: i[0].permute(a["perm"]),
}


# ---- the dream, as DeepDream.Dreaming.Dreamer ----

class DotNetRandom:
    """.NET's seeded System.Random (Knuth's subtractive generator): the same seed draws the same rolls as our dream."""

    BIG = 2 ** 31 - 1

    def __init__(self, seed):
        seeds = [0] * 56
        mj = 161803398 - (self.BIG if seed == -2 ** 31 else abs(seed))
        seeds[55], mk, ii = mj, 1, 0
        for _ in range(1, 55):
            ii = (ii + 21) % 55
            seeds[ii] = mk
            mk = mj - mk
            if mk < 0:
                mk += self.BIG
            mj = seeds[ii]
        for _ in range(4):
            for i in range(1, 56):
                seeds[i] -= seeds[1 + (i + 30) % 55]
                if seeds[i] < 0:
                    seeds[i] += self.BIG
        self.seeds, self.inext, self.inextp = seeds, 0, 21

    def sample(self):
        self.inext = self.inext + 1 if self.inext < 55 else 1
        self.inextp = self.inextp + 1 if self.inextp < 55 else 1
        value = self.seeds[self.inext] - self.seeds[self.inextp]
        if value == self.BIG:
            value -= 1
        if value < 0:
            value += self.BIG
        self.seeds[self.inext] = value
        return value / self.BIG

    def next(self, low, high):
        """Next(low, high): low <= n < high."""
        return int(self.sample() * (high - low)) + low


class Objective:
    """The mean of the layer's squares (LayerTerm), in float64 as ours; the network's forward under autocast with --bf16."""

    def __init__(self, network, bf16):
        self.network, self.bf16 = network, bf16

    def value(self, crop):
        with torch.autocast("cpu", dtype=torch.bfloat16, enabled=self.bf16):
            layer = self.network(crop)
        return layer.double().square().mean()

    def gradient(self, crop):
        crop = crop.detach().requires_grad_(True)
        value = self.value(crop)
        value.backward()
        return value.item(), crop.grad

    def measure(self, crop):
        with torch.no_grad():
            return self.value(crop).item()


def tile_layout(length, tile_size):
    """TileLayout.For: the fewest equal crops no longer than the tile size; each keeps the core nearer its centre."""
    if length <= tile_size:
        return length, [(0, 0, length)]
    count = (length + tile_size - 1) // tile_size
    alignment = 8
    crop = min(tile_size, ((length + count - 1) // count + alignment - 1) // alignment * alignment)
    starts = [round(k * (length - crop) / (count - 1)) for k in range(count)]
    bounds = [0] + [(starts[k - 1] + starts[k] + crop) // 2 for k in range(1, count)] + [length]
    return crop, [(s, bounds[k], bounds[k + 1]) for k, s in enumerate(starts)]


def sweep(objective, image, dx, dy, tile_size, with_gradient):
    """TiledGradient: the objective (area-weighted over crops) of the image rolled by (dx, dy), and its gradient unrolled."""
    _, height, width = image.shape
    (crop_w, columns), (crop_h, rows) = tile_layout(width, tile_size), tile_layout(height, tile_size)
    rolled = torch.roll(image, shifts=(dy, dx), dims=(1, 2)) if dx or dy else image
    gradient = torch.empty_like(image) if with_gradient else None
    # Each crop's objective is a mean over the crop; its gradient is rescaled to the whole image's mean.
    scale = (crop_w * crop_h) / (width * height)
    total = 0.0
    for row_start, row_core, row_end in rows:
        for column_start, column_core, column_end in columns:
            crop = rolled[None, :, row_start:row_start + crop_h, column_start:column_start + crop_w].contiguous()
            if with_gradient:
                value, crop_gradient = objective.gradient(crop)
                gradient[:, row_core:row_end, column_core:column_end] = scale * crop_gradient[
                    0, :, row_core - row_start:row_end - row_start, column_core - column_start:column_end - column_start]
            else:
                value = objective.measure(crop)
            total += value * (column_end - column_core) * (row_end - row_core)
    if with_gradient and (dx or dy):
        gradient = torch.roll(gradient, shifts=(-dy, -dx), dims=(1, 2))
    return total / (width * height), gradient


def resize(image, width, height):
    """Bilinear, pixel centres aligned, no antialiasing: Resampling.Resize."""
    if image.shape[1:] == (height, width):
        return image
    return F.interpolate(image[None], size=(height, width), mode="bilinear", align_corners=False)[0]


def octave_sizes(width, height, octaves, scale):
    return [(max(1, round(width / scale ** k)), max(1, round(height / scale ** k))) for k in reversed(range(octaves))]


def dream(objective, image, args):
    rng = DotNetRandom(args.seed)
    _, height, width = image.shape
    sizes = octave_sizes(width, height, args.octaves, args.octave_scale)
    octaves, detail = [], None
    for index, (w, h) in enumerate(sizes):
        base = resize(image, w, h)
        picture = base + (resize(detail, w, h) if detail is not None else 0)
        first = None
        for _ in range(args.iterations):
            # The roll: jitter, plus a random shift of the tile grid when the image needs several crops.
            dx, dy = rng.next(-args.jitter, args.jitter + 1), rng.next(-args.jitter, args.jitter + 1)
            if w > args.tile_size or h > args.tile_size:
                dx, dy = dx + rng.next(0, args.tile_size), dy + rng.next(0, args.tile_size)
            value, gradient = sweep(objective, picture, dx, dy, args.tile_size, True)
            first = value if first is None else first
            picture += gradient * (args.step / (gradient.abs().mean().item() + 1e-8))
            picture.clamp_(0, 255)
        last = index == len(sizes) - 1
        end = sweep(objective, picture, 0, 0, args.tile_size, False)[0] if last or first is None else value
        octaves.append({"width": w, "height": h, "objectiveStart": end if first is None else first, "objectiveEnd": end})
        if last:
            break
        detail = picture - base
    objective_input = sweep(objective, image, 0, 0, args.tile_size, False)[0]
    return picture, {"objectiveInput": objective_input, "objectiveOutput": end, "octaves": octaves}


PRECISIONS = ("fp32", "bf16", "fp64")


def check(graph, weights, image, memory_format, output):
    """One image's objective and gradient in each precision; the gradients go to OUTPUT.<precision>.f32."""
    objectives = {}
    for precision in PRECISIONS:
        dtype = torch.float64 if precision == "fp64" else torch.float32
        objective = Objective(Network(graph, weights, dtype, memory_format), bf16=precision == "bf16")
        _, height, width = image.shape
        objectives[precision], gradient = sweep(objective, image.to(dtype), 0, 0, max(width, height), True)
        gradient.numpy().astype("<f4").tofile(f"{output}.{precision}.f32")
    return {"objectives": objectives}


def add_loop_arguments(parser):
    """The dream's options, spelled as our CLI spells them; --bf16 runs the forward under bf16 autocast."""
    parser.add_argument("--bf16", action="store_true", help="dream with the forward under bf16 autocast")
    parser.add_argument("--octaves", type=int, default=4)
    parser.add_argument("--octave-scale", type=float, default=1.4)
    parser.add_argument("--iterations", type=int, default=10)
    parser.add_argument("--step", type=float, default=1.5)
    parser.add_argument("--jitter", type=int, default=32)
    parser.add_argument("--tile-size", type=int, default=512)
    parser.add_argument("--seed", type=int, default=1)


def started():
    """The clock (after the imports) and every core the process may run on, for PyTorch's threads."""
    threads = len(os.sched_getaffinity(0))
    torch.set_num_threads(threads)
    return time.monotonic(), threads


def finish(report, start, threads, configuration):
    """Prints the run's one JSON line: its report, the seconds since start, peak RSS, and how it ran."""
    report.update({
        "seconds": time.monotonic() - start,
        "peakRssMb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "threads": threads,
        "torch": torch.__version__,
        **configuration,
    })
    print(json.dumps(report))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("mode", choices=["check", "dream"])
    for name in ("graph", "weights", "input"):
        parser.add_argument(name)
    parser.add_argument("width", type=int)
    parser.add_argument("height", type=int)
    parser.add_argument("output")
    add_loop_arguments(parser)
    # oneDNN's convolutions run fastest on NHWC tensors (PyTorch's CPU performance guide): the peer's best.
    parser.add_argument("--nchw", action="store_true", help="keep tensors NCHW instead of channels-last")
    args = parser.parse_args()

    start, threads = started()
    memory_format = torch.contiguous_format if args.nchw else torch.channels_last
    image = torch.from_numpy(np.fromfile(args.input, dtype="<f4")).reshape(3, args.height, args.width)
    if args.mode == "check":
        report = check(args.graph, args.weights, image, memory_format, args.output)
    else:
        result, report = dream(Objective(Network(args.graph, args.weights, torch.float32, memory_format), args.bf16), image, args)
        result.numpy().astype("<f4").tofile(args.output)
    finish(report, start, threads, {"bf16": args.bf16, "memoryFormat": "nchw" if args.nchw else "channels-last"})


if __name__ == "__main__":
    main()
