package io.gradstream.inference.worker.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.gradstream.common.wire.Explanation;
import io.gradstream.explain.cam.CamMap;
import io.gradstream.explain.engine.DetectionExplanation;
import io.gradstream.explain.engine.ExplainTarget;
import io.gradstream.explain.engine.RowLocation;
import io.gradstream.explain.quality.Quality;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ExplanationMessageTest {

  @Test
  void carriesTheMapAsAGreyscalePngThatDecodesToTheSameCells() throws Exception {
    byte[] pixels = new byte[40 * 30];
    for (int y = 0; y < 30; y++) {
      for (int x = 0; x < 40; x++) {
        pixels[y * 40 + x] = (byte) Math.max(0, 255 - 12 * (Math.abs(x - 20) + Math.abs(y - 15)));
      }
    }
    float[] raw = new float[pixels.length];
    DetectionExplanation e =
        new DetectionExplanation(
            new ExplainTarget(7, 0),
            new RowLocation(1, 0, 15, 20),
            "head/1",
            16,
            "gradcam",
            raw,
            new CamMap(40, 30, pixels, 1f),
            Quality.NONE,
            null);

    Explanation wire = ExplanationMessage.of(e);

    assertThat(wire.getEncoding()).isEqualTo("png");
    assertThat(wire.getWidth()).isEqualTo(40);
    assertThat(wire.getHeight()).isEqualTo(30);
    assertThat(wire.getStride()).isEqualTo(16);
    assertThat(wire.getLayer()).isEqualTo("head/1");
    assertThat(wire.getMethod()).isEqualTo("gradcam");
    assertThat(wire.getData().size()).as("a smooth map compresses").isLessThan(pixels.length);
    BufferedImage png = ImageIO.read(new ByteArrayInputStream(wire.getData().toByteArray()));
    assertThat(png.getType()).isEqualTo(BufferedImage.TYPE_BYTE_GRAY);
    byte[] decoded = new byte[pixels.length];
    png.getRaster().getDataElements(0, 0, 40, 30, decoded);
    assertThat(decoded).isEqualTo(pixels);
    assertThat(ExplanationMessage.map(wire).pixels()).isEqualTo(pixels);
  }

  @Test
  void writesExactlyTheBytesImageIoWriteWrites() throws Exception {
    // The encoder skips ImageIO.write's file cache and registry lookup; the PNG must not change.
    java.util.Random random = new java.util.Random(7);
    for (int[] size : new int[][] {{40, 40}, {20, 20}, {10, 10}, {80, 48}, {1, 1}}) {
      byte[] pixels = new byte[size[0] * size[1]];
      for (int i = 0; i < pixels.length; i++) {
        pixels[i] = (byte) (i % 3 == 0 ? random.nextInt(256) : (i * 7) & 0xff);
      }
      BufferedImage image = new BufferedImage(size[0], size[1], BufferedImage.TYPE_BYTE_GRAY);
      image.getRaster().setDataElements(0, 0, size[0], size[1], pixels);
      java.io.ByteArrayOutputStream viaImageIo = new java.io.ByteArrayOutputStream();
      assertThat(ImageIO.write(image, "png", viaImageIo)).isTrue();

      assertThat(ExplanationMessage.png(new CamMap(size[0], size[1], pixels, 1f)))
          .as("%dx%d", size[0], size[1])
          .isEqualTo(viaImageIo.toByteArray());
    }
  }

  @Test
  void aMapThatIsNotAPngOfItsStatedSizeIsRefused() {
    Explanation notPng =
        Explanation.newBuilder().setWidth(2).setHeight(2).setEncoding("raw").build();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ExplanationMessage.map(notPng))
        .hasMessageContaining("'raw'");
    Explanation garbage =
        notPng.toBuilder()
            .setEncoding("png")
            .setData(com.google.protobuf.ByteString.copyFromUtf8("nope"))
            .build();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ExplanationMessage.map(garbage))
        .hasMessageContaining("2x2");
  }
}
