package io.gradstream.common.camera;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class CameraUrlTest {
  private static final String WITH_SECRETS = "rtsp://admin:s3cret@cam.local:554/live?token=abc&x=1";

  // ---------------------------------------------------------------- kinds

  @ParameterizedTest
  @CsvSource({
    "rtsp://cam.local:554/live, RTSP",
    "rtsps://cam.local/live, RTSP",
    "RTSP://CAM.LOCAL/live, RTSP",
    "rtmp://media.local/app/stream, RTMP",
    "rtmps://media.local/app/stream, RTMP",
    "http://10.0.0.7/mjpeg, HTTP",
    "https://cam.example.com:8443/video.mjpg, HTTP",
    "file:///videos/demo.mp4, FILE",
    "/videos/demo.mp4, FILE",
    "videos/demo.mp4, FILE",
  })
  void eachSchemeParsesToItsKind(String url, SourceKind kind) {
    CameraUrl parsed = CameraUrl.parse(url);
    assertThat(parsed.kind()).isEqualTo(kind);
    assertThat(parsed.url()).isEqualTo(url);
  }

  @Test
  void onlyFilesAreNotLive() {
    assertThat(SourceKind.FILE.isLive()).isFalse();
    assertThat(SourceKind.RTSP.isLive()).isTrue();
    assertThat(SourceKind.RTMP.isLive()).isTrue();
    assertThat(SourceKind.HTTP.isLive()).isTrue();
  }

  @Test
  void surroundingWhitespaceIsStripped() {
    assertThat(CameraUrl.parse("  rtsp://cam.local/live \n").url())
        .isEqualTo("rtsp://cam.local/live");
  }

  @Test
  void plainPathIsAFileSourceWithThatPath() {
    CameraUrl absolute = CameraUrl.parse("/videos/demo.mp4");
    assertThat(absolute.kind()).isEqualTo(SourceKind.FILE);
    assertThat(absolute.filePath()).isEqualTo(Path.of("/videos/demo.mp4"));

    assertThat(CameraUrl.parse("clips/my demo.mp4").filePath())
        .isEqualTo(Path.of("clips/my demo.mp4"));
  }

  /**
   * Found by fuzzing a sibling: a NUL reached Path.of later, as an InvalidPathException out of a
   * check.
   */
  @ParameterizedTest
  @ValueSource(strings = {"/videos/a\0b.mp4", "file:///videos/a%00b.mp4"})
  void aPathWithANulIsRejectedAtParse(String url) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> CameraUrl.parse(url))
        .withMessageContaining("Nul character")
        .withMessageNotContaining("\0");
  }

  @Test
  void fileUrlGivesItsDecodedLocalPath() {
    assertThat(CameraUrl.parse("file:///videos/demo.mp4").filePath())
        .isEqualTo(Path.of("/videos/demo.mp4"));
    assertThat(CameraUrl.parse("file:///videos/my%20demo.mp4").filePath())
        .isEqualTo(Path.of("/videos/my demo.mp4"));
    assertThat(CameraUrl.parse("FILE:///videos/demo.mp4").filePath())
        .isEqualTo(Path.of("/videos/demo.mp4"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "file://videos/demo.mp4",
        "file://localhost/videos/demo.mp4",
        "file:///videos/demo.mp4?x=1"
      })
  void fileUrlThatIsNotALocalPathIsRejectedAtParse(String url) {
    // Accepting these would only postpone the failure to filePath(), when ingest opens the source.
    assertThatIllegalArgumentException()
        .isThrownBy(() -> CameraUrl.parse(url))
        .withMessageContaining("file:///absolute/path");
  }

  @Test
  void filePathOfANetworkSourceIsRefusedWithoutItsSecrets() {
    assertThatIllegalStateException()
        .isThrownBy(() -> CameraUrl.parse(WITH_SECRETS).filePath())
        .withMessageContaining("is not a file source")
        .withMessageContaining("cam.local")
        .withMessageNotContaining("s3cret")
        .withMessageNotContaining("abc");
  }

  // ---------------------------------------------------------------- redaction

  @Test
  void redactionRemovesUserInfoAndSecretQueryValuesButKeepsTheRest() {
    CameraUrl url = CameraUrl.parse(WITH_SECRETS);

    assertThat(url.redacted()).isEqualTo("rtsp://***@cam.local:554/live?token=***&x=1");
    assertThat(url.redacted())
        .doesNotContain("admin")
        .doesNotContain("s3cret")
        .doesNotContain("abc");
    assertThat(url.url()).as("the raw url is kept for connecting").isEqualTo(WITH_SECRETS);
  }

  @Test
  void toStringIsTheRedactedForm() {
    CameraUrl url = CameraUrl.parse(WITH_SECRETS);
    assertThat(url.toString())
        .isEqualTo(url.redacted())
        .doesNotContain("s3cret")
        .doesNotContain("abc");
    assertThat("camera " + url).doesNotContain("s3cret");
  }

  @Test
  void userNameWithoutPasswordIsRedactedToo() {
    assertThat(CameraUrl.parse("rtmp://streamer@media.local/app").redacted())
        .isEqualTo("rtmp://***@media.local/app");
  }

  @Test
  void passwordContainingAnAtSignIsRedactedWhole() {
    assertThat(CameraUrl.redact("rtsp://admin:p@ss@cam.local/live"))
        .isEqualTo("rtsp://***@cam.local/live");
  }

  @Test
  void credentialsInAMistypedUrlAreRedactedToo() {
    assertThat(CameraUrl.redact("rtsp: /admin:s3cret@10.0.0.7/stream"))
        .isEqualTo("rtsp: /***@10.0.0.7/stream");
    assertThat(CameraUrl.redact("rtsp://admin:s3cret10.0.0.7/stream"))
        .isEqualTo("rtsp://***/stream");
    assertThat(CameraUrl.redact("rtsp://cam.local:8554/live"))
        .isEqualTo("rtsp://cam.local:8554/live");
    assertThat(CameraUrl.redact("rtsp://[::1]:8554/live")).isEqualTo("rtsp://[::1]:8554/live");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "password",
        "passwd",
        "pwd",
        "pass",
        "token",
        "secret",
        "key",
        "auth",
        "signature",
        "sig",
        "PASSWORD",
        "Token"
      })
  void everySecretQueryParameterIsRedacted(String name) {
    String url = "http://cam.local/video.mjpg?channel=2&" + name + "=hunter2#frag";
    assertThat(CameraUrl.parse(url).redacted())
        .isEqualTo("http://cam.local/video.mjpg?channel=2&" + name + "=***#frag");
  }

  @Test
  void secretAsFirstQueryParameterIsRedacted() {
    assertThat(CameraUrl.parse("https://cam.local/snap?password=hunter2&x=1").redacted())
        .isEqualTo("https://cam.local/snap?password=***&x=1");
  }

  @Test
  void parametersThatOnlyEndInASecretNameAreKept() {
    String url = "http://cam.local/video?monkey=1&subtype=0&passage=2";
    assertThat(CameraUrl.parse(url).redacted()).isEqualTo(url);
  }

  @Test
  void urlWithoutCredentialsIsUnchanged() {
    assertThat(CameraUrl.parse("rtsp://cam.local:554/Streaming/Channels/101").redacted())
        .isEqualTo("rtsp://cam.local:554/Streaming/Channels/101");
    assertThat(CameraUrl.parse("/videos/a@b.mp4").redacted()).isEqualTo("/videos/a@b.mp4");
  }

  @Test
  void redactCleansEveryUrlInAFreeTextLine() {
    assertThat(CameraUrl.redact("from rtsp://a:one@h1/x to http://b:two@h2/y?sig=three&n=1 failed"))
        .isEqualTo("from rtsp://***@h1/x to http://***@h2/y?sig=***&n=1 failed");
    assertThat(CameraUrl.redact(null)).isNull();
  }

  // ---------------------------------------------------------------- errors

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"   ", "\t\n"})
  void emptyUrlIsRejected(String url) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> CameraUrl.parse(url))
        .withMessageContaining("empty")
        .withMessageContaining("rtsp://");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "ftp://admin:s3cret@cam.local/stream",
        "udp://admin:s3cret@239.0.0.1:1234",
        "smb://admin:s3cret@nas/videos/a.mp4?password=s3cret"
      })
  void unsupportedSchemeIsRejectedWithoutThePassword(String url) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> CameraUrl.parse(url))
        .withMessageContaining("unsupported scheme")
        .withMessageContaining("rtsp://, rtmp://, http(s)://, file://")
        .withMessageNotContaining("s3cret");
  }

  @Test
  void unsupportedSchemeIsNamedInTheMessage() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> CameraUrl.parse("ftp://cam.local/stream"))
        .withMessageStartingWith("unsupported scheme 'ftp' in ftp://cam.local/stream");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "rtsp:///live",
        "rtsp://admin:s3cret@/live",
        "http://admin:s3cret@:8080/x?token=s3cret",
        "rtmp://admin:s3cret@"
      })
  void urlWithoutAHostIsRejectedWithoutThePassword(String url) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> CameraUrl.parse(url))
        .withMessageContaining("no host")
        .withMessageContaining("://HOST[:PORT]/PATH")
        .withMessageNotContaining("s3cret");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "rtsp://admin:s3cret@cam local/live",
        "rtsp://admin:s3cret@cam.local/li ve?token=s3cret",
        "http://admin:s3%zzcret@cam.local/x"
      })
  void malformedUrlIsRejectedWithoutThePassword(String url) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> CameraUrl.parse(url))
        .withMessageContaining("malformed url")
        .withMessageNotContaining("s3cret")
        .withMessageNotContaining("s3%zzcret");
  }

  @Test
  void passwordWithAnAtSignNeverReachesTheErrorMessage() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> CameraUrl.parse("rtsp://admin:p@ssw0rd@cam.local/live"))
        .withMessageNotContaining("ssw0rd");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "rtsp://admi?:s3cret-PW@10.0.0.7/stream",
        "rtsp://admin:pa#s3cret@cam.local/live",
        "rtsp://admin#x:s3cret@cam.local/live",
        "camera rtsp:/admin?:s3cret@cam.local failed"
      })
  void aPasswordBehindAQuestionMarkOrHashIsRedactedToo(String text) {
    assertThat(CameraUrl.redact(text)).doesNotContain("s3cret").contains("***@");
  }
}
