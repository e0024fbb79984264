package io.gradstream.modelimport;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gradstream.inference.model.ModelException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Re-targets a TF.js YOLO graph to another square (or rectangular) input size by rewriting, in the
 * TF graph before conversion, every constant that depends on the spatial size.
 *
 * <p>Why rewrite constants rather than make H and W symbolic: Ultralytics' TF export ({@code
 * models/tf.py}, {@code TFDetect}) folds the input size into constants of the detect head: per
 * level a grid ({@code _make_grid}: {@code meshgrid(range(nx), range(ny)) - 0.5} as {@code [1, 1,
 * ny*nx, 2]}), the box scale {@code stride / imgsz} and the anchors divided by {@code imgsz},
 * Reshape shapes holding {@code ny*nx}, plus the FPN upsampling's absolute sizes. Symbolic H/W
 * would have to rebuild all of that from {@code Shape} at run time (Range, meshgrid, a division by
 * the runtime size), which ONNX Runtime cannot constant-fold, TensorRT and Grad-CAM like less, and
 * the detector does not need: it reads one fixed input size from the model and letterboxes to it.
 * So one model file has one input size; import again for another. The rewritten graph is
 * structurally identical to the original, only constants differ.
 *
 * <p>Nothing is guessed: each head level is recognised from its structure (a Reshape fed by a
 * convolution, followed up to the next Reshape) and its grid constant is identified by recomputing
 * it exactly, as {@code _make_grid} does, at the graph's own size; the box scale must equal {@code
 * stride / imgsz} exactly (normalised boxes) or {@code stride} (pixel boxes). A constant that
 * depends on the size in a way not recognised here (a Reshape or StridedSlice outside the head, a
 * head constant that holds {@code ny*nx} in an unknown role) stops the import with the node named,
 * rather than yielding a model that silently decodes boxes wrong.
 */
final class InputSizeRewriter {
  /** Ops whose data input, when it is one of these, starts a detect-head level at a Reshape. */
  private static final Set<String> CONV_OPS = Set.of("_FusedConv2D", "Conv2D", "BiasAdd");

  private static final Set<String> RESIZE_OPS = Set.of("ResizeNearestNeighbor", "ResizeBilinear");

  /**
   * Ops that take shape-like int constants the rewriter cannot judge outside a recognised head
   * level.
   */
  private static final Set<String> SHAPE_OPS =
      Set.of("Reshape", "StridedSlice", "Slice", "Tile", "Fill", "BroadcastTo");

  /** What was changed, for the import log. */
  record Result(
      TfjsGraphModel model,
      int fromHeight,
      int fromWidth,
      int height,
      int width,
      List<Level> levels,
      int rewrittenConstants) {
    boolean changed() {
      return fromHeight != height || fromWidth != width;
    }
  }

  /**
   * One detect-head level: its grid before and after, and whether its boxes are normalised to 0-1.
   */
  record Level(
      String reshape,
      int strideY,
      int strideX,
      int ny0,
      int nx0,
      int ny,
      int nx,
      boolean normalized) {}

  private final TfjsGraphModel model;
  private final int height;
  private final int width;
  private final Map<String, List<TfjsNode>> consumers = new HashMap<>();
  private final Map<String, ConstTensor> replaced = new LinkedHashMap<>();
  private int h0;
  private int w0;

  private InputSizeRewriter(TfjsGraphModel model, int height, int width) {
    this.model = model;
    this.height = height;
    this.width = width;
    for (TfjsNode n : model.nodes()) {
      for (String in : n.inputs()) {
        consumers.computeIfAbsent(TfjsNode.producerOf(in), k -> new ArrayList<>()).add(n);
      }
    }
  }

  /** The graph's own input size as {height, width}, from its single image Placeholder. */
  static int[] graphInputSize(TfjsGraphModel model) {
    long[] shape = placeholder(model).shape("shape");
    return new int[] {(int) shape[1], (int) shape[2]};
  }

