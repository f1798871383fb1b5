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
 * to its last whole line, as one detection run (its source the file's absolute path), and the
 * position after that line is saved in the database once the run's sightings are stored, so a
 * restarted node resumes there. A file shorter than its position was truncated or replaced and is
 * read from its start (records counted before are not counted again: the source's memory). The
 * format comes from the name ({@code eve}, {@code ecs}, {@code .ndjson}, Zeek log names and
 * {@code .log}), else from the first line. A Zeek TSV file resumed after its start is read with
 * its leading header block before the new lines. The telemetry is marked TLP:AMBER.
 */
final class TelemetryFolder implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TelemetryFolder.class);
  private static final List<String> ZEEK_LOGS = List.of("conn", "dns", "http", "ssl", "files", "x509", "smtp", "weird", "notice");

  private final Stores stores;
  private final NodeDetection detection;
  private final Path dir;
  private final Duration poll;
  private final Map<Path, DetectionStore.Position> positions = new HashMap<>();
  private final Set<Path> unknown = new HashSet<>();
  private final Thread thread;
  private final Object rounds = new Object();
  private long round;
  private final java.util.concurrent.atomic.AtomicLong recordsRead = new java.util.concurrent.atomic.AtomicLong();
  private volatile boolean closed;

  private TelemetryFolder(Stores stores, NodeDetection detection, Path dir, Duration poll) {
    this.stores = stores;
    this.detection = detection;
    this.dir = dir.toAbsolutePath().normalize();
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
      } catch (IOException | UncheckedIOException e) {
        LOG.warn("cannot read {}: {}", file, e.getMessage());
      }
    }
  }

  private void follow(Path file) throws IOException {
    String key = file.toString();
    DetectionStore.Position at = positions.computeIfAbsent(file,
        f -> stores.detection().position(key).orElse(new DetectionStore.Position(0, 0)));
    long size = Files.size(file);
    if (size < at.bytes()) {
      LOG.info("{} is shorter than where it was read up to: read again from its start", file);
      at = new DetectionStore.Position(0, 0);
    }
    if (size == at.bytes()) return;
    Optional<TelemetryFormat> format = format(file);
    if (format.isEmpty()) {
      if (unknown.add(file)) LOG.warn("{}: not telemetry of a format told by its name or first line; not followed", file);
      return;
    }
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
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
      try (TelemetryReader reader = format.get().open(new CountingLines(in, lines), key)) {
        result = detection.runs().run(reader, key, Tlp.AMBER, snapshot, true,
            bad -> LOG.warn("{}:{}: {}", key, firstLine + bad.line(), bad.reason()));
      }
      recordsRead.addAndGet(result.records());
      long headerLines = count(header);
      DetectionStore.Position next = new DetectionStore.Position(end, at.lines() + lines[0] - headerLines);
      stores.detection().savePosition(key, next);
      positions.put(file, next);
      if (!result.sightings().isEmpty()) LOG.info("{}: {} records read, {} sightings", key, result.records(), result.sightings().size());
    }
  }

  /** The format by the file's name, else by its first line. */
  static Optional<TelemetryFormat> format(Path file) throws IOException {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.contains("eve")) return Optional.of(TelemetryFormat.EVE);
    if (name.contains("ecs") || name.endsWith(".ndjson")) return Optional.of(TelemetryFormat.ECS);
    for (String log : ZEEK_LOGS) if (name.startsWith(log + ".")) return Optional.of(TelemetryFormat.ZEEK);
    if (name.endsWith(".log")) return Optional.of(TelemetryFormat.ZEEK);
    String first;
    try (var r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      char[] buf = new char[4096];
      int n = r.read(buf);
      first = n <= 0 ? "" : new String(buf, 0, n);
    }
    if (first.startsWith("#")) return Optional.of(TelemetryFormat.ZEEK);
    if (first.contains("\"event_type\"")) return Optional.of(TelemetryFormat.EVE);
    if (first.contains("\"_path\"") || first.contains("\"uid\"")) return Optional.of(TelemetryFormat.ZEEK);
    if (first.contains("\"@timestamp\"")) return Optional.of(TelemetryFormat.ECS);
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
