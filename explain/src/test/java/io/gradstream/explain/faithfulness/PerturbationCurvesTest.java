package io.gradstream.explain.faithfulness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.gradstream.explain.audit.Box;
import io.gradstream.explain.audit.BrightBoxDetector;
import io.gradstream.explain.audit.MaskedImage;
import io.gradstream.explain.audit.SaliencyMap;
import io.gradstream.explain.graph.FloatTensor;
import org.junit.jupiter.api.Test;

class PerturbationCurvesTest {
  private static final int SIZE = 32;

  /**
   * The intact score: IoU 1, objectness 1, cosine of one-hot (1, 0) with the detector's (0.9, 0.1).
   */
  private static final float FULL = (float) (0.9 / Math.sqrt(0.82));

  private final BrightBoxDetector detector = new BrightBoxDetector(new Box(8, 8, 16, 24));
  private final FloatTensor image = detector.image(SIZE, SIZE);
  private final PerturbationCurves curves =
      new PerturbationCurves(
          detector, new PerturbationCurves.Options(16, 5, MaskedImage.LETTERBOX_GRAY));

  /** 1 on the box, 0 elsewhere: the true explanation. */
  private SaliencyMap onTheBox() {
    float[] v = new float[SIZE * SIZE];
    for (int i = 0; i < v.length; i++) {
      v[i] = detector.box.contains(i % SIZE + 0.5f, i / SIZE + 0.5f) ? 1 : 0;
    }
    return new SaliencyMap(SIZE, SIZE, v);
  }

  /** The opposite: everything but the box. */
  private SaliencyMap offTheBox() {
    float[] v = onTheBox().values().clone();
    for (int i = 0; i < v.length; i++) {
      v[i] = 1 - v[i];
    }
    return new SaliencyMap(SIZE, SIZE, v);
  }

  @Test
  void deletingTheRightPixelsKillsTheDetectionFasterThanDeletingTheWrongOnes() {
    Curve right = curves.deletion(image, detector.target(), onTheBox());
    Curve wrong = curves.deletion(image, detector.target(), offTheBox());
    assertThat(right.steps()).isEqualTo(16);
    // The box is 8x16 = 128 of 1024 pixels: gone after 2 of 16 steps.
    assertThat(right.scores()[0]).isCloseTo(FULL, within(1e-6f));
    assertThat(right.scores()[2]).isZero();
    assertThat(right.scores()[16]).isZero();
    // Wrong order: intact until the 896 background pixels are gone (step 14).
    assertThat(wrong.scores()[14]).isCloseTo(FULL, within(1e-6f));
    assertThat(wrong.scores()[16]).isZero();
    assertThat(right.auc()).isLessThan(0.1);
    assertThat(wrong.auc()).isGreaterThan(0.7);
  }

  @Test
  void insertingTheRightPixelsRestoresTheDetectionFasterThanInsertingTheWrongOnes() {
    Curve right = curves.insertion(image, detector.target(), onTheBox());
    Curve wrong = curves.insertion(image, detector.target(), offTheBox());
    assertThat(right.scores()[0]).isZero();
    assertThat(right.scores()[2]).isCloseTo(FULL, within(1e-6f));
    assertThat(right.scores()[16]).isCloseTo(FULL, within(1e-6f));
    assertThat(right.auc()).isGreaterThan(0.8);
    assertThat(wrong.auc()).isLessThan(0.15);
  }

  @Test
  void aCoarseMapIsUpsampledToTheImageAndTheStepsGoThroughTheModelInBatches() {
    // 4x4 cells of 8x8 pixels; the box covers cells (1, 1) and (1, 2).
    float[] coarse = new float[16];
    coarse[5] = 1;
    coarse[9] = 1;
    Curve c = curves.deletion(image, detector.target(), new SaliencyMap(4, 4, coarse));
    assertThat(c.auc()).isLessThan(0.15);
    // 17 images in batches of 5.
    assertThat(detector.images).isEqualTo(17);
    assertThat(detector.calls).isEqualTo(4);
  }

  @Test
  void theBoxGaussianBaselineBeatsTheRandomOneOnAnObjectThatIsAllBox() {
    double gaussian =
        curves
            .deletion(image, detector.target(), Baselines.boxGaussian(detector.box, SIZE, SIZE))
            .auc();
    double random =
        curves.deletion(image, detector.target(), Baselines.random(SIZE, SIZE, 1)).auc();
    assertThat(gaussian).isLessThan(random);
  }
}
