package io.gradstream.inference.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.gradstream.inference.detect.BgrImage;
import io.gradstream.inference.detect.BoundingBox;
import io.gradstream.inference.testing.TestImages;
import java.nio.FloatBuffer;
import org.junit.jupiter.api.Test;

class LetterboxTest {
  private static final float GREY = 114 / 255f;

  @Test
  void aLandscapeFrameFillsTheWidthAndIsCentredVertically() {
    LetterboxTransform t = new Letterbox(640).geometry(768, 576);
    assertThat(t.resizedWidth()).isEqualTo(640);
    assertThat(t.resizedHeight()).isEqualTo(480);
    assertThat(t.padLeft()).isZero();
    assertThat(t.padTop()).isEqualTo(80);
  }

  @Test
  void aPortraitFrameFillsTheHeightAndIsCentredHorizontally() {
    LetterboxTransform t = new Letterbox(320).geometry(480, 640);
    assertThat(t.resizedHeight()).isEqualTo(320);
    assertThat(t.resizedWidth()).isEqualTo(240);
    assertThat(t.padLeft()).isEqualTo(40);
    assertThat(t.padTop()).isZero();
  }

  @Test
  void boxesRoundTripFromSourceToInputAndBack() {
    for (int[] frame :
        new int[][] {{768, 576}, {576, 768}, {1920, 1080}, {333, 777}, {640, 640}, {100, 50}}) {
      LetterboxTransform t = new Letterbox(640).geometry(frame[0], frame[1]);
      BoundingBox source =
          new BoundingBox(frame[0] * 0.1f, frame[1] * 0.2f, frame[0] * 0.7f, frame[1] * 0.9f);
      BoundingBox input = t.toInput(source);
      BoundingBox back = t.toSource(input.x1(), input.y1(), input.x2(), input.y2());
      assertThat(back.x1()).isCloseTo(source.x1(), within(0.01f));
      assertThat(back.y1()).isCloseTo(source.y1(), within(0.01f));
      assertThat(back.x2()).isCloseTo(source.x2(), within(0.01f));
      assertThat(back.y2()).isCloseTo(source.y2(), within(0.01f));
    }
  }

  @Test
  void boxesMappedBackAreClippedToTheFrame() {
    LetterboxTransform t =
        new Letterbox(640).geometry(768, 576); // 80 rows of padding above and below
    BoundingBox b = t.toSource(-20, 10, 700, 630);
    assertThat(b).isEqualTo(new BoundingBox(0, 0, 768, 576));
  }

  @Test
  void writesRgbPlanesScaledToOneWithGreyPaddingIntoTheRequestedSlot() {
    // A 200x100 frame: blue background with a red 40x20 rectangle at (100, 40).
    BgrImage frame = TestImages.solid(200, 100, 255, 0, 0);
    byte[] px = frame.pixels();
    for (int y = 40; y < 60; y++) {
      for (int x = 100; x < 140; x++) {
        int i = (y * 200 + x) * 3;
        px[i] = 0;
        px[i + 2] = (byte) 255;
      }
    }
    Letterbox letterbox = new Letterbox(100);
    FloatBuffer batch = FloatBuffer.allocate(2 * letterbox.floatsPerImage());
    LetterboxTransform t = letterbox.apply(frame, batch, 1);

    assertThat(t.resizedWidth()).isEqualTo(100);
    assertThat(t.resizedHeight()).isEqualTo(50);
    assertThat(t.padTop()).isEqualTo(25);
    int base = letterbox.floatsPerImage();
    int plane = 100 * 100;
    // slot 0 untouched
    assertThat(batch.get(0)).isZero();
    assertThat(batch.get(base - 1)).isZero();
    // padding is grey in all three planes
    for (int c = 0; c < 3; c++) {
      assertThat(batch.get(base + c * plane + 5 * 100 + 50)).isCloseTo(GREY, within(1e-6f));
      assertThat(batch.get(base + c * plane + 95 * 100 + 50)).isCloseTo(GREY, within(1e-6f));
    }
    // the red rectangle maps to input (50..70, 25+20..25+30); its centre is red: R=1, G=0, B=0
    BoundingBox red = t.toInput(new BoundingBox(100, 40, 140, 60));
    int cx = Math.round((red.x1() + red.x2()) / 2);
    int cy = Math.round((red.y1() + red.y2()) / 2);
    assertThat(red.x1()).isCloseTo(50f, within(0.01f));
    assertThat(red.y1()).isCloseTo(45f, within(0.01f));
    assertThat(batch.get(base + cy * 100 + cx)).isCloseTo(1f, within(1e-6f));
    assertThat(batch.get(base + plane + cy * 100 + cx)).isCloseTo(0f, within(1e-6f));
    assertThat(batch.get(base + 2 * plane + cy * 100 + cx)).isCloseTo(0f, within(1e-6f));
    // the blue background: R=0, B=1
    assertThat(batch.get(base + 30 * 100 + 10)).isCloseTo(0f, within(1e-6f));
    assertThat(batch.get(base + 2 * plane + 30 * 100 + 10)).isCloseTo(1f, within(1e-6f));
  }

  @Test
  void aFrameOfExactlyTheInputSizeIsCopiedWithoutResizing() {
    BgrImage frame = TestImages.solid(64, 64, 10, 20, 30);
    Letterbox letterbox = new Letterbox(64);
    FloatBuffer batch = FloatBuffer.allocate(letterbox.floatsPerImage());
    LetterboxTransform t = letterbox.apply(frame, batch, 0);
    assertThat(t.padLeft()).isZero();
    assertThat(t.padTop()).isZero();
    assertThat(batch.get(0)).isCloseTo(30 / 255f, within(1e-6f));
    assertThat(batch.get(64 * 64)).isCloseTo(20 / 255f, within(1e-6f));
    assertThat(batch.get(2 * 64 * 64)).isCloseTo(10 / 255f, within(1e-6f));
  }
}
