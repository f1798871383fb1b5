package dev.parley.policy.agreement;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Puts an agreement's problems in the order of the file: by where the value each points at is
 * written, a value before the members inside it; problems at one place keep the order they were
 * found in. A problem about a member that is missing sorts with the object that lacks it. Each
 * object's member positions are read once, so the cost is linear in the file and the problems.
 */
final class FileOrder {
  private final JsonNode root;
  private final Map<ObjectNode, Map<String, Integer>> positions = new IdentityHashMap<>();

  private FileOrder(JsonNode root) {
    this.root = root;
  }

  static List<Problem> sorted(JsonNode root, List<Problem> problems) {
    FileOrder order = new FileOrder(root);
    Map<Problem, int[]> keys = new IdentityHashMap<>();
    for (Problem p : problems) keys.put(p, order.place(p.pointer()));
    List<Problem> sorted = new ArrayList<>(problems);
    sorted.sort(Comparator.comparing(keys::get, Arrays::compare));
    return sorted;
  }

  /** The position of each step of the pointer in its parent, as far as the file has the steps. */
  private int[] place(String pointer) {
    if (pointer.isEmpty()) return new int[0];
    String[] steps = pointer.substring(1).split("/", -1);
    int[] place = new int[steps.length];
    JsonNode at = root;
    int n = 0;
    for (String escaped : steps) {
      String step = escaped.replace("~1", "/").replace("~0", "~");
      if (at instanceof ObjectNode o) {
        Integer i = members(o).get(step);
        if (i == null) break;
        place[n++] = i;
        at = o.get(step);
      } else if (at != null && at.isArray() && isIndex(step) && Integer.parseInt(step) < at.size()) {
        place[n++] = Integer.parseInt(step);
        at = at.get(place[n - 1]);
      } else {
        break;
      }
    }
    return Arrays.copyOf(place, n);
  }

  private Map<String, Integer> members(ObjectNode o) {
    return positions.computeIfAbsent(o, k -> {
      Map<String, Integer> m = new HashMap<>();
      int i = 0;
      for (Iterator<String> names = k.fieldNames(); names.hasNext(); ) m.put(names.next(), i++);
      return m;
    });
  }

  private static boolean isIndex(String step) {
    return !step.isEmpty() && step.length() <= 9 && step.chars().allMatch(c -> c >= '0' && c <= '9');
  }
}
