"""Generates the graph-shaped test models (residual additions, a concatenation of branches, batch norms to fold)
exported the way current PyTorch users export them, with the weights in an external .onnx.data file next to the
model, and their expected outputs from onnxruntime. The build and tests need none of these packages: the files are
committed.

    pip install torch onnx onnxruntime numpy   (a local mirror serves them here)
    python3 scripts/models/gen_graph_models.py
"""
import json
import os

import numpy as np
import onnx
import onnxruntime as ort
import torch
from torch import nn

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "data", "models")


class Block(nn.Module):
    """A ResNet basic block: conv-bn-relu-conv-bn plus the skip, then relu."""

    def __init__(self, c):
        super().__init__()
        self.c1 = nn.Conv2d(c, c, 3, padding=1, bias=False)
        self.b1 = nn.BatchNorm2d(c)
        self.c2 = nn.Conv2d(c, c, 3, padding=1, bias=False)
        self.b2 = nn.BatchNorm2d(c)

    def forward(self, x):
        y = torch.relu(self.b1(self.c1(x)))
        return torch.relu(self.b2(self.c2(y)) + x)


class Fire(nn.Module):
    """A SqueezeNet fire module: squeeze 1x1, then 1x1 and 3x3 expansions concatenated on the channels."""

    def __init__(self, c, s, e):
        super().__init__()
        self.squeeze = nn.Conv2d(c, s, 1)
        self.e1 = nn.Conv2d(s, e, 1)
        self.e3 = nn.Conv2d(s, e, 3, padding=1)

    def forward(self, x):
        x = torch.relu(self.squeeze(x))
        return torch.cat([torch.relu(self.e1(x)), torch.relu(self.e3(x))], 1)


class TinyGraphNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.stem = nn.Conv2d(3, 8, 3, padding=1, bias=False)
        self.bn = nn.BatchNorm2d(8)
        self.block = Block(8)
        self.fire = Fire(8, 4, 6)
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.flat = nn.Flatten()
        self.fc = nn.Linear(12, 10)

    def forward(self, x):
        x = torch.relu(self.bn(self.stem(x)))
        x = self.block(x)
        x = self.fire(x)
        return self.fc(self.flat(self.pool(x)))


class Activations(nn.Module):
    """The activations mobile networks use, between convolutions, and constants applied elementwise."""

    def __init__(self):
        super().__init__()
        self.c1 = nn.Conv2d(3, 6, 3, padding=1)
        self.c2 = nn.Conv2d(6, 6, 3, padding=1)
        self.c3 = nn.Conv2d(6, 6, 3, padding=1)
        self.pool = nn.AdaptiveMaxPool2d(1)
        self.flat = nn.Flatten()
        self.fc = nn.Linear(6, 4)

    def forward(self, x):
        x = nn.functional.leaky_relu(self.c1(x), 0.1)
        x = nn.functional.hardswish(self.c2(x))
        x = nn.functional.relu6(self.c3(x) * 2.0) / 4.0 - 0.25
        x = torch.tanh(x)
        return nn.functional.hardsigmoid(self.fc(self.flat(self.pool(x))))


class BasicBlock(nn.Module):
    """torchvision's ResNet basic block (3x3 convs, batch norms, the projection shortcut when the shape changes)."""

    def __init__(self, cin, cout, stride):
        super().__init__()
        self.c1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.b1 = nn.BatchNorm2d(cout)
        self.c2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.b2 = nn.BatchNorm2d(cout)
        self.down = None
        if stride != 1 or cin != cout:
            self.down = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))

    def forward(self, x):
        y = torch.relu(self.b1(self.c1(x)))
        y = self.b2(self.c2(y))
        return torch.relu(y + (x if self.down is None else self.down(x)))


