package dev.parley.node.detect;

import dev.parley.detect.telemetry.TelemetryFormat;
import dev.parley.detect.telemetry.TelemetryReader;
import dev.parley.ingest.detect.LiveIndicators;
import dev.parley.ingest.detect.TelemetryDetection;
import dev.parley.policy.Tlp;
import dev.parley.store.Stores;
import dev.parley.store.detect.DetectionStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
 * another path (a symbolic link) is not read again. A new file under an old name is another file,
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
 * log names and {@code .log}). A Zeek TSV file resumed after its start is read with its leading
 * header block before the new lines. The telemetry is marked TLP:AMBER. A file that cannot be read
 * is reported once until it can.
 */
final class TelemetryFolder implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TelemetryFolder.class);
  private static final List<String> ZEEK_LOGS = List.of("conn", "dns", "http", "ssl", "files", "x509", "smtp", "weird", "notice");

  private final Stores stores;
  private final NodeDetection detection;
  private final Path dir;
  private final Duration poll;
  private final Map<String, DetectionStore.Position> positions = new HashMap<>();
  private final Set<Path> unknown = new HashSet<>();
  private final Set<Path> failing = new HashSet<>();
  /**
   * Per file identity, the time of modification when its bytes were last read or compared: a file
   * of the size already read is compared again only when it moved.
   */
  private final Map<String, java.nio.file.attribute.FileTime> seen = new HashMap<>();
  /** The source of every run: the folder's real path. */
  private final String source;
  private final Thread thread;
  private final Object rounds = new Object();
  private long round;
  private final java.util.concurrent.atomic.AtomicLong recordsRead = new java.util.concurrent.atomic.AtomicLong();
  private volatile boolean closed;

  private TelemetryFolder(Stores stores, NodeDetection detection, Path dir, Duration poll) {
    this.stores = stores;
    this.detection = detection;
    this.dir = dir.toAbsolutePath().normalize();
    String real;
    try {
      real = this.dir.toRealPath().toString();
    } catch (IOException e) {
      real = this.dir.toString();
    }
    this.source = "telemetry-dir " + real;
    this.poll = poll;
    this.thread = new Thread(this::follow, "parley-telemetry-folder");
    thread.setDaemon(true);
  }

  static TelemetryFolder start(Stores stores, NodeDetection detection, Path dir, Duration poll) {
    TelemetryFolder f = new TelemetryFolder(stores, detection, dir, poll);
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
        LOG.warn("following {}: {}", dir, e.getMessage());
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

  private void scan() {
    List<Path> files;
    try (Stream<Path> list = Files.list(dir)) {
      files = list.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
    } catch (IOException e) {
      LOG.warn("cannot list {}: {}", dir, e.getMessage());
      return;
    }
    for (Path file : files) {
      if (closed) return;
      try {
        follow(file);
        failing.remove(file);
      } catch (IOException | UncheckedIOException e) {
        if (failing.add(file)) LOG.warn("cannot read {}: {}", file, e.getMessage());
      }
    }
  }

  /**
   * A followed file's identity: its device and inode where the file system has them (a rename keeps
   * it), else its real path.
   */
  static String key(Path file) throws IOException {
    Object id = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
    return id != null ? "file " + id : "path " + file.toRealPath();
  }

  /**
   * A digest of the file's first {@code min(length, 4096)} bytes and of the 4,096 bytes before
   * {@code length} (the last read), or null for none: a file written again in place differs in one
   * or the other, unless it repeats the first 4 KiB and the last line read at the same offsets.
   */
  private static String head(RandomAccessFile raf, long length) throws IOException {
    if (length == 0) return null;
    try {
      java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
      int n = (int) Math.min(length, HEAD);
      byte[] bytes = new byte[n];
      raf.seek(0);
      raf.readFully(bytes);
      sha.update(bytes);
      if (length > HEAD) {
        raf.seek(length - HEAD);
        raf.readFully(bytes, 0, HEAD);
        sha.update(bytes);
      }
      return java.util.HexFormat.of().formatHex(sha.digest(), 0, 16);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static final int HEAD = 4096;
  private static final DetectionStore.Position START = new DetectionStore.Position(0, 0);

  private void follow(Path file) throws IOException {
    String key = key(file);
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
    long size = Files.size(file);
    if (size < at.bytes()) {
      LOG.info("{} is shorter than where it was read up to: read again from its start", file);
      at = START;
    }
    if (size == at.bytes()) {
      // nothing new, unless the file was written again to exactly the size read: its head then differs
      java.nio.file.attribute.FileTime modified = Files.getLastModifiedTime(file);
      if (at.head() == null || modified.equals(seen.put(key, modified))) return;
      try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
        if (at.head().equals(head(raf, size))) return;
      }
      LOG.info("{} begins with other bytes than those read: written again, read from its start", file);
      at = START;
    }
    Optional<TelemetryFormat> format = format(file);
    if (format.isEmpty()) {
      if (unknown.add(file)) LOG.warn("{}: not telemetry of a format told by its name or first line; not followed", file);
      return;
    }
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
      if (at.head() != null && !at.head().equals(head(raf, at.bytes()))) {
        LOG.info("{} begins with other bytes than those read: written again, read from its start", file);
        at = START;
      }
      long end = lastLineEnd(raf, at.bytes(), size);
      if (end <= at.bytes()) return; // no whole line yet
      byte[] header = format.get() == TelemetryFormat.ZEEK && at.bytes() > 0 ? zeekHeader(raf) : new byte[0];
      raf.seek(at.bytes());
      InputStream slice = new Bounded(Channels.newInputStream(raf.getChannel()), end - at.bytes());
      InputStream in = header.length == 0 ? slice : new SequenceInputStream(new ByteArrayInputStream(header), slice);
      LiveIndicators.Snapshot snapshot = detection.indicators().current();
      long firstLine = at.lines();
      TelemetryDetection.Result result;
      long[] lines = {0};
      String name = file.toString();
      // the folder is the source of the records' ids too: a line copied into another file of the folder
      // (a rotation that keeps the copy, copytruncate) is the same record, a repeat
      try (TelemetryReader reader = format.get().open(new CountingLines(in, lines), source, name)) {
        result = detection.runs().run(reader, source, Tlp.AMBER, snapshot, true,
            bad -> LOG.warn("{}:{}: {}", name, firstLine + bad.line(), bad.reason()));
      }
      recordsRead.addAndGet(result.records());
      long headerLines = count(header);
      DetectionStore.Position next = new DetectionStore.Position(end, at.lines() + lines[0] - headerLines, head(raf, end));
      stores.detection().savePosition(key, next);
      positions.put(key, next);
      if (!result.sightings().isEmpty()) LOG.info("{}: {} records read, {} sightings", name, result.records(), result.sightings().size());
    }
  }

  /** The format told by the file's first line, else by its name. */
  static Optional<TelemetryFormat> format(Path file) throws IOException {
    byte[] bytes = new byte[64 * 1024];
    int n;
    try (InputStream in = Files.newInputStream(file)) {
      n = in.readNBytes(bytes, 0, bytes.length);
    }
    int eol = 0;
    while (eol < n && bytes[eol] != '\n') eol++;
    Optional<TelemetryFormat> told = byFirstLine(new String(bytes, 0, eol, StandardCharsets.UTF_8).strip());
    return told.isPresent() ? told : byName(file.getFileName().toString().toLowerCase(Locale.ROOT));
  }

  private static Optional<TelemetryFormat> byFirstLine(String first) {
    if (first.startsWith("#")) return Optional.of(TelemetryFormat.ZEEK);
    if (!first.startsWith("{")) return Optional.empty();
    com.fasterxml.jackson.databind.JsonNode o;
    try {
      o = dev.parley.stix.Json.mapper().readTree(first);
    } catch (IOException e) {
      return Optional.empty(); // not whole yet, or not JSON: the name decides
    }
    if (o == null || !o.isObject()) return Optional.empty();
    if (o.has("event_type")) return Optional.of(TelemetryFormat.EVE);
    if (o.has("_path") || o.has("ts") && (o.has("uid") || o.has("fuid"))) return Optional.of(TelemetryFormat.ZEEK);
    if (o.has("@timestamp")) return Optional.of(TelemetryFormat.ECS);
    return Optional.empty();
  }

  private static Optional<TelemetryFormat> byName(String name) {
    if (name.startsWith("eve")) return Optional.of(TelemetryFormat.EVE);
    if (name.contains("ecs") || name.endsWith(".ndjson")) return Optional.of(TelemetryFormat.ECS);
    for (String log : ZEEK_LOGS) if (name.startsWith(log + ".")) return Optional.of(TelemetryFormat.ZEEK);
    if (name.endsWith(".log")) return Optional.of(TelemetryFormat.ZEEK);
    return Optional.empty();
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

  /** The leading lines of a Zeek TSV file that start with '#'. */
  private static byte[] zeekHeader(RandomAccessFile raf) throws IOException {
    raf.seek(0);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    while (out.size() < 1 << 20) {
      long start = raf.getFilePointer();
      String line = raf.readLine(); // ISO-8859-1, enough to tell '#' lines and copy their bytes
      if (line == null || !line.startsWith("#")) break;
      long end = raf.getFilePointer();
      byte[] bytes = new byte[(int) (end - start)];
      raf.seek(start);
      raf.readFully(bytes);
      out.write(bytes);
    }
    return out.toByteArray();
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

  /** Counts the newlines that pass. */
  private static final class CountingLines extends java.io.FilterInputStream {
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
