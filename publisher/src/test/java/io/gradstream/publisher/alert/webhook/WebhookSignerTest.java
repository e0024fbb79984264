package io.gradstream.publisher.alert.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WebhookSignerTest {
  @Test
  void signsWithHmacSha256AsRfc4231TestCase2() {
    // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?".
    String signature =
        WebhookSigner.sign("what do ya want for nothing?".getBytes(StandardCharsets.UTF_8), "Jefe");

    assertThat(signature)
        .isEqualTo("sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  }

  @Test
  void verifiesOnlyTheSameBodyUnderTheSameSecret() {
    byte[] body = "{\"id\":\"a\"}".getBytes(StandardCharsets.UTF_8);
    String header = WebhookSigner.sign(body, "s3cret");

    assertThat(WebhookSigner.verify(body, "s3cret", header)).isTrue();
    assertThat(WebhookSigner.verify(body, "other", header)).isFalse();
    assertThat(
            WebhookSigner.verify(
                "{\"id\":\"b\"}".getBytes(StandardCharsets.UTF_8), "s3cret", header))
        .isFalse();
    assertThat(WebhookSigner.verify(body, "s3cret", null)).isFalse();
  }

  @Test
  void anEmptySecretSignsNothing() {
    assertThatThrownBy(() -> WebhookSigner.sign(new byte[0], ""))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
