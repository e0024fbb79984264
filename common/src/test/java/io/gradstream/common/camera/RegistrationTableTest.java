package io.gradstream.common.camera;

import static org.assertj.core.api.Assertions.assertThat;

import io.gradstream.common.camera.RegistrationTable.Outcome;
import io.gradstream.common.wire.CameraRegistration;
import org.junit.jupiter.api.Test;

class RegistrationTableTest {
  private final RegistrationTable table = new RegistrationTable();

  @Test
  void theLatestRegistrationWinsAndANullValueRemoves() {
    assertThat(table.apply("gate", registration("gate", "rtsp://old/gate")).outcome())
        .isEqualTo(Outcome.CHANGED);
    assertThat(table.apply("yard", registration("yard", "rtsp://yard/s")).outcome())
        .isEqualTo(Outcome.CHANGED);
    assertThat(table.apply("gate", registration("gate", "rtsp://old/gate")).outcome())
        .isEqualTo(Outcome.UNCHANGED);
    RegistrationTable.Applied changed =
        table.apply("gate", registration("gate", "rtsp://new/gate"));
    assertThat(changed.outcome()).isEqualTo(Outcome.CHANGED);
    assertThat(changed.registration().getUrl()).isEqualTo("rtsp://new/gate");

    assertThat(table.apply("yard", null).outcome()).isEqualTo(Outcome.REMOVED);
    assertThat(table.apply("yard", null).outcome()).isEqualTo(Outcome.ABSENT);

    assertThat(table.list()).extracting(CameraRegistration::getId).containsExactly("gate");
    assertThat(table.get("gate"))
        .get()
        .extracting(CameraRegistration::getUrl)
        .isEqualTo("rtsp://new/gate");
    assertThat(table.size()).isEqualTo(1);
  }

  @Test
  void garbageChangesNothingAndSaysWhy() {
    table.apply("gate", registration("gate", "rtsp://good/gate"));

    RegistrationTable.Applied garbage = table.apply("gate", new byte[] {(byte) 0xFF, 0x00, 0x13});
    RegistrationTable.Applied noKey = table.apply(null, registration("lobby", "rtsp://lobby/s"));
    RegistrationTable.Applied wrongKey = table.apply("gate", registration("yard", "rtsp://yard/s"));

    assertThat(garbage.outcome()).isEqualTo(Outcome.REJECTED);
    assertThat(garbage.cameraId()).isEqualTo("gate");
    assertThat(garbage.reason()).startsWith("not a CameraRegistration");
    assertThat(noKey.outcome()).isEqualTo(Outcome.REJECTED);
    assertThat(noKey.reason()).startsWith("no key");
    assertThat(wrongKey.outcome()).isEqualTo(Outcome.REJECTED);
    assertThat(wrongKey.reason()).contains("does not match the record key");
    assertThat(table.get("gate"))
        .get()
        .extracting(CameraRegistration::getUrl)
        .isEqualTo("rtsp://good/gate");
    assertThat(table.list()).hasSize(1);
  }

  private static byte[] registration(String id, String url) {
    return CameraRegistration.newBuilder().setId(id).setUrl(url).build().toByteArray();
  }
}
