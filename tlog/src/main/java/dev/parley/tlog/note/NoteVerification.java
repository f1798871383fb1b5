package dev.parley.tlog.note;

import java.util.List;

/** The outcome of opening a signed note: verified by at least one trusted key, or rejected with a reason. */
public sealed interface NoteVerification permits NoteVerification.Verified, NoteVerification.Rejected {
  /**
   * Every trusted key whose signature verified; signatures from unknown keys were ignored.
   *
   * @param signatures the verified signature lines, in note order, one per key
   */
  record Verified(Note note, List<VerifierKey> keys, List<NoteSignature> signatures) implements NoteVerification {
    public Verified {
      keys = List.copyOf(keys);
      signatures = List.copyOf(signatures);
    }

    public String text() {
      return note.text();
    }
  }

  /** Why the note must not be trusted. */
  record Rejected(String reason) implements NoteVerification {}
}
