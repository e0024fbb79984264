package io.gradstream.inference.onnx;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession.SessionOptions;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The ONNX Runtime execution providers {@code inference.execution-providers} can name. */
public enum ExecutionProvider {
  CPU(OrtProvider.CPU),
  CUDA(OrtProvider.CUDA),
  TENSORRT(OrtProvider.TENSOR_RT);

  private final OrtProvider ortProvider;

  ExecutionProvider(OrtProvider ortProvider) {
    this.ortProvider = ortProvider;
  }

  /** Parses a configuration name: cpu, cuda or tensorrt, any case. */
  public static ExecutionProvider parse(String name) {
    try {
      return valueOf(name.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown execution provider '" + name + "'; one of "
          + Arrays.stream(values()).map(ExecutionProvider::configName).collect(Collectors.joining(", ")), e);
    }
  }

  /** The name used in the configuration and logs. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The runtime's identifier, to check whether this ONNX Runtime build has the provider at all. */
  public OrtProvider ortProvider() {
    return ortProvider;
  }

  /**
   * Registers this provider, on device 0, in {@code options}. CPU needs nothing: ONNX Runtime always
   * has it, and also runs there whatever node a GPU provider cannot.
   *
   * @throws OrtException when the provider's libraries (CUDA, cuDNN, TensorRT) cannot be loaded
   */
  void addTo(SessionOptions options) throws OrtException {
    switch (this) {
      case CPU -> { }
      case CUDA -> options.addCUDA(0);
      case TENSORRT -> options.addTensorrt(0);
      default -> throw new IllegalStateException("unreachable: " + this);
    }
  }

  @Override
  public String toString() {
    return configName();
  }
}
