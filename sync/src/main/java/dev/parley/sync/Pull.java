package dev.parley.sync;

import dev.parley.ingest.Incoming;
import dev.parley.ingest.Ingest;
import dev.parley.ingest.IngestListener;
import dev.parley.ingest.Load;
import dev.parley.ingest.LoadOptions;
import dev.parley.ingest.Refusal;
import dev.parley.stix.Envelope;
import dev.parley.stix.Timestamps;
import dev.parley.store.objects.AddMode;
import dev.parley.store.objects.AddOutcome;
import dev.parley.store.objects.ConflictPolicy;
import dev.parley.store.peers.Peer;
import dev.parley.store.peers.PullPosition;
import dev.parley.store.peers.SyncPositions;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pulls one collection of a peer into a local one: from the position saved by the last page stored
 * ({@code added_after} = that page's {@code X-TAXII-Date-Added-Last}), then {@code next}, every page
 * in one pass. The pages go through the ingest pipeline as one load ({@link Load#submitPage}): each
 * page is one batch whose transaction also saves the position after it and the page's pending
 * receipts, so a crash anywhere neither loses nor repeats a page; meanwhile the next page is
 * fetched, judged and staged. A few pages are in memory at once (the one fetched, the ones the
 * pipeline holds: {@link dev.parley.store.objects.BulkLoad}).
 *
 * <p>A pass reads at most {@code pagesPerPass} pages of one collection (ten million objects by
 * default): a peer whose pages never end, each with a new {@code next}, would otherwise keep its pass
 * going for ever, and with it the push and the receipts that follow the pull. The next pass goes on
 * from the last page stored, as after a crash.
 */
final class Pull {
  private static final Logger LOG = LoggerFactory.getLogger(Pull.class);
  static final int PAGE = 1000;

  private final Ingest ingest;
  private final SyncPositions positions;
  private final ExecutorService fetcher;
  private final int pagesPerPass;

  Pull(Ingest ingest, SyncPositions positions, ExecutorService fetcher, int pagesPerPass) {
    this.ingest = ingest;
    this.positions = positions;
    this.fetcher = fetcher;
    this.pagesPerPass = pagesPerPass;
  }

  /** What a pull moved: versions newly stored, and versions refused (invalid, or conflicting with a stored body). */
  record Moved(long stored, long refused) {}

  /**
   * Pulls every page after the saved position. When fetching a page fails, the pages fetched
   * before it are stored first, then the failure is thrown; {@code tally} counts what was stored
   * either way (a pass that failed midway said it pulled nothing).
   */
  Moved run(Peer peer, PeerClient client, String remoteCollection, UUID into, PeerReport.Tally tally) {
    AtomicLong stored = new AtomicLong();
    AtomicLong refused = new AtomicLong();
    try {
      return run(peer, client, remoteCollection, into, stored, refused);
    } finally {
      tally.pulled += stored.get();
      tally.refused += refused.get();
    }
  }

  private Moved run(Peer peer, PeerClient client, String remoteCollection, UUID into, AtomicLong stored, AtomicLong refused) {
    PullPosition position = positions.pull(peer.id(), remoteCollection, into);
    try (Load load = ingest.begin(into, LoadOptions.forPages(new AddMode(ConflictPolicy.KEEP, peer.id())),
        listener(peer, remoteCollection, stored, refused))) {
      try {
        AtomicInteger limit = new AtomicInteger(PAGE);
        PeerClient.Page page = smaller(peer, limit, n -> client.objects(remoteCollection, position.addedAfter(), n));
        // the digest of every next this pass was given (a next is the peer's to size): a peer whose pages
        // come back to one (the same next, or x, y, x, y, ...) would be read until the pass's cap, a
        // hostile run's peer for ever; at most pagesPerPass of them
        Set<String> given = new HashSet<>();
        String lastAdded = null;
        for (int number = 1; ; number++) {
          CompletableFuture<PeerClient.Page> following = null;
          if (page.more() && number >= pagesPerPass) {
            LOG.info("pull from peer {}: {} pages of its collection {} read in this pass; the next pass goes on from there",
                peer.name(), number, remoteCollection);
          } else if (page.more()) {
            String next = page.next();
            if (!given.add(digest(next))) {
              throw PeerFailure.malformed("its pages come back to next=" + shown(next) + ", given earlier in this pass: its pages do not advance");
            }
            following = CompletableFuture.supplyAsync(
                () -> smaller(peer, limit, n -> client.next(remoteCollection, position.addedAfter(), next, n)), fetcher);
          }
          if (!page.objects().isEmpty()) {
            load.submitPage(items(page, number), new PullPosition(peer.id(), remoteCollection, into, resumeAt(page)));
            lastAdded = page.dateAddedLast();
          } else if (!page.more() && lastAdded != null) {
            // a last page without objects after one that said more: the pull has read to its end, and goes on
            // after the newest object given rather than a microsecond before it (resumeAt), asked again each pass
            load.submitPage(List.of(), new PullPosition(peer.id(), remoteCollection, into, lastAdded));
          }
          if (following == null) break;
          page = fetched(following);
        }
      } catch (RuntimeException e) {
        try {
          load.finish();
        } catch (RuntimeException f) {
          if (f != e) e.addSuppressed(f);
        }
        throw e;
      }
      load.finish();
    } finally {
      if (refused.get() > REFUSALS_LOGGED) {
        LOG.warn("peer {}: {} objects of its collection {} refused in this pass; the first {} are named above", peer.name(), refused.get(),
            remoteCollection, REFUSALS_LOGGED);
      }
    }
    return new Moved(stored.get(), refused.get());
  }

  /**
   * Where a pass that stops after {@code page} goes on: after its newest object's {@code date_added}
   * when it is the last page; when more follow, a microsecond before it, so that the objects the peer
   * added at that same moment and gave on the next pages are asked again ({@code added_after} is
   * strictly after, and a server may give one date to many objects: hostile run 10am lost the 2,000
   * objects after a page boundary inside such a tie to a pass broken there). The objects of the page
   * asked again are held already and change nothing.
   */
  static String resumeAt(PeerClient.Page page) {
    if (!page.more() || page.dateAddedLast() == null) return page.dateAddedLast();
    return Timestamps.format(Timestamps.parse(page.dateAddedLast()).minus(1, ChronoUnit.MICROS));
  }

  /**
   * Asks a page of at most {@code limit} objects, and again with a tenth as many while its body is
   * larger than a body may be here ({@link PeerClient#MAX_BODY}); the smaller limit stays for the
   * pass. A peer answers as many objects as asked whatever their size, so 700 indicators of 110 KB
   * each made a page of 78 MB that was refused at every pass, and nothing of that collection ever
   * arrived (hostile run 10am D2). A page of one object too large still fails.
   */
  private static PeerClient.Page smaller(Peer peer, AtomicInteger limit,
      IntFunction<PeerClient.Page> ask) {
    while (true) {
      int n = limit.get();
      try {
        return ask.apply(n);
      } catch (PeerFailure f) {
        if (!f.tooLarge() || n == 1) throw f;
        int fewer = Math.max(1, n / 10);
        if (limit.compareAndSet(n, fewer)) {
          LOG.info("pull from peer {}: a page of {} objects was larger than {} bytes; its pages are asked {} objects at a time in this pass",
              peer.name(), n, PeerClient.MAX_BODY, fewer);
        }
      }
    }
  }

  /**
   * Refused objects a pass names one by one for a collection; past it, one line says how many
   * (hostile run 10o: a peer's pages of invalid objects wrote a WARN an object, 166,001 lines in 30 s).
   */
  static final int REFUSALS_LOGGED = 10;

  private static String digest(String next) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(next.getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder().encodeToString(d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  private static String shown(String next) {
    return next.length() <= 64 ? next : next.substring(0, 64) + "...";
  }

  private static PeerClient.Page fetched(CompletableFuture<PeerClient.Page> following) {
    try {
      return following.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) throw r;
      throw e;
    }
  }

  /**
   * A page's objects, tagged with the page's number (high half) and their place in it (low half),
   * each left as text in the page's body until it is judged.
   */
  private static List<Incoming> items(PeerClient.Page page, int number) {
    List<Incoming> items = new ArrayList<>(page.objects().size());
    for (Envelope.Entry e : page.objects()) {
      long tag = (long) number << 32 | e.index();
      items.add(e.isObject() ? new Incoming.Unparsed(tag, page.body(), e)
          : new Incoming.Malformed(tag, "objects[" + e.index() + "] is " + e.kind() + ", not an object"));
    }
    return items;
  }

  private static IngestListener listener(Peer peer, String remoteCollection, AtomicLong stored, AtomicLong refused) {
    return new IngestListener() {
      @Override
      public void refused(Refusal r) {
        if (refused.incrementAndGet() > REFUSALS_LOGGED) return;
        LOG.warn("peer {}: collection {} page {} objects[{}] {}refused: {}", peer.name(), remoteCollection, r.tag() >>> 32, r.tag() & 0xffffffffL,
            r.stixId().isEmpty() ? "" : r.stixId() + " ", r.message());
      }

      @Override
      public void committed(long[] tags, List<AddOutcome> outcomes) {
        for (int i = 0; i < outcomes.size(); i++) {
          AddOutcome o = outcomes.get(i);
          if (o.kind() == AddOutcome.Kind.STORED || o.kind() == AddOutcome.Kind.REPLACED) stored.incrementAndGet();
          else if (o.kind() == AddOutcome.Kind.CONFLICT) {
            if (refused.incrementAndGet() > REFUSALS_LOGGED) continue;
            LOG.warn("peer {}: collection {} page {}: {} refused: {}", peer.name(), remoteCollection, tags[i] >>> 32, o.stixId(), o.message());
          }
        }
      }
    };
  }
}
