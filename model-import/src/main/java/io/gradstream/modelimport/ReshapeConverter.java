package io.gradstream.modelimport;

import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code Reshape} with a constant shape, in TF's dimension order (a reshape of an NCHW tensor first
 * transposes it back, since reshaping reorders memory).
 *
 * <p>Batch: a shape that hard-codes batch 1 ({@code [1, 6400, 3, 85]}) would pin the ONNX model to
 * one image. When the input's first dimension is the batch and the rest of the shape keeps the
 * per-image element count, the leading 1 is rewritten to 0, ONNX's "copy this dimension from the
 * input", so the reshape is per image for any batch. A {@code -1} there already works for any batch
 * and is kept (the YOLOv5 TF.js export writes {@code -1}).
 */
final class ReshapeConverter implements OpConverter {
  private static final Logger log = LoggerFactory.getLogger(ReshapeConverter.class);

  @Override
  public void convert(TfjsNode node, ConversionContext context) {
    OnnxValue x = context.inLayout(context.value(node, 0), Layout.TF);
    int[] shape = context.constant(node, 1, "shape").requireInts(node.name(), "shape");
    TfShape in = x.tfShape();
    long[] target = ConversionContext.toLongs(shape);
    if (Arrays.stream(target).anyMatch(d -> d == 0 || d < -1)) {
      throw new UnsupportedOpException(
          node.op(),
          node.name(),
          "to shape "
              + Arrays.toString(shape)
              + "; zero-size or negative dimensions other than -1 are not converted");
    }
    long perImage = in.staticProduct();
    boolean keepsBatch =
        in.hasBatchAtFront()
            && target.length > 0
            && (target[0] == 1 || target[0] == -1)
            && Arrays.stream(target).skip(1).allMatch(d -> d > 0)
            && product(target, 1) == perImage;
    if (keepsBatch && target[0] == 1) {
      target[0] = 0;
      log.info(
          "event=model-import-batch-rewrite node={} shape={} rewritten={}",
          node.name(),
          Arrays.toString(shape),
          Arrays.toString(target));
    }
    TfShape outShape = outputShape(in, target, keepsBatch);
    String shapeName =
        context.graph().int64Vector(context.graph().freshName(node.name() + "/shape"), target);
    OnnxValue out = new OnnxValue(node.name(), Layout.TF, outShape);
    context.graph().node("Reshape", List.of(x.name(), shapeName), out);
    context.define(node.name(), out);
  }

  private static TfShape outputShape(TfShape in, long[] target, boolean keepsBatch) {
    long[] dims = target.clone();
    if (keepsBatch) {
      dims[0] = TfShape.BATCH;
      return new TfShape(dims);
    }
    int inferred = -1;
    for (int i = 0; i < dims.length; i++) {
      if (dims[i] == -1) {
        inferred = i;
      }
    }
    if (inferred >= 0) {
      boolean inputStatic = Arrays.stream(in.dims()).allMatch(d -> d >= 0);
      long known = -product(target, 0);
      dims[inferred] = inputStatic && known > 0 ? in.staticProduct() / known : TfShape.UNKNOWN;
    }
    return new TfShape(dims);
  }

  /** Product of {@code dims} from index {@code from}; -1 entries count as -1 (callers negate). */
  private static long product(long[] dims, int from) {
    long p = 1;
    for (int i = from; i < dims.length; i++) {
      p *= dims[i];
    }
    return p;
  }
}
