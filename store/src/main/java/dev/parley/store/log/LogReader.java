package dev.parley.store.log;

import dev.parley.store.Database;
import dev.parley.tlog.entry.Salt;
import dev.parley.tlog.note.VerifierKey;
import dev.parley.tlog.tiles.EntryBundles;
import dev.parley.tlog.tiles.TileNodeReader;
import dev.parley.tlog.tiles.TilePath;
import dev.parley.tlog.tiles.TileReader;
import dev.parley.tlog.tiles.TileTrees;
import dev.parley.tlog.tiles.TileUnavailableException;
import dev.parley.tlog.tiles.Tiles;
import dev.parley.tlog.tree.ConsistencyProof;
import dev.parley.tlog.tree.Hash;
import dev.parley.tlog.tree.InclusionProof;
import dev.parley.tlog.tree.MerkleTree;
import dev.parley.tlog.tree.TreeSize;
import dev.parley.tlog.verify.Receipts;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Serves the log as of its latest signed checkpoint: the checkpoint, hash tiles, entry bundles,
 * inclusion and consistency proofs, and receipts. Nothing beyond the latest checkpoint is served.
 * Thread-safe. Every method throws {@link LogUnavailableException} when the log failed its check
 * (or has no checkpoint yet), {@link LogNotFoundException} for what lies beyond the tree, and
 * {@link dev.parley.store.StoreException} when the database fails.
 */
public final class LogReader {
  /** The entry kinds of a stored object version: store and receive (tlog/ENTRY-FORMAT.md). */
  private static final String OBJECT_KINDS = "1, 4";

  private final Database db;
  private final LogState state;
  private final VerifierKey key;
  private final boolean live;
  private final TileTrees trees = new TileTrees();

  LogReader(Database db, LogState state, VerifierKey key, boolean live) {
    this.db = db;
    this.state = state;
    this.key = key;
    this.live = live;
  }

  /**
   * A reader for a process that does not integrate (the command line): it reads the latest
   * checkpoint from the database on every call and does not run the startup check.
   *
   * @throws LogUnavailableException when the database holds no log key yet (no node ever started)
   */
  public static LogReader open(Database db) {
    String text = db.withConnection(LogRows::storedKey)
        .orElseThrow(() -> new LogUnavailableException("this database has no log yet (start the node once)", false));
    return new LogReader(db, new LogState(), VerifierKey.parse(text), false);
  }

  /** The key the log's checkpoints verify under, in note format. */
  public VerifierKey verifierKey() {
    return key;
  }

  /** The latest signed checkpoint. */
  public Published latest() {
    state.failure().ifPresent(reason -> {
      throw new LogUnavailableException("the log failed its integrity check: " + reason, true);
    });
    Optional<Published> p = live ? state.latest() : db.withConnection(LogRows::latestCheckpoint);
    return p.orElseThrow(() -> new LogUnavailableException("no checkpoint signed yet", false));
  }

  /** The hash tile at {@code path} (a partial tile may be asked for at any width the tree has had). */
  public byte[] tile(TilePath.HashTile path) {
    long size = latest().size();
    requireInTree(path.level(), path.index(), path.width(), size, path.toPath());
    return readTile(path);
  }

  /** The entry bundle at {@code path}. */
  public byte[] entries(TilePath.EntryBundle path) {
    long size = latest().size();
    requireInTree(0, path.index(), path.width(), size, path.toPath());
    String cacheKey = path.toPath();
    byte[] cached = path.isPartial() ? null : state.cached(cacheKey);
    if (cached != null) return cached;
    long from = path.index() * TilePath.FULL_WIDTH;
    byte[] bundle = EntryBundles.encode(db.withConnection(c -> LogRows.entries(c, from, from + path.width())));
    if (!path.isPartial()) state.cache(cacheKey, bundle);
    return bundle;
  }

  /** An RFC 9162 inclusion proof of leaf {@code index} in the tree of {@code size} (at most the latest). */
  public InclusionProof inclusion(long index, long size) {
    TreeSize tree = checkSize(size);
    if (!tree.contains(index)) throw new LogNotFoundException("leaf " + index + " is not in a tree of size " + size);
    return MerkleTree.inclusionProof(nodes(tree), index, tree);
  }

  /** An RFC 9162 consistency proof between trees of {@code first} and {@code second} leaves. */
  public ConsistencyProof consistency(long first, long second) {
    if (first < 0 || first > second) throw new IllegalArgumentException("need 0 <= first <= second");
    TreeSize tree = checkSize(second);
    return MerkleTree.consistencyProof(nodes(tree), TreeSize.of(first), tree);
  }

  /**
   * A receipt for the version of an object stored in a collection, against the latest checkpoint;
   * without a version, for the version logged last. The caller decides whether the requester may
   * read the object.
   *
   * @throws LogNotFoundException when no such stored version was logged
   * @throws LogUnavailableException when it is logged but not yet in a signed checkpoint
   */
  public LogReceipt receipt(UUID collection, String stixId, Optional<String> version) {
    return receipt(OBJECT_KINDS, collection, stixId, version);
  }

  /**
   * A receipt for version {@code version} of the agreement with {@code peer} (an entry of kind
   * agreement, tlog/ENTRY-FORMAT.md), for that peer to hold.
   */
  public LogReceipt agreementReceipt(String peer, int version) {
    return receipt("3", Leaf.AGREEMENTS, Leaf.agreementId(peer), Optional.of(Integer.toString(version)));
  }

