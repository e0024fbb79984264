package io.gradstream.app.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every YAML file under k8s/ parses, and every kustomization references files and objects that
 * exist.
 */
class KustomizationReferencesTest {

  @Test
  void everyYamlDocumentUnderK8sParsesAndNamesItsKind() {
    List<Path> files = DeployFiles.yamlFilesUnder(DeployFiles.resolve("k8s"));
    assertThat(files).hasSizeGreaterThan(10);
    for (Path file : files) {
      List<JsonNode> documents = DeployFiles.yamlDocuments(file);
      assertThat(documents).as(file.toString()).isNotEmpty();
      for (JsonNode d : documents) {
        assertThat(d.path("apiVersion").asText()).as(file + " apiVersion").isNotBlank();
        assertThat(d.path("kind").asText()).as(file + " kind").isNotBlank();
      }
    }
  }

  @Test
  void everyReferencedPathExistsAndEveryFolderIsAKustomization() {
    for (Path file : DeployFiles.yamlFilesUnder(DeployFiles.resolve("k8s"))) {
      if (!file.getFileName().toString().equals("kustomization.yaml")) continue;
      for (Path referenced : Kustomization.at(file.getParent()).referencedPaths()) {
        assertThat(referenced).as(file + " names " + referenced).exists();
        if (Files.isDirectory(referenced)) {
          assertThat(referenced.resolve("kustomization.yaml"))
              .as(file + " names a folder")
              .isRegularFile();
        }
      }
    }
  }

  @Test
  void theBaseAndComponentListEveryManifestBesideThem() {
    for (String dir : List.of("k8s/base", "k8s/components/prometheus-operator")) {
      Kustomization k = Kustomization.at(dir);
      List<Path> listed = k.referencedPaths();
      List<Path> files = new ArrayList<>(DeployFiles.yamlFilesUnder(k.dir()));
      files.removeIf(f -> f.getFileName().toString().equals("kustomization.yaml"));
      assertThat(listed)
          .as(dir + " lists every file in it (a forgotten one is never applied)")
          .containsExactlyInAnyOrderElementsOf(files);
    }
  }

  @Test
  void everyPatchTargetsADeploymentOfTheBaseAndItsContainers() {
    List<Manifest> base = Kustomization.at("k8s/base").build();
    int patches = 0;
    for (String overlay : DeployedContainers.overlays()) {
      for (Kustomization.Patch patch : Kustomization.at(overlay).patches()) {
        patches++;
        assertThat(patch.document().path("kind").asText())
            .as(patch.file() + " kind")
            .isEqualTo(patch.kind());
        assertThat(patch.document().path("metadata").path("name").asText())
            .as(patch.file() + " name")
            .isEqualTo(patch.name());
        Manifest target =
            base.stream().filter(m -> m.is(patch.kind(), patch.name())).findFirst().orElse(null);
        assertThat(target)
            .as(patch.file() + " patches " + patch.kind() + "/" + patch.name())
            .isNotNull();
        List<String> containers = new ArrayList<>();
        target
            .node()
            .path("spec")
            .path("template")
            .path("spec")
            .path("containers")
            .forEach(c -> containers.add(c.path("name").asText()));
        patch
            .document()
            .path("spec")
            .path("template")
            .path("spec")
            .path("containers")
            .forEach(
                c ->
                    assertThat(containers)
                        .as(patch.file() + " patches container " + c.path("name").asText())
                        .contains(c.path("name").asText()));
      }
    }
    assertThat(patches).isPositive();
  }

  @Test
  void everyOverlayBuildsOnTheBaseInOneNamespace() {
    for (String overlay : DeployedContainers.overlays()) {
      assertThat(Kustomization.at(overlay).referencedPaths())
          .as(overlay)
          .contains(DeployFiles.resolve("k8s/base"));
      List<Manifest> built = Kustomization.at(overlay).build();
      assertThat(built).filteredOn(m -> m.kind().equals("Namespace")).hasSize(1);
    }
    assertThat(Kustomization.at("k8s/base").file().path("namespace").asText())
        .isEqualTo(
            Kustomization.at("k8s/base").find("Namespace", "gradstream").orElseThrow().name());
  }
}
