package io.gradstream.common.camera;

import static org.assertj.core.api.Assertions.assertThat;

import io.gradstream.common.camera.CameraRules.Violation;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class CameraRulesTest {
  private static final FileRoots ROOTS = new FileRoots(List.of("/videos"));
  private static final String URL = "rtsp://cam.local/live";

  private static List<String> fields(List<Violation> violations) {
    return violations.stream().map(Violation::field).toList();
  }

  @Test
  void validCameraPasses() {
    assertThat(CameraRules.check("front-door", URL, 10.0, 85, ROOTS)).isEmpty();
    assertThat(CameraRules.check("c", "/videos/a.mp4", 240.0, 1, ROOTS)).isEmpty();
    assertThat(CameraRules.check("cam_1.lobby-2", "https://cam.local/v.mjpg", 0.5, 100, ROOTS))
        .isEmpty();
  }

  @Test
  void nullNumbersMeanTheDefaultAndPass() {
    assertThat(CameraRules.check("cam1", URL, null, null, ROOTS)).isEmpty();
  }

  @Test
  void longestAllowedIdPassesAndOneLongerFails() {
    String id64 = "a".repeat(64);
    assertThat(CameraRules.check(id64, URL, null, null, ROOTS)).isEmpty();
    assertThat(fields(CameraRules.check(id64 + "b", URL, null, null, ROOTS))).containsExactly("id");
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(
      strings = {"-cam", ".cam", "_cam", "front door", "cam/1", "cam:1", "kamera\u00e9", "cam\n"})
  void invalidIdIsAViolationOfTheIdField(String id) {
    List<Violation> violations = CameraRules.check(id, URL, null, null, ROOTS);
    assertThat(violations)
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.field()).isEqualTo("id");
              assertThat(v.problem()).isEqualTo("'" + id + "' is not a valid camera id");
              assertThat(v.fix()).contains("1-64");
            });
  }

  @ParameterizedTest
  @ValueSource(doubles = {0.0, -1.0, 240.01, 1000.0, Double.NaN, Double.POSITIVE_INFINITY})
  void fpsOutsideTheLimitIsAViolationOfTheMaxFpsField(double fps) {
    assertThat(CameraRules.check("cam1", URL, fps, null, ROOTS))
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.field()).isEqualTo("max-fps");
              assertThat(v.problem()).contains("at most 240").contains("got " + fps);
              assertThat(v.fix()).isNotBlank();
            });
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -5, 101, 1000})
  void qualityOutsideOneToHundredIsAViolationOfTheJpegQualityField(int quality) {
    assertThat(CameraRules.check("cam1", URL, null, quality, ROOTS))
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.field()).isEqualTo("jpeg-quality");
              assertThat(v.problem()).isEqualTo("must be between 1 and 100, got " + quality);
            });
  }

  @Test
  void badUrlIsAViolationOfTheUrlFieldWithoutItsPassword() {
    assertThat(CameraRules.check("cam1", "ftp://admin:s3cret@cam.local/x", null, null, ROOTS))
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.field()).isEqualTo("url");
              assertThat(v.problem()).contains("unsupported scheme 'ftp'").doesNotContain("s3cret");
            });
    assertThat(fields(CameraRules.check("cam1", null, null, null, ROOTS))).containsExactly("url");
    assertThat(fields(CameraRules.check("cam1", " ", null, null, ROOTS))).containsExactly("url");
  }

  @Test
  void everyBrokenFieldIsReportedAtOnceInFieldOrder() {
    assertThat(fields(CameraRules.check("bad id", "gopher://x", -1.0, 0, ROOTS)))
        .containsExactly("id", "url", "max-fps", "jpeg-quality");
  }
}
