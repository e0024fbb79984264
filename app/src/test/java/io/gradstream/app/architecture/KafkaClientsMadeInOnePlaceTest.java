package io.gradstream.app.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every Kafka client of the runtime and the tools comes from {@code common/kafka/KafkaClients}, so
 * none can leave out the connection's security settings or mix up a delivery rule. Test code may
 * still build its own clients (it reads and writes topics the way an outsider would).
 */
class KafkaClientsMadeInOnePlaceTest {
  private static final Pattern CONSTRUCTION =
      Pattern.compile("new\\s+Kafka(Producer|Consumer)\\s*<|\\bAdmin(Client)?\\.create\\s*\\(");
  private static final Path FACTORY =
      Path.of("common/src/main/java/io/gradstream/common/kafka/KafkaClients.java");

  @Test
  void noMainCodeOutsideTheFactoryConstructsAKafkaClient() throws IOException {
    Path root = repositoryRoot();
    List<Path> sources;
    try (Stream<Path> files = Files.walk(root, 12)) {
      sources =
          files
              .filter(p -> p.toString().endsWith(".java"))
              .map(root::relativize)
              .filter(p -> p.toString().contains("src/main/java/"))
              .toList();
    }
    assertThat(sources)
        .as("the main sources of every module")
        .contains(FACTORY)
        .hasSizeGreaterThan(300);

    List<String> offenders =
        sources.stream()
            .filter(p -> !p.equals(FACTORY))
            .filter(p -> CONSTRUCTION.matcher(read(root.resolve(p))).find())
            .map(Path::toString)
            .toList();

    assertThat(offenders)
        .as("main code that builds a Kafka client itself instead of through KafkaClients")
        .isEmpty();
    assertThat(CONSTRUCTION.matcher(read(root.resolve(FACTORY))).results().count())
        .as("the factory's own constructions, which the pattern must see")
        .isEqualTo(4);
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The nearest folder up from the working directory with the parent POM and common/. */
  private static Path repositoryRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null) {
      if (Files.isRegularFile(dir.resolve("pom.xml")) && Files.isDirectory(dir.resolve("common"))) {
        return dir;
      }
      dir = dir.getParent();
    }
    throw new IllegalStateException("no repository root above " + Path.of("").toAbsolutePath());
  }
}
