package io.gradstream.inference.onnx;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.gradstream.common.config.InferenceConfig;
import io.gradstream.explain.backward.WindowedTargets;
import io.gradstream.explain.engine.DetectionExplainer;
import io.gradstream.explain.engine.DetectionExplanation;
import io.gradstream.explain.engine.ExplainMethod;
import io.gradstream.explain.engine.ExplainTarget;
import io.gradstream.explain.engine.FrameTensors;
import io.gradstream.explain.graph.FloatTensor;
import io.gradstream.explain.graph.HeadLevel;
import io.gradstream.explain.graph.OnnxModels;
import io.gradstream.explain.reliability.DetectionFeatures;
import io.gradstream.explain.reliability.ReliabilityModel;
import io.gradstream.explain.yolo.BoxUnits;
import io.gradstream.explain.yolo.YoloLayout;
import io.gradstream.inference.detect.BgrImage;
import io.gradstream.inference.detect.DetectedImage;
import io.gradstream.inference.detect.Detection;
import io.gradstream.inference.detect.Detector;
import io.gradstream.inference.detect.InferenceException;
import io.gradstream.inference.detect.ModelLoadException;
import io.gradstream.inference.image.Letterbox;
import io.gradstream.inference.image.LetterboxTransform;
import io.gradstream.inference.model.LabelsFile;
import io.gradstream.inference.model.ModelLocation;
import io.gradstream.inference.translate.Batchifier;
import io.gradstream.inference.translate.OutputTensor;
import io.gradstream.inference.translate.yolo.YoloTranslator;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A YOLO detector on ONNX Runtime. Loading opens the session on the first execution provider that
 * works ({@link SessionFactory}), reads the model's input and output, and runs one warm-up batch,
 * whose output shape picks the layout translator ({@link YoloLayout}) and whose box coordinates
 * tell pixel from normalised units ({@link BoxUnits#AUTO}). The first real frame then pays no lazy
 * initialisation, and a model that cannot run fails at start, not on the first camera frame.
 *
 * <p>{@link #detect} is thread-safe: ONNX Runtime sessions allow concurrent runs and the translator
 * is stateless. A micro-batch goes through in one run when the model's batch dimension is symbolic,
 * else in runs of the fixed batch size ({@link Batchifier}).
 */
public final class OnnxYoloDetector implements Detector {
  private static final Logger log = LoggerFactory.getLogger(OnnxYoloDetector.class);

  private final Path modelFile;
  private final String modelId;
  private final OrtEnvironment env;
  private final OrtSession session;
  private final ExecutionProvider provider;
  private final ModelSignature signature;
  private final Batchifier batchifier;
  private final YoloTranslator translator;
  private final ReadWriteLock lifecycle = new ReentrantReadWriteLock();
  private final InputBufferPool inputBuffers = new InputBufferPool();
  private final DetectionExplainer explainer;
  private final ExplainMethod explainMethod;
  private final ReliabilityModel reliability;
  private boolean closed;

  private OnnxYoloDetector(
      Path modelFile,
      String modelId,
      OrtEnvironment env,
      SessionFactory.OpenSession open,
      ModelSignature signature,
      Batchifier batchifier,
      YoloTranslator translator,
      DetectionExplainer explainer,
      ExplainMethod explainMethod,
      ReliabilityModel reliability) {
    this.explainer = explainer;
    this.explainMethod = explainMethod;
    this.reliability = reliability;
    this.modelFile = modelFile;
    this.modelId = modelId;
    this.env = env;
    this.session = open.session();
    this.provider = open.provider();
    this.signature = signature;
    this.batchifier = batchifier;
    this.translator = translator;
  }

  /**
   * Loads the model {@code inference.model} names (see {@link ModelLocation}) with {@code
   * inference.*} options.
   */
  public static OnnxYoloDetector open(InferenceConfig config) {
    return open(ModelLocation.resolve(config), DetectorOptions.from(config));
  }

  /** Loads the model at {@code location}. */
  public static OnnxYoloDetector open(ModelLocation location, DetectorOptions options) {
    Path home = Path.of(System.getProperty("user.home"));
    ModelFileCheck.requireReadableFile(
        location.model(),
        location.isDemoModel(home)
            ? "run ./scripts/setup.sh to import the demo model, or set inference.model to an ONNX detector"
            : "check inference.model (GRADSTREAM_INFERENCE_MODEL)");
    List<String> labels = readLabels(location);
    String modelId = ModelId.of(location.model());
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    SessionFactory.OpenSession open =
        SessionFactory.open(
            env,
            location.model(),
            null,
            options.executionProviders(),
            options.intraOpThreads(),
            options.tensorrtEngineCache());
    OnnxYoloDetector detector;
    try {
      detector = initialise(location.model(), modelId, env, open, labels, options);
    } catch (RuntimeException e) {
      closeQuietly(open.session());
      throw e;
    }
    return options.explains() ? detector.explaining(options) : detector;
  }

  /**
   * This detector, reopened on the explainer's instrumented model so each forward pass also yields
   * the target activations. A model the explainer cannot handle keeps detecting, without maps, and
   * says so once: detections matter more than their explanations.
   */
  private OnnxYoloDetector explaining(DetectorOptions options) {
    long start = System.nanoTime();
    DetectionExplainer compiled;
    ExplainMethod method = options.explainMethod().orElseThrow();
    try {
      ModelProto model = OnnxModels.read(modelFile);
      List<HeadLevel> levels = WindowedTargets.resolve(model, options.targetLayers());
      compiled =
          DetectionExplainer.compile(
              model,
              signature.outputName(),
              levels,
              translator.options().boxUnits() == BoxUnits.NORMALISED,
              null);
    } catch (IOException | RuntimeException e) {
      log.warn("event=explanations-off model={} reason=\"{}\"", modelId, e.getMessage());
      return this;
    }
    ReliabilityModel reliabilityModel;
    try {
      reliabilityModel =
          ReliabilityFile.load(
              modelFile, modelId, options.reliabilityModel(), method, compiled.activationNames());
    } catch (RuntimeException e) {
      compiled.close();
      throw e;
    }
    SessionFactory.OpenSession open;
    try {
      open =
          SessionFactory.open(
              env,
              modelFile,
              compiled.instrumented().toByteArray(),
              List.of(provider),
              options.intraOpThreads(),
              options.tensorrtEngineCache());
    } catch (RuntimeException e) {
      compiled.close();
      log.warn("event=explanations-off model={} reason=\"{}\"", modelId, e.getMessage());
      return this;
    }
    close();
    log.info(
        "event=explainer-ready model={} method={} levels={} reliability={} compile_ms={}",
        modelId,
        method.name(),
        compiled.activationNames().size(),
        reliabilityModel != null,
        (System.nanoTime() - start) / 1_000_000);
    return new OnnxYoloDetector(
        modelFile,
        modelId,
        env,
        open,
        signature,
        batchifier,
        translator,
        compiled,
        method,
        reliabilityModel);
  }

  private static OnnxYoloDetector initialise(
      Path model,
      String modelId,
      OrtEnvironment env,
      SessionFactory.OpenSession open,
      List<String> labels,
      DetectorOptions options) {
    ModelSignature signature = ModelSignature.read(open.session(), model);
    int size = signature.inputSize() > 0 ? signature.inputSize() : options.inputSize();
    if (signature.inputSize() > 0 && signature.inputSize() != options.inputSize()) {
      log.warn(
          "event=input-size-overridden model={} configured={} model_input={} reason=\"the model has a fixed input "
              + "size\"",
          modelId,
          options.inputSize(),
          signature.inputSize());
    }
    Batchifier batchifier = Batchifier.forBatchDimension(signature.batchDim());
    Letterbox letterbox = new Letterbox(size);

    long start = System.nanoTime();
    int warmupBatch = batchifier.dynamic() ? 1 : batchifier.fixedBatch();
    FloatBuffer blank = FloatBuffer.allocate(warmupBatch * letterbox.floatsPerImage());
    blank.put(0, filled(blank.capacity(), Letterbox.PAD_VALUE / 255f));
    OutputTensor warmup;
    try {
      warmup = run(env, open.session(), signature, blank, warmupBatch, size, List.of()).output();
    } catch (OrtException e) {
      throw new ModelLoadException(
          "model " + model + " loaded but its warm-up run failed: " + e.getMessage(), e);
    }
    long warmupMs = (System.nanoTime() - start) / 1_000_000;

    YoloLayout layout;
    try {
      layout = YoloLayout.fromOutputShape(warmup.shape(), labels == null ? 0 : labels.size());
    } catch (IllegalArgumentException e) {
      throw new ModelLoadException("model " + model + ": " + e.getMessage(), e);
    }
    if (labels == null) {
      labels = LabelsFile.generic(layout.classCount(warmup.shape()));
      log.warn(
          "event=labels-missing model={} file={} classes={} reason=\"no labels file; naming classes class0..\"",
          modelId,
          ModelLocation.labelsBeside(model),
          labels.size());
    }
    YoloTranslator probe = YoloTranslator.of(layout, letterbox, labels, options.yoloOptions());
    BoxUnits units = options.boxUnits().resolve(probe.maxBoxCoordinate(warmup, 0));
    YoloTranslator translator =
        YoloTranslator.of(layout, letterbox, labels, options.yoloOptions().withBoxUnits(units));

    log.info(
        "event=detector-loaded model={} layout={} classes={} input={} batch={} box_units={} provider={} "
            + "warmup_ms={}",
        modelId,
        layout.name().toLowerCase(),
        labels.size(),
        size,
        batchifier,
        units.name().toLowerCase(),
        open.provider(),
        warmupMs);
    return new OnnxYoloDetector(
        model, modelId, env, open, signature, batchifier, translator, null, null, null);
  }

  @Override
  public List<List<Detection>> detect(List<BgrImage> images) {
    return detectAndExplain(images).stream().map(DetectedImage::detections).toList();
  }

  @Override
  public List<DetectedImage> detectAndExplain(List<BgrImage> images) {
    lifecycle.readLock().lock();
    try {
      if (closed) {
        throw new IllegalStateException("detector for " + modelId + " is closed");
      }
      List<DetectedImage> results = new ArrayList<>(images.size());
      int size = translator.inputSize();
      int perImage = 3 * size * size;
      List<String> activations = explainer == null ? List.of() : explainer.instrumentedOutputs();
      for (Batchifier.Run run : batchifier.split(images.size())) {
        FloatBuffer batch = inputBuffers.acquire(run.tensorBatch() * perImage);
        LetterboxTransform[] placements = new LetterboxTransform[run.size()];
        Forward forward;
        try {
          for (int i = 0; i < run.size(); i++) {
            placements[i] = translator.processInput(images.get(run.from() + i), batch, i);
          }
          forward = run(env, session, signature, batch, run.tensorBatch(), size, activations);
        } catch (OrtException e) {
          throw new InferenceException(
              "model " + modelId + " failed on a batch of " + run.size() + ": " + e.getMessage(),
              e);
        } finally {
          inputBuffers.release(batch);
        }
        for (int i = 0; i < run.size(); i++) {
          List<Detection> detections = translator.processOutput(forward.output(), i, placements[i]);
          results.add(
              explainer == null || detections.isEmpty()
                  ? new DetectedImage(detections, 0)
                  : explain(forward, i, detections));
        }
      }
      return results;
    } finally {
      lifecycle.readLock().unlock();
    }
  }

  private DetectedImage explain(Forward forward, int item, List<Detection> detections) {
    long start = System.nanoTime();
    OutputTensor out = forward.output();
    FrameTensors frame =
        explainer.frame(forward.activations(), new FloatTensor(out.shape(), out.data()), item);
    List<ExplainTarget> targets =
        detections.stream().map(d -> new ExplainTarget(d.row(), d.classId())).toList();
    List<DetectionExplanation> maps = explainer.explain(frame, targets, explainMethod);
    List<Detection> explained = new ArrayList<>(detections.size());
    for (int i = 0; i < detections.size(); i++) {
      Detection d = detections.get(i).withExplanation(maps.get(i));
      explained.add(
          reliability == null
              ? d
              : d.withReliability(reliability.probability(maps.get(i).features())));
    }
    return new DetectedImage(explained, System.nanoTime() - start);
  }

  @Override
  public Detection scoreAlongTrack(Detection detection, int frames, double meanScore) {
    DetectionExplanation e = detection.explanation();
    if (reliability == null || e == null || e.features() == null) {
      return detection;
    }
    DetectionFeatures features = e.features().withTrack(frames, meanScore);
    return detection
        .withExplanation(e.withFeatures(features))
        .withReliability(reliability.probability(features));
  }

  /**
   * One forward pass: the detections output and, when explaining, each level's target activation
   * (batched).
   */
  private record Forward(OutputTensor output, List<FloatTensor> activations) {}

  private static Forward run(
      OrtEnvironment env,
      OrtSession session,
      ModelSignature signature,
      FloatBuffer batch,
      int batchSize,
      int size,
      List<String> activations)
      throws OrtException {
    long[] shape = {batchSize, 3, size, size};
    Set<String> wanted = new java.util.LinkedHashSet<>();
    wanted.add(signature.outputName());
    wanted.addAll(activations);
    try (OnnxTensor input = OnnxTensor.createTensor(env, batch, shape);
        OrtSession.Result result = session.run(Map.of(signature.inputName(), input), wanted)) {
      OutputTensor output =
          OutputTensor.of(
              floats(result.get(0), signature.outputName()), tensorShape(result.get(0)));
      List<FloatTensor> acts = new ArrayList<>(activations.size());
      for (String name : activations) {
        OnnxValue value = result.get(name).orElseThrow();
        acts.add(new FloatTensor(tensorShape(value), floats(value, name)));
      }
      return new Forward(output, acts);
    }
  }

  private static float[] floats(OnnxValue value, String name) {
    if (!(value instanceof OnnxTensor tensor)) {
      throw new IllegalStateException("output " + name + " is not a tensor: " + value.getInfo());
    }
    return FloatTensor.fromBuffer(tensor.getInfo().getShape(), tensor.getFloatBuffer()).data();
  }

  private static long[] tensorShape(OnnxValue value) {
    return ((OnnxTensor) value).getInfo().getShape();
  }

  @Override
  public String modelId() {
    return modelId;
  }

  @Override
  public List<String> labels() {
    return translator.labels();
  }

  /** The model file. */
  public Path modelFile() {
    return modelFile;
  }

  /** The execution provider the model runs on. */
  public ExecutionProvider executionProvider() {
    return provider;
  }

  /** The output layout read from the model. */
  public YoloLayout layout() {
    return translator.layout();
  }

  /** The box units in use (never {@link BoxUnits#AUTO}: resolved at load). */
  public BoxUnits boxUnits() {
    return translator.options().boxUnits();
  }

  /** Side of the square model input in use. */
  public int inputSize() {
    return translator.inputSize();
  }

  /** How micro-batches are split into runs. */
  public Batchifier batchifier() {
    return batchifier;
  }

  /** The explainer's target layers, finest level first; empty when it does not explain. */
  public List<String> explainedLayers() {
    return explainer == null ? List.of() : explainer.activationNames();
  }

  /** Whether detections come with a reliability score. */
  public boolean scoresReliability() {
    return reliability != null;
  }

  /** Whether detections come with explanations. */
  public boolean explains() {
    return explainer != null;
  }

  /** Waits for running batches, then releases the sessions. Idempotent. */
  @Override
  public void close() {
    lifecycle.writeLock().lock();
    try {
      if (!closed) {
        closed = true;
        closeQuietly(session);
        if (explainer != null) {
          explainer.close();
        }
        log.info("event=detector-closed model={}", modelId);
      }
    } finally {
      lifecycle.writeLock().unlock();
    }
  }

  private static List<String> readLabels(ModelLocation location) {
    if (Files.exists(location.labels())) {
      return LabelsFile.read(location.labels());
    }
    if (location.labelsExplicit()) {
      throw new ModelLoadException(
          "labels file "
              + location.labels()
              + " does not exist; check inference.labels "
              + "(empty means the .labels file beside the model)");
    }
    return null;
  }

  private static float[] filled(int n, float value) {
    float[] a = new float[n];
    Arrays.fill(a, value);
    return a;
  }

  private static void closeQuietly(OrtSession session) {
    try {
      session.close();
    } catch (OrtException e) {
      log.warn("event=session-close-failed error=\"{}\"", e.getMessage());
    }
  }
}
