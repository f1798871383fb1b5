package dev.parley.node.witness;

import dev.parley.store.witness.Forks;

import dev.parley.node.witness.PeerLogs.PeerLog;
import dev.parley.store.witness.Seen;
import dev.parley.store.witness.WitnessStore;
import dev.parley.tlog.MalformedInputException;
import dev.parley.tlog.checkpoint.Checkpoint;
import dev.parley.tlog.checkpoint.CheckpointVerification;
import dev.parley.tlog.checkpoint.Checkpoints;
import dev.parley.tlog.note.Note;
import dev.parley.tlog.note.SignerKey;
import dev.parley.tlog.witness.AddCheckpoint;
import dev.parley.tlog.witness.ForkEvidence;
import dev.parley.tlog.witness.Verdict;
import java.time.Instant;
import java.util.List;

/**
 * {@code POST /witness/add-checkpoint} of c2sp.org/tlog-witness, step for step: open to anyone (the
 * checkpoint's signature is the credential), rate-limited per origin. A checkpoint that conflicts
 * with the one cosigned at the same size is fork evidence at once; one whose proof fails goes to the
 * monitor, which judges it with the log's own tiles (a bad proof alone proves nothing: anyone can
 * send a real checkpoint with a broken proof). Thread-safe.
 */
final class AddCheckpointHandler {
  /** More than any honest request: 63 proof lines and a note with 100 signature lines. */
  static final int MAX_BODY = 64 * 1024;

  private final SignerKey witnessKey;
  private final GroupCommit commits;
  private final PeerLogs logs;
  private final Monitor monitor;
  private final Forks forks;
  private final RateLimiter limiter;
  private final String self;

  /** An answer: status, content type and body. */
  record Answer(int status, String contentType, String body) {
    static Answer text(int status, String message) {
      return new Answer(status, "text/plain; charset=utf-8", message + "\n");
    }
  }

  AddCheckpointHandler(SignerKey witnessKey, GroupCommit commits, PeerLogs logs, Monitor monitor, Forks forks,
      RateLimiter limiter, String self) {
    this.witnessKey = witnessKey;
    this.commits = commits;
    this.logs = logs;
    this.monitor = monitor;
    this.forks = forks;
    this.limiter = limiter;
    this.self = self;
  }

  Answer handle(byte[] body, String remote) {
    AddCheckpoint request;
    Note note;
    Checkpoint claimed;
    try {
      request = AddCheckpoint.parse(body);
      note = Note.parse(request.note());
      claimed = Checkpoint.parse(note.text());
    } catch (MalformedInputException e) {
      return Answer.text(400, e.getMessage());
    }
    List<PeerLog> known = logs.of(claimed.origin());
    // "If the checkpoint origin is unknown, the witness MUST respond with a 404 Not Found"
    if (known.isEmpty()) return Answer.text(404, "unknown origin: this witness does not witness " + claimed.origin());
    if (!limiter.tryAcquire(claimed.origin())) return Answer.text(429, "too many requests for " + claimed.origin());
    // "it MUST ignore signatures from unknown keys ... If none of the signatures verify against a
    // trusted public key, the witness MUST respond with a 403 Forbidden"
    PeerLog log = null;
    Checkpoint checkpoint = null;
    for (PeerLog candidate : known) {
      if (Checkpoints.open(request.note(), candidate.key()) instanceof CheckpointVerification.Verified v) {
        log = candidate;
        checkpoint = v.checkpoint();
        break;
      }
    }
    if (log == null) return Answer.text(403, "no signature by a key trusted for " + claimed.origin());
    WitnessStore.Added added = commits.add(new WitnessStore.Submission(request, checkpoint, request.note(), log.id()));
    Verdict verdict = added.verdict();
    Seen seen = new Seen(checkpoint, request.note(), "add-checkpoint from " + remote + " to witness " + self, Instant.now());
    if (verdict instanceof Verdict.OldTooLarge) {
      return Answer.text(400, "old size " + request.oldSize() + " is larger than the checkpoint's size " + checkpoint.size());
    }
    if (verdict instanceof Verdict.Conflict conflict) {
      if (conflict.fork()) {
        String previous = added.previous().orElseThrow().note();
        forks.found(new ForkEvidence(checkpoint.origin(), List.of(previous, request.note()), List.of(),
            List.of("cosigned earlier by witness " + self, seen.source()), List.of(seen.at(), seen.at())), log.peer(), request.note(), false);
      } else {
        monitor.offer(seen, log); // signed, so worth checking against the log's own tiles
      }
      // "The response body MUST consist of the tree size of the latest cosigned checkpoint in decimal,
      // followed by a newline ... Content-Type of text/x.tlog.size"
      return new Answer(409, "text/x.tlog.size", conflict.size() + "\n");
    }
    if (verdict instanceof Verdict.BadProof bad) {
      monitor.offer(seen, log);
      return Answer.text(422, bad.reason());
    }
    monitor.offer(seen, log);
    long now = Instant.now().getEpochSecond();
    return new Answer(200, "text/plain; charset=utf-8", witnessKey.cosign(note.text(), now).line());
  }
}
