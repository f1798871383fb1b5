package dev.parley.tlog.verify;

import dev.parley.tlog.TlogException;
import dev.parley.tlog.checkpoint.Checkpoint;
import dev.parley.tlog.checkpoint.CheckpointVerification;
import dev.parley.tlog.checkpoint.Checkpoints;
import dev.parley.tlog.note.VerifierKey;
import dev.parley.tlog.tiles.TileNodeReader;
import dev.parley.tlog.tree.ConsistencyProof;
import dev.parley.tlog.tree.MerkleTree;
import dev.parley.tlog.tree.Proofs;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Verifies a tiled log as a client: the checkpoint's signature, the root against the tiles, with
 * {@code full} every tile and entry bundle, and consistency with an older checkpoint. Never throws
 * for bad data: every failure is a {@link VerificationResult.Failed} with a reason. Not thread-safe.
 */
public final class LogVerifier {
  private final LogFetcher fetcher;
  private final VerifierKey logKey;

  public LogVerifier(LogFetcher fetcher, VerifierKey logKey) {
    this.fetcher = fetcher;
    this.logKey = logKey;
  }

  /**
   * Verifies the log as it is now.
   *
   * @param full also fetch every tile and entry bundle and recompute the tree from the entries
   * @param previous a signed checkpoint seen earlier; the current one must be consistent with it
   */
  public VerificationResult verify(boolean full, Optional<String> previous) {
    byte[] body;
    try {
      body = fetcher.fetch("checkpoint");
    } catch (IOException e) {
      return fail("checkpoint: fetch failed: " + e.getMessage());
    }
    String note;
    try {
      note = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(body)).toString();
    } catch (CharacterCodingException e) {
      return fail("checkpoint: not valid UTF-8");
    }
    CheckpointVerification opened = Checkpoints.open(note, logKey);
    if (opened instanceof CheckpointVerification.Rejected rejected) {
      return fail("checkpoint: " + rejected.reason());
    }
    Checkpoint checkpoint = ((CheckpointVerification.Verified) opened).checkpoint();
    FetchingTileReader tiles = new FetchingTileReader(fetcher);
    try {
      if (!MerkleTree.root(new TileNodeReader(tiles, checkpoint.size()), checkpoint.size()).equals(checkpoint.root())) {
        return fail("tiles: the right-edge tiles do not hash to the checkpoint's root");
      }
      long entries = 0;
      if (full) {
        Optional<String> failure = new FullCheck(tiles, checkpoint).run();
        if (failure.isPresent()) {
          return fail(failure.get());
        }
        entries = checkpoint.size().value();
      }
      if (previous.isPresent()) {
        Optional<String> failure = consistency(tiles, checkpoint, previous.get());
        if (failure.isPresent()) {
          return fail(failure.get());
        }
      }
      return new VerificationResult.Verified(checkpoint, note, entries);
    } catch (TlogException e) {
      return fail(e.getMessage());
    }
  }

  private Optional<String> consistency(FetchingTileReader tiles, Checkpoint current, String previous) {
    CheckpointVerification opened = Checkpoints.open(previous, logKey);
    if (opened instanceof CheckpointVerification.Rejected rejected) {
      return Optional.of("previous checkpoint: " + rejected.reason());
    }
    Checkpoint old = ((CheckpointVerification.Verified) opened).checkpoint();
    if (old.size().compareTo(current.size()) > 0) {
      return Optional.of("consistency: the log shrank from " + old.size() + " to " + current.size());
    }
    ConsistencyProof proof =
        MerkleTree.consistencyProof(new TileNodeReader(tiles, current.size()), old.size(), current.size());
    if (!Proofs.verifyConsistency(proof, old.root(), current.root())) {
      return Optional.of("consistency: the checkpoint of size " + current.size()
          + " is not consistent with the previous one of size " + old.size() + " (a fork or a rewrite)");
    }
    return Optional.empty();
  }

  private static VerificationResult fail(String reason) {
    return new VerificationResult.Failed(reason);
  }
}
