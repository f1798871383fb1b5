package dev.parley.node.detect;

import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;

/**
 * The WARNs of a followed folder's malformed lines, bounded per file: the first {@value #SHOWN} of
 * a file are logged one by one, then one line per look says how many more there were, from which
 * line. A file of garbage (a compressed or binary file read as text) logged a WARN per line, and
 * the node's log grew as fast as the file. Not thread-safe: the follower's thread uses it.
 */
final class MalformedLines {
  static final int SHOWN = 10;

  private final Logger log;
  /** Per file identity, the malformed lines logged one by one so far. */
  private final Map<String, Integer> shown = new HashMap<>();

  MalformedLines(Logger log) {
    this.log = log;
  }

  /** One look at a file, known by {@code key} and named {@code name} in the log. */
  Look look(String key, String name) {
    return new Look(key, name);
  }

  /** The malformed lines of one look at one file. */
  final class Look {
    private final String key;
    private final String name;
    private long more;
    private long firstLine;
    private String firstReason;

    private Look(String key, String name) {
      this.key = key;
      this.name = name;
    }

    /** A malformed line, by its number in the file. */
    void malformed(long line, String reason) {
      int n = shown.getOrDefault(key, 0);
      if (n < SHOWN) {
        shown.put(key, n + 1);
        log.warn("{}:{}: {}", name, line, reason);
      } else if (more++ == 0) {
        firstLine = line;
        firstReason = reason;
      }
    }

    /** Says how many malformed lines this look did not log one by one, if any. */
    void end() {
      if (more == 0) return;
      log.warn("{}: {} more malformed line{} from line {} ({}); only the first {} of a file are logged one by one",
          name, more, more == 1 ? "" : "s", firstLine, firstReason, SHOWN);
    }
  }
}
