package io.gradstream.ingest.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.protobuf.InvalidProtocolBufferException;
import io.gradstream.common.camera.CameraRules;
import io.gradstream.common.config.ConfigLoader;
import io.gradstream.common.config.IngestConfig;
import io.gradstream.common.wire.CameraRegistration;
import io.gradstream.ingest.capture.CameraSettings;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes what ingest does with a record of the camera registry topic ({@link CameraRegistry} parses
 * it, the supervisor resolves it into {@link CameraSettings} before deploying a capture loop): raw
 * bytes, byte-damaged registrations, and registrations with hostile fields (ids with slashes or 10
 * 000 characters, URLs of every shape with credentials, frame rates that are NaN, infinite or tiny,
 * qualities out of range). The topic may hold records written by something other than the REST API,
 * so a record is either refused (unparseable, or {@link IllegalArgumentException} naming the
 * problem, which marks the camera failed) or gives settings inside the rules the API enforces; and
 * the camera's password never appears in its redacted URL.
 */
class CameraRegistrationFuzzTest {
  private static final String PASSWORD = "s3cr3t-PW";

  /**
   * The password as a credential: in a URL's authority (scheme://user:password@host, also with the
   * '@' lost in typing) or as user:password@ anywhere. Elsewhere (a path, a bare id) it is just
   * text, which redaction cannot and need not recognise.
   */
  private static final Pattern CREDENTIAL =
      Pattern.compile("://[^/\\s]*:" + PASSWORD + "|[^\\s/?#@:]+:" + PASSWORD + "[^\\s/?#@]*@");

  private static final IngestConfig DEFAULTS = new ConfigLoader(Map.of()).load(null).ingest();
  private static final String[] URLS = {
    "rtsp://cam.local:8554/live",
    "rtsp://admin:" + PASSWORD + "@10.0.0.7/stream",
    "http://u:" + PASSWORD + "@cam/mjpg?token=" + PASSWORD,
    "file:///videos/a.mp4",
    "/videos/a.mp4",
    "file://host/a.mp4",
    "rtsp://",
    "rtsp:///path",
    "ftp://x/y",
    "rtsp://[::1",
    "rtsp://a b/c",
    "",
    "  ",
    "rtsp://u:p@ss:" + PASSWORD + "@h/x",
    "RTSP://CAM/X",
    "file:///a?b#c",
    "rtsp://h/" + "x".repeat(5_000)
  };

  @FuzzTest(maxDuration = "15s")
  void anyRegistryRecordIsRefusedOrResolvesWithinTheRules(FuzzedDataProvider data) {
    byte[] value =
        switch (data.consumeInt(0, 2)) {
          case 0 -> data.consumeBytes(1_000);
          case 1 -> damaged(data, valid().build().toByteArray());
          default -> hostile(data).toByteArray();
        };
    refusedOrWithinTheRules(value);
  }

  // ---------------------------------------------------------------- inputs the fuzzer found,
  // replayed exactly

  @Test
  void aRecordWithAnEmptyIdIsRefused() {
    refusedOrWithinTheRules(valid().setId("").build().toByteArray());
  }

  @Test
  void aRecordWithAFrameRateOfNanOrInfinityOrAQualityOf1000IsRefused() {
    refusedOrWithinTheRules(valid().setMaxFps(Double.NaN).build().toByteArray());
    refusedOrWithinTheRules(valid().setMaxFps(Double.POSITIVE_INFINITY).build().toByteArray());
    refusedOrWithinTheRules(valid().setJpegQuality(1_000).build().toByteArray());
  }

  @Test
  void anIdHoldingAUrlWithCredentialsIsRefusedWithoutShowingThem() {
    refusedOrWithinTheRules(
        valid().setId("rtsp://admin:" + PASSWORD + "@10.0.0.7/stream").build().toByteArray());
  }

  @Test
  void aUrlWhoseAtSignWasLostDoesNotShowThePasswordInTheError() {
    refusedOrWithinTheRules(
        valid().setUrl("rtsp://admin:" + PASSWORD + "10.0.0.7/stream").build().toByteArray());
    refusedOrWithinTheRules(
        valid().setUrl("rtsp: /admin:" + PASSWORD + "@10.0.0.7/stream").build().toByteArray());
  }

