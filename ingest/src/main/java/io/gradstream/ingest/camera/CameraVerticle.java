package io.gradstream.ingest.camera;

import io.gradstream.ingest.capture.CaptureLoop;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import java.util.concurrent.TimeUnit;

/**
 * One camera: runs its {@link CaptureLoop} on a worker thread of its own (grabbing blocks, and must
 * never touch an event loop) for as long as the verticle is deployed.
 */
final class CameraVerticle extends VerticleBase {
  private final String cameraId;
  private final CaptureLoop loop;
  private WorkerExecutor worker;
  private Future<Void> running;

  CameraVerticle(String cameraId, CaptureLoop loop) {
    this.cameraId = cameraId;
    this.loop = loop;
  }

  @Override
  public Future<?> start() {
    // The capture loop blocks for the camera's whole life, so the blocked-thread warning limit is
    // set past it.
    worker =
        vertx.createSharedWorkerExecutor("gradstream-camera-" + cameraId, 1, 3650, TimeUnit.DAYS);
    running =
        worker.executeBlocking(
            () -> {
              loop.run();
              return null;
            },
            false);
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    loop.stop();
    return running.transform(ignored -> worker.close());
  }
}
