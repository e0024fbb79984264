package io.gradstream.explain.audit;

import io.gradstream.explain.graph.FloatTensor;
import java.util.List;

/**
 * A detector seen as a black box: a batch of images in, each image's raw proposals out. All a
 * black-box explainer (D-RISE) or a perturbation metric needs, so either runs on any detector.
 */
public interface ProposalModel {

  /**
   * Proposals for each image of the batch.
   *
   * @param images {@code [N, 3, H, W]}, RGB in 0–1
   * @return {@code N} lists, in batch order, boxes in the images' pixels
   */
  List<List<Proposal>> propose(FloatTensor images);
}
