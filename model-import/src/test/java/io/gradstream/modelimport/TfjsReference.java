package io.gradstream.modelimport;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the original TF.js graph model with TF.js itself (src/test/node/tfjs-reference: pinned
 * {@code @tensorflow/tfjs} 4.22.0, pure-JS CPU backend) and returns its raw outputs. The npm
 * dependencies are installed once with {@code npm ci} into {@code
 * ~/.cache/gradstream/npm/tfjs-reference-HASH} (HASH of the lock file), never into the source tree.
 */
final class TfjsReference {
  private static final Path SOURCE = Path.of("src/test/node/tfjs-reference");
  private static final long INSTALL_TIMEOUT_MINUTES = 10;
  private static final long RUN_TIMEOUT_MINUTES = 10;

  private TfjsReference() {}

  /**
   * Runs each input (NHWC, batch 1) through the model in {@code modelDir}; one output per input.
   */
  static List<float[]> run(Path modelDir, List<float[]> inputs, Path work)
      throws IOException, InterruptedException {
    Path project = install();
    List<String> command = new ArrayList<>(List.of("node", "reference.js", modelDir.toString()));
    List<Path> outputs = new ArrayList<>();
    for (int i = 0; i < inputs.size(); i++) {
      Path in = work.resolve("input" + i + ".f32");
      Path out = work.resolve("tfjs-output" + i + ".f32");
      Files.write(in, toBytes(inputs.get(i)));
      command.add(in.toString());
      command.add(out.toString());
      outputs.add(out);
    }
    Path log = work.resolve("tfjs-reference.log");
    exec(command, project, log, RUN_TIMEOUT_MINUTES, "the TF.js reference run");
    List<float[]> results = new ArrayList<>();
    for (Path out : outputs) {
      results.add(fromBytes(Files.readAllBytes(out)));
    }
    return results;
  }

  /** The installed reference project (node_modules plus a current copy of reference.js). */
  private static Path install() throws IOException, InterruptedException {
    byte[] lock = Files.readAllBytes(SOURCE.resolve("package-lock.json"));
    byte[] manifest = Files.readAllBytes(SOURCE.resolve("package.json"));
    Path dir = DemoModelFiles.cacheDir().resolve("npm/tfjs-reference-" + hash(manifest, lock));
    if (!Files.isRegularFile(dir.resolve("node_modules/.package-lock.json"))) {
      // Install beside the final folder and move it in, so an interrupted install is never mistaken
      // for a done one.
      Path staging =
          Files.createDirectories(
              dir.resolveSibling(
                  dir.getFileName() + ".installing-" + ProcessHandle.current().pid()));
      Files.write(staging.resolve("package.json"), manifest);
      Files.write(staging.resolve("package-lock.json"), lock);
      exec(
          List.of("npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund"),
          staging,
          staging.resolve("npm-ci.log"),
          INSTALL_TIMEOUT_MINUTES,
          "npm ci of @tensorflow/tfjs (needs the npm registry the first time)");
      deleteTree(dir);
      Files.move(staging, dir, StandardCopyOption.ATOMIC_MOVE);
    }
    Files.copy(
        SOURCE.resolve("reference.js"),
        dir.resolve("reference.js"),
        StandardCopyOption.REPLACE_EXISTING);
    return dir;
  }

  private static void exec(
      List<String> command, Path dir, Path log, long timeoutMinutes, String what)
      throws IOException, InterruptedException {
    Process p;
    try {
      p =
          new ProcessBuilder(command)
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
    } catch (IOException e) {
      fail(
          what
              + " needs '"
              + command.get(0)
              + "' (Node.js with npm; ./scripts/setup.sh installs them): "
              + e.getMessage());
      return;
    }
    if (!p.waitFor(timeoutMinutes, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      fail(what + " did not finish in " + timeoutMinutes + " minutes; its output is in " + log);
    }
    if (p.exitValue() != 0) {
      List<String> lines = Files.readAllLines(log);
      fail(
          what
              + " failed (exit "
              + p.exitValue()
              + "): "
              + String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size())));
    }
  }

  private static String hash(byte[]... parts) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (byte[] part : parts) {
        sha.update(part);
      }
      return HexFormat.of().formatHex(sha.digest()).substring(0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  static byte[] toBytes(float[] values) {
    ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(values);
    return b.array();
  }

  static float[] fromBytes(byte[] bytes) {
    float[] values = new float[bytes.length / 4];
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
    return values;
  }
}
