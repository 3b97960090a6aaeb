"""The test suite's real exports: one small network per op family of torchvision's classifiers, built from
torchvision's own blocks at a reduced width and written by torch.onnx.export, so ./test.sh covers every family
without Python. Beside each file, NAME.json holds the tensor of the family's block output and PyTorch's objective
there (the mean of its squares) on a fixed 64x64 image, for the tests to compare against ours.

python3 fixtures.py FOLDER   (Debian's python3-torch, python3-torchvision and python3-onnx)
"""
import importlib
import json
import sys

import onnx
import torch
from torch import nn
from torchvision.models import convnext, densenet, efficientnet, mobilenetv2, mobilenetv3, resnet, shufflenetv2, squeezenet

googlenet = importlib.import_module('torchvision.models.googlenet')  # torchvision.models.googlenet is also the builder function

folder = sys.argv[1]
WIDTH = 8


def stem():
    return nn.Sequential(nn.Conv2d(3, WIDTH, 3, 2, 1, bias=False), nn.BatchNorm2d(WIDTH), nn.ReLU(inplace=True))


FAMILIES = {
    # name: (the block, its output width, opsets, export options)
    'resnet-basic': (lambda: resnet.BasicBlock(WIDTH, WIDTH), WIDTH, [13], {}),
    # The old zoo format: opset 8, IR 3, weights also inputs.
    'resnet-bottleneck-zoo': (lambda: resnet.Bottleneck(WIDTH, 2, stride=2, downsample=nn.Sequential(
        nn.Conv2d(WIDTH, 8, 1, 2, bias=False), nn.BatchNorm2d(8))), 8, [8], {}),
    'googlenet-inception': (lambda: googlenet.Inception(WIDTH, 4, 4, 4, 2, 4, 4), 16, [13], {}),
    'densenet-block': (lambda: nn.Sequential(densenet._DenseBlock(2, WIDTH, 2, 4, 0.0), densenet._Transition(WIDTH + 8, WIDTH)), WIDTH, [13], {}),
    'mobilenetv2-residual': (lambda: mobilenetv2.InvertedResidual(WIDTH, WIDTH, 1, 2), WIDTH, [13], {}),
    'mobilenetv3-hardswish-se': (lambda: mobilenetv3.InvertedResidual(
        mobilenetv3.InvertedResidualConfig(WIDTH, 3, 16, WIDTH, True, 'HS', 1, 1, 1.0), nn.BatchNorm2d), WIDTH, [13], {}),
    'efficientnet-silu-se': (lambda: efficientnet.MBConv(
        efficientnet.MBConvConfig(2, 3, 1, WIDTH, WIDTH, 1), 0.0, nn.BatchNorm2d), WIDTH, [13], {}),
    'convnext-layernorm-gelu': (lambda: convnext.CNBlock(WIDTH, layer_scale=0.5, stochastic_depth_prob=0.0), WIDTH, [13, 17], {}),
    # Static: the views are constants for 64x64 (at opset 8, Constant → Cast → Unsqueeze → Concat).
    'shufflenet-shuffle': (lambda: nn.Sequential(shufflenetv2.InvertedResidual(WIDTH, 2 * WIDTH, 2), shufflenetv2.InvertedResidual(2 * WIDTH, 2 * WIDTH, 1)),
                           2 * WIDTH, [8, 13], {}),
    'shufflenet-shuffle-dynamic': (lambda: shufflenetv2.InvertedResidual(WIDTH, WIDTH, 1), WIDTH, [13],
                                   {'dynamic_axes': {'input': {2: 'height', 3: 'width'}}, 'pool': 1}),
    'squeezenet-fire': (lambda: squeezenet.Fire(WIDTH, 4, 4, 4), WIDTH, [13], {}),
}


class Network(nn.Module):
    """stem → the family's block → a classifier head, as every torchvision classifier ends (AlexNet's and VGG's: a Gemm)."""

    def __init__(self, block, width, pool):
        super().__init__()
        self.stem = stem()
        self.block = block
        self.pool = nn.AdaptiveAvgPool2d(pool)
        self.classifier = nn.Linear(width * pool * pool, 10)

    def forward(self, x):
        return self.classifier(torch.flatten(self.pool(self.block(self.stem(x))), 1))


def image():
    """A fixed 64x64 RGB image in 0..255, the same the tests make."""
    y, x = torch.meshgrid(torch.arange(64), torch.arange(64), indexing='ij')
    return torch.stack([(x * 7 + y * 3 + c * 11) % 256 for c in range(3)]).float().unsqueeze(0)


def objective(network, pixels):
    outputs = []
    hook = network.block.register_forward_hook(lambda _m, _i, output: outputs.append(output))
    mean = torch.tensor([0.485, 0.456, 0.406]).view(1, 3, 1, 1)
    std = torch.tensor([0.229, 0.224, 0.225]).view(1, 3, 1, 1)
    with torch.no_grad():
        network((pixels / 255 - mean) / std)
    hook.remove()
    return (outputs[0] ** 2).mean().item()


def block_output(path):
    """The tensor the exporter named for the block's output: its last node under the /block/ scope."""
    nodes = [n for n in onnx.load(path).graph.node if n.name.startswith('/block/')]
    return nodes[-1].output[0]


for name, (make, width, opsets, options) in FAMILIES.items():
    torch.manual_seed(0)
    # A 2x2 pool into the classifier, as AlexNet's and VGG's fixed grid; an input of dynamic size can only be pooled whole.
    network = Network(make(), width, options.pop('pool', 2)).eval()
    # Batch norms with statistics of their own, so that folding them into convolutions is not a no-op.
    for module in network.modules():
        if isinstance(module, nn.BatchNorm2d):
            module.running_mean.uniform_(-0.5, 0.5)
            module.running_var.uniform_(0.5, 2.0)
    for opset in opsets:
        path = f'{folder}/{name}-{opset}.onnx'
        torch.onnx.export(network, torch.randn(1, 3, 64, 64), path, opset_version=opset, input_names=['input'],
                          output_names=['logits'], keep_initializers_as_inputs=opset < 9, **options)
        with open(f'{folder}/{name}-{opset}.json', 'w') as f:
            json.dump({'layer': block_output(path), 'objective': objective(network, image())}, f, indent=1)
        print(path, onnx.load(path).ir_version)