  /**
   * The model with its input {@code height x width}. At the graph's own size it is returned as is
   * (the same instance), so the import is byte-identical to one without a size.
   */
  static Result rewrite(TfjsGraphModel model, int height, int width) {
    return new InputSizeRewriter(model, height, width).run();
  }

  private Result run() {
    TfjsNode input = placeholder(model);
    long[] shape = input.shape("shape");
    h0 = (int) shape[1];
    w0 = (int) shape[2];
    if (height == h0 && width == w0) {
      return new Result(model, h0, w0, height, width, List.of(), 0);
    }
    if (height <= 0 || width <= 0) {
      throw new ModelException("input size " + height + "x" + width + " must be positive");
    }
    List<Level> levels = new ArrayList<>();
    Set<String> inLevels = new LinkedHashSet<>();
    for (TfjsNode n : model.nodes()) {
      if (n.op().equals("Reshape")
          && !n.inputs().isEmpty()
          && isConv(TfjsNode.producerOf(n.inputs().get(0)))) {
        levels.add(level(n, inLevels));
      }
    }
    if (levels.isEmpty()) {
      throw new ModelException(
          model.modelJson()
              + ": found no YOLO detect head (a Reshape of a convolution's output followed by "
              + "a grid constant), so the input size cannot be changed from "
              + h0
              + "x"
              + w0
              + "; import it at its own size");
    }
    for (TfjsNode n : model.nodes()) {
      if (RESIZE_OPS.contains(n.op())) {
        resize(n);
      } else if (SHAPE_OPS.contains(n.op()) && !inLevels.contains(n.name())) {
        throw new ModelException(
            model.modelJson()
                + ": node '"
                + n.name()
                + "' ("
                + n.op()
                + ") is outside the detect head and "
                + "takes a constant shape that may depend on the "
                + h0
                + "x"
                + w0
                + " input; the importer cannot change this "
                + "graph's input size, import it at its own size");
      }
    }
    List<TfjsNode> nodes = new ArrayList<>(model.nodes().size());
    for (TfjsNode n : model.nodes()) {
      nodes.add(n == input ? withShape(n, shape[0], height, width, shape[3]) : n);
    }
    Map<String, ConstTensor> constants = new LinkedHashMap<>(model.constants());
    constants.putAll(replaced);
    TfjsGraphModel resized =
        new TfjsGraphModel(
            model.modelJson(),
            model.producer(),
            List.copyOf(nodes),
            constants,
            model.signatureInputs(),
            model.signatureOutputs());
    return new Result(resized, h0, w0, height, width, List.copyOf(levels), replaced.size());
  }

