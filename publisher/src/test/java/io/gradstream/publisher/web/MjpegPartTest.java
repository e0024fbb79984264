package io.gradstream.publisher.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class MjpegPartTest {

  @Test
  void aPartIsTheBoundaryLineHeadersWithTheLengthABlankLineTheJpegAndALineEnd() {
    byte[] jpeg = {(byte) 0xFF, (byte) 0xD8, 1, 2, 3, '\r', '\n', (byte) 0xFF, (byte) 0xD9};
    Buffer part = MjpegPart.of(jpeg);

    String head = "--gradstreamframe\r\nContent-Type: image/jpeg\r\nContent-Length: 9\r\n\r\n";
    byte[] bytes = part.getBytes();
    assertThat(new String(bytes, 0, head.length(), StandardCharsets.US_ASCII)).isEqualTo(head);
    assertThat(Arrays.copyOfRange(bytes, head.length(), head.length() + jpeg.length))
        .isEqualTo(jpeg);
    assertThat(new String(bytes, head.length() + jpeg.length, 2, StandardCharsets.US_ASCII))
        .isEqualTo("\r\n");
    assertThat(bytes).hasSize(head.length() + jpeg.length + 2);
  }

  @Test
  void theContentTypeNamesTheBoundaryThePartsUse() {
    assertThat(MjpegPart.CONTENT_TYPE)
        .isEqualTo("multipart/x-mixed-replace; boundary=gradstreamframe");
    assertThat(MjpegPart.of(new byte[] {1}).toString(StandardCharsets.US_ASCII))
        .startsWith("--" + MjpegPart.BOUNDARY + "\r\n");
  }

  @Test
  void consecutivePartsSplitCleanlyOnTheBoundary() {
    Buffer stream =
        Buffer.buffer()
            .appendBuffer(MjpegPart.of(new byte[] {10, 11}))
            .appendBuffer(MjpegPart.of(new byte[] {12}));
    String text = stream.toString(StandardCharsets.ISO_8859_1);

    assertThat(text.split("--gradstreamframe\r\n", -1)).hasSize(3);
    assertThat(text).contains("Content-Length: 2\r\n\r\n\n\u000b\r\n--gradstreamframe");
  }
}
