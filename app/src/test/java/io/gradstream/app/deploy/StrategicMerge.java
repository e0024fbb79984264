package io.gradstream.app.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The part of Kubernetes' strategic merge patch the overlays use: objects merge key by key; lists
 * of named objects (containers, env, volumes, volumeMounts, ports) merge by name, in the order
 * kubectl kustomize gives them; other lists are replaced.
 */
final class StrategicMerge {
  private StrategicMerge() {}

  static void apply(ObjectNode target, JsonNode patch) {
    for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      JsonNode current = target.get(field.getKey());
      JsonNode value = field.getValue();
      if (current instanceof ObjectNode currentObject && value.isObject()) {
        apply(currentObject, value);
      } else if (current instanceof ArrayNode currentList
          && value.isArray()
          && namedObjects(currentList)
          && namedObjects((ArrayNode) value)) {
        mergeByName(currentList, (ArrayNode) value);
      } else {
        target.set(field.getKey(), value.deepCopy());
      }
    }
  }

  /**
   * Patch items first, in the patch's order (merged into the base item of the same name), then the
   * rest.
   */
  private static void mergeByName(ArrayNode current, ArrayNode patch) {
    List<JsonNode> merged = new ArrayList<>();
    List<JsonNode> rest = new ArrayList<>();
    current.forEach(rest::add);
    for (JsonNode item : patch) {
      String name = item.path("name").asText();
      ObjectNode existing = null;
      for (JsonNode c : rest) {
        if (c.path("name").asText().equals(name)) existing = (ObjectNode) c;
      }
      if (existing == null) {
        merged.add(item.deepCopy());
      } else {
        rest.remove(existing);
        apply(existing, item);
        merged.add(existing);
      }
    }
    current.removeAll();
    merged.forEach(current::add);
    rest.forEach(current::add);
  }

  private static boolean namedObjects(ArrayNode list) {
    for (JsonNode item : list) {
      if (!item.isObject() || !item.has("name")) return false;
    }
    return !list.isEmpty();
  }
}