  /**
   * One head level: the nodes downstream of {@code start} up to and including the next Reshape.
   * Rewrites its grid, its Reshape shapes and (for normalised boxes) its per-coordinate scales.
   */
  private Level level(TfjsNode start, Set<String> inLevels) {
    List<TfjsNode> nodes = new ArrayList<>();
    Deque<TfjsNode> pending = new ArrayDeque<>(List.of(start));
    Set<String> seen = new LinkedHashSet<>();
    while (!pending.isEmpty()) {
      TfjsNode n = pending.pop();
      if (!seen.add(n.name())) {
        continue;
      }
      nodes.add(n);
      if (n != start && n.op().equals("Reshape")) {
        continue; // the level's closing reshape, [-1, na*ny*nx, no]
      }
      pending.addAll(consumers.getOrDefault(n.name(), List.of()));
    }
    inLevels.addAll(seen);
    String where = "detect-head level at '" + start.name() + "'";

    // The grid: the float constant with a last dimension of 2 whose values are _make_grid's.
    ConstTensor grid = null;
    int[] gridSize = null;
    for (ConstTensor c : constantInputs(nodes)) {
      int[] g = c.floats() != null ? gridSize(c) : null;
      if (g != null) {
        if (grid != null && !grid.name().equals(c.name())) {
          throw new ModelException(
              model.modelJson()
                  + ": "
                  + where
                  + " has two grid constants, '"
                  + grid.name()
                  + "' and '"
                  + c.name()
                  + "'; the importer cannot change this graph's input size");
        }
        grid = c;
        gridSize = g;
      }
    }
    if (grid == null) {
      throw new ModelException(
          model.modelJson()
              + ": "
              + where
              + " has no grid constant (meshgrid - 0.5, as YOLOv5's "
              + "TFDetect._make_grid writes it); the importer cannot change this graph's input size");
    }
    int ny0 = gridSize[0];
    int nx0 = gridSize[1];
    if (h0 % ny0 != 0 || w0 % nx0 != 0) {
      throw new ModelException(
          model.modelJson()
              + ": "
              + where
              + " has a "
              + ny0
              + "x"
              + nx0
              + " grid, which does not divide the "
              + h0
              + "x"
              + w0
              + " input; the importer cannot change this graph's input size");
    }
    int sy = h0 / ny0;
    int sx = w0 / nx0;
    if (height % sy != 0 || width % sx != 0) {
      throw new ModelException(
          "input size "
              + height
              + "x"
              + width
              + " is not a multiple of the stride "
              + sy
              + "x"
              + sx
              + " of "
              + where
              + "; use a multiple of "
              + Math.max(sy, sx));
    }
    int ny = height / sy;
    int nx = width / sx;
    long p0 = (long) ny0 * nx0;
    long p = (long) ny * nx;
    float offset = grid.floats()[0];
    replace(
        grid,
        ConstTensor.ofFloats(
            grid.name(), replaceDim(grid.shape(), (int) p0, (int) p), makeGrid(nx, ny, offset)));

    // Per-coordinate scales: normalised boxes multiply by stride/imgsz, pixel boxes by stride.
    List<ConstTensor> scales = new ArrayList<>();
    Boolean normalized = null;
    for (TfjsNode n : nodes) {
      for (int i = 0; i < n.inputs().size(); i++) {
        ConstTensor c = model.constants().get(TfjsNode.producerOf(n.inputs().get(i)));
        if (c == null || c == grid) {
          continue;
        }
        if (n.op().equals("Reshape") && i == 1) {
          replace(
              c, ConstTensor.ofInts(c.name(), c.type(), c.shape(), reshapeDims(c, p0, p, where)));
        } else if (c.floats() != null) {
          if (Arrays.stream(c.shape()).anyMatch(d -> d >= p0 && d % p0 == 0)) {
            throw new ModelException(
                model.modelJson()
                    + ": constant '"
                    + c.name()
                    + "' of "
                    + where
                    + " has shape "
                    + Arrays.toString(c.shape())
                    + ", which holds ny*nx = "
                    + p0
                    + " in a role the importer does not know; "
                    + "it cannot change this graph's input size");
          }
          if (c.rank() > 0 && c.shape()[c.rank() - 1] == 2) {
            scales.add(c);
            if (c.elementCount() == 2) {
              Boolean isNormalized = scaleKind(c.floats(), sx, sy);
              if (isNormalized == null) {
                throw new ModelException(
                    model.modelJson()
                        + ": constant '"
                        + c.name()
                        + "' of "
                        + where
                        + " is "
                        + Arrays.toString(c.floats())
                        + ", neither stride/imgsz ("
                        + sx
                        + "/"
                        + w0
                        + ", "
                        + sy
                        + "/"
                        + h0
                        + ") nor the stride; the importer cannot change this graph's input size");
              }
              normalized = isNormalized;
            }
          }
        } else if (c.ints() != null) {
          for (int v : c.ints()) {
            if (Math.abs((long) v) >= p0 && v % p0 == 0) {
              throw new ModelException(
                  model.modelJson()
                      + ": constant '"
                      + c.name()
                      + "' of "
                      + where
                      + " holds "
                      + v
                      + ", a multiple of ny*nx = "
                      + p0
                      + ", in a role the importer does not know; it cannot change this graph's "
                      + "input size");
            }
          }
        }
      }
    }
    if (normalized == null) {
      throw new ModelException(
          model.modelJson()
              + ": "
              + where
              + " has no box scale constant (stride/imgsz or stride); "
              + "the importer cannot change this graph's input size");
    }
    if (normalized) {
      // Boxes leave the head divided by imgsz (x by W, y by H): stride/imgsz and anchors/imgsz
      // alike.
      // The export folded "/ imgsz" into "* float32(1/imgsz)", so a 640 constant is anchor *
      // f(1/640);
      // scaling it by 640/W gives anchor * f(1/W) exactly when 640/W is a power of two (320, 1280),
      // else within 1 ulp of what a re-export at W would hold.
      double fx = (double) w0 / width;
      double fy = (double) h0 / height;
      for (ConstTensor c : scales) {
        float[] v = c.floats().clone();
        for (int i = 0; i < v.length; i++) {
          v[i] = (float) (v[i] * (i % 2 == 0 ? fx : fy));
        }
        replace(c, ConstTensor.ofFloats(c.name(), c.shape(), v));
      }
    }
    return new Level(start.name(), sy, sx, ny0, nx0, ny, nx, normalized);
  }

