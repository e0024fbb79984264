package io.gradstream.explain.audit;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import org.junit.jupiter.api.Test;

class BoxUnitsTest {

  @Test
  void theImportersMetadataMarksNormalisedBoxesAndAnythingElseIsPixels() {
    ModelProto tagged =
        ModelProto.newBuilder()
            .addMetadataProps(
                StringStringEntryProto.newBuilder()
                    .setKey("gradstream.box_units")
                    .setValue("normalized"))
            .build();
    assertThat(BoxUnits.of(tagged)).isEqualTo(BoxUnits.NORMALIZED);
    assertThat(BoxUnits.of(ModelProto.getDefaultInstance())).isEqualTo(BoxUnits.PIXELS);
  }
}
