package dev.parley.sync;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.ingest.Incoming;
import dev.parley.ingest.Ingest;
import dev.parley.ingest.IngestListener;
import dev.parley.ingest.Load;
import dev.parley.ingest.LoadOptions;
import dev.parley.ingest.Refusal;
import dev.parley.store.objects.AddMode;
import dev.parley.store.objects.AddOutcome;
import dev.parley.store.objects.ConflictPolicy;
import dev.parley.store.peers.Peer;
import dev.parley.store.peers.PullPosition;
import dev.parley.store.peers.SyncPositions;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pulls one collection of a peer into a local one: from the position saved by the last page stored
 * ({@code added_after} = that page's {@code X-TAXII-Date-Added-Last}), then {@code next}, every page
 * in one pass. Each page goes through the ingest pipeline as one batch whose transaction also saves
 * the position after it and the page's pending receipts, so a crash anywhere neither loses nor
 * repeats a page. The next page is fetched while one is stored: at most two pages are in memory.
 */
final class Pull {
  private static final Logger LOG = LoggerFactory.getLogger(Pull.class);
  static final int PAGE = 1000;

  private final Ingest ingest;
  private final SyncPositions positions;
  private final ExecutorService fetcher;

  Pull(Ingest ingest, SyncPositions positions, ExecutorService fetcher) {
    this.ingest = ingest;
    this.positions = positions;
    this.fetcher = fetcher;
  }

  /** What a pull moved: versions newly stored, and versions refused (invalid, or conflicting with a stored body). */
  record Moved(long stored, long refused) {}

  Moved run(Peer peer, PeerClient client, String remoteCollection, UUID into) {
    PullPosition position = positions.pull(peer.id(), remoteCollection, into);
    AtomicLong stored = new AtomicLong();
    AtomicLong refused = new AtomicLong();
    PeerClient.Page page = client.objects(remoteCollection, position.addedAfter(), PAGE);
    int number = 1;
    while (true) {
      CompletableFuture<PeerClient.Page> following = null;
      if (page.more()) {
        String next = page.next();
        following = CompletableFuture.supplyAsync(() -> client.next(remoteCollection, next, PAGE), fetcher);
      }
      if (!page.objects().isEmpty()) {
        store(peer, new PullPosition(peer.id(), remoteCollection, into, page.dateAddedLast()), page.objects(), number, stored, refused);
      }
      if (following == null) break;
      try {
        page = following.join();
      } catch (CompletionException e) {
        if (e.getCause() instanceof RuntimeException r) throw r;
        throw e;
      }
      number++;
    }
    return new Moved(stored.get(), refused.get());
  }

  private void store(Peer peer, PullPosition after, List<JsonNode> objects, int number, AtomicLong stored, AtomicLong refused) {
    List<Incoming> items = new ArrayList<>(objects.size());
    for (int i = 0; i < objects.size(); i++) {
      JsonNode o = objects.get(i);
      items.add(o.isObject() ? new Incoming.Parsed(i, o, null)
          : new Incoming.Malformed(i, "objects[" + i + "] is " + dev.parley.stix.Json.kind(o) + ", not an object"));
    }
    IngestListener listener = new IngestListener() {
      @Override
      public void refused(Refusal r) {
        refused.incrementAndGet();
        LOG.warn("peer {}: collection {} page {} objects[{}] {}refused: {}", peer.name(), after.remoteCollection(), number, r.tag(),
            r.stixId().isEmpty() ? "" : r.stixId() + " ", r.message());
      }

      @Override
      public void committed(long[] tags, List<AddOutcome> outcomes) {
        for (AddOutcome o : outcomes) {
          if (o.kind() == AddOutcome.Kind.STORED || o.kind() == AddOutcome.Kind.REPLACED) stored.incrementAndGet();
          else if (o.kind() == AddOutcome.Kind.CONFLICT) {
            refused.incrementAndGet();
            LOG.warn("peer {}: collection {} page {}: {} refused: {}", peer.name(), after.remoteCollection(), number, o.stixId(), o.message());
          }
        }
      }
    };
    try (Load load = ingest.begin(after.into(), LoadOptions.forPage(items.size(), new AddMode(ConflictPolicy.KEEP, peer.id()), after), listener)) {
      load.submit(items);
      load.finish();
    }
  }
}