  /** A receipt asked for: a version of an object stored in a collection; without a version, the version logged last. */
  public record Asked(UUID collection, String stixId, Optional<String> version) {
    public Asked {
      Objects.requireNonNull(collection, "collection");
      Objects.requireNonNull(stixId, "stixId");
      Objects.requireNonNull(version, "version");
    }
  }

  /**
   * Receipts for many stored versions at once, in the order asked, all against one signed checkpoint
   * (the latest when called), whose tiles are read once for all of them and whose rows are looked up
   * on one connection: each is the receipt, or the failure {@link #receipt} would throw for it. The
   * caller decides, item by item, whether the requester may read the object.
   */
  public List<ReceiptAnswer> receipts(List<Asked> asked) {
    Published p = latest();
    List<Optional<Row>> rows = db.withConnection(c -> {
      List<Optional<Row>> found = new ArrayList<>(asked.size());
      for (Asked a : asked) found.add(find(c, OBJECT_KINDS, a.collection(), a.stixId(), a.version()));
      return found;
    });
    TileNodeReader nodes = nodes(p.checkpoint().size());
    List<ReceiptAnswer> answers = new ArrayList<>(asked.size());
    for (int i = 0; i < asked.size(); i++) {
      Asked a = asked.get(i);
      try {
        answers.add(new ReceiptAnswer.Issued(issue(p, nodes, a.collection(), a.stixId(), a.version(), rows.get(i))));
      } catch (LogNotFoundException | LogUnavailableException e) {
        answers.add(new ReceiptAnswer.Refused(e));
      }
    }
    return answers;
  }

  private record Row(long index, byte[] salt, String version, byte[] entry, String peer) {}

  private LogReceipt receipt(String kinds, UUID collection, String stixId, Optional<String> version) {
    Published p = latest();
    Optional<Row> row = db.withConnection(c -> find(c, kinds, collection, stixId, version));
    return issue(p, nodes(p.checkpoint().size()), collection, stixId, version, row);
  }

  private static Optional<Row> find(Connection c, String kinds, UUID collection, String stixId, Optional<String> version) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("select s.idx, s.salt, s.version, e.entry, s.peer from log_salt s"
        + " join log_entry e on e.idx = s.idx where s.collection_id = ? and s.stix_id = ? and s.kind in (" + kinds + ") and s.stored"
        + (version.isPresent() ? " and s.version = ?" : "") + " order by s.idx desc limit 1")) {
      s.setObject(1, collection);
      s.setString(2, stixId);
      if (version.isPresent()) s.setString(3, version.get());
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? Optional.of(new Row(r.getLong(1), r.getBytes(2), r.getString(3), r.getBytes(4), r.getString(5))) : Optional.empty();
      }
    }
  }

  private static LogReceipt issue(Published p, TileNodeReader nodes, UUID collection, String stixId, Optional<String> version, Optional<Row> row) {
    Row found = row.orElseThrow(() -> notLogged(collection, stixId, version));
    if (found.index() >= p.size()) {
      throw new LogUnavailableException("leaf " + found.index() + " is not yet in a signed checkpoint; retry in a second", false);
    }
    return new LogReceipt(Receipts.issue(found.index(), Salt.of(found.salt()), found.entry(), nodes, p.checkpoint(), p.note()),
        collection, stixId, found.version(), found.peer());
  }

  /**
   * The failure of a receipt for which no stored version was logged; also what a caller answers
   * when the requester may not know whether the collection exists.
   */
  public static LogNotFoundException notLogged(UUID collection, String stixId, Optional<String> version) {
    return new LogNotFoundException("no logged version of " + stixId + version.map(v -> " at " + v).orElse("") + " in collection " + collection);
  }

  private TreeSize checkSize(long size) {
    long latest = latest().size();
    if (size < 0) throw new IllegalArgumentException("a tree size is not negative");
    if (size > latest) throw new LogNotFoundException("tree size " + size + " is beyond the latest checkpoint (" + latest + ")");
    return TreeSize.of(size);
  }

  private TileNodeReader nodes(TreeSize size) {
    TileReader tiles = this::readTile;
    return new TileNodeReader(tiles, size, trees);
  }

  private byte[] readTile(TilePath.HashTile path) {
    String cacheKey = path.toPath();
    if (!path.isPartial()) {
      byte[] cached = state.cached(cacheKey);
      if (cached != null) return cached;
    }
    byte[] edge = state.edgeTile(path.level(), path.index());
    if (edge != null && edge.length >= path.width() * Hash.SIZE) return Arrays.copyOf(edge, path.width() * Hash.SIZE);
    byte[] data = db.withConnection(c -> LogRows.tile(c, path))
        .orElseThrow(() -> new TileUnavailableException(path.toPath(), "not stored although the checkpoint covers it"));
    if (!path.isPartial()) state.cache(cacheKey, data);
    return data;
  }

  private static void requireInTree(int level, long index, int width, long size, String what) {
    Optional<TilePath.HashTile> tile = Tiles.tile(level, index, TreeSize.of(size));
    if (tile.isEmpty() || tile.get().width() < width) {
      throw new LogNotFoundException(what + " is beyond the tree of the latest checkpoint (size " + size + ")");
    }
  }

}
