package io.gradstream.ingest.source;

import static org.assertj.core.api.Assumptions.assumeThat;

import io.gradstream.common.camera.FileRoots;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;

/** The real footage tests run on: Debian opencv-doc's vtest.avi, and short clips cut from it. */
public final class TestFootage {
  /** 768x576, 10 fps, 795 frames of pedestrians on a campus path. */
  public static final Path VTEST = Path.of("/usr/share/doc/opencv-doc/examples/data/vtest.avi");

  private TestFootage() {}

  /**
   * File roots for tests: vtest.avi's directory, the temporary directory the tests' clips are cut
   * into, and /nonexistent (for the missing-file cases).
   */
  public static FileRoots roots() {
    return new FileRoots(
        List.of(
            VTEST.getParent().toString(), System.getProperty("java.io.tmpdir"), "/nonexistent"));
  }

  /** vtest.avi; the setup script installs it, so its absence is a broken machine, not a skip. */
  public static Path vtest() {
    assumeThat(Files.isReadable(VTEST))
        .as("vtest.avi from Debian's opencv-doc (run ./scripts/setup.sh)")
        .isTrue();
    return VTEST;
  }

  /** The first {@code frames} frames of vtest.avi as an MP4 file at 10 fps. */
  public static Path clip(Path dir, int frames) throws Exception {
    Path out = dir.resolve("vtest-" + frames + ".mp4");
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(vtest().toFile())) {
      grabber.start();
      try (FFmpegFrameRecorder recorder =
          new FFmpegFrameRecorder(
              out.toFile(), grabber.getImageWidth(), grabber.getImageHeight())) {
        recorder.setFormat("mp4");
        recorder.setVideoCodec(avcodec.AV_CODEC_ID_MPEG4);
        recorder.setFrameRate(10);
        recorder.setVideoQuality(3);
        recorder.start();
        for (int i = 0; i < frames; i++) {
          Frame frame = grabber.grabImage();
          recorder.record(frame);
        }
        recorder.stop();
      }
      grabber.stop();
    }
    return out;
  }
}
