package dev.parley.store.embedded;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * The PostgreSQL binaries shipped in the {@code io.zonky.test.postgres} binaries artifact, unpacked
 * once per machine into a shared cache folder that every user may read (PostgreSQL may run as
 * {@code nobody}). Concurrent JVMs unpack under a file lock.
 */
final class Binaries {
  private Binaries() {}

  static Path extracted() throws IOException {
    String resource = "postgres-" + os() + "-" + arch() + ".txz";
    Path root = Path.of(System.getProperty("java.io.tmpdir"), "parley-postgres");
    Files.createDirectories(root);
    root.toFile().setWritable(true, false);
    root.toFile().setExecutable(true, false);
    root.toFile().setReadable(true, false);
    String version = versionOf(resource);
    Path target = root.resolve(version);
    Path done = target.resolve(".complete");
    if (Files.exists(done)) return target;
    try (FileChannel lockFile = FileChannel.open(root.resolve(version + ".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = lockFile.lock()) {
      if (Files.exists(done)) return target;
      Path partial = Files.createTempDirectory(root, version + ".partial");
      try (InputStream raw = Binaries.class.getClassLoader().getResourceAsStream(resource)) {
        if (raw == null) throw new IOException("no PostgreSQL binaries for this platform (" + resource + ") on the class path");
        untar(new TarArchiveInputStream(new XZCompressorInputStream(new BufferedInputStream(raw))), partial);
      }
      Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("rwxr-xr-x"));
      Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
      Files.createFile(done);
      return target;
    }
  }

  private static void untar(TarArchiveInputStream tar, Path into) throws IOException {
    TarArchiveEntry e;
    while ((e = tar.getNextEntry()) != null) {
      Path out = into.resolve(e.getName()).normalize();
      if (!out.startsWith(into)) throw new IOException("unsafe path in the PostgreSQL archive: " + e.getName());
      if (e.isDirectory()) {
        Files.createDirectories(out);
      } else if (e.isSymbolicLink()) {
        Files.createDirectories(out.getParent());
        Files.deleteIfExists(out);
        Files.createSymbolicLink(out, Path.of(e.getLinkName()));
      } else {
        Files.createDirectories(out.getParent());
        Files.copy(tar, out, StandardCopyOption.REPLACE_EXISTING);
        boolean exec = (e.getMode() & 0100) != 0;
        Files.setPosixFilePermissions(out, PosixFilePermissions.fromString(exec ? "rwxr-xr-x" : "rw-r--r--"));
      }
    }
    try (var walk = Files.walk(into)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        if (Files.isDirectory(p) && !Files.isSymbolicLink(p)) Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
      }
    }
  }

  /** A name that changes when the archive does: its size and the artifact's version if known. */
  private static String versionOf(String resource) throws IOException {
    var url = Binaries.class.getClassLoader().getResource(resource);
    if (url == null) throw new IOException("no PostgreSQL binaries for this platform (" + resource + ") on the class path");
    // the archive's length from the jar's directory, without reading its 10 MB at every start
    long size = url.openConnection().getContentLengthLong();
    if (size < 0) {
      try (InputStream in = url.openStream()) {
        size = in.transferTo(java.io.OutputStream.nullOutputStream());
      }
    }
    return resource.replace(".txz", "") + "-" + size;
  }

  private static String os() {
    String name = System.getProperty("os.name").toLowerCase();
    if (name.contains("mac")) return "darwin";
    if (name.contains("win")) return "windows";
    return "linux";
  }

  private static String arch() {
    String a = System.getProperty("os.arch");
    return switch (a) {
      case "amd64", "x86_64" -> "x86_64";
      case "aarch64", "arm64" -> "arm_64";
      default -> a;
    };
  }
}
