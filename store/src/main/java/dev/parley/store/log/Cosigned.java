package dev.parley.store.log;

import dev.parley.tlog.MalformedInputException;
import dev.parley.tlog.note.Note;
import java.util.List;

/** A signed checkpoint note with witnesses' cosignature lines added (c2sp.org/signed-note allows many). */
final class Cosigned {
  private Cosigned() {}

  /** {@code note} with each line of {@code lines} (without newline) appended, skipping lines it holds. */
  static String with(String note, List<String> lines) {
    if (lines.isEmpty()) return note;
    StringBuilder out = new StringBuilder(note);
    for (String line : lines) {
      if (!note.contains(line + "\n")) out.append(line).append('\n');
    }
    try {
      String result = out.toString();
      Note.parse(result);
      return result;
    } catch (MalformedInputException e) {
      return note; // more signature lines than a verifier accepts: serve the log's own
    }
  }
}
