package io.gradstream.inference.onnx;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtProviderOptions;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OrtSession.SessionOptions;
import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;
import io.gradstream.inference.detect.ModelLoadException;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens an ONNX Runtime session with the first execution provider of a list that works on this
 * host, and logs one line saying which one runs and why each earlier one was skipped.
 *
 * <p>A provider is skipped when this ONNX Runtime build lacks it (the default CPU jar has no CUDA
 * or TensorRT; the {@code gpu} Maven profile brings them), when registering it throws (its native
 * libraries - CUDA 12, cuDNN 9, TensorRT 10 - are missing), or when it cannot create the session.
 * When the CPU provider itself cannot create the session the model file is at fault, and that is
 * what the exception says.
 */
public final class SessionFactory {
  private static final Logger log = LoggerFactory.getLogger(SessionFactory.class);

  private SessionFactory() {}

  /**
   * An open session and how it was chosen.
   *
   * @param session the session; the caller closes it
   * @param provider the provider it runs on
   * @param skipped each provider tried before it, with the reason it was passed over
   */
  public record OpenSession(
      OrtSession session, ExecutionProvider provider, Map<ExecutionProvider, String> skipped) {}

  /**
   * Opens {@code model} with the first provider in {@code providers} that works.
   *
   * @param intraOpThreads threads inside one inference, 0 for ONNX Runtime's default (all cores)
   * @throws ModelLoadException naming the file when the model is broken or no provider works
   */
  public static OpenSession open(
      OrtEnvironment env, Path model, List<ExecutionProvider> providers, int intraOpThreads) {
    return open(env, model, null, providers, intraOpThreads, null);
  }

  /**
   * As {@link #open(OrtEnvironment, Path, List, int)}, running {@code modelBytes} (a rewrite of the
   * file, such as the explainer's instrumented detector) when not null; {@code model} names it in
   * messages. The TensorRT provider keeps its engines in {@code tensorrtEngineCache} when not null.
   */
  public static OpenSession open(
      OrtEnvironment env,
      Path model,
      byte[] modelBytes,
      List<ExecutionProvider> providers,
      int intraOpThreads,
      Path tensorrtEngineCache) {
    if (providers.isEmpty()) {
      throw new ModelLoadException(
          "no execution provider configured for model "
              + model
              + "; set inference.execution-providers, e.g. [cpu]");
    }
    EnumSet<OrtProvider> built = OrtEnvironment.getAvailableProviders();
    Map<ExecutionProvider, String> skipped = new LinkedHashMap<>();
    for (ExecutionProvider provider : providers) {
      if (!built.contains(provider.ortProvider())) {
        skipped.put(
            provider, "not in this ONNX Runtime build (the CPU jar; build gradstream with -Pgpu)");
        continue;
      }
      try (SessionOptions options = baseOptions(intraOpThreads)) {
        final OrtProviderOptions providerOptions;
        try {
          providerOptions = provider.addTo(options, tensorrtEngineCache);
        } catch (OrtException | RuntimeException | LinkageError e) {
          skipped.put(provider, "could not be registered: " + oneLine(e));
          continue;
        }
        try (providerOptions) {
          OrtSession session =
              modelBytes == null
                  ? env.createSession(model.toString(), options)
                  : env.createSession(modelBytes, options);
          log.info(
              "event=execution-provider model={} provider={} requested={} skipped={}",
              model.getFileName(),
              provider,
              providers,
              describe(skipped));
          return new OpenSession(session, provider, Map.copyOf(skipped));
        } catch (OrtException e) {
          if (provider == ExecutionProvider.CPU) {
            throw new ModelLoadException(
                "cannot load model " + model + ": " + ModelFileCheck.diagnose(model, oneLine(e)),
                e);
          }
          skipped.put(provider, "could not create the session: " + oneLine(e));
        }
      } catch (OrtException e) {
        skipped.put(provider, "could not set session options: " + oneLine(e));
      }
    }
    ModelFileCheck.fileProblem(model)
        .ifPresent(
            problem -> {
              throw new ModelLoadException("cannot load model " + model + ": " + problem);
            });
    throw new ModelLoadException(
        "no execution provider of "
            + providers
            + " could run model "
            + model
            + " ("
            + describe(skipped)
            + ")"
            + (providers.contains(ExecutionProvider.CPU)
                ? ""
                : "; add cpu to inference.execution-providers to fall back to the CPU"));
  }

  private static SessionOptions baseOptions(int intraOpThreads) throws OrtException {
    SessionOptions options = new SessionOptions();
    try {
      options.setOptimizationLevel(OptLevel.ALL_OPT);
      // Threads sleep when a run ends instead of spinning for the next one: between frames the
      // cores go to
      // decoding, Kafka and the publisher. On the whole pipeline (bench pipeline, 1 camera at 10
      // fps, 320)
      // this cut CPU per explained frame from 80 to 66 ms at the same latencies.
      options.addConfigEntry("session.intra_op.allow_spinning", "0");
      if (intraOpThreads > 0) {
        options.setIntraOpNumThreads(intraOpThreads);
      }
      return options;
    } catch (OrtException e) {
      options.close();
      throw e;
    }
  }

  private static String describe(Map<ExecutionProvider, String> skipped) {
    if (skipped.isEmpty()) {
      return "none";
    }
    return skipped.entrySet().stream()
        .map(e -> e.getKey() + ": " + e.getValue())
        .collect(Collectors.joining("; ", "\"", "\""));
  }

  private static String oneLine(Throwable e) {
    String message = e.getMessage() == null ? e.toString() : e.getMessage();
    return message.replaceAll("\\s+", " ").strip();
  }
}
