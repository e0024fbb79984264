package io.gradstream.modelimport;

import io.gradstream.inference.model.ModelException;
import java.util.List;

/**
 * {@code Transpose} with a constant permutation. An input stored NCHW is not transposed back first:
 * the NCHW-to-NHWC step is folded into the permutation, one Transpose instead of two.
 */
final class TransposeConverter implements OpConverter {

  @Override
  public void convert(TfjsNode node, ConversionContext context) {
    OnnxValue x = context.value(node, 0);
    int[] perm = context.constant(node, 1, "perm").requireInts(node.name(), "perm");
    if (perm.length != x.rank()) {
      throw new ModelException(
          "node '"
              + node.name()
              + "': perm has "
              + perm.length
              + " entries for a rank-"
              + x.rank()
              + " input");
    }
    long[] onnxPerm = new long[perm.length];
    for (int i = 0; i < perm.length; i++) {
      onnxPerm[i] = x.layout() == Layout.NCHW ? Layout.NCHW_TO_NHWC[perm[i]] : perm[i];
    }
    OnnxValue out = new OnnxValue(node.name(), Layout.TF, x.tfShape().permute(perm));
    context
        .graph()
        .node("Transpose", List.of(x.name()), out, OnnxGraphBuilder.ints("perm", onnxPerm));
    context.define(node.name(), out);
  }
}
