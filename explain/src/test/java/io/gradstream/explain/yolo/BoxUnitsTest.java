package io.gradstream.explain.yolo;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import org.junit.jupiter.api.Test;

class BoxUnitsTest {

  @Test
  void theImportersMetadataMarksNormalisedBoxesAndAnythingElseIsLeftToTheNumbers() {
    ModelProto tagged =
        ModelProto.newBuilder()
            .addMetadataProps(
                StringStringEntryProto.newBuilder()
                    .setKey(BoxUnits.METADATA_KEY)
                    .setValue("normalized"))
            .build();
    assertThat(BoxUnits.declared(tagged)).isEqualTo(BoxUnits.NORMALISED);
    assertThat(BoxUnits.declared(ModelProto.getDefaultInstance())).isEqualTo(BoxUnits.AUTO);
  }
}