  /** The property, checked on one record value. */
  static void refusedOrWithinTheRules(byte[] value) {
    CameraRegistration registration;
    try {
      registration = CameraRegistration.parseFrom(value);
    } catch (InvalidProtocolBufferException e) {
      return; // logged and skipped by CameraRegistry
    }
    CameraSettings settings;
    try {
      settings = CameraSettings.resolve(registration, DEFAULTS);
    } catch (IllegalArgumentException e) {
      assertThat(e.getMessage()).isNotBlank();
      assertThat(CREDENTIAL.matcher(e.getMessage()).find())
          .as("a credential in: %s", e.getMessage())
          .isFalse();
      return; // the supervisor marks the camera failed with this message
    }
    assertThat(settings.id()).matches(CameraRules.ID);
    assertThat(settings.maxFps()).isGreaterThan(0).isLessThanOrEqualTo(CameraRules.MAX_FPS_LIMIT);
    assertThat(settings.jpegQuality()).isBetween(1, 100);
    assertThat(CREDENTIAL.matcher(settings.url().redacted()).find())
        .as("a credential in: %s", settings.url())
        .isFalse();
    assertThat(settings.url().toString()).isEqualTo(settings.url().redacted());
  }

  private static CameraRegistration.Builder valid() {
    return CameraRegistration.newBuilder()
        .setId("cam-1")
        .setUrl("rtsp://admin:" + PASSWORD + "@10.0.0.7/stream")
        .setMaxFps(10)
        .setJpegQuality(85)
        .setRegisteredAtUnixMillis(1);
  }

  private static CameraRegistration hostile(FuzzedDataProvider data) {
    CameraRegistration.Builder b = valid();
    if (data.consumeBoolean()) {
      b.setId(
          data.pickValue(
              List.of(
                  "", "a", "../etc", "cam/1", "x".repeat(10_000), "cam 1", "-cam", "ok.cam_1")));
    }
    if (data.consumeBoolean()) b.setId(data.consumeString(80));
    if (data.consumeBoolean()) b.setUrl(data.pickValue(URLS));
    if (data.consumeBoolean()) b.setUrl(data.consumeString(200));
    if (data.consumeBoolean()) {
      b.setMaxFps(
          data.consumeBoolean()
              ? data.pickValue(
                  new double[] {
                    Double.NaN,
                    Double.POSITIVE_INFINITY,
                    Double.NEGATIVE_INFINITY,
                    0,
                    -1,
                    1e-300,
                    1e300,
                    240,
                    240.5,
                    Double.MIN_VALUE
                  })
              : data.consumeDouble());
    }
    if (data.consumeBoolean()) {
      b.setJpegQuality(
          data.consumeBoolean()
              ? data.pickValue(new int[] {0, -1, 1, 100, 101, Integer.MAX_VALUE, Integer.MIN_VALUE})
              : data.consumeInt());
    }
    if (data.consumeBoolean()) b.setLoop(data.consumeBoolean());
    if (data.consumeBoolean()) b.setFormat(data.consumeString(40));
    return b.build();
  }

  /** One to four byte changes, truncations or insertions. */
  private static byte[] damaged(FuzzedDataProvider data, byte[] original) {
    byte[] bytes = original.clone();
    int edits = data.consumeInt(1, 4);
    for (int i = 0; i < edits && bytes.length > 0; i++) {
      switch (data.consumeInt(0, 2)) {
        case 0 -> bytes[data.consumeInt(0, bytes.length - 1)] = data.consumeByte();
        case 1 -> bytes = Arrays.copyOf(bytes, data.consumeInt(0, bytes.length - 1));
        default -> {
          int at = data.consumeInt(0, bytes.length);
          byte[] inserted = data.consumeBytes(16);
          byte[] grown = new byte[bytes.length + inserted.length];
          System.arraycopy(bytes, 0, grown, 0, at);
          System.arraycopy(inserted, 0, grown, at, inserted.length);
          System.arraycopy(bytes, at, grown, at + inserted.length, bytes.length - at);
          bytes = grown;
        }
      }
    }
    return bytes;
  }
}
