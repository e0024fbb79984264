package io.gradstream.explain.graph;

import static io.gradstream.explain.graph.GraphBuilder.attr;
import static io.gradstream.explain.graph.GraphBuilder.ints;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The detection head of YOLOv8n as Ultralytics publishes it ({@code
 * ultralytics/nn/modules/head.py}, {@code Detect}) and exports it to ONNX, with random weights: its
 * inputs are the neck's three outputs, its output the {@code [N, 4 + C, rows]} layout of every
 * v8/11 export.
 *
 * <p>Per level: a box branch (two 3×3 Conv+SiLU of 64 channels, a 1×1 Conv to 4×16 distance bins)
 * and a class branch (two 3×3 Conv+SiLU of 80 channels, a 1×1 Conv to the class logits),
 * concatenated and flattened; then, over all rows, Split into box and class, DFL (Reshape,
 * Transpose, Softmax over the 16 bins, the fixed 1×1 Conv that takes their expectation), dist2bbox
 * (Split into left-top and right-bottom distances, Sub and Add from the cell centres, Add and Div
 * for the centre, Sub for the size, Concat, Mul by the stride) and Sigmoid of the logits. Batch
 * normalisation is folded into the Convs' biases, as in an export.
 */
public final class YoloV8Head {
  /** Channels of the neck outputs of YOLOv8n, finest level first. */
  public static final long[] NECK_CHANNELS = {64, 128, 256};

  public static final long[] STRIDES = {8, 16, 32};

  /** Distance bins per box side (Ultralytics' {@code reg_max}). */
  public static final int BINS = 16;

  public static final int CLASSES = 80;

  /** The head's output, {@code [N, 4 + CLASSES, rows]}: cx, cy, w, h in pixels, class scores. */
  public static final String OUTPUT = "output0";

  private YoloV8Head() {}

  /** The neck output of level {@code level}: a graph input. */
  public static String neck(int level) {
    return "p" + (level + 3);
  }

  /** The number of output rows for a square input of {@code size} pixels. */
  public static int rows(int size) {
    int rows = 0;
    for (long s : STRIDES) {
      rows += (int) ((size / s) * (size / s));
    }
    return rows;
  }

  /** The image input of {@link #detector}. */
  public static final String IMAGE = "images";

  /**
   * The head for a square input of {@code size} pixels (a multiple of 32), weights drawn from
   * {@code seed}; its inputs are the three neck outputs.
   */
  public static GraphBuilder build(int size, long seed) {
    return build(size, seed, false, false);
  }

  /**
   * A whole detector: an image {@code [N, 3, size, size]} through a stand-in backbone (strided
   * Conv+SiLU to each level's neck width) into the head. Only the head is YOLOv8n's; the stand-in
   * gives the explainer an image to start from.
   */
  public static ModelProto detector(int size, long seed) {
    return build(size, seed, true, false).model();
  }

  /**
   * As {@link #detector} with YOLO11n's head instead: its class branch starts each of its two
   * blocks with a depthwise 3×3 Conv (Ultralytics' {@code DWConv}, one group per channel) followed
   * by a 1×1 Conv, both with SiLU; the box branch, DFL and dist2bbox are YOLOv8's.
   */
  public static ModelProto yolo11Detector(int size, long seed) {
    return build(size, seed, true, true).model();
  }

