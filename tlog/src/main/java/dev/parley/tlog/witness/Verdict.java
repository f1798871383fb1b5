package dev.parley.tlog.witness;

/**
 * What a witness answers an add-checkpoint request whose origin is known and whose signature
 * verified (c2sp.org/tlog-witness), in the order the specification checks.
 */
public sealed interface Verdict {
  /** 200: the checkpoint extends (or equals) what was cosigned before; cosign and persist it. */
  record Cosign() implements Verdict {}

  /** 400: the old size is larger than the checkpoint's. */
  record OldTooLarge() implements Verdict {}

  /**
   * 409 with {@code text/x.tlog.size}: the old size is not the one last cosigned ({@code size}), or
   * the roots differ at equal size ({@code fork}: two signed checkpoints that cannot both be true).
   */
  record Conflict(long size, boolean fork) implements Verdict {}

  /** 422: the consistency proof does not verify from the cosigned checkpoint to this one. */
  record BadProof(String reason) implements Verdict {}
}
