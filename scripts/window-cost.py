#!/usr/bin/env python3
"""Arithmetic of an exact windowed backward, per detection, against the forward pass.

For a target tensor T and each head level whose output Z depends on T, the window of T (and of
every tensor between) that Z at one cell reads is found by walking the graph back from that cell
(Conv by kernel, stride and padding; MaxPool alike; Pad by its offsets; nearest Resize by its
factor; element-wise ops and Concats unchanged; windows of a tensor read twice are united). The
multiply-accumulates (MACs) of every Conv on that window are the cost of recomputing Z there; the
vector-Jacobian product back to T costs as much again (one transposed Conv per Conv). Printed as a
share of the MACs of the whole forward pass: the floor of what explaining one detection at that
target costs, whatever the engine (fixed per-call costs come on top).

The detection's cell is the centre of its level's map; cells outside a map are not counted.

Needs the onnx Python package (pip install onnx); runs on the models setup imports:
  python3 scripts/window-cost.py ~/.cache/gradstream/models/yolov5s-320.onnx \
      StatefulPartitionedCall/model/tf_concat/concat ...
"""
import collections
import sys

import onnx
from onnx import numpy_helper, shape_inference


def main(path, targets):
    g = shape_inference.infer_shapes(onnx.load(path)).graph
    shapes = {vi.name: [d.dim_value for d in vi.type.tensor_type.shape.dim]
              for vi in list(g.value_info) + list(g.input) + list(g.output)}
    inits = {i.name: i for i in g.initializer}
    shapes.update({i.name: list(i.dims) for i in g.initializer})
    producer = {o: n for n in g.node for o in n.output}
    consumers = collections.defaultdict(list)
    for n in g.node:
        for i in n.input:
            consumers[i].append(n)
    order = {n.output[0]: k for k, n in enumerate(g.node)}

    def attr(n, name, default=None):
        for a in n.attribute:
            if a.name == name:
                return onnx.helper.get_attribute_value(a)
        return default

    def conv_macs(n, cells):
        cout, cin_per_group, kh, kw = shapes[n.input[1]]
        return cells * cout * cin_per_group * kh * kw

    def closure(start, step):
        seen, stack = set(), [start]
        while stack:
            v = stack.pop()
            if v not in seen:
                seen.add(v)
                stack.extend(step(v))
        return seen

    ancestors = lambda v: closure(v, lambda x: [i for i in producer[x].input if i and i not in inits]
                                  if x in producer else [])
    descendants = lambda v: closure(v, lambda x: [o for c in consumers[x] for o in c.output])

    forward = sum(conv_macs(n, shapes[n.output[0]][2] * shapes[n.output[0]][3])
                  for n in g.node if n.op_type == 'Conv')
    # YOLOv5's head convs: 1x1, 3 anchors x (5 + classes) outputs, finest level first.
    heads = sorted((n for n in g.node if n.op_type == 'Conv' and producer.get(n.input[0])
                    and all(c.op_type in ('Reshape', 'Transpose') for c in consumers[n.output[0]])),
                   key=lambda n: -shapes[n.output[0]][2])

    def input_window(n, out, w):
        y0, y1, x0, x1 = w
        if n.op_type in ('Conv', 'MaxPool'):
            k = shapes[n.input[1]][2] if n.op_type == 'Conv' else attr(n, 'kernel_shape')[0]
            s = (attr(n, 'strides') or [1, 1])[0]
            top, left = (attr(n, 'pads') or [0, 0, 0, 0])[:2]
            d = (attr(n, 'dilations') or [1, 1])[0]
            return (y0 * s - top, y1 * s - top + (k - 1) * d, x0 * s - left, x1 * s - left + (k - 1) * d)
        if n.op_type == 'Pad':
            src = n.input[1]
            pads = numpy_helper.to_array(inits[src] if src in inits else attr(producer[src], 'value'))
            top, left = int(pads[2]), int(pads[3])  # NCHW begins
            return (y0 - top, y1 - top, x0 - left, x1 - left)
        if n.op_type == 'Resize':
            f = shapes[out][2] // shapes[n.input[0]][2]
            return (y0 // f, y1 // f, x0 // f, x1 // f)
        return w

    print(f'{path}: forward pass {forward / 1e9:.3f} GMACs')
    print('| target | level | target window | MMACs, window forward | forward + VJP, % of the forward pass |')
    print('|---|---|---|---|---|')
    for target in targets:
        for level, head in enumerate(heads):
            z = head.output[0]
            path_values = ancestors(z) & descendants(target)
            if target not in path_values:
                continue
            h, w = shapes[z][2], shapes[z][3]
            window = {z: (h // 2, h // 2, w // 2, w // 2)}
            macs = 0
            for n in sorted((producer[v] for v in path_values if v in producer and v != target),
                            key=lambda n: -order[n.output[0]]):
                out = n.output[0]
                if out not in window:
                    continue
                # Cells outside the map are not computed (the full pass would not compute them).
                y0, y1, x0, x1 = window[out]
                y0, y1 = max(y0, 0), min(y1, shapes[out][2] - 1)
                x0, x1 = max(x0, 0), min(x1, shapes[out][3] - 1)
                if n.op_type == 'Conv':
                    macs += conv_macs(n, (y1 - y0 + 1) * (x1 - x0 + 1))
                need = input_window(n, out, window[out])
                for i in n.input:
                    if i in path_values:
                        old = window.get(i, need)
                        window[i] = (min(old[0], need[0]), max(old[1], need[1]),
                                     min(old[2], need[2]), max(old[3], need[3]))
            t = window[target]
            t = (max(t[0], 0), min(t[1], shapes[target][2] - 1), max(t[2], 0), min(t[3], shapes[target][3] - 1))
            print(f'| {target.split("/model/")[-1]} | {level} | {t[1] - t[0] + 1}x{t[3] - t[2] + 1} '
                  f'| {macs / 1e6:.1f} | {200 * macs / forward:.2f} |')


if __name__ == '__main__':
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2:])
