package dev.parley.store.embedded;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL binaries, extracted from the archive on the class path into a cache folder that no
 * other user may write, and checked before every start of a server: the folder and everything in it
 * owned by this user (or root) and writable by no one else, the manifest written at extraction made
 * from the archive on the class path (its SHA-256), and every file as the manifest says (its
 * SHA-256). What differs is extracted again; a cache folder that another user could change is
 * refused.
 *
 * <p>The cache folder is this user's ({@code $XDG_CACHE_HOME/parley}, else {@code ~/.cache/parley}),
 * {@code rwx------}. When this process is root, the server runs as {@code nobody}, which must read and
 * run the binaries but not change them, without privileges (PostgreSQL checks its own programs with
 * {@code access(2)}, which ignores capabilities): the folder is then {@code /var/cache/parley},
 * {@code rwxr-xr-x}, and every folder above it must let others pass. Concurrent JVMs check and
 * extract under a file lock.
 */
final class Binaries {
  private static final Logger LOG = LoggerFactory.getLogger(Binaries.class);
  /** One JVM's threads take turns here: a JVM may not hold two locks on one file. */
  private static final Object THIS_JVM = new Object();

  private Binaries() {}

  /** The checked binaries of this platform in this user's cache folder. */
  static Path prepared() throws IOException {
    return prepared(cacheFolder(), Archive.forThisPlatform());
  }

  /** {@code /var/cache/parley} for root; else {@code $XDG_CACHE_HOME/parley} when that variable names an absolute folder, else {@code ~/.cache/parley}. */
  static Path cacheFolder() {
    if (Programs.isRoot()) return Path.of("/var/cache/parley");
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path base = xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
    return base.resolve("parley");
  }

  /** The checked binaries of {@code archive} in {@code cache}, extracted there when missing or not as extracted. */
  static Path prepared(Path cache, Archive archive) throws IOException {
    long started = System.nanoTime();
    cache = privateFolder(cache);
    Path target = cache.resolve(archive.folderName());
    synchronized (THIS_JVM) {
      try (FileChannel channel = FileChannel.open(cache.resolve(archive.folderName() + ".lock"), StandardOpenOption.CREATE,
              StandardOpenOption.WRITE);
          FileLock lock = channel.lock()) {
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
          Optional<String> problem = differences(target, archive);
          if (problem.isEmpty()) {
            LOG.debug("PostgreSQL binaries in {} checked in {} ms", target, (System.nanoTime() - started) / 1_000_000);
            return target;
          }
          LOG.warn("the PostgreSQL binaries in {} are not as they were extracted ({}); extracting them again", target, problem.get());
          Path aside = cache.resolve(archive.folderName() + ".discarded-" + System.nanoTime());
          Files.move(target, aside, StandardCopyOption.ATOMIC_MOVE);
        }
        removeLeftovers(cache, archive);
        extract(archive, cache, target);
        LOG.info("PostgreSQL binaries extracted to {} in {} ms", target, (System.nanoTime() - started) / 1_000_000);
        return target;
      }
    }
  }

  private static Optional<String> differences(Path target, Archive archive) throws IOException {
    if (Files.isSymbolicLink(target) || !Files.isDirectory(target)) return Optional.of("not a folder");
    Optional<Manifest> manifest = Manifest.read(target);
    if (manifest.isEmpty()) return Optional.of("no manifest");
    if (!manifest.get().archive().equals(archive.sha256())) return Optional.of("its manifest is of another archive");
    return manifest.get().differences(target);
  }

  private static void extract(Archive archive, Path cache, Path target) throws IOException {
    Path partial = Files.createTempDirectory(cache, archive.folderName() + ".partial-");
    try {
      archive.extractTo(partial).write(partial);
      if (partial.getFileSystem().supportedFileAttributeViews().contains("posix")) {
        Files.setPosixFilePermissions(partial.resolve(Manifest.FILE), PosixFilePermissions.fromString("rw-r--r--"));
        Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("rwxr-xr-x"));
      }
      Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException | RuntimeException e) {
      deleteQuietly(partial);
      throw e;
    }
  }

  /**
   * Creates {@code cache} or makes it private (see the class comment), and checks that no other user
   * could replace it: it and every folder above it are owned by this user or root and writable by no
   * one else (a sticky folder such as {@code /tmp} excepted above it). Returns its real path.
   */
  private static Path privateFolder(Path cache) throws IOException {
    boolean root = Programs.isRoot();
    Path parent = Files.createDirectories(cache.toAbsolutePath().getParent()).toRealPath();
    checkAbove(parent, cache, root);
    var mode = PosixFilePermissions.fromString(root ? "rwxr-xr-x" : "rwx------");
    if (!Files.exists(cache, LinkOption.NOFOLLOW_LINKS)) {
      if (cache.getFileSystem().supportedFileAttributeViews().contains("posix")) {
        Files.createDirectories(cache, PosixFilePermissions.asFileAttribute(mode));
      } else {
        Files.createDirectories(cache);
      }
    }
    Path real = cache.toRealPath();
    if (!real.getParent().equals(parent)) checkAbove(real.getParent(), real, root); // a link to elsewhere
    if (Ownership.checkable(real)) {
      int owner = (Integer) Files.getAttribute(real, "unix:uid");
      if (owner != Ownership.uid()) throw refused(real, real + " is owned by another user (uid " + owner + ")");
      Files.setPosixFilePermissions(real, mode);
    }
    return real;
  }

  /** Checks {@code folder} and every folder above it, which hold {@code cache}. */
  private static void checkAbove(Path folder, Path cache, boolean root) throws IOException {
    if (!Ownership.checkable(folder)) return;
    for (Path above = folder; above != null; above = above.getParent()) {
      Optional<String> open = Ownership.othersMayChange(above, true);
      if (open.isPresent()) throw refused(cache, open.get());
      if (root && ((Integer) Files.getAttribute(above, "unix:mode") & 0001) == 0) {
        throw new IOException("will not run PostgreSQL from " + cache + ": the server runs as nobody, which cannot pass " + above);
      }
    }
  }

  private static IOException refused(Path cache, String why) {
    return new IOException("will not run PostgreSQL from " + cache + ": " + why + "; another user could replace its programs."
        + " Make the folder writable by its owner only, or set XDG_CACHE_HOME to a folder that only you can write");
  }

  /** Extractions that a killed process left half done, and folders set aside; the lock is held, so none is in use. */
  private static void removeLeftovers(Path cache, Archive archive) throws IOException {
    try (Stream<Path> list = Files.list(cache)) {
      for (Path p : (Iterable<Path>) list::iterator) {
        String name = p.getFileName().toString();
        if (name.startsWith(archive.folderName() + ".partial-") || name.startsWith(archive.folderName() + ".discarded-")) deleteQuietly(p);
      }
    }
  }

  private static void deleteQuietly(Path folder) {
    try (Stream<Path> walk = Files.walk(folder)) {
      for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) Files.deleteIfExists(p);
    } catch (IOException e) {
      LOG.warn("could not remove {}: {}", folder, e.getMessage());
    }
  }
}
