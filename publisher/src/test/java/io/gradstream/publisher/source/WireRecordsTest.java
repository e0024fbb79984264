package io.gradstream.publisher.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.gradstream.common.wire.CameraRegistration;
import io.gradstream.common.wire.ExplainedFrame;
import io.gradstream.common.wire.FrameEnvelope;
import org.junit.jupiter.api.Test;

/**
 * What the publisher takes for a frame or an explained frame, and the reasons it gives for the
 * rest.
 */
class WireRecordsTest {
  private static final FrameEnvelope FRAME =
      FrameEnvelope.newBuilder()
          .setCameraId("gate")
          .setSeq(1)
          .setData(ByteString.copyFromUtf8("jpeg"))
          .build();
  private static final ExplainedFrame EXPLAINED =
      ExplainedFrame.newBuilder().setCameraId("gate").setSeq(1).build();
  private static final byte[] REGISTRATION =
      CameraRegistration.newBuilder().setId("gate").setUrl("rtsp://h/p").build().toByteArray();

  @Test
  void realMessagesDecode() throws Exception {
    assertThat(WireRecords.frame(FRAME.toByteArray())).isEqualTo(FRAME);
    assertThat(WireRecords.explained(EXPLAINED.toByteArray())).isEqualTo(EXPLAINED);
  }

  @Test
  void emptyNullAndRandomBytesAreUndecodable() {
    for (byte[] value : new byte[][] {null, new byte[0], {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF}}) {
      assertThatThrownBy(() -> WireRecords.frame(value))
          .isInstanceOf(UndecodableRecord.class)
          .hasMessageContaining("FrameEnvelope");
      assertThatThrownBy(() -> WireRecords.explained(value))
          .isInstanceOf(UndecodableRecord.class)
          .hasMessageContaining("ExplainedFrame");
    }
  }

  @Test
  void anotherMessageTypeThatProtobufParsesIsStillRefused() {
    assertThatThrownBy(() -> WireRecords.frame(REGISTRATION))
        .isInstanceOf(UndecodableRecord.class)
        .hasMessageContaining("seq 0");
    assertThatThrownBy(() -> WireRecords.explained(REGISTRATION))
        .isInstanceOf(UndecodableRecord.class)
        .hasMessageContaining("seq 0");
    assertThatThrownBy(() -> WireRecords.frame(FRAME.toBuilder().clearData().build().toByteArray()))
        .hasMessageContaining("0 bytes of image data");
    assertThatThrownBy(
            () ->
                WireRecords.explained(EXPLAINED.toBuilder().clearCameraId().build().toByteArray()))
        .hasMessageContaining("without camera_id");
  }
}
