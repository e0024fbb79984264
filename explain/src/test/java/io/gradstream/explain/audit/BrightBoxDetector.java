package io.gradstream.explain.audit;

import io.gradstream.explain.graph.FloatTensor;
import java.util.ArrayList;
import java.util.List;

/**
 * A fake detector with a known answer: it "sees" one object at a fixed box, as sure of it as the
 * fraction of that box's pixels that are still bright (channel 0 above 0.9). Hiding the box's
 * pixels kills it; hiding anything else does nothing. Counts its calls and images.
 */
public final class BrightBoxDetector implements ProposalModel {
  public static final int CLASSES = 2;
  public final Box box;
  public int calls;
  public int images;

  public BrightBoxDetector(Box box) {
    this.box = box;
  }

  /** An image of dark background (0.2) with the box's pixels bright (1.0), {@code [1, 3, h, w]}. */
  public FloatTensor image(int width, int height) {
    float[] data = new float[3 * width * height];
    for (int c = 0; c < 3; c++) {
      for (int y = 0; y < height; y++) {
        for (int x = 0; x < width; x++) {
          data[(c * height + y) * width + x] = inside(x, y) ? 1f : 0.2f;
        }
      }
    }
    return new FloatTensor(new long[] {1, 3, height, width}, data);
  }

  /** The target this detector detects, class 0. */
  public Target target() {
    return Target.oneHot(box, 0, CLASSES);
  }

  boolean inside(int x, int y) {
    return box.contains(x + 0.5f, y + 0.5f);
  }

  @Override
  public List<List<Proposal>> propose(FloatTensor batch) {
    calls++;
    int n = (int) batch.shape()[0];
    int height = (int) batch.shape()[2];
    int width = (int) batch.shape()[3];
    int imageSize = 3 * width * height;
    images += n;
    List<List<Proposal>> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int bright = 0;
      int total = 0;
      for (int y = 0; y < height; y++) {
        for (int x = 0; x < width; x++) {
          if (inside(x, y)) {
            total++;
            if (batch.data()[i * imageSize + y * width + x] > 0.9f) {
              bright++;
            }
          }
        }
      }
      // A second, unrelated proposal elsewhere, so "best over proposals" has something to ignore.
      out.add(
          List.of(
              new Proposal(box, (float) bright / total, new float[] {0.9f, 0.1f}),
              new Proposal(new Box(0, 0, 2, 2), 1f, new float[] {1f, 0f})));
    }
    return out;
  }
}
