package io.gradstream.explain.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.gradstream.explain.graph.FloatTensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DRiseTest {
  private static final int SIZE = 48;
  private final BrightBoxDetector detector = new BrightBoxDetector(new Box(12, 18, 24, 30));
  private final FloatTensor image = detector.image(SIZE, SIZE);
  private final DRise.Options options =
      new DRise.Options(300, 6, 0.5f, 8, 3, MaskedImage.LETTERBOX_GRAY, false);

  @Test
  void theMapConcentratesOnThePixelsTheDetectorNeeds() {
    SaliencyMap map =
        new DRise(detector, options).explain(image, List.of(detector.target())).get(0);
    assertThat(map.width()).isEqualTo(SIZE);
    assertThat(map.height()).isEqualTo(SIZE);
    double inside = 0;
    double outside = 0;
    double cx = 0;
    double cy = 0;
    double total = 0;
    int in = 0;
    for (int y = 0; y < SIZE; y++) {
      for (int x = 0; x < SIZE; x++) {
        float v = map.at(x, y);
        if (detector.inside(x, y)) {
          inside += v;
          in++;
        } else {
          outside += v;
        }
        cx += v * (x + 0.5);
        cy += v * (y + 0.5);
        total += v;
      }
    }
    double meanInside = inside / in;
    double meanOutside = outside / (SIZE * SIZE - in);
    // Every mask keeps about half of everything, so the map sits on a baseline of E[score]·p; the
    // box rises
    // above it.
    assertThat(meanInside).isGreaterThan(1.3 * meanOutside);
    assertThat(detector.box.contains((float) (cx / total), (float) (cy / total))).isTrue();
  }

  @Test
  void aTargetNoProposalMatchesGetsAnAllZeroMapFromTheSameRuns() {
    Target elsewhere = Target.oneHot(new Box(36, 36, 46, 46), 0, BrightBoxDetector.CLASSES);
    List<SaliencyMap> maps =
        new DRise(detector, options.withMasks(16))
            .explain(image, List.of(detector.target(), elsewhere));
    assertThat(maps).hasSize(2);
    assertThat(maps.get(1).values()).containsOnly(0f);
    assertThat(detector.images).isEqualTo(16);
    assertThat(detector.calls).isEqualTo(2);
  }

  @Test
  void theSameSeedGivesTheSameMapWhateverTheBatchSize() {
    DRise.Options few = options.withMasks(20);
    List<Integer> progress = new ArrayList<>();
    float[] a =
        new DRise(detector, few)
            .explain(image, List.of(detector.target()), progress::add)
            .get(0)
            .values();
    float[] b =
        new DRise(detector, few.withBatchSize(7))
            .explain(image, List.of(detector.target()))
            .get(0)
            .values();
    float[] c =
        new DRise(detector, few.withSeed(4))
            .explain(image, List.of(detector.target()))
            .get(0)
            .values();
    assertThat(b).containsExactly(a);
    assertThat(c).isNotEqualTo(a);
    assertThat(progress).containsExactly(8, 16, 20);
  }

  @Test
  void theCentredMapIsZeroWhenTheScoreNeverChangesWhileThePapersIsScoreTimesCoverage() {
    Proposal always = new Proposal(detector.box, 0.5f, new float[] {1, 0});
    ProposalModel blind =
        batch -> java.util.Collections.nCopies((int) batch.shape()[0], List.of(always));
    DRise.Options few = options.withMasks(24);
    float[] paper =
        new DRise(blind, few).explain(image, List.of(detector.target())).get(0).values();
    float[] centred =
        new DRise(blind, few.withCentred(true))
            .explain(image, List.of(detector.target()))
            .get(0)
            .values();
    for (int i = 0; i < paper.length; i++) {
      assertThat(centred[i]).isCloseTo(0f, org.assertj.core.api.Assertions.within(1e-6f));
      // 0.5 times this pixel's mean mask, which wanders around p = 0.5 over only 24 masks.
      assertThat(paper[i]).isBetween(0f, 0.5f);
    }
  }

  @Test
  void theCentredMapIsPositiveOnTheBoxAndNearZeroOffIt() {
    SaliencyMap map =
        new DRise(detector, options.withCentred(true))
            .explain(image, List.of(detector.target()))
            .get(0);
    double inside = 0;
    double outside = 0;
    int in = 0;
    for (int y = 0; y < SIZE; y++) {
      for (int x = 0; x < SIZE; x++) {
        if (detector.inside(x, y)) {
          inside += map.at(x, y);
          in++;
        } else {
          outside += map.at(x, y);
        }
      }
    }
    assertThat(inside / in).isPositive().isGreaterThan(5 * Math.abs(outside / (SIZE * SIZE - in)));
  }
}
