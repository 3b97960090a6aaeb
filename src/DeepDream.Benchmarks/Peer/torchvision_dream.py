#!/usr/bin/env python3
"""The PyTorch a DeepDream user writes, as the timing peer of `deepdream bench --peer pytorch`.

torchvision's own modules, cut at the dream layer: resnet18 up to layer3, googlenet (torchvision's, the
BatchNorm variant of Inception v1, not Google's inception5h graph) up to inception4c. model.eval(), its
weights frozen, the ImageNet normalization in front of the trunk. The dream loop is pytorch_dream.py's, so
the octaves, crops, rolls (.NET's generator, the same seed) and normalized steps are those of ours; only the
network differs. Random weights: none can be downloaded here, and the time does not depend on them.

  torchvision_dream.py NETWORK INPUT W H OUTPUT [--octaves 4 … --seed 1]
      [--memory-format nchw|channels-last] [--bf16] [--jit]
      NETWORK: resnet18 or googlenet. --bf16: the forward under torch.autocast("cpu", dtype=torch.bfloat16);
      --jit: the trunk traced and frozen (torch.jit.trace, torch.jit.freeze) before the dream.

Prints one JSON line: objectives, seconds (after the imports), peak RSS in MB, threads, the configuration.
Needs Debian's python3-torch (1.13) and python3-torchvision.
"""
import argparse

import numpy as np
import torch
import torchvision

import pytorch_dream as loop

TRUNKS = {
    "resnet18": (lambda: torchvision.models.resnet18(weights=None),
                 ["conv1", "bn1", "relu", "maxpool", "layer1", "layer2", "layer3"]),
    "googlenet": (lambda: torchvision.models.googlenet(weights=None, aux_logits=False, init_weights=False),
                  ["conv1", "maxpool1", "conv2", "conv3", "maxpool2", "inception3a", "inception3b", "maxpool3",
                   "inception4a", "inception4b", "inception4c"]),
}


class Trunk(torch.nn.Module):
    """The photo's 0..255 RGB normalized as torchvision's ImageNet weights expect, then the network up to the layer."""

    def __init__(self, network, layers):
        super().__init__()
        self.layers = torch.nn.Sequential(*(getattr(network, name) for name in layers))
        self.register_buffer("mean", torch.tensor([0.485, 0.456, 0.406]).reshape(1, 3, 1, 1) * 255)
        self.register_buffer("std", torch.tensor([0.229, 0.224, 0.225]).reshape(1, 3, 1, 1) * 255)

    def forward(self, image):
        return self.layers((image - self.mean) / self.std)


def network(name, memory_format, jit, example):
    build, layers = TRUNKS[name]
    torch.manual_seed(0)
    trunk = Trunk(build(), layers).eval()
    for parameter in trunk.parameters():
        parameter.requires_grad_(False)
    trunk = trunk.to(memory_format=memory_format)
    if jit:
        with torch.no_grad():
            trunk = torch.jit.freeze(torch.jit.trace(trunk, example.contiguous(memory_format=memory_format)))
    return lambda crop: trunk(crop.contiguous(memory_format=memory_format))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("network", choices=sorted(TRUNKS))
    parser.add_argument("input")
    parser.add_argument("width", type=int)
    parser.add_argument("height", type=int)
    parser.add_argument("output")
    parser.add_argument("--memory-format", choices=["nchw", "channels-last"], default="nchw")
    parser.add_argument("--jit", action="store_true")
    loop.add_loop_arguments(parser)
    args = parser.parse_args()

    start, threads = loop.started()
    memory_format = torch.channels_last if args.memory_format == "channels-last" else torch.contiguous_format
    image = torch.from_numpy(np.fromfile(args.input, dtype="<f4")).reshape(3, args.height, args.width)
    trunk = network(args.network, memory_format, args.jit, image[None, :, :224, :224])
    result, report = loop.dream(loop.Objective(trunk, args.bf16), image, args)
    result.numpy().astype("<f4").tofile(args.output)
    loop.finish(report, start, threads, {"torchvision": torchvision.__version__, "network": args.network,
                                         "memoryFormat": args.memory_format, "bf16": args.bf16, "jit": args.jit})


if __name__ == "__main__":
    main()
