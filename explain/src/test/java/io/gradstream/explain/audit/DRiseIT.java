package io.gradstream.explain.audit;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnx.proto.OnnxMl.ModelProto;
import io.gradstream.explain.faithfulness.Baselines;
import io.gradstream.explain.faithfulness.Curve;
import io.gradstream.explain.faithfulness.PerturbationCurves;
import io.gradstream.explain.graph.FloatTensor;
import io.gradstream.explain.graph.OnnxModels;
import io.gradstream.explain.graph.OrtModel;
import io.gradstream.explain.testing.DemoModel;
import io.gradstream.explain.testing.Frames;
import io.gradstream.explain.yolo.BoxUnits;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * D-RISE on the real demo model and dog.jpg: the maps of the dog, the bicycle and the truck fall on
 * their boxes, and deleting pixels in the maps' order kills each detection faster than a random
 * order.
 */
@Tag("e2e")
class DRiseIT {
  private static final int DOG = 16;
  private static final int BICYCLE = 1;
  private static final int TRUCK = 7;

  /** Enough for stable maps on three large objects, small enough for two shared cores. */
  private static final int MASKS = Integer.getInteger("drise.masks", 256);

  @Test
  void mapsFallOnTheirBoxesAndDeleteTheirDetectionsFasterThanRandom() throws Exception {
    FloatTensor image = Frames.dog();
    ModelProto proto = OnnxModels.read(DemoModel.onnx());
    try (OrtModel ort = new OrtModel(proto)) {
      ProposalModel model = new YoloV5Proposals(ort, BoxUnits.declared(proto));
      long t0 = System.nanoTime();
      List<Proposal> proposals = model.propose(image).get(0);
      System.out.printf(
          Locale.ROOT,
          "first forward (with warm-up): %.0f ms, %d proposals over the floor%n",
          ms(t0),
          proposals.size());
      List<Target> targets = new ArrayList<>();
      for (int c : new int[] {DOG, BICYCLE, TRUCK}) {
        Proposal best =
            proposals.stream().max(Comparator.comparingDouble(p -> p.score(c))).orElseThrow();
        assertThat(best.score(c)).as("class %d detected", c).isGreaterThan(0.25f);
        targets.add(Target.of(best, c));
        System.out.printf(
            Locale.ROOT, "class %2d: score %.3f box %s%n", c, best.score(c), best.box());
      }

      long t1 = System.nanoTime();
      // Centred: at a few hundred masks the paper's map is mostly the noise of its flat floor (see
      // DRise).
      List<SaliencyMap> maps =
          new DRise(model, DRise.Options.defaults().withMasks(MASKS).withCentred(true))
              .explain(image, targets);
      System.out.printf(Locale.ROOT, "D-RISE, %d masks, 3 targets: %.1f s%n", MASKS, ms(t1) / 1000);

      // 16 steps, not the default 32: four curves per target must fit two shared cores.
      PerturbationCurves curves =
          new PerturbationCurves(
              model, new PerturbationCurves.Options(16, 8, MaskedImage.LETTERBOX_GRAY));
      SaliencyMap random = Baselines.random(Frames.SIZE, Frames.SIZE, 1);
      for (int t = 0; t < targets.size(); t++) {
        Target target = targets.get(t);
        SaliencyMap map = maps.get(t);
        Box box = target.box();
        double[] stats = insideOutside(map, box);
        float[] centroid = centroidOfPositive(map, 0);
        float[] top = centroidOfPositive(map, 0.95);
        System.out.printf(
            Locale.ROOT,
            "class %2d: mean inside %.4f outside %.4f, positive centroid (%.0f, %.0f), top-5%% centroid (%.0f, %.0f)%n",
            target.classId(),
            stats[0],
            stats[1],
            centroid[0],
            centroid[1],
            top[0],
            top[1]);
        assertThat(stats[0])
            .as("class %d mean saliency inside vs outside", target.classId())
            .isGreaterThan(stats[1]);
        // The strongest 5%, not the whole positive part: at 256 masks weak positive noise covers
        // the
        // frame and drags the full centroid towards the middle (printed, not asserted).
        assertThat(box.contains(top[0], top[1]))
            .as("class %d top-5%% centroid in %s", target.classId(), box)
            .isTrue();

        long t2 = System.nanoTime();
        Curve drise = curves.deletion(image, target, map);
        Curve baseline = curves.deletion(image, target, random);
        Curve insertion = curves.insertion(image, target, map);
        Curve randomInsertion = curves.insertion(image, target, random);
        Curve gaussian =
            curves.deletion(image, target, Baselines.boxGaussian(box, Frames.SIZE, Frames.SIZE));
        System.out.printf(
            Locale.ROOT,
            "class %2d: deletion AUC D-RISE %.4f random %.4f box-Gaussian %.4f; insertion AUC D-RISE %.4f random %.4f (%.1f s)%n",
            target.classId(),
            drise.auc(),
            baseline.auc(),
            gaussian.auc(),
            insertion.auc(),
            randomInsertion.auc(),
            ms(t2) / 1000);
        assertThat(drise.auc())
            .as("class %d deletion AUC", target.classId())
            .isLessThan(baseline.auc());
      }
    }
  }

  /** Mean saliency over pixels whose centres lie inside {@code box}, and over the rest. */
  private static double[] insideOutside(SaliencyMap map, Box box) {
    double in = 0;
    double out = 0;
    int nIn = 0;
    for (int y = 0; y < map.height(); y++) {
      for (int x = 0; x < map.width(); x++) {
        if (box.contains(x + 0.5f, y + 0.5f)) {
          in += map.at(x, y);
          nIn++;
        } else {
          out += map.at(x, y);
        }
      }
    }
    return new double[] {in / nIn, out / (map.width() * map.height() - nIn)};
  }

  /**
   * The centroid of the map's excess over its {@code quantile} (and over 0): where the evidence
   * sits.
   */
  private static float[] centroidOfPositive(SaliencyMap map, double quantile) {
    float[] sorted = map.values().clone();
    Arrays.sort(sorted);
    float floor = Math.max(0, sorted[(int) Math.min(sorted.length - 1, quantile * sorted.length)]);
    double sx = 0;
    double sy = 0;
    double total = 0;
    for (int y = 0; y < map.height(); y++) {
      for (int x = 0; x < map.width(); x++) {
        double w = Math.max(map.at(x, y) - floor, 0);
        sx += w * (x + 0.5);
        sy += w * (y + 0.5);
        total += w;
      }
    }
    return new float[] {(float) (sx / total), (float) (sy / total)};
  }

  private static double ms(long since) {
    return (System.nanoTime() - since) / 1e6;
  }
}
