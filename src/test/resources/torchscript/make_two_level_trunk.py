"""Writes two_level_trunk.pt: a tiny TorchScript trunk for the learner's tests.

forward(images NCHW, 3 channels) returns a tuple of two feature maps, one per cascade level:
level 1 = relu(conv3x3 3->8) at full size, level 2 = relu(conv3x3 8->16, stride 2) on it.
Run with Debian's python3-torch:  /usr/bin/python3 make_two_level_trunk.py
"""
import os

import torch
from torch import nn


class TwoLevelTrunk(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 8, 3, padding=1)
        self.conv2 = nn.Conv2d(8, 16, 3, padding=1, stride=2)

    def forward(self, x):
        a = torch.relu(self.conv1(x))
        b = torch.relu(self.conv2(a))
        return a, b


if __name__ == "__main__":
    torch.manual_seed(0)
    module = torch.jit.script(TwoLevelTrunk())
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "two_level_trunk.pt")
    module.save(out)
    print("wrote", out)