class ResNet18Cifar(nn.Module):
    """ResNet-18 as torchvision builds it (BasicBlock x [2, 2, 2, 2], 64-512 channels), with the CIFAR stem: a 3x3
    stride-1 first convolution and no max-pool; 10 classes, 3x32x32 inputs. (Written out here: the mirror's
    torchvision does not load with its torch.)"""

    def __init__(self):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(3, 64, 3, 1, 1, bias=False), nn.BatchNorm2d(64), nn.ReLU())
        blocks = []
        cin = 64
        for cout, stride in [(64, 1), (64, 1), (128, 2), (128, 1), (256, 2), (256, 1), (512, 2), (512, 1)]:
            blocks.append(BasicBlock(cin, cout, stride))
            cin = cout
        self.layers = nn.Sequential(*blocks)
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(512, 10)

    def forward(self, x):
        return self.fc(torch.flatten(self.pool(self.layers(self.stem(x))), 1))


class MobileBlock(nn.Module):
    """MobileNetV2's inverted residual: 1x1 expansion, 3x3 depthwise (groups = channels), 1x1 projection, ReLU6 and
    batch norms, the residual added back."""

    def __init__(self):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(3, 8, 3, padding=1, bias=False), nn.BatchNorm2d(8), nn.ReLU6())
        self.expand = nn.Sequential(nn.Conv2d(8, 16, 1, bias=False), nn.BatchNorm2d(16), nn.ReLU6())
        self.depthwise = nn.Sequential(nn.Conv2d(16, 16, 3, padding=1, groups=16, bias=False), nn.BatchNorm2d(16),
                                       nn.ReLU6())
        self.project = nn.Sequential(nn.Conv2d(16, 8, 1, bias=False), nn.BatchNorm2d(8))
        self.down = nn.Conv2d(8, 8, 3, stride=2, padding=1, groups=4)
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(8, 5)

    def forward(self, x):
        x = self.stem(x)
        x = x + self.project(self.depthwise(self.expand(x)))
        x = self.down(x)
        return self.fc(torch.flatten(self.pool(x), 1))


