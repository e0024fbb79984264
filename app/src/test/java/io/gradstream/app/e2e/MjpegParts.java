package io.gradstream.app.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Reads a {@code multipart/x-mixed-replace} stream the strict way a player does: the boundary line,
 * the part's headers, then exactly {@code Content-Length} bytes of body.
 */
final class MjpegParts {
  private final InputStream in;
  private final String boundary;

  /**
   * @param contentType the response's Content-Type, naming the boundary
   */
  MjpegParts(InputStream in, String contentType) {
    this.in = in;
    int at = contentType.indexOf("boundary=");
    if (!contentType.startsWith("multipart/x-mixed-replace") || at < 0) {
      throw new IllegalArgumentException("not an MJPEG content type: " + contentType);
    }
    this.boundary = contentType.substring(at + "boundary=".length()).trim();
  }

  /** One part: its Content-Type header and body. */
  record Part(String contentType, byte[] body) {}

  /** The next part. */
  Part next() throws IOException {
    String line = readLine();
    while (line.isEmpty()) { // the line end after the previous part's body
      line = readLine();
    }
    if (!line.equals("--" + boundary)) {
      throw new IOException("expected the boundary line --" + boundary + ", got '" + line + "'");
    }
    String type = null;
    int length = -1;
    for (String header = readLine(); !header.isEmpty(); header = readLine()) {
      String lower = header.toLowerCase(Locale.ROOT);
      if (lower.startsWith("content-type:")) {
        type = header.substring("content-type:".length()).trim();
      } else if (lower.startsWith("content-length:")) {
        length = Integer.parseInt(header.substring("content-length:".length()).trim());
      }
    }
    if (length < 0) {
      throw new IOException("part without Content-Length");
    }
    return new Part(type, in.readNBytes(length));
  }

  private String readLine() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        throw new IOException("the stream ended");
      }
      line.write(b);
    }
    String text = line.toString(StandardCharsets.US_ASCII);
    return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
  }
}
