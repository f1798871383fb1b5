package dev.parley.tlog.checkpoint;

import dev.parley.tlog.MalformedInputException;
import dev.parley.tlog.tree.Hash;
import dev.parley.tlog.tree.TreeSize;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The note text of a c2sp.org/tlog-checkpoint: origin, tree size, root hash, then optional
 * extension lines (opaque, non-empty; not recommended).
 */
public record Checkpoint(String origin, TreeSize size, Hash root, List<String> extensions) {
  public Checkpoint {
    checkLine("origin", origin);
    Objects.requireNonNull(size, "size");
    Objects.requireNonNull(root, "root");
    extensions = List.copyOf(extensions);
    extensions.forEach(line -> checkLine("extension line", line));
  }

  /** A checkpoint without extension lines. */
  public static Checkpoint of(String origin, TreeSize size, Hash root) {
    return new Checkpoint(origin, size, root, List.of());
  }

  /** The note text: one line each for origin, size, base64 root and extensions, each ending in a newline. */
  public String text() {
    StringBuilder out = new StringBuilder()
        .append(origin).append('\n')
        .append(size.value()).append('\n')
        .append(root.toBase64()).append('\n');
    extensions.forEach(line -> out.append(line).append('\n'));
    return out.toString();
  }

  /**
   * Parses a checkpoint's note text (not the signatures).
   *
   * @throws MalformedInputException when the text breaks a rule of tlog-checkpoint
   */
  public static Checkpoint parse(String text) {
    if (!text.endsWith("\n")) {
      throw malformed("text must end with a newline");
    }
    List<String> lines = new ArrayList<>(Arrays.asList(text.substring(0, text.length() - 1).split("\n", -1)));
    if (lines.size() < 3) {
      throw malformed("needs origin, size and root hash lines");
    }
    if (lines.stream().anyMatch(String::isEmpty)) {
      throw malformed("lines must not be empty");
    }
    String size = lines.get(1);
    if (!size.matches("0|[1-9][0-9]{0,18}")) {
      throw malformed("tree size must be decimal without leading zeros: " + size);
    }
    long value;
    try {
      value = Long.parseLong(size);
    } catch (NumberFormatException e) {
      throw malformed("tree size too large: " + size);
    }
    return new Checkpoint(lines.get(0), TreeSize.of(value), Hash.fromBase64(lines.get(2)),
        lines.subList(3, lines.size()));
  }

  private static void checkLine(String what, String line) {
    if (line == null || line.isEmpty() || line.chars().anyMatch(c -> c < 0x20)) {
      throw malformed(what + " must be non-empty, one line, without control characters");
    }
  }

  private static MalformedInputException malformed(String why) {
    return new MalformedInputException("checkpoint", why);
  }
}
