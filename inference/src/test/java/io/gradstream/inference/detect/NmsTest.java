package io.gradstream.inference.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NmsTest {
  private static Detection det(int cls, float score, float x1, float y1, float x2, float y2) {
    return new Detection(cls, "c" + cls, score, new BoundingBox(x1, y1, x2, y2));
  }

  @Test
  void dropsALowerScoringBoxOfTheSameClassThatOverlapsTooMuch() {
    Detection best = det(0, 0.9f, 0, 0, 100, 100);
    Detection shifted = det(0, 0.8f, 5, 5, 105, 105); // IoU ~0.82
    assertThat(Nms.apply(List.of(shifted, best), 0.45f, 300)).containsExactly(best);
  }

  @Test
  void keepsOverlappingBoxesOfDifferentClasses() {
    Detection person = det(0, 0.9f, 0, 0, 100, 100);
    Detection bicycle = det(1, 0.6f, 5, 5, 105, 105);
    assertThat(Nms.apply(List.of(bicycle, person), 0.45f, 300)).containsExactly(person, bicycle);
  }

  @Test
  void keepsSameClassBoxesThatOverlapLessThanTheThreshold() {
    Detection a = det(0, 0.9f, 0, 0, 100, 100);
    Detection b = det(0, 0.5f, 60, 0, 160, 100); // IoU 40/160 = 0.25
    assertThat(Nms.apply(List.of(a, b), 0.45f, 300)).containsExactly(a, b);
  }

  @Test
  void anOverlapExactlyAtTheThresholdIsKept() {
    Detection a = det(0, 0.9f, 0, 0, 100, 100);
    Detection b = det(0, 0.5f, 50, 0, 150, 100); // IoU 50/150 = 1/3
    assertThat(Nms.apply(List.of(a, b), 1f / 3f, 300)).hasSize(2);
  }

  @Test
  void aSuppressedBoxDoesNotSuppressOthers() {
    // b is suppressed by a; c overlaps b heavily but a only a little, so c survives (greedy NMS).
    Detection a = det(0, 0.9f, 0, 0, 100, 100);
    Detection b = det(0, 0.8f, 40, 0, 140, 100);
    Detection c = det(0, 0.7f, 80, 0, 180, 100);
    assertThat(Nms.apply(List.of(c, b, a), 0.4f, 300)).containsExactly(a, c);
  }

  @Test
  void returnsDetectionsByDescendingScoreCappedAtTheMaximum() {
    List<Detection> spread = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      spread.add(det(0, i / 10f, i * 200, 0, i * 200 + 100, 100));
    }
    List<Detection> kept = Nms.apply(spread, 0.45f, 3);
    assertThat(kept).extracting(Detection::score).containsExactly(0.9f, 0.8f, 0.7f);
  }

  @Test
  void handlesThousandsOfCandidatesQuickly() {
    Random random = new Random(7);
    List<Detection> many = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      float x = random.nextFloat() * 1000;
      float y = random.nextFloat() * 1000;
      many.add(
          det(
              random.nextInt(80),
              random.nextFloat(),
              x,
              y,
              x + 20 + random.nextFloat() * 50,
              y + 40));
    }
    long start = System.nanoTime();
    List<Detection> kept = Nms.apply(many, 0.45f, 300);
    assertThat(kept)
        .hasSize(300)
        .isSortedAccordingTo((p, q) -> Float.compare(q.score(), p.score()));
    assertThat((System.nanoTime() - start) / 1e9).isLessThan(2.0);
  }

  @Test
  void emptyInGivesEmptyOut() {
    assertThat(Nms.apply(List.of(), 0.45f, 300)).isEmpty();
  }
}
