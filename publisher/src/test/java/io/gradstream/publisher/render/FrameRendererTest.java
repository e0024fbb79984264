package io.gradstream.publisher.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.gradstream.common.image.JpegHeader;
import io.gradstream.common.image.LetterboxPlacement;
import io.gradstream.common.wire.Box;
import io.gradstream.common.wire.Detection;
import io.gradstream.common.wire.ExplainedFrame;
import io.gradstream.common.wire.Explanation;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * Renders onto a real photograph (darknet's dog.jpg, 768x576) with maps whose hot cell is known, so
 * the test can tell where the letterbox placement must put the heat.
 */
class FrameRendererTest {
  private static final Path DOG = Path.of("/usr/share/darknet/data/dog.jpg");

  /** A 20x20 map of stride 16: the whole 320-pixel model input. */
  private static final int CELLS = 20;

  private static final int STRIDE = 16;

  private static byte[] dogJpeg() throws IOException {
    assertThat(DOG)
        .as("darknet's dog.jpg; ./scripts/setup.sh installs Debian's darknet")
        .isRegularFile();
    return Files.readAllBytes(DOG);
  }

  /** A greyscale PNG map, cold everywhere but the one cell (x, y). */
  private static Explanation hotCell(int x, int y) throws IOException {
    BufferedImage map = new BufferedImage(CELLS, CELLS, BufferedImage.TYPE_BYTE_GRAY);
    map.getRaster().setSample(x, y, 0, 255);
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    ImageIO.write(map, "png", png);
    return Explanation.newBuilder()
        .setWidth(CELLS)
        .setHeight(CELLS)
        .setStride(STRIDE)
        .setEncoding("png")
        .setMethod("gradcam")
        .setLayer("test")
        .setData(ByteString.copyFrom(png.toByteArray()))
        .build();
  }

  private static Detection detection(long track, Explanation cam) {
    return Detection.newBuilder()
        .setTrackId(track)
        .setClassId(16)
        .setLabel("dog")
        .setScore(0.9f)
        .setBox(Box.newBuilder().setX1(10).setY1(10).setX2(60).setY2(60))
        .setCam(cam)
        .build();
  }

  private static BufferedImage decode(byte[] jpeg) throws IOException {
    return ImageIO.read(new ByteArrayInputStream(jpeg));
  }

  /** Red minus blue at (x, y): high where jet is hot, negative where it is cold. */
  private static int warmth(BufferedImage image, int x, int y) {
    int rgb = image.getRGB(x, y);
    return ((rgb >> 16) & 0xff) - (rgb & 0xff);
  }

  @Test
  void aHotCellLandsWhereTheLetterboxPlacedThatPartOfTheFrame() throws IOException {
    byte[] jpeg = dogJpeg();
    BufferedImage plain = decode(jpeg);
    // Cell (10, 10) covers input pixels 160-176: map them back through the letterbox to the frame.
    LetterboxPlacement p =
        LetterboxPlacement.of(CELLS * STRIDE, plain.getWidth(), plain.getHeight());
    int frameX = Math.round((168 - p.padLeft()) * plain.getWidth() / (float) p.resizedWidth());
    int frameY = Math.round((168 - p.padTop()) * plain.getHeight() / (float) p.resizedHeight());
    ExplainedFrame frame =
        ExplainedFrame.newBuilder().addDetections(detection(1, hotCell(10, 10))).build();

    BufferedImage rendered =
        decode(FrameRenderer.renderJpeg(jpeg, frame, RenderOptions.defaults()));

    assertThat(warmth(rendered, frameX, frameY) - warmth(plain, frameX, frameY))
        .as("heat added at the hot cell")
        .isGreaterThan(60);
    assertThat(warmth(rendered, 700, 500) - warmth(plain, 700, 500))
        .as("heat added far from it")
        .isLessThan(0);
  }

  @Test
  void withHeatmapsOffOnlyTheBoxIsDrawn() throws IOException {
    byte[] jpeg = dogJpeg();
    ExplainedFrame frame =
        ExplainedFrame.newBuilder().addDetections(detection(1, hotCell(10, 10))).build();

    BufferedImage off =
        decode(FrameRenderer.renderJpeg(jpeg, frame, RenderOptions.defaults().withHeatmaps(false)));
    BufferedImage plain = decode(FrameRenderer.renderJpeg(jpeg, null, RenderOptions.defaults()));

    assertThat(meanDifference(off, plain, 100, 100, 700, 560))
        .as("outside the box and its tag")
        .isLessThan(1.0);
    assertThat(meanDifference(off, plain, 8, 8, 62, 62)).as("on the box").isGreaterThan(5.0);
  }

  @Test
  void aHiddenTracksMapIsLeftOut() throws IOException {
    byte[] jpeg = dogJpeg();
    ExplainedFrame frame =
        ExplainedFrame.newBuilder().addDetections(detection(7, hotCell(10, 10))).build();
    RenderOptions hidden = new RenderOptions(true, Set.of(7L), 0.45, 80);

    BufferedImage rendered = decode(FrameRenderer.renderJpeg(jpeg, frame, hidden));
    BufferedImage boxesOnly =
        decode(FrameRenderer.renderJpeg(jpeg, frame, RenderOptions.defaults().withHeatmaps(false)));

    assertThat(meanDifference(rendered, boxesOnly, 0, 0, 768, 576)).isLessThan(0.5);
  }

  @Test
  void bytesThatAreNotAnImageAreRefusedWithAClearError() {
    assertThatThrownBy(
            () -> FrameRenderer.renderJpeg(new byte[] {1, 2, 3}, null, RenderOptions.defaults()))
        .isInstanceOf(CorruptFrameException.class)
        .hasMessageContaining("3 bytes are not a JPEG with a frame header");
  }

  @Test
  void aJpegStatingMoreThan8kPixelsIsRefusedBeforeDecoding() throws IOException {
    byte[] jpeg = dogJpeg();
    JpegHeader header = JpegHeader.read(jpeg).orElseThrow();
    int sof = sofDimensionsAt(jpeg, header);
    jpeg[sof] = (byte) (30_000 >> 8); // height 30000
    jpeg[sof + 1] = (byte) 30_000;
    jpeg[sof + 2] = (byte) (30_000 >> 8); // width 30000: 2.7 GB of BGR from 160 KB
    jpeg[sof + 3] = (byte) 30_000;

    assertThatThrownBy(() -> FrameRenderer.renderJpeg(jpeg, null, RenderOptions.defaults()))
        .isInstanceOf(CorruptFrameException.class)
        .hasMessageContaining("states 30000x30000 pixels");
  }

  /** Where the frame header's height and width (4 bytes) sit: after ff cX, length and precision. */
  private static int sofDimensionsAt(byte[] jpeg, JpegHeader header) {
    for (int i = 2; i + 8 < jpeg.length; i++) {
      int marker = jpeg[i + 1] & 0xFF;
      if ((jpeg[i] & 0xFF) == 0xFF
          && marker >= 0xC0
          && marker <= 0xC2
          && ((jpeg[i + 5] & 0xFF) << 8 | (jpeg[i + 6] & 0xFF)) == header.height()
          && ((jpeg[i + 7] & 0xFF) << 8 | (jpeg[i + 8] & 0xFF)) == header.width()) {
        return i + 5;
      }
    }
    throw new AssertionError("no frame header found");
  }

  @Test
  void aMapWhosePngDoesNotMatchItsStatedSizeIsRefused() throws IOException {
    Explanation wrong = hotCell(1, 1).toBuilder().setWidth(40).build();
    assertThatThrownBy(() -> FrameRenderer.mapCells(wrong))
        .isInstanceOf(CorruptFrameException.class)
        .hasMessageContaining("40x20");
    Explanation raw = hotCell(1, 1).toBuilder().setEncoding("raw").build();
    assertThatThrownBy(() -> FrameRenderer.mapCells(raw))
        .isInstanceOf(CorruptFrameException.class)
        .hasMessageContaining("'raw'");
  }

  private static double meanDifference(
      BufferedImage a, BufferedImage b, int x1, int y1, int x2, int y2) {
    long sum = 0;
    long n = 0;
    for (int y = y1; y < y2; y++) {
      for (int x = x1; x < x2; x++) {
        int p = a.getRGB(x, y);
        int q = b.getRGB(x, y);
        for (int shift = 0; shift <= 16; shift += 8) {
          sum += Math.abs(((p >> shift) & 0xff) - ((q >> shift) & 0xff));
        }
        n += 3;
      }
    }
    return sum / (double) n;
  }
}
