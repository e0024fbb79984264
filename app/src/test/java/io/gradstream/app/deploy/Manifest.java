package io.gradstream.app.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;

/**
 * One Kubernetes object (or kustomize file) as written in the repository, with the file it is in.
 */
record Manifest(Path file, JsonNode node) {

  String kind() {
    return node.path("kind").asText();
  }

  String name() {
    return node.path("metadata").path("name").asText();
  }

  boolean is(String kind, String name) {
    return kind().equals(kind) && name().equals(name);
  }

  @Override
  public String toString() {
    return kind() + "/" + name() + " (" + DeployFiles.root().relativize(file) + ")";
  }
}