  /**
   * {@code [ny, nx]} when {@code c} is exactly what {@code _make_grid(nx, ny)} minus an offset
   * writes: pairs (x, y), x fastest; null otherwise.
   */
  static int[] gridSize(ConstTensor c) {
    if (c.rank() == 0 || c.shape()[c.rank() - 1] != 2 || c.elementCount() < 4) {
      return null;
    }
    float[] v = c.floats();
    float offset = v[0];
    if (v[1] != offset) {
      return null;
    }
    int points = v.length / 2;
    int nx = 1;
    while (nx < points && v[2 * nx + 1] == offset) {
      nx++;
    }
    if (points % nx != 0) {
      return null;
    }
    int ny = points / nx;
    if (Arrays.stream(c.shape()).noneMatch(d -> d == points)
        || !Arrays.equals(v, makeGrid(nx, ny, offset))) {
      return null;
    }
    return new int[] {ny, nx};
  }

  /**
   * YOLOv5 TFDetect._make_grid: {@code meshgrid(range(nx), range(ny))} stacked as (x, y) pairs in
   * row-major (y, x) order, plus {@code offset} (the export folds its {@code - 0.5} in).
   */
  static float[] makeGrid(int nx, int ny, float offset) {
    float[] out = new float[2 * nx * ny];
    for (int y = 0; y < ny; y++) {
      for (int x = 0; x < nx; x++) {
        out[2 * (y * nx + x)] = x + offset;
        out[2 * (y * nx + x) + 1] = y + offset;
      }
    }
    return out;
  }

  /**
   * True for (stride/W, stride/H) exactly as float32 gives it (a division, or a multiplication by
   * the reciprocal, which is what TF's constant folding writes), false for (stride, stride), else
   * null.
   */
  private Boolean scaleKind(float[] v, int sx, int sy) {
    if (isQuotient(v[0], sx, w0) && isQuotient(v[1], sy, h0)) {
      return true;
    }
    if (v[0] == sx && v[1] == sy) {
      return false;
    }
    return null;
  }

  private static boolean isQuotient(float v, int numerator, int denominator) {
    return v == (float) numerator / denominator || v == numerator * (1f / denominator);
  }

  private int[] reshapeDims(ConstTensor c, long p0, long p, String where) {
    int[] dims = c.requireInts(c.name(), "shape").clone();
    int hits = 0;
    for (int i = 0; i < dims.length; i++) {
      if (dims[i] >= p0 && dims[i] % p0 == 0) {
        dims[i] = Math.toIntExact(dims[i] / p0 * p);
        hits++;
      }
    }
    if (hits != 1) {
      throw new ModelException(
          model.modelJson()
              + ": Reshape shape '"
              + c.name()
              + "' of "
              + where
              + " is "
              + Arrays.toString(c.ints())
              + "; expected exactly one dimension holding ny*nx = "
              + p0
              + " (times the anchors), so the importer cannot change this graph's input size");
    }
    return dims;
  }

