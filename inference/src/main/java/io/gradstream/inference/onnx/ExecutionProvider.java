package io.gradstream.inference.onnx;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtProviderOptions;
import ai.onnxruntime.OrtSession.SessionOptions;
import ai.onnxruntime.providers.OrtTensorRTProviderOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
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
      throw new IllegalArgumentException(
          "unknown execution provider '"
              + name
              + "'; one of "
              + Arrays.stream(values())
                  .map(ExecutionProvider::configName)
                  .collect(Collectors.joining(", ")),
          e);
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
   * Registers this provider, on device 0, in {@code options}. CPU needs nothing: ONNX Runtime
   * always has it, and also runs there whatever node a GPU provider cannot.
   *
   * @param tensorrtEngineCache where TensorRT keeps its engines (created if missing); null for no
   *     cache
   * @return provider options for the caller to close once the session is created (SessionOptions
   *     does not close them), or null
   * @throws OrtException when the provider's libraries (CUDA, cuDNN, TensorRT) cannot be loaded
   * @throws UncheckedIOException when the engine cache directory cannot be created
   */
  OrtProviderOptions addTo(SessionOptions options, Path tensorrtEngineCache) throws OrtException {
    switch (this) {
      case CPU -> {
        return null;
      }
      case CUDA -> {
        options.addCUDA(0);
        return null;
      }
      case TENSORRT -> {
        if (tensorrtEngineCache != null) {
          createDirectories(tensorrtEngineCache);
        }
        OrtTensorRTProviderOptions trt = new OrtTensorRTProviderOptions(0);
        try {
          for (Map.Entry<String, String> option : tensorrtOptions(tensorrtEngineCache).entrySet()) {
            trt.add(option.getKey(), option.getValue());
          }
          options.addTensorrt(trt);
          return trt;
        } catch (OrtException | RuntimeException e) {
          trt.close();
          throw e;
        }
      }
      default -> throw new IllegalStateException("unreachable: " + this);
    }
  }

  /**
   * The TensorRT provider options: FP16 kernels (YOLO detectors keep their accuracy in half
   * precision, and TensorRT's published YOLOv5s figures are FP16), and, for an engine cache in
   * {@code engineCache} (null: none), engines written there once built and read back when a later
   * session asks for the same model on the same GPU and TensorRT.
   */
  static Map<String, String> tensorrtOptions(Path engineCache) {
    Map<String, String> options = new LinkedHashMap<>();
    options.put("trt_fp16_enable", "1");
    if (engineCache != null) {
      options.put("trt_engine_cache_enable", "1");
      options.put("trt_engine_cache_path", engineCache.toAbsolutePath().toString());
    }
    return options;
  }

  private static void createDirectories(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot create the TensorRT engine cache "
              + dir
              + " (inference.tensorrt-engine-cache): "
              + e.getMessage(),
          e);
    }
  }

  @Override
  public String toString() {
    return configName();
  }
}
