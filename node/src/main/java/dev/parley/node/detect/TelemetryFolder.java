package dev.parley.node.detect;

import dev.parley.detect.telemetry.Compressions;
import dev.parley.detect.telemetry.TelemetryFormat;
import dev.parley.detect.telemetry.TelemetryReader;
import dev.parley.ingest.detect.LiveIndicators;
import dev.parley.ingest.detect.TelemetryDetection;
import dev.parley.policy.Tlp;
import dev.parley.store.Stores;
import dev.parley.store.detect.DetectionStore;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code serve --telemetry-dir DIR}: follows every regular file of the folder (not its subfolders)
 * that appears or grows. Each round, a file that grew is read from where the last round stopped up
 * to its last whole line, as one detection run, and the position after that line is saved in the
 * database once the run's sightings are stored, so a restarted node resumes there.
 *
 * <p>A file is known by its identity, its device and inode ({@link #key}), not by its name: a file
 * renamed in the folder (a rotation, {@code conn.log} to {@code conn.log.1}) or the folder named by
 * another path (a symbolic link) is not read again. A followed file that leaves the folder (moved
 * out, or deleted) is read to its last whole line through the handle kept open on it ({@link #drain}). A new file under an old name is another file,
 * read from its start. A file shorter than its position, or whose first 4 KiB or the 4 KiB before
 * its position are no longer those read (truncated and written again, as {@code copytruncate}
 * does), is read from its start; so is a file of the size read whose time of modification moved
 * and whose bytes differ so. The
 * source of every run and of its records' ids is the folder (its real path), so a record counted
 * from any of its files is not counted again within the window (the source's memory).
 *
 * <p>The format comes from the first line when it tells ({@code #} lines are Zeek TSV; a JSON object
 * with {@code event_type} is EVE, with {@code _path} or {@code ts} and {@code uid} Zeek JSON, with
 * {@code @timestamp} ECS), else from the name ({@code eve*}, {@code *ecs*} and {@code .ndjson}, Zeek
 * log names and {@code .log}). A file that begins with a compressor's magic number (a rotated
 * {@code conn.log.gz}) is not followed, said once, unless it is a followed file that left, compressed
 * ({@link #rotated}): then its text past the position read is read. A Zeek TSV file resumed after its start is read with
 * the header in force where it stopped (its latest block before that point, kept with the position)
 * before the new lines; a malformed line is named by its number in the file. The telemetry is marked
 * TLP:AMBER. A file that cannot be read is reported once until it can; its malformed lines are logged
 * one by one up to {@value MalformedLines#SHOWN} a file, then counted in one line per look.
 */
final class TelemetryFolder implements AutoCloseable {
  private final Logger log;
  private final Stores stores;
  private final NodeDetection detection;
  private final Path dir;
  private final Duration poll;
  private final Map<String, DetectionStore.Position> positions = new HashMap<>();
  /** The files judged not telemetry, each with its time of modification when it was judged so. */
  private final Map<Path, FileTime> unknown = new HashMap<>();
  /** Runs this follower made (a file's growth read): how a look counts the new files it read. */
  private long runs;
  /** New files a look reads at most; the followed ones are looked at again before the rest. */
  static final int NEW_RUNS = 32;
  /**
   * The compressed files said (not followed, or read as a rotation), by identity: a rotation renamed
   * again ({@code conn.log.1.gz} to {@code conn.log.2.gz}, as logrotate shifts them) is the file said
   * before, and each rename of one already read as a rotation drew a WARN that text may be lost
   * (hostile run be D4).
   */
  private final Set<String> compressed = new HashSet<>();
  private final Set<Path> subfolders = new HashSet<>();
  private final MalformedLines malformed;
  private final Set<Path> failing = new HashSet<>();
  /**
   * The followed files that left the folder, by identity, while they wait to be found again in a
   * compressed rotation (see {@link #rotated}); each is kept for {@link #GONE_FOR}.
   */
  private final Map<String, Gone> gone = new HashMap<>();
  /**
   * The compressed files looked at, by identity and size (a compressed rotation renamed again is not
   * read again), each with whether its gzip data ended inside a member then: a rotation still being
   * written, tried again once it has grown.
   */
  private final Map<String, Boolean> compressedSeen = new HashMap<>();
  /** The format and name of each followed file, by identity, for when it leaves the folder. */
  private final Map<String, Followed> followed = new HashMap<>();
  private static final Duration GONE_FOR = Duration.ofHours(1);
  /**
   * Per file identity, the time of modification when its bytes were last read or compared: a file
   * of the size already read is compared again only when it moved.
   */
  private final Map<String, FileTime> seen = new HashMap<>();
  /** The source of every run: the folder's real path. */
  private final String source;
  private final Thread thread;
  private final Object rounds = new Object();
  private long round;
  private final AtomicLong recordsRead = new AtomicLong();
  private volatile boolean closed;
  /** The TLP its telemetry is marked with. */
  private final Tlp tlp;

  private TelemetryFolder(Stores stores, NodeDetection detection, Path dir, Tlp tlp, Duration poll, Logger log) {
    this.log = log;
    this.tlp = tlp;
    this.malformed = new MalformedLines(log);
    this.stores = stores;
    this.detection = detection;
    this.dir = dir.toAbsolutePath().normalize();
    String real;
    try {
      real = this.dir.toRealPath().toString();
    } catch (IOException e) {
      real = this.dir.toString();
    }
    this.source = TelemetryDetection.folderSource(Path.of(real));
    this.poll = poll;
    this.thread = new Thread(this::follow, "parley-telemetry-folder");
    thread.setDaemon(true);
  }

  static TelemetryFolder start(Stores stores, NodeDetection detection, Path dir, Duration poll) {
    return start(stores, detection, dir, Tlp.AMBER, poll, LoggerFactory.getLogger(TelemetryFolder.class));
  }

  /** As above, its telemetry marked {@code tlp} (a sighting carries the stricter of it and its indicator's). */
  static TelemetryFolder start(Stores stores, NodeDetection detection, Path dir, Tlp tlp, Duration poll) {
    return start(stores, detection, dir, tlp, poll, LoggerFactory.getLogger(TelemetryFolder.class));
  }

  /** As above, telling what it skipped and the malformed lines it read to {@code log}. */
  static TelemetryFolder start(Stores stores, NodeDetection detection, Path dir, Duration poll, Logger log) {
    return start(stores, detection, dir, Tlp.AMBER, poll, log);
  }

  private static TelemetryFolder start(Stores stores, NodeDetection detection, Path dir, Tlp tlp, Duration poll, Logger log) {
    TelemetryFolder f = new TelemetryFolder(stores, detection, dir, tlp, poll, log);
    f.thread.start();
    return f;
  }

  /** Records read from the folder since this follower started. */
  long recordsRead() {
    return recordsRead.get();
  }

  /** Waits until a round that started after this call has finished. */
  void awaitRound() throws InterruptedException {
    synchronized (rounds) {
      long target = round + 2;
      while (round < target && !closed) rounds.wait();
    }
  }

  private void follow() {
    while (!closed) {
      try {
        scan();
      } catch (RuntimeException e) {
        log.warn("following {}: {}", dir, e.getMessage());
      }
      synchronized (rounds) {
        round++;
        rounds.notifyAll();
      }
      try {
        Thread.sleep(poll.toMillis());
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** The folder's source, held across processes from the first run of a look to its end ({@link #holdSource}); null between. */
  private AutoCloseable held;

  /**
   * Holds the folder's source for the rest of the look, waiting while a {@code parley detect --store}
   * over one of its files runs, and takes in what such runs counted: their records are repeats here
   * (hostile run 10q: a file stored by detect --store before the node reached it was counted twice).
   */
  private void holdSource() {
    if (held != null) return;
    held = detection.runs().holdSource(source, () -> log.info("waiting for another process's run over {} (parley detect --store) to end", dir));
    detection.runs().learnCounted(source);
  }

  private void scan() {
    try {
      look();
    } finally {
      if (held != null) {
        try {
          held.close();
        } catch (Exception e) {
          log.debug("letting go of {}: {}", source, e.toString());
        }
        held = null;
      }
    }
  }

  private void look() {
    List<Path> files;
    try (Stream<Path> list = Files.list(dir)) {
      List<Path> all = list.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
      files = all.stream().filter(Files::isRegularFile).toList();
      for (Path p : all) {
        // Zeek's logs/ holds a folder per day of rotated logs: said once, so an operator who pointed
        // the node at logs/ rather than logs/current/ knows why nothing is read
        if (Files.isDirectory(p) && subfolders.add(p)) log.info("{} is a folder: not followed (only the files of {} are)", p, dir);
      }
    } catch (IOException e) {
      log.warn("cannot list {}: {}", dir, e.getMessage());
      return;
    }
    // each file's identity and compression first: a followed file whose identity is gone, or taken by
    // compressed data, has left before any compressed file is looked at, and the text files are read
    // (and a truncation seen) before the compressed ones
    Map<Path, String> keys = new HashMap<>();
    Map<Path, BasicFileAttributes> attributes = new HashMap<>();
    Map<Path, String> compressions = new HashMap<>();
    for (Path file : files) {
      try {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
        String key = key(a, file);
        keys.put(file, key);
        attributes.put(file, a);
        String compression = compressionOf(file, key, a);
        if (!compression.isEmpty()) compressions.put(file, compression);
      } catch (IOException e) {
        // gone between the listing and now, or unreadable: said when it is followed
      }
    }
    Set<String> present = new HashSet<>();
    keys.forEach((file, key) -> {
      if (!compressions.containsKey(file)) present.add(key);
    });
    leaving(present, new HashSet<>(keys.values()));
    // the files followed already first, then the new ones: a hit appended to a followed file waited behind 1,000
    // new files, a run each, 29.6 s (hostile run 12p)
    List<Path> ordered = new ArrayList<>(files.size());
    Set<Path> fresh = new HashSet<>();
    for (Path file : files) if (positions.containsKey(keys.get(file))) ordered.add(file);
    for (Path file : files) {
      if (positions.containsKey(keys.get(file))) continue;
      ordered.add(file);
      fresh.add(file);
    }
    int freshRuns = 0;
    for (int pass = 0; pass < 2; pass++) {
      for (Path file : ordered) {
        if (closed) return;
        // and at most NEW_RUNS new files read a look: the rest wait for the next, which looks at the followed ones again
        if (fresh.contains(file) && freshRuns >= NEW_RUNS) continue;
        long before = runs;
        String compression = compressions.get(file);
        if ((compression == null) != (pass == 0)) continue;
        try {
          String key = keys.get(file);
          if (key == null) key = key(file);
          if (compression == null) follow(file, key, attributes.get(file));
          else compressedFile(file, key, compression);
          failing.remove(file);
          if (fresh.contains(file) && runs > before) freshRuns++;
        } catch (IOException | UncheckedIOException e) {
          // a read cut short by the node stopping is no failure of the file (hostile run 12o: "cannot read x: null")
          if (closed) return;
          if (e instanceof NoSuchFileException || e.getCause() instanceof NoSuchFileException || Files.notExists(file)) {
            // it left the folder between the listing and now: what it held is read from the handle kept (hostile run 10q:
            // "cannot read x: x" after a file moved out was read to its end); also when opened by its name as it was
            // renamed (FileNotFoundException, "x (No such file or directory)", which a rotation test saw at WARN)
            log.debug("{} left the folder while it was looked at", file);
            continue;
          }
          if (e instanceof EOFException || e.getCause() instanceof EOFException) {
            // truncated while it was read (copytruncate): the next look reads it again from its start (hostile run 12az D4:
            // "cannot read x: java.io.EOFException" at WARN, for what is an ordinary rotation)
            log.info("{} was cut short while it was read (truncated?): looked at again next look", file);
            continue;
          }
          if (failing.add(file)) log.warn("cannot read {}: {}", file, e.getMessage() != null ? e.getMessage() : e.toString());
        }
      }
    }
  }

  /**
   * A followed file's identity: its device and inode where the file system has them (a rename keeps
   * it), else its real path.
   */
  static String key(Path file) throws IOException {
    return key(Files.readAttributes(file, BasicFileAttributes.class), file);
  }

  private static String key(BasicFileAttributes a, Path file) throws IOException {
    Object id = a.fileKey();
    return id != null ? "file " + id : "path " + file.toRealPath();
  }

  /** What a file's first bytes said of its compression ("" for none), while its size and time of modification stay. */
  private record Kind(long size, FileTime modified, String compression) {}

  /** Per file identity, its {@link Kind}: a file is opened for its magic number when it changed, not at every look. */
  private final Map<String, Kind> kinds = new HashMap<>();

  /** The compression the file begins with, "" for none (its first bytes read again only when it changed). */
  private String compressionOf(Path file, String key, BasicFileAttributes a) throws IOException {
    Kind known = kinds.get(key);
    if (known != null && known.size() == a.size() && known.modified().equals(a.lastModifiedTime())) return known.compression();
    String compression = TelemetryFiles.compression(file).orElse("");
    kinds.put(key, new Kind(a.size(), a.lastModifiedTime(), compression));
    return compression;
  }

  /**
   * A digest of the file's first {@code min(length, 4096)} bytes and of the 4,096 bytes before
   * {@code length} (the last read), or null for none: a file written again in place differs in one
   * or the other, unless it repeats the first 4 KiB and the last line read at the same offsets.
   */
  private static String head(RandomAccessFile raf, long length) throws IOException {
    if (length == 0) return null;
    byte[] first = new byte[(int) Math.min(length, HEAD)];
    raf.seek(0);
    raf.readFully(first);
    byte[] last = null;
    if (length > HEAD) {
      last = new byte[HEAD];
      raf.seek(length - HEAD);
      raf.readFully(last);
    }
    return digest(first, last);
  }

  /** The digest {@link #head} keeps: of the first bytes, then of the 4 KiB before the length (null: it is no longer than 4 KiB). */
  private static String digest(byte[] first, byte[] last) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(first);
      if (last != null) sha.update(last);
      return HexFormat.of().formatHex(sha.digest(), 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static final int HEAD = 4096;
  private static final DetectionStore.Position START = new DetectionStore.Position(0, 0);

  /**
   * The followed files no longer in the folder (renamed out of it, deleted once compressed, or their
   * identity taken by compressed data: {@code present} holds the text files' identities) become
   * {@link #gone}; their positions leave memory (the database keeps them), and a gone file waits an
   * hour at most to be found in a compressed rotation.
   */
  private void leaving(Set<String> present, Set<String> all) {
    Instant now = Instant.now();
    gone.values().removeIf(g -> g.since().plus(GONE_FOR).isBefore(now));
    compressedSeen.keySet().removeIf(k -> !all.contains(k.substring(0, k.lastIndexOf(' '))));
    compressed.retainAll(all);
    kinds.keySet().retainAll(all);
    List<Map.Entry<String, DetectionStore.Position>> leaving = new ArrayList<>();
    for (var e : positions.entrySet()) if (!present.contains(e.getKey())) leaving.add(e);
    for (var e : leaving) {
      // out of the folder (not its identity taken by compressed data there): what it grew by is still read
      DetectionStore.Position at = all.contains(e.getKey()) ? e.getValue() : drain(e.getKey(), e.getValue());
      closeHandle(e.getKey());
      positions.remove(e.getKey());
      seen.remove(e.getKey());
      left(e.getKey(), at);
    }
  }

  /**
   * The text that a followed file held up to {@code at} is no longer under its identity (truncated and
   * written again, as {@code copytruncate} does, or its inode taken by another file): it may come back
   * compressed ({@link #rotated}).
   */
  private void left(String key, DetectionStore.Position at) {
    Followed f = followed.remove(key);
    if (f != null && at.bytes() > 0 && at.head() != null) gone.put(key, new Gone(at, f, Instant.now()));
  }

  /**
   * A compressed file: not followed, said once; unless it is a followed file that left, compressed
   * ({@link #rotated}). A gzip file is tried once under its identity and size (a rotation renamed again
   * is the same file); one whose data ended inside a member, while followed files that left wait to
   * be found, is still being written: tried again when it has grown, and said nothing of till then
   * (a rotation first seen half written was said not followed, and the lines it held past those read
   * were lost).
   */
  private void compressedFile(Path file, String key, String compression) throws IOException {
    String seenAs = key + " " + Files.size(file);
    Boolean cutShort = compressedSeen.get(seenAs);
    if (cutShort == null) {
      Rotation rotation = compression.equals("gzip") && !gone.isEmpty() ? rotated(file) : Rotation.NONE;
      if (rotation == Rotation.FOUND) {
        compressedSeen.put(seenAs, false);
        compressed.add(key); // said: it was read as the rotation it is, not "not followed" at the next look, nor once renamed
        return;
      }
      cutShort = rotation == Rotation.CUT_SHORT;
      compressedSeen.put(seenAs, cutShort);
    }
    if (cutShort && !gone.isEmpty()) {
      log.debug("{}: gzip data that ends inside a member, being written maybe: looked at again when it grows", file);
      return;
    }
    if (!compressed.add(key)) return;
    List<String> left = compression.equals("gzip") ? leftRead() : List.of();
    if (Compressions.isEncoding(compression)) {
      log.warn("{}: {} text, not UTF-8; not followed (convert it: iconv -f {} -t UTF-8)", file, compression, compression);
    } else if (!left.isEmpty()) {
      // a file that left may be this one, written again before it was compressed: what the node never saw is said, not lost in
      // silence (hostile run 12ba D6: truncated, rewritten and gzip-rotated within one look)
      log.warn("{}: gzip data that holds none of the files that left the folder ({}) as it was read: not followed; if it is one"
          + " of them, written again before it was compressed, what was written after the last look is not read", file, String.join(", ", left));
    } else {
      log.info("{}: {} compressed (a rotated log?), not text telemetry; not followed", file, compression);
    }
  }

  /**
   * Where a file read again from its start begins: at its start, with the Zeek TSV header that was in
   * force, kept for a file that now begins with no header of its own ({@code copytruncate} leaves the
   * writer appending records to the emptied file, and a hostile run's 400 lines were each malformed).
   */
  private static DetectionStore.Position restart(DetectionStore.Position at) {
    return at.header() == null || at.header().isEmpty() ? START : new DetectionStore.Position(0, 0, null, at.header());
  }

  private record Followed(TelemetryFormat format, String name) {}

  private record Gone(DetectionStore.Position at, Followed file, Instant since) {}

  /**
   * One look at a followed file, its attributes {@code a} read in this look (null: read here): one
   * status of each file a look, as the look's cost grows with the files of the folder.
   */
  private void follow(Path file, String key, BasicFileAttributes a) throws IOException {
    if (a == null) a = Files.readAttributes(file, BasicFileAttributes.class);
    compressed.remove(file);
    DetectionStore.Position at = positions.get(key);
    if (at == null) {
      at = stores.detection().position(key).orElse(null);
      if (at == null) {
        // a position saved before files were known by identity (V49) was saved under the path: it moves to
        // the identity, once, so that a file made later under that name is not taken for it
        at = stores.detection().position(file.toString()).orElse(START);
        if (at != START) {
          stores.detection().savePosition(key, at);
          stores.detection().forgetPosition(file.toString());
        }
      }
      positions.put(key, at);
    }
    long size = a.size();
    if (size < at.bytes()) {
      log.info("{} is shorter than where it was read up to: read again from its start", file);
      left(key, at);
      at = restart(at);
      // kept at once: a file emptied by copytruncate may stay empty for hours, and was said shorter at every look
      positions.put(key, at);
      stores.detection().savePosition(key, at);
    }
    if (size == at.bytes()) {
      // nothing new, unless the file was written again to exactly the size read: its head then differs
      FileTime modified = a.lastModifiedTime();
      if (at.head() == null || modified.equals(seen.put(key, modified))) return;
      RandomAccessFile cached = handles.get(key);
      try (RandomAccessFile opened = cached == null ? openAs(file, key) : null) {
        RandomAccessFile raf = cached != null ? cached : opened;
        if (raf == null || at.head().equals(head(raf, size))) return; // null: the name is another file's now
      }
      log.info("{} begins with other bytes than those read: written again, read from its start", file);
      left(key, at);
      at = restart(at);
    }
    // a file judged not telemetry is judged again when it changes, not read at every look
    if (a.lastModifiedTime().equals(unknown.get(file))) return;
    // a file never read is first compared with the followed ones: a copy of one (copytruncate's) is read from where that
    // one was read up to, with the header in force there, whatever its name or first line tell (hostile run 12ba D5: the
    // copies of conn.log, Zeek by their name, were read from their start without the header, every line malformed)
    Earlier copy = at.bytes() == 0 && !followed.containsKey(key) ? copyOf(file, key, size) : null;
    Optional<TelemetryFormat> format = copy != null ? Optional.of(copy.file().format()) : TelemetryFiles.format(file);
    if (copy != null) {
      log.info("{} begins as {} did up to where it was read (line {}): a copy of it, read from there", file, copy.file().name(),
          copy.at().lines());
      unknown.remove(file);
      at = copy.at();
      positions.put(key, at);
      stores.detection().savePosition(key, at);
    } else if (format.isEmpty()) {
      // a file whose first line is still being written is judged once it is whole (a hostile run saw
      // a WARN that the file was not telemetry, then the file followed a moment later)
      if (!unknown.containsKey(file) && !TelemetryFiles.firstLineWritten(file)) return;
      // and one that has begun with a compressor's magic number since the look read its first bytes (a rotation that
      // gzip writes, whose first byte alone was there then) is the next look's, as compressed data (hostile run 12aa)
      if (TelemetryFiles.compression(file).isPresent()) return;
      if (followed.containsKey(key)) {
        format = Optional.of(followed.get(key).format());
      } else {
        if (unknown.put(file, a.lastModifiedTime()) == null) log.warn("{}: not telemetry of a format told by its name or first line; not followed", file);
        return;
      }
    }
    if (unknown.remove(file) != null) {
      log.info("{}: telemetry after all ({}), followed from its start", file, format.get());
    }
    Followed followedNow = new Followed(format.get(), file.toString());
    followed.put(key, followedNow);
    RandomAccessFile raf = handles.get(key);
    if (raf == null) {
      raf = openAs(file, key);
      if (raf == null) return;
      handles.put(key, raf);
    }
    try {
      if (at.head() != null && !at.head().equals(head(raf, at.bytes()))) {
        log.info("{} begins with other bytes than those read: written again, read from its start", file);
        left(key, at);
        // followed still, under its identity: what it grows by before it leaves is read (hostile run 12az D1: lost)
        followed.put(key, followedNow);
        at = restart(at);
      }
      readOn(key, file.toString(), format.get(), raf, at, size);
    } catch (IOException | RuntimeException e) {
      closeHandle(key);
      throw e;
    }
  }

  /** A followed file, present or gone ({@link #gone}), under its identity, and where it was read up to. */
  private record Earlier(String key, Followed file, DetectionStore.Position at) {}

  /**
   * The files another file may hold the text of up to where they were read (their kept head): those
   * gone, the latest gone first, then, with {@code followedToo}, those followed; never the file {@code
   * key} itself (its own text before it was emptied is no copy of a file). Both a compressed rotation
   * ({@link #rotated}) and a copy ({@link #copyOf}) are found among them by the kept head.
   */
  private List<Earlier> earlier(String key, boolean followedToo) {
    List<Earlier> out = new ArrayList<>();
    List<Map.Entry<String, Gone>> left = new ArrayList<>(gone.entrySet());
    left.sort(Map.Entry.comparingByValue(Comparator.comparing(Gone::since).reversed()));
    for (var g : left) out.add(new Earlier(g.getKey(), g.getValue().file(), g.getValue().at()));
    if (followedToo) {
      for (var f : followed.entrySet()) {
        DetectionStore.Position at = positions.get(f.getKey());
        if (at != null) out.add(new Earlier(f.getKey(), f.getValue(), at));
      }
    }
    out.removeIf(e -> e.key().equals(key) || e.at().head() == null || e.at().bytes() == 0);
    return out;
  }

  /** The names of the files that left the folder with text read, the latest gone first. */
  private List<String> leftRead() {
    List<String> names = new ArrayList<>();
    for (Earlier e : earlier(null, false)) names.add(e.file().name());
    return names;
  }

  /**
   * The followed file, present or gone, whose text {@code file} holds up to where it was read (the
   * digest of the first 4 KiB and the 4 KiB before that position), or null: a copy of it, as
   * logrotate's {@code copytruncate} makes before emptying it, to be read from that position with the
   * header in force there. What it holds past the position that the file also gave is a repeat,
   * counted once (the folder is the source of every file's records).
   */
  private Earlier copyOf(Path file, String key, long size) throws IOException {
    List<Earlier> candidates = earlier(key, true);
    if (candidates.isEmpty()) return null;
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
      for (Earlier c : candidates) {
        if (c.at().bytes() <= size && c.at().head().equals(head(raf, c.at().bytes()))) return c;
      }
    }
    return null;
  }

  /**
   * The file under {@code file}'s name opened, when the name still has the identity {@code key} it had
   * when the folder was listed; null when it has moved to another file meanwhile (a rotation renamed it
   * and made a new one), which the next look sees as it is. A handle opened by the name read the new
   * file's lines under the old identity, and its head, compared by the name, said the old file was
   * "written again" (or the new, empty one could not be read: EOFException): hostile run 12v lost whole
   * rotated files of four formats rotated at once.
   */
  private RandomAccessFile openAs(Path file, String key) throws IOException {
    RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r");
    String now;
    try {
      now = key(file);
    } catch (IOException gone) {
      now = null;
    }
    if (key.equals(now)) return raf;
    raf.close();
    log.debug("{} is another file than when the folder was listed: looked at again next look", file);
    return null;
  }

  /**
   * Reads the file behind {@code raf} from {@code at} to its last whole line before {@code size} as one
   * run, and keeps the position after it (in memory and in the database).
   */
  private void readOn(String key, String name, TelemetryFormat format, RandomAccessFile raf, DetectionStore.Position at, long size)
      throws IOException {
    long end = lastLineEnd(raf, at.bytes(), size);
    if (end <= at.bytes()) return; // no whole line yet
    if (at.bytes() == 0 && at.header() != null) {
      raf.seek(0);
      if (raf.read() == '#') at = START; // a header of its own: the one kept is not in force
    }
    if (at.bytes() > 0 && at.header() == null) {
      at = new DetectionStore.Position(at.bytes(), at.lines(), at.head(), headerBefore(raf, at.bytes(), format, name));
      positions.put(key, at);
    }
    raf.seek(at.bytes());
    InputStream slice = new Bounded(Channels.newInputStream(raf.getChannel()), end - at.bytes());
    runs++;
    Read read = read(key, name, format, at, slice);
    DetectionStore.Position next = new DetectionStore.Position(end, read.lines(), head(raf, end), read.header());
    stores.detection().savePosition(key, next);
    positions.put(key, next);
    read.thenThrow();
  }

  /**
   * A followed file that left the folder (moved out, or deleted) between two looks: the whole lines
   * written to it since the last look are read through its handle, which still reaches it, so that a
   * writer's last lines before an archiver moved the file are not lost (hostile run 12n). Returns the
   * position it was read up to.
   */
  private DetectionStore.Position drain(String key, DetectionStore.Position at) {
    RandomAccessFile raf = handles.remove(key);
    Followed f = followed.get(key);
    if (raf == null || f == null) {
      closeQuietly(raf);
      return at;
    }
    try {
      long size = raf.length();
      if (size <= at.bytes() || at.head() != null && !at.head().equals(head(raf, at.bytes()))) return at;
      readOn(key, f.name() + " (since moved out of the folder)", f.format(), raf, at, size);
      return positions.getOrDefault(key, at);
    } catch (IOException | RuntimeException e) {
      log.warn("{} left the folder; its last lines could not be read: {}", f.name(), e.getMessage());
      return at;
    } finally {
      closeQuietly(raf);
    }
  }

  /**
   * The open handles of followed files, by identity, the most recently used last; at most {@link
   * #HANDLES}: past that the least recently used is closed (a file without a handle that leaves the
   * folder takes the lines written since the last look with it).
   */
  private final Map<String, RandomAccessFile> handles = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, RandomAccessFile> eldest) {
      if (size() <= HANDLES) return false;
      closeQuietly(eldest.getValue());
      return true;
    }
  };

  static final int HANDLES = 256;

  private void closeHandle(String key) {
    closeQuietly(handles.remove(key));
  }

  private static void closeQuietly(RandomAccessFile raf) {
    if (raf == null) return;
    try {
      raf.close();
    } catch (IOException e) {
      // a handle only read from: nothing is lost
    }
  }

  /**
   * What a run over a slice read: the lines up to its end, the header in force there, and, when its
   * sightings could not be stored (the node stopping), that failure: its records were recorded as
   * counted, and its sightings are kept and stored by a later run, so the position moves on all the
   * same, with the header, and the failure is thrown after it is saved.
   */
  private record Read(long lines, String header, TelemetryDetection.Unstored unstored) {
    /** Throws the run's failure to store, if any. */
    void thenThrow() {
      if (unstored != null) throw unstored;
    }
  }

  /**
   * One run over {@code slice}, the file's bytes from {@code at} on: the header in force there is read
   * again before them. Returns the lines of the file read up to the slice's end, and the header in
   * force there.
   */
  private Read read(String key, String name, TelemetryFormat format, DetectionStore.Position at, InputStream slice) throws IOException {
    // the header in force at the position: kept with it, or, at the start of a file read again, the one it had
    byte[] header = at.header() != null && (at.bytes() > 0 || !at.header().isEmpty()) ? at.header().getBytes(StandardCharsets.UTF_8) : new byte[0];
    long headerLines = count(header);
    InputStream in = header.length == 0 ? slice : new SequenceInputStream(new ByteArrayInputStream(header), slice);
    holdSource();
    LiveIndicators.Snapshot snapshot = detection.indicators().current();
    // the lines before the slice: the file's own, less the header read again before them
    long before = at.lines() - headerLines;
    TelemetryDetection.Result result;
    long[] lines = {0};
    String resume;
    MalformedLines.Look look = malformed.look(key, name);
    // the folder is the source of the records' ids too: a line copied into another file of the folder
    // (a rotation that keeps the copy, copytruncate) is the same record, a repeat
    TelemetryDetection.Unstored unstored = null;
    try (TelemetryReader reader = format.open(new CountingLines(in, lines), source, name)) {
      try {
        result = detection.runs().run(reader, source, tlp, snapshot, true, bad -> look.malformed(before + bad.line(), bad.reason()));
      } catch (TelemetryDetection.Unstored e) {
        // read to its end and counted: where it ended, and the header, are kept (hostile run bb D2: a node stopped during a
        // Zeek file's first look kept no position, and the file truncated by copytruncate meanwhile was read again from its
        // start without the header, every line malformed)
        unstored = e;
        result = null;
      }
      // the header in force at the end of the slice, where the next look starts (a later block than the file's first, maybe)
      resume = new String(reader.preamble(), StandardCharsets.UTF_8);
    } finally {
      look.end();
    }
    if (result == null) return new Read(before + lines[0], resume, unstored);
    recordsRead.addAndGet(result.records());
    if (!result.sightings().isEmpty()) {
      log.info("{}: {} records read, {} sightings{}", name, result.records(), result.sightings().size(),
          result.held() == 0 ? "" : " (" + result.held() + " held past their indicators' owners' budgets, merged with later hits)");
    }
    return new Read(before + lines[0], resume, null);
  }

  /**
   * A gzip file new to the folder that is a followed file which left it, compressed (logrotate
   * without {@code delaycompress}: {@code conn.log} renamed and compressed to {@code conn.log.1.gz}
   * between two looks, the lines written since the last look only there): its text from where that
   * file was read up to is read, as the file would have been. It is that file when its text has, at
   * the position read up to, the digest of the first 4 KiB and the 4 KiB before the position that
   * was kept with it. Each gone file is tried, the latest gone first; one found is not tried again.
   * Whether one was found, or the data ended inside a member before one was (a rotation still being
   * written: nothing of it is stored, and the gone files wait), or neither (compressed data, not
   * followed).
   */
  private Rotation rotated(Path file) throws IOException {
    boolean cutShort = false;
    for (Earlier c : earlier(null, false)) {
      DetectionStore.Position at = c.at();
      try (InputStream text = DecodedBody.bounded(Files.newInputStream(file), Compressions::decompressed, "gzip")) {
        String head;
        try {
          head = head(text, at.bytes());
        } catch (IOException e) {
          // not whole gzip data up to the position: not that file, or not yet
          cutShort |= cutShort(e);
          continue;
        }
        if (!at.head().equals(head)) continue;
        String name = file + " (" + c.file().name() + " compressed)";
        DetectionStore.Position resumed = at.header() != null ? at
            : new DetectionStore.Position(at.bytes(), at.lines(), at.head(), "");
        try {
          Read read = read(c.key(), name, c.file().format(), resumed, text);
          if (read.unstored() != null) {
            gone.remove(c.key());
            stores.detection().forgetPosition(c.key());
            read.thenThrow();
          }
        } catch (IOException | UncheckedIOException e) {
          if (cutShort(e)) return Rotation.CUT_SHORT; // the run stored nothing: read whole when the rest is written
          gone.remove(c.key());
          throw e;
        }
        gone.remove(c.key());
        log.info("{} is {} rotated and compressed: read from where it was read up to (line {})", file,
            c.file().name(), at.lines());
        stores.detection().forgetPosition(c.key());
        return Rotation.FOUND;
      }
    }
    return cutShort ? Rotation.CUT_SHORT : Rotation.NONE;
  }

  /** What {@link #rotated} found of a compressed file. */
  private enum Rotation { FOUND, CUT_SHORT, NONE }

  /** Whether a failure is gzip data that ended inside a member, all of it whole before that. */
  private static boolean cutShort(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof Compressions.DamagedDataException d) return d.cutShort();
    }
    return false;
  }

  /**
   * {@link #head(RandomAccessFile, long)} of a stream's first {@code length} bytes, read from it (it
   * is left just after them); null when it ends before.
   */
  private static String head(InputStream in, long length) throws IOException {
    if (length == 0) return null;
    if (length <= 2 * HEAD) {
      // the first 4 KiB and the last meet or overlap: the bytes read whole
      byte[] all = in.readNBytes((int) length);
      if (all.length < length) return null;
      byte[] first = Arrays.copyOf(all, (int) Math.min(length, HEAD));
      return digest(first, length > HEAD ? Arrays.copyOfRange(all, (int) length - HEAD, (int) length) : null);
    }
    byte[] first = in.readNBytes(HEAD);
    if (first.length < HEAD) return null;
    in.skipNBytes(length - 2 * HEAD);
    byte[] last = in.readNBytes(HEAD);
    return last.length < HEAD ? null : digest(first, last);
  }

  /** The offset just after the last newline in [from, size), or {@code from} when there is none. */
  private static long lastLineEnd(RandomAccessFile raf, long from, long size) throws IOException {
    byte[] buf = new byte[64 * 1024];
    long pos = size;
    while (pos > from) {
      int n = (int) Math.min(buf.length, pos - from);
      raf.seek(pos - n);
      raf.readFully(buf, 0, n);
      for (int i = n - 1; i >= 0; i--) if (buf[i] == '\n') return pos - n + i + 1;
      pos -= n;
    }
    return from;
  }

  /**
   * The header in force at {@code bytes} for a position saved before it was kept (V60): the file's
   * {@code #} lines before it, read once as its reader reads them. Empty for a format without one.
   */
  private String headerBefore(RandomAccessFile raf, long bytes, TelemetryFormat format, String name) throws IOException {
    if (format != TelemetryFormat.ZEEK) return "";
    raf.seek(0);
    InputStream hashed = new HeaderLines(new Bounded(Channels.newInputStream(raf.getChannel()), bytes));
    try (TelemetryReader reader = format.open(hashed, source, name)) {
      while (reader.read() != null) {
        // a header line is no item: the reader only takes in the header
      }
      return new String(reader.preamble(), StandardCharsets.UTF_8);
    }
  }

  private static long count(byte[] bytes) {
    long n = 0;
    for (byte b : bytes) if (b == '\n') n++;
    return n;
  }

  @Override
  public void close() {
    closed = true;
    thread.interrupt();
    synchronized (rounds) {
      rounds.notifyAll();
    }
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (!thread.isAlive()) {
      for (RandomAccessFile raf : handles.values()) closeQuietly(raf);
      handles.clear();
    }
  }

  /** At most {@code limit} bytes of a stream. */
  private static final class Bounded extends InputStream {
    private final InputStream in;
    private long left;

    Bounded(InputStream in, long limit) {
      this.in = in;
      this.left = limit;
    }

    @Override
    public int read() throws IOException {
      if (left <= 0) return -1;
      int b = in.read();
      if (b >= 0) left--;
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (left <= 0) return -1;
      int n = in.read(b, off, (int) Math.min(len, left));
      if (n > 0) left -= n;
      return n;
    }
  }

  /** Only the lines of a stream that start with {@code #}. */
  private static final class HeaderLines extends InputStream {
    private final InputStream in;
    private boolean lineStart = true;
    private boolean keep;

    HeaderLines(InputStream in) {
      this.in = in;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) return 0;
      while (true) {
        int n = in.read(b, off, len);
        if (n < 0) return -1;
        int kept = off;
        for (int i = off; i < off + n; i++) {
          byte c = b[i];
          if (lineStart) keep = c == '#';
          lineStart = c == '\n';
          if (keep) b[kept++] = c;
        }
        if (kept > off) return kept - off;
      }
    }
  }

  /** Counts the newlines that pass. */
  private static final class CountingLines extends FilterInputStream {
    private final long[] lines;

    CountingLines(InputStream in, long[] lines) {
      super(in);
      this.lines = lines;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b == '\n') lines[0]++;
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      for (int i = 0; i < n; i++) if (b[off + i] == '\n') lines[0]++;
      return n;
    }
  }
}