  /** A resize to an absolute size (the FPN upsampling) scales with the input. */
  private void resize(TfjsNode n) {
    ConversionContext.requireInputs(n, 2);
    ConstTensor c = model.constants().get(TfjsNode.producerOf(n.inputs().get(1)));
    if (c == null) {
      return; // a computed size follows the input by itself
    }
    int[] size = c.requireInts(n.name(), "size");
    if (size.length != 2 || (long) size[0] * height % h0 != 0 || (long) size[1] * width % w0 != 0) {
      throw new ModelException(
          model.modelJson()
              + ": node '"
              + n.name()
              + "' resizes to "
              + Arrays.toString(size)
              + ", which does not scale to whole pixels from a "
              + h0
              + "x"
              + w0
              + " to a "
              + height
              + "x"
              + width
              + " input");
    }
    replace(
        c,
        ConstTensor.ofInts(
            c.name(),
            c.type(),
            c.shape(),
            new int[] {(int) ((long) size[0] * height / h0), (int) ((long) size[1] * width / w0)}));
  }

  private void replace(ConstTensor original, ConstTensor rewritten) {
    ConstTensor before = replaced.put(original.name(), rewritten);
    if (before != null
        && !(Arrays.equals(before.floats(), rewritten.floats())
            && Arrays.equals(before.ints(), rewritten.ints()))) {
      throw new ModelException(
          model.modelJson()
              + ": constant '"
              + original.name()
              + "' is shared by two places that need "
              + "different values at the new input size; the importer cannot change this graph's input size");
    }
  }

  private List<ConstTensor> constantInputs(List<TfjsNode> nodes) {
    List<ConstTensor> out = new ArrayList<>();
    for (TfjsNode n : nodes) {
      for (String in : n.inputs()) {
        ConstTensor c = model.constants().get(TfjsNode.producerOf(in));
        if (c != null) {
          out.add(c);
        }
      }
    }
    return out;
  }

  private boolean isConv(String nodeName) {
    return model.nodes().stream()
        .anyMatch(n -> n.name().equals(nodeName) && CONV_OPS.contains(n.op()));
  }

  private static int[] replaceDim(int[] shape, int from, int to) {
    int[] out = shape.clone();
    for (int i = 0; i < out.length; i++) {
      if (out[i] == from) {
        out[i] = to;
        return out;
      }
    }
    throw new IllegalStateException("no dimension " + from + " in " + Arrays.toString(shape));
  }

  private static TfjsNode placeholder(TfjsGraphModel model) {
    List<TfjsNode> inputs =
        model.nodes().stream().filter(n -> n.op().equals("Placeholder")).toList();
    if (inputs.size() != 1) {
      throw new ModelException(
          model.modelJson()
              + " has "
              + inputs.size()
              + " inputs (Placeholder nodes); "
              + "the importer converts detectors with exactly one image input");
    }
    long[] shape = inputs.get(0).shape("shape");
    if (shape == null || shape.length != 4 || shape[1] <= 0 || shape[2] <= 0) {
      throw new ModelException(
          model.modelJson()
              + ": input '"
              + inputs.get(0).name()
              + "' has shape "
              + (shape == null ? "unknown" : Arrays.toString(shape))
              + "; the importer needs an NHWC image of fixed size [batch, height, width, channels]");
    }
    return inputs.get(0);
  }

  /** A copy of the Placeholder with the NHWC shape attribute {@code [n, h, w, c]}. */
  private static TfjsNode withShape(TfjsNode n, long... dims) {
    ObjectNode attr = ((ObjectNode) n.attr()).deepCopy();
    ArrayNode dim = attr.withObjectProperty("shape").withObjectProperty("shape").putArray("dim");
    for (long d : dims) {
      dim.addObject().put("size", Long.toString(d));
    }
    return new TfjsNode(n.name(), n.op(), n.inputs(), attr);
  }
}