  private static GraphBuilder build(int size, long seed, boolean backbone, boolean yolo11) {
    GraphBuilder g =
        new GraphBuilder(
            (yolo11 ? "yolo11n-head" : "yolov8n-head") + (backbone ? "-detector" : ""));
    Random r = new Random(seed);
    if (backbone) {
      g.input(IMAGE, -1, 3, size, size);
      String x = IMAGE;
      long channels = 3;
      for (int l = 0; l < STRIDES.length; l++) {
        int k = (int) (l == 0 ? STRIDES[0] : 2);
        String conv = stridedConv(g, r, x, channels, NECK_CHANNELS[l], k, "backbone." + l);
        x = g.opNamed("Mul", neck(l), List.of(conv, g.op("Sigmoid", "sigmoid", List.of(conv))));
        channels = NECK_CHANNELS[l];
      }
    }
    int boxChannels = 4 * BINS;
    // Ultralytics: c2 = max(16, ch[0] / 4, 4 * reg_max), c3 = max(ch[0], min(nc, 100)).
    long c2 = Math.max(16, Math.max(NECK_CHANNELS[0] / 4, boxChannels));
    long c3 = Math.max(NECK_CHANNELS[0], Math.min(CLASSES, 100));
    List<String> flat = new ArrayList<>();
    float[] anchors = new float[2 * rows(size)];
    float[] strides = new float[rows(size)];
    int row = 0;
    for (int l = 0; l < STRIDES.length; l++) {
      int side = (int) (size / STRIDES[l]);
      if (!backbone) {
        g.input(neck(l), -1, NECK_CHANNELS[l], side, side);
      }
      String box = branch(g, r, neck(l), NECK_CHANNELS[l], c2, boxChannels, "cv2." + l);
      String cls =
          yolo11
              ? depthwiseBranch(g, r, neck(l), NECK_CHANNELS[l], c3, CLASSES, "cv3." + l)
              : branch(g, r, neck(l), NECK_CHANNELS[l], c3, CLASSES, "cv3." + l);
      String both = g.op("Concat", "cat" + l, List.of(box, cls), attr("axis", 1L));
      flat.add(
          g.op("Reshape", "flat" + l, List.of(both, g.int64s("s", 0, boxChannels + CLASSES, -1))));
      for (int y = 0; y < side; y++) {
        for (int x = 0; x < side; x++) {
          anchors[row] = x + 0.5f;
          anchors[rows(size) + row] = y + 0.5f;
          strides[row] = STRIDES[l];
          row++;
        }
      }
    }
    String all = g.op("Concat", "rows", flat, attr("axis", 2L));
    List<String> boxCls = split(g, all, 1, boxChannels, CLASSES);
    // DFL: the expectation of each side's distance over its 16 bins.
    String bins =
        g.op("Reshape", "dfl.view", List.of(boxCls.get(0), g.int64s("s", 0, 4, BINS, -1)));
    String binsFirst = g.op("Transpose", "dfl.t", List.of(bins), ints("perm", 0, 2, 1, 3));
    String p = g.op("Softmax", "dfl.softmax", List.of(binsFirst), attr("axis", 1L));
    float[] arange = new float[BINS];
    for (int i = 0; i < BINS; i++) {
      arange[i] = i;
    }
    String expectation =
        g.op(
            "Conv",
            "dfl.conv",
            List.of(p, g.floats("dfl.w", new long[] {1, BINS, 1, 1}, arange)),
            ints("kernel_shape", 1, 1));
    String distances = g.op("Reshape", "dfl.out", List.of(expectation, g.int64s("s", 0, 4, -1)));
    // dist2bbox, xywh.
    List<String> ltRb = split(g, distances, 1, 2, 2);
    String anchor = g.floats("anchors", new long[] {1, 2, rows(size)}, anchors);
    String topLeft = g.op("Sub", "x1y1", List.of(anchor, ltRb.get(0)));
    String bottomRight = g.op("Add", "x2y2", List.of(anchor, ltRb.get(1)));
    String centre =
        g.op(
            "Div",
            "cxy",
            List.of(g.op("Add", "sum", List.of(topLeft, bottomRight)), g.scalar("two", 2f)));
    String extent = g.op("Sub", "wh", List.of(bottomRight, topLeft));
    String boxes =
        g.op(
            "Mul",
            "dbox",
            List.of(
                g.op("Concat", "xywh", List.of(centre, extent), attr("axis", 1L)),
                g.floats("strides", new long[] {1, 1, rows(size)}, strides)));
    String scores = g.op("Sigmoid", "scores", List.of(boxCls.get(1)));
    g.opNamed("Concat", OUTPUT, List.of(boxes, scores), attr("axis", 1L));
    g.output(OUTPUT, -1, 4 + CLASSES, rows(size));
    return g;
  }