def make_divisible(v, divisor=8):
    """torchvision's _make_divisible: channels rounded to a multiple of 8, never down by more than 10%."""
    new_v = max(divisor, int(v + divisor / 2) // divisor * divisor)
    return new_v + divisor if new_v < 0.9 * v else new_v


def conv_bn_act(cin, cout, k=3, stride=1, groups=1, act=True):
    """torchvision's Conv2dNormActivation with ReLU6: conv (no bias), batch norm, activation."""
    layers = [nn.Conv2d(cin, cout, k, stride, (k - 1) // 2, groups=groups, bias=False), nn.BatchNorm2d(cout)]
    return nn.Sequential(*(layers + [nn.ReLU6()] if act else layers))


class InvertedResidual(nn.Module):
    """torchvision's MobileNetV2 block: 1x1 expansion (unless t = 1), 3x3 depthwise, 1x1 linear projection, the
    input added back when the stride is 1 and the width does not change."""

    def __init__(self, cin, cout, stride, t):
        super().__init__()
        hidden = int(round(cin * t))
        self.res = stride == 1 and cin == cout
        layers = [] if t == 1 else [conv_bn_act(cin, hidden, 1)]
        layers += [conv_bn_act(hidden, hidden, 3, stride, groups=hidden), conv_bn_act(hidden, cout, 1, act=False)]
        self.conv = nn.Sequential(*layers)

    def forward(self, x):
        return x + self.conv(x) if self.res else self.conv(x)


class MobileNetV2(nn.Module):
    """torchvision's mobilenet_v2 architecture (inverted residual settings, _make_divisible widths, ReLU6, dropout
    0.2 before the classifier), written out because the mirror's torchvision does not load with its torch."""

    def __init__(self, width=0.5, classes=10):
        super().__init__()
        setting = [[1, 16, 1, 1], [6, 24, 2, 2], [6, 32, 3, 2], [6, 64, 4, 2], [6, 96, 3, 1], [6, 160, 3, 2],
                   [6, 320, 1, 1]]
        cin = make_divisible(32 * width)
        last = make_divisible(1280 * max(1.0, width))
        features = [conv_bn_act(3, cin, stride=2)]
        for t, c, n, s in setting:
            cout = make_divisible(c * width)
            for i in range(n):
                features.append(InvertedResidual(cin, cout, s if i == 0 else 1, t))
                cin = cout
        features.append(conv_bn_act(cin, last, 1))
        self.features = nn.Sequential(*features)
        self.classifier = nn.Sequential(nn.Dropout(0.2), nn.Linear(last, classes))

    def forward(self, x):
        x = nn.functional.adaptive_avg_pool2d(self.features(x), (1, 1))
        return self.classifier(torch.flatten(x, 1))


class SqueezeFire(nn.Module):
    """torchvision's SqueezeNet Fire module (squeeze 1x1, expand 1x1 and 3x3, ReLU after each, concatenated)."""

    def __init__(self, cin, s, e1, e3):
        super().__init__()
        self.squeeze = nn.Conv2d(cin, s, 1)
        self.expand1x1 = nn.Conv2d(s, e1, 1)
        self.expand3x3 = nn.Conv2d(s, e3, 3, padding=1)

    def forward(self, x):
        x = torch.relu(self.squeeze(x))
        return torch.cat([torch.relu(self.expand1x1(x)), torch.relu(self.expand3x3(x))], 1)


class SqueezeNet11(nn.Module):
    """torchvision's squeezenet1_1 (max-pools with ceil_mode, dropout 0.5, a 1x1 conv classifier with ReLU and
    global average pooling)."""

    def __init__(self, classes=10):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(3, 64, 3, 2), nn.ReLU(), nn.MaxPool2d(3, 2, ceil_mode=True),
            SqueezeFire(64, 16, 64, 64), SqueezeFire(128, 16, 64, 64), nn.MaxPool2d(3, 2, ceil_mode=True),
            SqueezeFire(128, 32, 128, 128), SqueezeFire(256, 32, 128, 128), nn.MaxPool2d(3, 2, ceil_mode=True),
            SqueezeFire(256, 48, 192, 192), SqueezeFire(384, 48, 192, 192), SqueezeFire(384, 64, 256, 256),
            SqueezeFire(512, 64, 256, 256))
        self.classifier = nn.Sequential(nn.Dropout(0.5), nn.Conv2d(512, classes, 1), nn.ReLU(), nn.AdaptiveAvgPool2d(1))

    def forward(self, x):
        return torch.flatten(self.classifier(self.features(x)), 1)


class Transformer(nn.Module):
    """Two of PyTorch's own nn.TransformerEncoderLayer (d_model 128, 4 heads, feed-forward 512, GELU, post-norm
    LayerNorm, batch first) over a sequence of 32 embeddings, mean-pooled, then a linear head to 10 classes."""

    def __init__(self):
        super().__init__()
        layer = nn.TransformerEncoderLayer(128, 4, dim_feedforward=512, activation="gelu", batch_first=True)
        self.encoder = nn.TransformerEncoder(layer, 2, enable_nested_tensor=False)
        self.head = nn.Linear(128, 10)

    def forward(self, x):
        return self.head(self.encoder(x).mean(1))


def calibrated(m, shape, batches=8):
    """torchvision's initialisation (He-normal fan-out convolutions), then batch-norm statistics measured on random
    inputs (train-mode passes, cumulative averages), so that every layer sees normalised activations as in a trained
    network; random batch-norm scales and shifts on top. Without this the signal of a randomly initialised deep
    network vanishes and every input gives the same output."""
    for mod in m.modules():
        if isinstance(mod, nn.Conv2d):
            nn.init.kaiming_normal_(mod.weight, mode="fan_out")
        if isinstance(mod, nn.BatchNorm2d):
            mod.momentum = None
            mod.reset_running_stats()
    m.train()
    with torch.no_grad():
        for _ in range(batches):
            m(torch.rand(16, *shape) * 2 - 1)
        for mod in m.modules():
            if isinstance(mod, nn.BatchNorm2d):
                mod.weight.uniform_(0.5, 1.5)
                mod.bias.uniform_(-0.1, 0.1)
    return m.eval()


def he_initialised(m):
    """torchvision's SqueezeNet initialisation (He-uniform convolutions, zero biases), the final convolution
    included (torchvision draws it from N(0, 0.01), which makes every logit nearly 0 for random weights)."""
    for mod in m.modules():
        if isinstance(mod, nn.Conv2d):
            nn.init.kaiming_uniform_(mod.weight, nonlinearity="relu")
            nn.init.zeros_(mod.bias)
    return m


def export(m, name, shape, graph, seed, samples=8):
    m.eval()
    path = os.path.join(OUT, name + "_dyn.onnx")
    x = torch.rand(1, *shape)
    torch.onnx.export(m, x, path, input_names=["input"], output_names=["output"], opset_version=17, dynamo=False,
                      dynamic_axes={"input": {0: "batch"}, "output": {0: "batch"}})
    model = onnx.load(path)
    data = path + ".data"
    if os.path.exists(data):
        os.remove(data)  # onnx appends to an existing data file
    onnx.save_model(model, path, save_as_external_data=True, all_tensors_to_one_file=True,
                    location=name + "_dyn.onnx.data", size_threshold=0)
    rng = np.random.default_rng(seed)
    xs = (rng.random((samples, *shape), dtype=np.float32) * 2 - 1).astype(np.float32)
    ys = ort.InferenceSession(path).run(None, {"input": xs})[0]
    doc = {"model": name + "_dyn.onnx (weights in " + name + "_dyn.onnx.data)", "graph": graph,
           "input_shape_static": [1, *shape], "output_kind": "values",
           "note": "outputs from onnxruntime " + ort.__version__ + " (torch " + torch.__version__ + "), inputs uniform in "
                   "[-1, 1) from numpy seed " + str(seed),
           "samples": [{"input": [float(v) for v in xs[i].ravel()], "output": [float(v) for v in ys[i].ravel()]}
                       for i in range(xs.shape[0])]}
    with open(os.path.join(OUT, name + "_expected.json"), "w") as f:
        json.dump(doc, f, indent=1)
    print("wrote", path, [n.op_type for n in model.graph.node])


def main():
    import sys
    only = set(sys.argv[1:])  # names to regenerate (default: all)

    def want(name):
        return not only or name in only

    torch.manual_seed(21)
    if want("mobilenetv2"):
        export(calibrated(MobileNetV2(), (3, 64, 64)), "mobilenetv2", (3, 64, 64), "MobileNetV2 (torchvision's "
           "architecture, width 0.5, 17 inverted residual blocks with depthwise convolutions, ReLU6), 3x64x64, 10 "
           "classes; seeded random weights, batch-norm statistics measured on random inputs (folded by torch at export)", 6, samples=2)
    torch.manual_seed(22)
    if want("squeezenet11"):
        export(he_initialised(SqueezeNet11()), "squeezenet11", (3, 64, 64), "SqueezeNet 1.1 (torchvision's architecture: 8 fire modules, "
           "max-pools with ceil_mode), 3x64x64, 10 classes; seeded random weights", 7, samples=2)
    torch.manual_seed(23)
    if want("transformer"):
        export(Transformer(), "transformer", (32, 128), "a 2-layer nn.TransformerEncoder (d_model 128, 4 heads, "
           "feed-forward 512, GELU, LayerNorm, softmax attention, batch first) on 32 embeddings, mean over the "
           "sequence, Linear 128->10; seeded random weights", 8, samples=2)
    torch.manual_seed(18)
    if want("resnet18_cifar"):
        export(ResNet18Cifar(), "resnet18_cifar", (3, 32, 32), "ResNet-18 (torchvision's BasicBlock layout, 11.2 M "
           "parameters) with the CIFAR stem (3x3 stride-1 first conv, no max-pool), 10 classes; seeded random weights, "
           "batch norms at their initial statistics (folded by torch at export)", 5, samples=2)
    torch.manual_seed(20261201)
    mb = MobileBlock()
    with torch.no_grad():
        for mod in mb.modules():
            if isinstance(mod, nn.BatchNorm2d):
                mod.running_mean.uniform_(-0.2, 0.2)
                mod.running_var.uniform_(0.5, 1.5)
    if want("graph_mobile"):
        export(mb, "graph_mobile", (3, 12, 12), "an inverted residual block of MobileNetV2 (1x1 expansion, 3x3 "
               "depthwise conv with group 16, 1x1 projection, ReLU6, folded batch norms, the residual Add), a grouped "
               "stride-2 conv (group 4), GlobalAveragePool, Gemm 8->5; seeded random weights", 13)
    torch.manual_seed(20261130)
    acts = Activations()
    if want("graph_acts"):
        export(acts, "graph_acts", (3, 12, 12), "Conv, LeakyRelu 0.1, Conv, HardSwish, Conv, Mul 2, Clip 0..6 (ReLU6), "
               "Div 4, Sub 0.25, Tanh, GlobalMaxPool, Flatten, Gemm 6->4, HardSigmoid; seeded random weights", 11)
    torch.manual_seed(20261129)
    m = TinyGraphNet()
    with torch.no_grad():  # non-trivial batch-norm statistics, as a trained model has
        for mod in m.modules():
            if isinstance(mod, nn.BatchNorm2d):
                mod.running_mean.uniform_(-0.2, 0.2)
                mod.running_var.uniform_(0.5, 1.5)
                mod.weight.uniform_(0.5, 1.5)
                mod.bias.uniform_(-0.2, 0.2)
    if not want("graph_tiny"):
        return
    m.eval()
    name = "graph_tiny"
    path = os.path.join(OUT, name + "_dyn.onnx")
    x = torch.rand(1, 3, 16, 16)
    torch.onnx.export(m, x, path, input_names=["input"], output_names=["logits"], opset_version=17, dynamo=False,
                      dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}})
    model = onnx.load(path)
    # the weights in a separate file next to the model, as torch 2.x writes large models
    if os.path.exists(path + ".data"):
        os.remove(path + ".data")  # onnx appends to an existing data file
    onnx.save_model(model, path, save_as_external_data=True, all_tensors_to_one_file=True,
                    location=name + "_dyn.onnx.data", size_threshold=0)
    rng = np.random.default_rng(7)
    xs = rng.random((8, 3, 16, 16), dtype=np.float32)
    sess = ort.InferenceSession(path)
    ys = sess.run(None, {"input": xs})[0]
    with torch.no_grad():
        ref = m(torch.from_numpy(xs)).numpy()
    print("onnxruntime vs torch max diff", float(np.abs(ys - ref).max()))
    doc = {
        "model": name + "_dyn.onnx (weights in " + name + "_dyn.onnx.data)",
        "graph": "Conv-BN-Relu stem, a ResNet basic block (residual Add), a SqueezeNet fire module (Concat of two "
                 "branches), GlobalAveragePool, Flatten, Gemm 12->10; seeded random weights",
        "input_shape_static": [1, 3, 16, 16],
        "output_kind": "logits",
        "note": "outputs from onnxruntime " + ort.__version__ + " (torch " + torch.__version__ + ", onnx "
                + onnx.__version__ + "), inputs uniform in [0, 1) from numpy seed 7",
        "samples": [{"input": [float(v) for v in xs[i].ravel()], "output": [float(v) for v in ys[i].ravel()]}
                    for i in range(xs.shape[0])],
    }
    with open(os.path.join(OUT, name + "_expected.json"), "w") as f:
        json.dump(doc, f, indent=1)
    print("wrote", path, "and its data and expected outputs;", [n.op_type for n in model.graph.node])


if __name__ == "__main__":
    main()
