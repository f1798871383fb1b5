package dev.parley.tlog.note;

import dev.parley.tlog.MalformedInputException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Opening signed notes against trusted keys, per the verification rules of c2sp.org/signed-note. */
public final class Notes {
  private Notes() {}

  /**
   * Parses {@code note} and checks it against {@code trusted}. A signature whose (name, key ID) pair
   * matches no trusted key is ignored; one that matches must verify, else the whole note is rejected
   * (fail closed); a note with no verified signature is rejected. Never throws for bad input.
   */
  public static NoteVerification open(String note, Collection<VerifierKey> trusted) {
    Note parsed;
    try {
      parsed = Note.parse(note);
    } catch (MalformedInputException e) {
      return new NoteVerification.Rejected(e.getMessage());
    }
    return verify(parsed, trusted);
  }

  /** {@link #open(String, Collection)} on bytes as fetched, which must be valid UTF-8. */
  public static NoteVerification open(byte[] note, Collection<VerifierKey> trusted) {
    try {
      return verify(Note.parse(note), trusted);
    } catch (MalformedInputException e) {
      return new NoteVerification.Rejected(e.getMessage());
    }
  }

  /** Checks the signatures of a parsed note; see {@link #open(String, Collection)}. */
  public static NoteVerification verify(Note note, Collection<VerifierKey> trusted) {
    List<VerifierKey> keys = new ArrayList<>();
    List<NoteSignature> signatures = new ArrayList<>();
    for (NoteSignature signature : note.signatures()) {
      VerifierKey key = match(signature, trusted);
      if (key == null) {
        continue;
      }
      // every line of a known key is verified, its second too: a bad line after a good one was let through, before it
      // refused, so a note's verdict hung on the order of its lines (hostile run 10at D5)
      if (!key.verify(note.text(), signature.signature())) {
        return new NoteVerification.Rejected("signature by " + key.name() + "+" + KeyNames.hex(key.keyId())
            + " does not verify");
      }
      if (!keys.contains(key)) {
        keys.add(key);
        signatures.add(signature);
      }
    }
    if (keys.isEmpty()) {
      return new NoteVerification.Rejected("no signature from a trusted key");
    }
    return new NoteVerification.Verified(note, keys, signatures);
  }

  private static VerifierKey match(NoteSignature signature, Collection<VerifierKey> trusted) {
    VerifierKey found = null;
    for (VerifierKey key : trusted) {
      if (signature.isFrom(key)) {
        if (found != null && !found.equals(key)) {
          return null; // two trusted keys share name and ID: ambiguous, so trust neither for this line
        }
        found = key;
      }
    }
    return found;
  }
}
