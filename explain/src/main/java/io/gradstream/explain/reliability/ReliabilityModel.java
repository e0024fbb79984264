package io.gradstream.explain.reliability;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A fitted reliability model: the probability that a detection is correct, by logistic regression
 * on standardised {@link Feature}s. Small enough to read at a glance, and stored as JSON beside the
 * detector (docs/EXPLANATIONS.md, "Reliability", documents the format): {@code gradstream
 * calibrate} writes it, the inference worker reads it.
 *
 * <p>p = 1 / (1 + exp(−(intercept + Σ weight_i · (x_i − mean_i) / scale_i))).
 *
 * @param format always {@value #FORMAT}
 * @param layers the target layers, one per head level, whose gradients the map features were
 *     computed from; under other layers they mean something else, so the worker refuses a mismatch
 *     (any gradient method may be shown: the features read the class-wide map)
 * @param features the {@link Feature#key()}s the model reads, in the order of the arrays below
 * @param mean per feature, subtracted first
 * @param scale per feature, divided by next (positive)
 * @param weights per feature, on the standardised value
 * @param intercept the log-odds of a detection whose features are all at their mean
 * @param fitted what it was fitted on, for people (free-form; not read by the worker)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReliabilityModel(
    String format,
    List<String> layers,
    List<String> features,
    double[] mean,
    double[] scale,
    double[] weights,
    double intercept,
    Map<String, Object> fitted) {
  /** The format name and version this code reads and writes. */
  public static final String FORMAT = "gradstream-reliability/1";

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  public ReliabilityModel {
    if (!FORMAT.equals(format)) {
      throw new IllegalArgumentException(
          "format '" + format + "' is not " + FORMAT + "; refit it with gradstream calibrate");
    }
    if (layers == null || layers.isEmpty()) {
      throw new IllegalArgumentException("the target layers the model was fitted on are missing");
    }
    layers = List.copyOf(layers);
    if (features == null) {
      throw new IllegalArgumentException("the features are missing");
    }
    features = List.copyOf(features);
    int n = features.size();
    if (mean == null
        || scale == null
        || weights == null
        || mean.length != n
        || scale.length != n
        || weights.length != n) {
      throw new IllegalArgumentException(
          "features, mean, scale and weights must all have " + n + " entries");
    }
    features.forEach(Feature::byKey);
    for (int i = 0; i < n; i++) {
      if (!Double.isFinite(mean[i])
          || !(scale[i] > 0)
          || !Double.isFinite(scale[i])
          || !Double.isFinite(weights[i])) {
        throw new IllegalArgumentException(
            "feature " + features.get(i) + ": mean, weight must be finite and scale positive");
      }
    }
    if (!Double.isFinite(intercept)) {
      throw new IllegalArgumentException("intercept must be finite, got " + intercept);
    }
    fitted =
        fitted == null
            ? Map.of()
            : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(fitted));
  }

  /** The probability, in [0, 1], that the detection with {@code x} is correct. */
  public double probability(DetectionFeatures x) {
    double z = intercept;
    for (int i = 0; i < weights.length; i++) {
      z += weights[i] * (x.get(Feature.byKey(features.get(i))) - mean[i]) / scale[i];
    }
    return 1 / (1 + Math.exp(-z));
  }

  /** Reads a model file, or fails saying what is wrong with it. */
  public static ReliabilityModel read(Path file) throws IOException {
    try {
      return JSON.readValue(file.toFile(), ReliabilityModel.class);
    } catch (com.fasterxml.jackson.databind.exc.ValueInstantiationException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new IOException("reliability model " + file + ": " + cause.getMessage(), e);
    } catch (com.fasterxml.jackson.core.JacksonException e) {
      throw new IOException(
          "reliability model "
              + file
              + " is not valid JSON of format "
              + FORMAT
              + ": "
              + e.getOriginalMessage(),
          e);
    }
  }

  /** Writes this model to {@code file}. */
  public void write(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    JSON.writeValue(file.toFile(), this);
  }

  /** The model file beside the detector {@code model}: NAME.onnx → NAME.reliability.json. */
  public static Path besideModel(Path model) {
    String name = model.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return model.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + ".reliability.json");
  }
}
