package io.gradstream.app.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Every gradstream process the deployment files start: the compose services and each overlay's
 * containers.
 */
final class DeployedContainers {
  static final String CPU_DOCKERFILE = "docker/Dockerfile";
  static final String GPU_DOCKERFILE = "docker/Dockerfile.gpu";

  private DeployedContainers() {}

  /** The image repository, from the CPU Dockerfile's documented `docker build -t` line. */
  static String imageRepository() {
    String tag = cpuImage();
    return tag.substring(0, tag.lastIndexOf(':'));
  }

  static String cpuImage() {
    return new Dockerfile(DeployFiles.resolve(CPU_DOCKERFILE)).documentedTag();
  }

  static String gpuImage() {
    return new Dockerfile(DeployFiles.resolve(GPU_DOCKERFILE)).documentedTag();
  }

  /** The overlay folders under k8s/overlays, relative to the repository root. */
  static List<String> overlays() {
    try (Stream<Path> dirs = Files.list(DeployFiles.resolve("k8s/overlays"))) {
      return dirs.filter(d -> Files.isRegularFile(d.resolve("kustomization.yaml")))
          .map(d -> DeployFiles.root().relativize(d).toString())
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<GradstreamContainer> all(Path scratch) {
    List<GradstreamContainer> all =
        new ArrayList<>(ComposeGradstreamServices.all(imageRepository()));
    for (String overlay : overlays()) {
      all.addAll(
          KubernetesGradstreamContainers.of(overlay, imageRepository(), scratch.resolve(overlay)));
    }
    return all;
  }
}
