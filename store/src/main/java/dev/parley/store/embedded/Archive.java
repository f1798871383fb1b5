package dev.parley.store.embedded;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * The PostgreSQL binaries of this platform as the {@code io.zonky.test.postgres} binaries artifact
 * ships them: an xz-compressed tar on the class path, known by its SHA-256.
 *
 * @param resource its name on the class path
 * @param sha256 the SHA-256 of its bytes, lower-case hex
 */
record Archive(String resource, String sha256) {
  private static Archive thisPlatform;

  /** This platform's archive, hashed once per JVM (about 10 MB; the class path does not change). */
  static synchronized Archive forThisPlatform() throws IOException {
    if (thisPlatform == null) {
      String resource = "postgres-" + os() + "-" + arch() + ".txz";
      try (InputStream in = open(resource)) {
        thisPlatform = new Archive(resource, Manifest.sha256(in));
      }
    }
    return thisPlatform;
  }

  /** The folder it is extracted to: its name and the start of its digest, so that another archive gets another folder. */
  String folderName() {
    return resource.replace(".txz", "") + "-" + sha256.substring(0, 16);
  }

  /**
   * Extracts it into the empty folder {@code into}: folders {@code rwxr-xr-x}, files
   * {@code rwxr-xr-x} or {@code rw-r--r--}, links as they are; returns the manifest of what it wrote.
   *
   * @throws IOException also when the archive read now is not the one hashed, or holds a path or a
   *     link that leaves the folder
   */
  Manifest extractTo(Path into) throws IOException {
    SortedMap<String, Manifest.Entry> entries = new TreeMap<>();
    MessageDigest whole = Manifest.digest();
    try (InputStream raw = new DigestInputStream(open(resource), whole);
        TarArchiveInputStream tar = new TarArchiveInputStream(new XZCompressorInputStream(new BufferedInputStream(raw)))) {
      for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
        Path out = inside(into, into.resolve(e.getName()), e.getName());
        if (out.equals(into)) continue;
        Files.createDirectories(out.getParent());
        folders(into, out.getParent(), entries);
        String path = Manifest.relative(into, out);
        if (path.contains("\t") || path.contains("\n")) throw new IOException("unexpected name in the PostgreSQL archive: " + e.getName());
        if (e.isDirectory()) {
          Files.createDirectories(out);
          entries.put(path, new Manifest.Folder());
        } else if (e.isSymbolicLink()) {
          inside(into, out.getParent().resolve(e.getLinkName()), e.getLinkName());
          Files.deleteIfExists(out);
          Files.createSymbolicLink(out, Path.of(e.getLinkName()));
          entries.put(path, new Manifest.Link(e.getLinkName()));
        } else {
          MessageDigest md = Manifest.digest();
          Files.copy(new DigestInputStream(tar, md), out, StandardCopyOption.REPLACE_EXISTING);
          int mode = (e.getMode() & 0100) != 0 ? 0755 : 0644;
          entries.put(path, new Manifest.File(HexFormat.of().formatHex(md.digest()), mode));
        }
      }
      raw.transferTo(OutputStream.nullOutputStream()); // the digest covers the whole archive
    }
    if (!HexFormat.of().formatHex(whole.digest()).equals(sha256)) throw new IOException("the PostgreSQL archive changed while it was extracted");
    Manifest manifest = new Manifest(sha256, entries);
    setModes(into, manifest);
    return manifest;
  }

  private static void folders(Path into, Path folder, SortedMap<String, Manifest.Entry> entries) {
    for (Path f = folder; !f.equals(into); f = f.getParent()) entries.putIfAbsent(Manifest.relative(into, f), new Manifest.Folder());
  }

  private static Path inside(Path into, Path p, String name) throws IOException {
    Path normal = p.normalize();
    if (!normal.startsWith(into)) throw new IOException("unsafe path in the PostgreSQL archive: " + name);
    return normal;
  }

  private static void setModes(Path into, Manifest manifest) throws IOException {
    if (!into.getFileSystem().supportedFileAttributeViews().contains("posix")) return;
    for (var e : manifest.entries().entrySet()) {
      Path p = into.resolve(e.getKey());
      if (e.getValue() instanceof Manifest.File f) {
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(f.mode() == 0755 ? "rwxr-xr-x" : "rw-r--r--"));
      } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
      }
    }
  }

  private static InputStream open(String resource) throws IOException {
    InputStream in = Archive.class.getClassLoader().getResourceAsStream(resource);
    if (in == null) throw new IOException("no PostgreSQL binaries for this platform (" + resource + ") on the class path");
    return in;
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
