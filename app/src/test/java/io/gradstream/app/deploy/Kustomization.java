package io.gradstream.app.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A kustomize folder (base, overlay or component) read the way kustomize reads it, for the parts
 * the repository uses: resources, components, strategic-merge patches with a target, images. What
 * it builds is checked against `kubectl kustomize` itself where kubectl is installed ({@link
 * DeployToolsAgreeTest}).
 */
final class Kustomization {
  private final Path dir;
  private final JsonNode file;

  private Kustomization(Path dir) {
    this.dir = dir;
    this.file = DeployFiles.yaml(dir.resolve("kustomization.yaml"));
  }

  static Kustomization at(String relativeDir) {
    return new Kustomization(DeployFiles.resolve(relativeDir));
  }

  static Kustomization at(Path dir) {
    return new Kustomization(dir);
  }

  Path dir() {
    return dir;
  }

  JsonNode file() {
    return file;
  }

  /**
   * The paths this kustomization names (resources, components, patch files), resolved against its
   * folder.
   */
  List<Path> referencedPaths() {
    List<Path> paths = new ArrayList<>();
    file.path("resources").forEach(r -> paths.add(dir.resolve(r.asText()).normalize()));
    file.path("components").forEach(c -> paths.add(dir.resolve(c.asText()).normalize()));
    file.path("patches")
        .forEach(
            p -> {
              if (p.has("path")) paths.add(dir.resolve(p.path("path").asText()).normalize());
            });
    file.path("patchesStrategicMerge").forEach(p -> paths.add(dir.resolve(p.asText()).normalize()));
    return paths;
  }

  /** The sub-kustomizations (bases and components) this one builds on. */
  List<Kustomization> children() {
    List<Kustomization> children = new ArrayList<>();
    for (Path p : referencedPaths()) {
      if (Files.isDirectory(p)) {
        children.add(new Kustomization(p));
      }
    }
    return children;
  }

  /** The patch files with their targets: target kind and name, and the patch document. */
  List<Patch> patches() {
    List<Patch> patches = new ArrayList<>();
    file.path("patches")
        .forEach(
            p -> {
              JsonNode patch = DeployFiles.yaml(dir.resolve(p.path("path").asText()));
              JsonNode target = p.path("target");
              patches.add(
                  new Patch(
                      dir.resolve(p.path("path").asText()).normalize(),
                      target.path("kind").asText(patch.path("kind").asText()),
                      target.path("name").asText(patch.path("metadata").path("name").asText()),
                      patch));
            });
    return patches;
  }

  /**
   * Every object this kustomization outputs, patches applied (namespace and images transformers
   * aside).
   */
  List<Manifest> build() {
    List<Manifest> out = new ArrayList<>();
    List<Path> sources = new ArrayList<>();
    file.path("resources").forEach(r -> sources.add(dir.resolve(r.asText()).normalize()));
    file.path("components").forEach(c -> sources.add(dir.resolve(c.asText()).normalize()));
    for (Path p : sources) {
      if (Files.isDirectory(p)) {
        out.addAll(new Kustomization(p).build());
      } else {
        DeployFiles.yamlDocuments(p).forEach(d -> out.add(new Manifest(p, d.deepCopy())));
      }
    }
    for (Patch patch : patches()) {
      Manifest target =
          out.stream()
              .filter(m -> m.is(patch.kind(), patch.name()))
              .findFirst()
              .orElseThrow(
                  () ->
                      new AssertionError(
                          patch.file()
                              + " patches "
                              + patch.kind()
                              + "/"
                              + patch.name()
                              + ", which "
                              + dir
                              + " does not have"));
      StrategicMerge.apply((ObjectNode) target.node(), patch.document());
    }
    return out;
  }

  /** The images transformer's entries: name → newName (tags are left as the manifests say). */
  Map<String, String> imageRenames() {
    Map<String, String> renames = new LinkedHashMap<>();
    file.path("images")
        .forEach(
            i ->
                renames.put(
                    i.path("name").asText(), i.path("newName").asText(i.path("name").asText())));
    return renames;
  }

  /** A resource of kind and name, in what this kustomization builds. */
  Optional<Manifest> find(String kind, String name) {
    return build().stream().filter(m -> m.is(kind, name)).findFirst();
  }

  record Patch(Path file, String kind, String name, JsonNode document) {}
}