  /** Conv 3×3 + SiLU, Conv 3×3 + SiLU, Conv 1×1: one of cv2/cv3 of one level. */
  private static String branch(
      GraphBuilder g, Random r, String in, long inChannels, long hidden, long out, String name) {
    String a = silu(g, conv(g, r, in, inChannels, hidden, 3, name + ".0"));
    String b = silu(g, conv(g, r, a, hidden, hidden, 3, name + ".1"));
    return conv(g, r, b, hidden, out, 1, name + ".2");
  }

  /**
   * YOLO11's class branch: (DWConv 3×3 + SiLU, Conv 1×1 + SiLU) twice, then Conv 1×1 to the logits.
   */
  private static String depthwiseBranch(
      GraphBuilder g, Random r, String in, long inChannels, long hidden, long out, String name) {
    String a = silu(g, depthwise(g, r, in, inChannels, name + ".0.0"));
    String b = silu(g, conv(g, r, a, inChannels, hidden, 1, name + ".0.1"));
    String c = silu(g, depthwise(g, r, b, hidden, name + ".1.0"));
    String d = silu(g, conv(g, r, c, hidden, hidden, 1, name + ".1.1"));
    return conv(g, r, d, hidden, out, 1, name + ".2");
  }

  /** A depthwise 3×3 Conv (one group per channel), padded by 1. */
  private static String depthwise(GraphBuilder g, Random r, String in, long channels, String name) {
    return conv(g, r, in, channels, channels, 3, 1, channels, name);
  }

  /** A padded, biased, stride-1 Conv: a layer of the head. */
  private static String conv(
      GraphBuilder g, Random r, String in, long inChannels, long out, int k, String name) {
    return conv(g, r, in, inChannels, out, k, 1, 1, name);
  }

  /** A k×k Conv of stride k, unpadded and without bias: the stand-in backbone's downsampling. */
  private static String stridedConv(
      GraphBuilder g, Random r, String in, long inChannels, long out, int k, String name) {
    return conv(g, r, in, inChannels, out, k, k, 1, name);
  }

  /**
   * A Conv with He-scaled weights, so activations keep their size through the layers; stride 1 is
   * padded to keep the map's size and has a bias (batch normalisation folded in, as exported).
   */
  private static String conv(
      GraphBuilder g,
      Random r,
      String in,
      long inChannels,
      long out,
      int k,
      int stride,
      long groups,
      String name) {
    long perGroup = inChannels / groups;
    float[] w = new float[(int) (out * perGroup * k * k)];
    double scale = Math.sqrt(2.0 / (perGroup * k * k));
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) (r.nextGaussian() * scale);
    }
    List<String> inputs =
        new ArrayList<>(List.of(in, g.floats(name + ".w", new long[] {out, perGroup, k, k}, w)));
    if (stride == 1) {
      float[] b = new float[(int) out];
      for (int i = 0; i < b.length; i++) {
        b[i] = (float) (r.nextGaussian() * 0.1);
      }
      inputs.add(g.floats(name + ".b", new long[] {out}, b));
    }
    int pad = stride == 1 ? k / 2 : 0;
    return g.op(
        "Conv",
        name,
        inputs,
        ints("kernel_shape", k, k),
        ints("strides", stride, stride),
        ints("pads", pad, pad, pad, pad),
        attr("group", groups));
  }

  private static String silu(GraphBuilder g, String x) {
    return g.op("Mul", "silu", List.of(x, g.op("Sigmoid", "sigmoid", List.of(x))));
  }

  /** ONNX Split (opset 13: sizes as an input) of {@code x} along {@code axis}. */
  private static List<String> split(GraphBuilder g, String x, long axis, long... sizes) {
    List<String> outs = new ArrayList<>();
    NodeProto.Builder n =
        NodeProto.newBuilder()
            .setOpType("Split")
            .setName(g.fresh("split"))
            .addInput(x)
            .addInput(g.int64s("sizes", sizes))
            .addAttribute(attr("axis", axis));
    for (int i = 0; i < sizes.length; i++) {
      String out = g.fresh("part");
      n.addOutput(out);
      outs.add(out);
    }
    g.addNode(n.build());
    return outs;
  }

  /** {@link #build} as a model. */
  public static ModelProto model(int size, long seed) {
    return build(size, seed).model();
  }
}
