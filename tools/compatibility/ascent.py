"""The same gradient ascent our dream runs, in PyTorch, on the same network and weights as export.py's file.

python3 ascent.py NAME LAYER IMAGE ITERATIONS STEP [TIMING_SIZE]
LAYER is the ONNX tensor name our dream used; it is found in PyTorch as the output of the module whose scope the
exporter named it after. One octave, no jitter: step by step/mean|g| on the mean of the layer's squares, pixels kept
in 0..255, the image fed to the network the torchvision way. Prints one JSON object: the objective before and after,
and seconds per iteration at TIMING_SIZE² (every core, no weight gradients, subnormals flushed to zero, the forward
pass stopped at the layer).
"""
import json
import os
import re
import sys
import time

import torch
import torchvision

from export import network

name, layer, image_path, iterations, step = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), float(sys.argv[5])
timing_size = int(sys.argv[6]) if len(sys.argv) > 6 else 0
model = network(name)
# Random weights leave some networks (ConvNeXt's layer scale of 1e-6) computing on subnormal floats, which x86 runs ~100x
# slower; a PyTorch user who times them flushes them to zero, as ONNX Runtime's kernels effectively do.
torch.set_flush_denormal(True)
# Debian's torch starts with one thread here; a user who times it gives it every core, as our runtime takes.
torch.set_num_threads(os.cpu_count())
for parameter in model.parameters():
    parameter.requires_grad_(False)


def module_call(root, tensor):
    """'/layer3/layer3.3/relu_2/Relu_output_0' -> (the module layer3[3].relu, its third call)."""
    scopes = tensor.strip('/').split('/')[:-1]
    module, call = root, 0
    for scope in scopes:
        children = dict(module.named_children())
        base, number = re.fullmatch(r'(.*?)(?:_(\d+))?', scope).groups()
        for candidate, index in ((scope, 0), (base, int(number or 0))):
            # Children of a Sequential are scoped as parent.index.
            key = candidate if candidate in children else candidate.rsplit('.', 1)[-1]
            if key in children:
                module, call = children[key], index
                break
        else:
            raise SystemExit(f'no module for scope {scope!r} of {tensor!r}')
    return module, call


class Reached(Exception):
    """Ends the forward pass at the dreamed layer: like our pruned graph, PyTorch then computes nothing past it."""


def keep(_module, _inputs, output):
    outputs.append(output)
    if len(outputs) > call:
        raise Reached


target, call = module_call(model, layer)
outputs = []
target.register_forward_hook(keep)
mean = torch.tensor([0.485, 0.456, 0.406]).view(1, 3, 1, 1)
std = torch.tensor([0.229, 0.224, 0.225]).view(1, 3, 1, 1)


def objective(pixels):
    outputs.clear()
    try:
        model((pixels / 255 - mean) / std)
    except Reached:
        pass
    features = outputs[call]
    return (features * features).mean()


def ascend(pixels):
    pixels = pixels.detach().requires_grad_(True)
    value = objective(pixels)
    gradient, = torch.autograd.grad(value, pixels)
    return (pixels + gradient * (step / (gradient.abs().mean() + 1e-8))).clamp(0, 255).detach()


image = torchvision.io.read_image(image_path, torchvision.io.ImageReadMode.RGB).float().unsqueeze(0)
with torch.no_grad():
    before = objective(image).item()
dream = image
for _ in range(iterations):
    dream = ascend(dream)
with torch.no_grad():
    after = objective(dream).item()
seconds = None
if timing_size:
    large = torch.rand(1, 3, timing_size, timing_size) * 255
    ascend(large)
    start = time.perf_counter()
    for _ in range(3):
        ascend(large)
    seconds = (time.perf_counter() - start) / 3
print(json.dumps({'before': before, 'after': after, 'secondsPerIteration': seconds}))
