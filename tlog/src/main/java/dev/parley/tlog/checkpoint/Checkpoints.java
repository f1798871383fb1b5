package dev.parley.tlog.checkpoint;

import dev.parley.tlog.MalformedInputException;
import dev.parley.tlog.note.Note;
import dev.parley.tlog.note.NoteVerification;
import dev.parley.tlog.note.Notes;
import dev.parley.tlog.note.SignerKey;
import dev.parley.tlog.note.VerifierKey;
import java.util.ArrayList;
import java.util.List;

/** Signing, cosigning and opening checkpoints as C2SP signed notes. Thread-safe. */
public final class Checkpoints {
  private Checkpoints() {}

  /**
   * The signed note of {@code checkpoint}, signed by the log's key, whose name must be the origin.
   * The caller must never sign a checkpoint inconsistent with one it signed before.
   */
  public static String sign(Checkpoint checkpoint, SignerKey logKey) {
    if (!logKey.name().equals(checkpoint.origin())) {
      throw new IllegalArgumentException("key name " + logKey.name() + " differs from origin " + checkpoint.origin());
    }
    String text = checkpoint.text();
    return Note.of(text).with(logKey.sign(text)).format();
  }

  /** {@code signedNote} with a timestamped cosignature v1 by {@code cosigner} appended. */
  public static String cosign(String signedNote, SignerKey cosigner, long timestamp) {
    Note note = Note.parse(signedNote);
    return note.with(cosigner.cosign(note.text(), timestamp)).format();
  }

  /** {@link #open(String, VerifierKey, List)} without witnesses. */
  public static CheckpointVerification open(String signedNote, VerifierKey logKey) {
    return open(signedNote, logKey, List.of());
  }

  /**
   * Verifies a signed checkpoint: the log key's name must equal the origin and its signature must
   * verify; signatures of other keys are ignored unless they are trusted {@code witnesses}, whose
   * cosignatures must then verify. Never throws for bad input.
   */
  public static CheckpointVerification open(String signedNote, VerifierKey logKey, List<VerifierKey> witnesses) {
    List<VerifierKey> trusted = new ArrayList<>(witnesses);
    trusted.add(logKey);
    NoteVerification verification = Notes.open(signedNote, trusted);
    if (verification instanceof NoteVerification.Rejected rejected) {
      return new CheckpointVerification.Rejected(rejected.reason());
    }
    NoteVerification.Verified verified = (NoteVerification.Verified) verification;
    if (!verified.keys().contains(logKey)) {
      return new CheckpointVerification.Rejected("no signature by the log key " + logKey.name());
    }
    Checkpoint checkpoint;
    try {
      checkpoint = Checkpoint.parse(verified.text());
    } catch (MalformedInputException e) {
      return new CheckpointVerification.Rejected(e.getMessage());
    }
    if (!checkpoint.origin().equals(logKey.name())) {
      return new CheckpointVerification.Rejected(
          "origin " + checkpoint.origin() + " differs from the log key name " + logKey.name());
    }
    List<VerifierKey> cosigners = new ArrayList<>(verified.keys());
    cosigners.remove(logKey);
    return new CheckpointVerification.Verified(checkpoint, verified.note(), cosigners);
  }
}
