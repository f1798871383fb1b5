package dev.parley.node.witness;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.node.witness.PeerLogs.PeerLog;
import dev.parley.stix.Json;
import dev.parley.store.witness.EvidenceJson;
import dev.parley.store.witness.Forks;
import dev.parley.store.witness.MonitorStore;
import dev.parley.store.witness.Seen;
import dev.parley.tlog.MalformedInputException;
import dev.parley.tlog.checkpoint.CheckpointVerification;
import dev.parley.tlog.checkpoint.Checkpoints;
import dev.parley.tlog.tiles.TileNodeReader;
import dev.parley.tlog.tiles.TileReader;
import dev.parley.tlog.tiles.TileUnavailableException;
import dev.parley.tlog.witness.ForkCheck;
import dev.parley.tlog.witness.ForkEvidence;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The monitor: every round it fetches each peer's {@code /log/checkpoint}, the checkpoints its peers
 * hold of third logs ({@code /witness/checkpoints}) and the evidence they recorded ({@code
 * /witness/evidence}), and checks every signed checkpoint it gets (those submitted to this node's
 * witness too, and those of receipts that sync offered, {@link MonitorStore#offer}) against the
 * largest one it knows consistent, with the log's own tiles. A checkpoint
 * the tiles cannot judge yet (the log's tree is smaller, or does not hold it) is kept in memory and
 * judged again each round. Runs on the witness loop's thread; {@link #offer} is thread-safe.
 */
final class Monitor {
  private static final Logger LOG = LoggerFactory.getLogger(Monitor.class);
  private static final int MAX_PENDING = 1000;
  /** Offered checkpoints ({@link MonitorStore#offer}) taken a round at most. */
  private static final int TAKEN = 200;

  private final PeerLogs logs;
  private final MonitorStore store;
  private final Forks forks;
  private final Http http;
  private final Logger logger;
  private final Queue<Pending> offered = new ConcurrentLinkedQueue<>();
  private final AtomicInteger offeredCount = new AtomicInteger();
  private final List<Pending> suspects = new ArrayList<>();
  /** Peers whose own checkpoint was smaller than one they signed before, said once until it is not. */
  private final Set<String> behind = new HashSet<>();
  /** Peers whose served checkpoint did not verify at the last look, said once. */
  private final Set<String> unverified = new HashSet<>();

  private record Pending(Seen seen, PeerLog log) {}

  Monitor(PeerLogs logs, MonitorStore store, Forks forks, Http http) {
    this(logs, store, forks, http, LOG);
  }

  /** As above, telling what it finds to {@code logger}. */
  Monitor(PeerLogs logs, MonitorStore store, Forks forks, Http http, Logger logger) {
    this.logger = logger;
    this.logs = logs;
    this.store = store;
    this.forks = forks;
    this.http = http;
  }

  /** A verified checkpoint of {@code log} to check at the next round (dropped when too many wait). */
  void offer(Seen seen, PeerLog log) {
    if (offeredCount.incrementAndGet() > MAX_PENDING) {
      offeredCount.decrementAndGet();
      return;
    }
    offered.add(new Pending(seen, log));
  }

  /** One round over every peer. */
  void round() {
    for (PeerLog p : logs.all()) {
      watch(p);
      gossip(p);
    }
    for (Pending next; (next = offered.poll()) != null; ) {
      offeredCount.decrementAndGet();
      consider(next.seen(), next.log());
    }
    // the checkpoints of receipts (parley sync checks them, in this process or another)
    for (MonitorStore.Offered o : store.take(TAKEN)) {
      for (PeerLog log : logs.of(o.origin())) {
        verified(o.note(), log).ifPresent(seen -> consider(new Seen(seen.checkpoint(), o.note(), o.source(), o.offered()), log));
      }
    }
    List<Pending> again = new ArrayList<>(suspects);
    suspects.clear();
    again.forEach(s -> consider(s.seen(), s.log()));
  }

  private void watch(PeerLog p) {
    URI url = p.logBase().resolve("checkpoint");
    try {
      String note = new String(http.fetch(url, p.tlsTrust()), StandardCharsets.UTF_8);
      logs.tlsAccepted(p);
      Optional<Seen> ok = verified(note, p);
      if (ok.isPresent()) {
        if (unverified.remove(p.peer())) logger.info("peer {} serves a checkpoint its pinned key verifies again", p.peer());
        Seen fresh = new Seen(ok.get().checkpoint(), note, url.toString(), Instant.now());
        wentBack(fresh, p);
        consider(fresh, p);
      } else if (unverified.add(p.peer())) {
        // said once until it passes (hostile run 10o: a line every round for a peer whose key changed)
        logger.warn("peer {} serves a checkpoint that its pinned key does not verify at {}", p.peer(), url);
      }
    } catch (Http.TlsRefused e) {
      logs.tlsRefused(p, e.getMessage());
    } catch (IOException e) {
      logger.debug("cannot fetch the checkpoint of peer {}: {}", p.peer(), e.getMessage());
    }
  }

  /**
   * Warns, once until it grows past it, of a log that serves a checkpoint smaller than the largest it
   * signed before: it went back (hostile run 10p: a log restored from a backup was shown "ok", not a
   * word), whether or not its tiles, of the smaller tree only, can still prove the two consistent.
   */
  private void wentBack(Seen fresh, PeerLog p) {
    Optional<Seen> known = store.latest(p.id());
    if (known.isEmpty() || fresh.size() >= known.get().size() || !behind.add(p.peer())) return;
    long was = known.get().size();
    logger.warn("peer {} serves a checkpoint of size {}, smaller than the {} its log signed before: its log went back (restored"
        + " from a backup?); what it signs past size {} with another history is a fork", p.peer(), fresh.size(), was, was);
  }

  private void gossip(PeerLog p) {
    URI url = p.witnessBase().resolve("checkpoints");
    try {
      JsonNode list = Json.mapper().readTree(http.fetch(url, p.tlsTrust()));
      if (list != null && list.isArray()) {
        for (JsonNode entry : list) {
          JsonNode note = entry.get("checkpoint");
          JsonNode origin = entry.get("origin");
          if (note == null || !note.isTextual() || origin == null || !origin.isTextual()) continue;
          for (PeerLog log : logs.of(origin.asText())) {
            verified(note.asText(), log).ifPresent(seen ->
                consider(new Seen(seen.checkpoint(), note.asText(), "gossip from peer " + p.peer() + " (" + url + ")", Instant.now()), log));
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      logger.debug("cannot read the checkpoints peer {} holds: {}", p.peer(), e.getMessage());
    }
    URI evidenceUrl = p.witnessBase().resolve("evidence");
    try {
      for (ForkEvidence e : EvidenceJson.read(http.fetch(evidenceUrl, p.tlsTrust()))) {
        for (PeerLog log : logs.of(e.origin())) {
          Optional<String> why = e.check(log.key());
          if (why.isEmpty()) forks.found(e, log.peer());
          else logger.debug("evidence from peer {} about {} does not hold: {}", p.peer(), e.origin(), why.get());
        }
      }
    } catch (IOException | MalformedInputException e) {
      logger.debug("cannot read the evidence peer {} holds: {}", p.peer(), e.getMessage());
    }
  }

  /** The note as a verified checkpoint of {@code log} (placeholder source), or empty. */
  static Optional<Seen> verified(String note, PeerLog log) {
    CheckpointVerification v = Checkpoints.open(note, log.key());
    if (!(v instanceof CheckpointVerification.Verified ok)) return Optional.empty();
    return Optional.of(new Seen(ok.checkpoint(), note, "-", Instant.EPOCH));
  }

  /**
   * Checks {@code x} against the largest checkpoint of its log known consistent: of that log, by its
   * key (both verified under it), never of another log that has its origin (hostile run 10o: three
   * nodes named alike, and a peer that named its key after another's log, each made false evidence).
   */
  void consider(Seen x, PeerLog log) {
    Optional<Seen> known = store.latest(log.id());
    if (known.isEmpty()) {
      store.advance(x, log.id());
      return;
    }
    Seen m = known.get();
    ForkCheck.Outcome outcome = forks.check(m, x, larger -> tiles(tilesOf(larger, log)), log.peer(), x.source().endsWith("/log/checkpoint"));
    if (outcome instanceof ForkCheck.Outcome.Consistent) {
      if (x.size() > m.size()) store.advance(x, log.id());
      if (x.size() > m.size() && x.source().endsWith("/log/checkpoint")) behind.remove(log.peer()); // it grew past what it went back from
    } else if (outcome instanceof ForkCheck.Outcome.Undecided u) {
      logger.debug("cannot judge a checkpoint of {} from {} yet: {}", log.peer(), x.source(), u.reason());
      if (suspects.size() < MAX_PENDING && suspects.stream().noneMatch(s -> s.seen().note().equals(x.note()))) {
        suspects.add(new Pending(x, log));
      }
    }
  }

  /** The tiles of {@code serving}'s log, read over HTTP. */
  private TileReader tiles(PeerLog serving) {
    return path -> {
      try {
        return http.fetch(serving.logBase().resolve(path.toPath()), serving.tlsTrust());
      } catch (IOException e) {
        throw new TileUnavailableException(path.toPath(), e.getMessage(), e);
      }
    };
  }

  /**
   * Where the tiles of the {@code larger} checkpoint are read: from the peer of this log key whose own
   * {@code /log/checkpoint} served it, when one did, else from {@code log}. A peer that serves a
   * smaller checkpoint serves the smaller tree's tiles only, so judged by its own tiles it was never
   * decided (hostile run 10r: once the accepted history had grown, the other branch of a fork, served
   * again by a second node under the key, was only "a log that went back", and synced).
   */
  private PeerLog tilesOf(Seen larger, PeerLog log) {
    for (PeerLog p : logs.all()) {
      if (p.id().equals(log.id()) && larger.source().equals(p.logBase().resolve("checkpoint").toString())) return p;
    }
    return log;
  }

  /** Drops what is pending about a log (after an operator accepted its fork). */
  void forget(String origin) {
    for (Iterator<Pending> i = suspects.iterator(); i.hasNext(); ) {
      if (i.next().seen().checkpoint().origin().equals(origin)) i.remove();
    }
  }
}
