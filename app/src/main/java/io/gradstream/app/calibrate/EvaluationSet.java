package io.gradstream.app.calibrate;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.gradstream.inference.detect.BoundingBox;
import io.gradstream.inference.detect.Detection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The labelled evaluation set of {@code evaluation/} (its README says how it was made): the frames,
 * their scene and split, and a person's verdict on each detection of the demo detector in them.
 *
 * @param frames frames.csv: scene, split, source, frame
 * @param labels labels.csv: one row per labelled detection
 */
public record EvaluationSet(List<EvalFrame> frames, List<Label> labels) {
  /** Detections of another class, or whose box overlaps less, are a different detection. */
  static final float SAME_DETECTION_IOU = 0.7f;

  /**
   * Which half a scene belongs to: the model is fitted on one, and every published figure comes
   * from the other.
   */
  public enum Split {
    FIT,
    TEST
  }

  /** A person's verdict; unsure detections are left out of fitting and scoring. */
  public enum Verdict {
    CORRECT,
    FALSE,
    UNSURE
  }

  /**
   * One frame of the set.
   *
   * @param scene a shot of a video or one still photo; the split never cuts a scene
   * @param split fit or test
   * @param source the video or image file (a Debian package installs it)
   * @param frame the frame index in a video (0 for a still)
   */
  public record EvalFrame(String scene, Split split, Path source, int frame) {}

  /**
   * One labelled detection: the detector at {@code input} pixels found {@code label} at this box.
   *
   * @param box in source pixels
   * @param note free text, why a verdict was hard (may be empty)
   */
  public record Label(
      String scene,
      Path source,
      int frame,
      int input,
      String label,
      float score,
      BoundingBox box,
      Verdict verdict,
      String note) {}

  /** Reads DIR/frames.csv and, when present, DIR/labels.csv; every error names the file and row. */
  public static EvaluationSet load(Path dir) throws IOException {
    Path framesFile = dir.resolve("frames.csv");
    if (!Files.isRegularFile(framesFile)) {
      throw new IOException(
          "no evaluation set at "
              + dir
              + ": "
              + framesFile
              + " is missing (evaluation/README.md says what it holds)");
    }
    List<EvalFrame> frames = new ArrayList<>();
    for (Row r : rows(framesFile)) {
      frames.add(
          new EvalFrame(
              r.text("scene"),
              r.choice("split", Split.class),
              Path.of(r.text("source")),
              r.integer("frame")));
    }
    List<Label> labels = new ArrayList<>();
    Path labelsFile = dir.resolve("labels.csv");
    if (Files.isRegularFile(labelsFile)) {
      for (Row r : rows(labelsFile)) {
        labels.add(
            new Label(
                r.text("scene"),
                Path.of(r.text("source")),
                r.integer("frame"),
                r.integer("input"),
                r.text("label"),
                r.real("score"),
                new BoundingBox(r.real("x1"), r.real("y1"), r.real("x2"), r.real("y2")),
                r.choice("verdict", Verdict.class),
                r.optional("note")));
      }
    }
    return new EvaluationSet(List.copyOf(frames), List.copyOf(labels));
  }

  /**
   * The label of {@code d}, found at {@code input} pixels in {@code frame}: same class, the best
   * box overlap above 0.7.
   */
  public Optional<Label> find(EvalFrame frame, int input, Detection d) {
    Label best = null;
    float bestIou = SAME_DETECTION_IOU;
    for (Label l : labels) {
      if (l.input() == input
          && l.frame() == frame.frame()
          && l.source().equals(frame.source())
          && l.label().equals(d.label())) {
        float iou = l.box().iou(d.box());
        if (iou >= bestIou) {
          bestIou = iou;
          best = l;
        }
      }
    }
    return Optional.ofNullable(best);
  }

  /** The CSV header of labels.csv, in column order. */
  static final List<String> LABEL_COLUMNS =
      List.of(
          "scene", "source", "frame", "input", "label", "score", "x1", "y1", "x2", "y2", "verdict",
          "note");

  /** A labels.csv row for {@code d}, verdict left to a person unless given. */
  static Map<String, Object> labelRow(EvalFrame frame, int input, Detection d, String verdict) {
    Map<String, Object> row = new java.util.LinkedHashMap<>();
    row.put("scene", frame.scene());
    row.put("source", frame.source().toString());
    row.put("frame", frame.frame());
    row.put("input", input);
    row.put("label", d.label());
    row.put("score", String.format(Locale.ROOT, "%.4f", d.score()));
    row.put("x1", String.format(Locale.ROOT, "%.1f", d.box().x1()));
    row.put("y1", String.format(Locale.ROOT, "%.1f", d.box().y1()));
    row.put("x2", String.format(Locale.ROOT, "%.1f", d.box().x2()));
    row.put("y2", String.format(Locale.ROOT, "%.1f", d.box().y2()));
    row.put("verdict", verdict);
    row.put("note", "");
    return row;
  }

  /** Writes {@code rows} as CSV under a header of {@code columns}. */
  static void writeRows(Path file, List<String> columns, List<Map<String, Object>> rows)
      throws IOException {
    CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true);
    columns.forEach(schema::addColumn);
    try (var writer = new CsvMapper().writer(schema.build()).writeValues(file.toFile())) {
      writer.writeAll(rows);
    }
  }

  private static List<Row> rows(Path file) throws IOException {
    CsvMapper mapper = new CsvMapper();
    List<Row> out = new ArrayList<>();
    try (MappingIterator<Map<String, String>> it =
        mapper
            .readerForMapOf(String.class)
            .with(CsvSchema.emptySchema().withHeader())
            .readValues(file.toFile())) {
      int line = 1;
      while (it.hasNext()) {
        out.add(new Row(file, ++line, it.next()));
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    return out;
  }

  /** One CSV row, read with errors that say where. */
  private record Row(Path file, int line, Map<String, String> cells) {
    String text(String column) {
      String v = cells.get(column);
      if (v == null || v.isBlank()) {
        throw new IllegalArgumentException(
            file + " line " + line + ": column '" + column + "' is empty");
      }
      return v.strip();
    }

    String optional(String column) {
      String v = cells.get(column);
      return v == null ? "" : v.strip();
    }

    int integer(String column) {
      try {
        return Integer.parseInt(text(column));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            file
                + " line "
                + line
                + ": column '"
                + column
                + "' is not a whole number: "
                + cells.get(column));
      }
    }

    float real(String column) {
      try {
        return Float.parseFloat(text(column));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            file
                + " line "
                + line
                + ": column '"
                + column
                + "' is not a number: "
                + cells.get(column));
      }
    }

    <E extends Enum<E>> E choice(String column, Class<E> type) {
      String v = text(column);
      for (E e : type.getEnumConstants()) {
        if (e.name().equalsIgnoreCase(v)) {
          return e;
        }
      }
      throw new IllegalArgumentException(
          file
              + " line "
              + line
              + ": column '"
              + column
              + "' is '"
              + v
              + "', not one of "
              + java.util.Arrays.stream(type.getEnumConstants())
                  .map(e -> e.name().toLowerCase(Locale.ROOT))
                  .toList());
    }
  }
}
