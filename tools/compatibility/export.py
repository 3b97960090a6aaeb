"""Exports a torchvision classification network, random weights, with torch.onnx.export as users run it.

python3 export.py NAME OPSET FOLDER   (Debian's python3-torch and python3-torchvision)
The weights come from a fixed seed, so ascent.py builds the very same network. Below opset 9 the file is written as
the ONNX model zoo's old files are: IR version 3, every weight also listed as a graph input.
"""
import sys

import torch
import torchvision


def network(name):
    torch.manual_seed(0)
    # Inception v3 and GoogLeNet build auxiliary heads for training only.
    options = {'aux_logits': False, 'init_weights': True} if name in ('inception_v3', 'googlenet') else {}
    return getattr(torchvision.models, name)(weights=None, **options).eval()


def declared_size(name):
    return 299 if name == 'inception_v3' else 224


if __name__ == '__main__':
    name, opset, folder = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    size = declared_size(name)
    torch.onnx.export(network(name), torch.randn(1, 3, size, size), f'{folder}/{name}-{opset}.onnx', opset_version=opset,
                      input_names=['input'], output_names=['logits'], keep_initializers_as_inputs=opset < 9)
