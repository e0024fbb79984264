package io.gradstream.inference.worker.pipeline;

import io.gradstream.common.wire.Explanation;
import io.gradstream.explain.cam.CamMap;
import io.gradstream.explain.engine.DetectionExplanation;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.spi.ImageWriterSpi;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * A detection's map as the wire carries it: an 8-bit greyscale PNG. Maps are smooth and mostly
 * dark, so PNG's filters and deflate shrink them several-fold, which keeps ten of them well under a
 * quarter of a frame's JPEG; and a browser draws one without any decoding code of ours.
 */
public final class ExplanationMessage {
  /** The {@code encoding} of every map this worker sends. */
  public static final String PNG = "png";

  /** The provider ImageIO.write would pick for "png" (the JDK's own writer). */
  private static final ImageWriterSpi PNG_WRITER = pngWriterProvider();

  private ExplanationMessage() {}

  /** The wire message for {@code e}. */
  public static Explanation of(DetectionExplanation e) {
    CamMap map = e.map();
    return Explanation.newBuilder()
        .setWidth(map.width())
        .setHeight(map.height())
        .setData(com.google.protobuf.ByteString.copyFrom(png(map)))
        .setLayer(e.layer())
        .setMethod(e.method())
        .setEncoding(PNG)
        .setStride(e.stride())
        .build();
  }

  /**
   * The map an {@link #of} message carries, for readers of the detections topic.
   *
   * @throws IllegalArgumentException when the message is not a {@value #PNG} map of its stated size
   */
  public static CamMap map(Explanation message) {
    if (!PNG.equals(message.getEncoding())) {
      throw new IllegalArgumentException(
          "map encoding '" + message.getEncoding() + "', expected '" + PNG + "'");
    }
    BufferedImage image;
    try {
      image = ImageIO.read(new ByteArrayInputStream(message.getData().toByteArray()));
    } catch (IOException e) {
      throw new IllegalArgumentException("unreadable map PNG: " + e.getMessage(), e);
    }
    if (image == null
        || image.getWidth() != message.getWidth()
        || image.getHeight() != message.getHeight()) {
      throw new IllegalArgumentException(
          "the map PNG is not a " + message.getWidth() + "x" + message.getHeight() + " image");
    }
    byte[] pixels = new byte[message.getWidth() * message.getHeight()];
    image.getRaster().getDataElements(0, 0, message.getWidth(), message.getHeight(), pixels);
    return new CamMap(message.getWidth(), message.getHeight(), pixels, 0f);
  }

  /**
   * {@code map} as an 8-bit greyscale PNG: the bytes {@code ImageIO.write(image, "png", out)}
   * writes, without its per-call costs. ImageIO.write buffers through a temporary file by default
   * (its disk cache) and looks the writer up in the service registry; for a map of a few hundred
   * bytes those were most of the time (ProtobufBench/MapPngBench in docs/BENCHMARKS.md). Here the
   * stream stays in memory and the writer's provider is found once; each call still gets its own
   * writer, as writers are not thread-safe.
   */
  public static byte[] png(CamMap map) {
    BufferedImage image =
        new BufferedImage(map.width(), map.height(), BufferedImage.TYPE_BYTE_GRAY);
    image.getRaster().setDataElements(0, 0, map.width(), map.height(), map.pixels());
    ByteArrayOutputStream out = new ByteArrayOutputStream(map.pixels().length / 2);
    ImageWriter writer;
    try {
      writer = PNG_WRITER.createWriterInstance();
    } catch (IOException e) {
      throw new UncheckedIOException("no PNG writer: " + e.getMessage(), e);
    }
    try (ImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
      writer.setOutput(stream);
      writer.write(image);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "encoding a " + map.width() + "x" + map.height() + " map as PNG failed", e);
    } finally {
      writer.dispose();
    }
    return out.toByteArray();
  }

  private static ImageWriterSpi pngWriterProvider() {
    Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("png");
    if (!writers.hasNext()) {
      throw new IllegalStateException("this JDK has no ImageIO PNG writer");
    }
    ImageWriter writer = writers.next();
    ImageWriterSpi provider = writer.getOriginatingProvider();
    writer.dispose();
    return provider;
  }
}
