package dev.parley.store.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What an extraction of the PostgreSQL binaries wrote: the SHA-256 of the archive it came from and,
 * for every path below the folder, whether it is a folder, a link (and to what) or a file (and its
 * SHA-256). Kept in the folder as {@code .manifest}, one entry a line, fields separated by tabs:
 *
 * <pre>
 * parley-binaries 1
 * archive SHA256
 * d PATH
 * f PATH SHA256 MODE
 * l PATH TARGET
 * </pre>
 *
 * @param archive the SHA-256 of the archive, lower-case hex
 * @param entries by path relative to the folder, with {@code /} between names
 */
record Manifest(String archive, SortedMap<String, Manifest.Entry> entries) {
  static final String FILE = ".manifest";
  private static final String HEADER = "parley-binaries 1";

  Manifest {
    entries = new TreeMap<>(entries);
  }

  /** One path of the folder. */
  sealed interface Entry permits Folder, Link, File {}

  /** A folder. */
  record Folder() implements Entry {}

  /** A symbolic link to {@code target}, as written in the archive. */
  record Link(String target) implements Entry {}

  /** A regular file with its SHA-256 (hex) and POSIX mode. */
  record File(String sha256, int mode) implements Entry {}

  void write(Path folder) throws IOException {
    StringBuilder text = new StringBuilder(HEADER).append("\narchive\t").append(archive).append('\n');
    entries.forEach((path, entry) -> {
      if (entry instanceof Link l) {
        text.append("l\t").append(path).append('\t').append(l.target());
      } else if (entry instanceof File f) {
        text.append("f\t").append(path).append('\t').append(f.sha256()).append('\t').append(Integer.toOctalString(f.mode()));
      } else {
        text.append("d\t").append(path);
      }
      text.append('\n');
    });
    Files.writeString(folder.resolve(FILE), text, StandardCharsets.UTF_8);
  }

  /** The manifest in {@code folder}; empty when it is missing or not one. */
  static Optional<Manifest> read(Path folder) throws IOException {
    List<String> lines;
    try {
      lines = Files.readAllLines(folder.resolve(FILE), StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
    if (lines.size() < 2 || !lines.get(0).equals(HEADER) || !lines.get(1).startsWith("archive\t")) return Optional.empty();
    SortedMap<String, Entry> entries = new TreeMap<>();
    for (String line : lines.subList(2, lines.size())) {
      String[] f = line.split("\t", -1);
      Entry e = switch (f[0]) {
        case "d" -> f.length == 2 ? new Folder() : null;
        case "l" -> f.length == 3 ? new Link(f[2]) : null;
        case "f" -> f.length == 4 && f[3].matches("[0-7]{3,4}") ? new File(f[2], Integer.parseInt(f[3], 8)) : null;
        default -> null;
      };
      if (e == null) return Optional.empty();
      entries.put(f[1], e);
    }
    return Optional.of(new Manifest(lines.get(1).substring("archive\t".length()), entries));
  }

  /**
   * Why {@code folder} is not what this manifest says, or empty: a path missing or added, of
   * another kind, a link elsewhere, a file of other content or mode, or anything another user could
   * change. Files are hashed on every core.
   */
  Optional<String> differences(Path folder) throws IOException {
    SortedMap<String, Path> found = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(folder)) {
      walk.filter(p -> !p.equals(folder)).forEach(p -> found.put(relative(folder, p), p));
    }
    found.remove(FILE);
    if (!found.keySet().equals(entries.keySet())) {
      Optional<String> added = found.keySet().stream().filter(p -> !entries.containsKey(p)).findFirst();
      return Optional.of(added.map(p -> p + " was added")
          .orElseGet(() -> entries.keySet().stream().filter(p -> !found.containsKey(p)).findFirst().orElseThrow() + " is missing"));
    }
    for (Path p : List.of(folder, folder.resolve(FILE))) {
      Optional<String> open = Ownership.othersMayChange(p, false);
      if (open.isPresent()) return open;
    }
    try {
      return entries.entrySet().parallelStream()
          .map(e -> differs(found.get(e.getKey()), e.getValue()).map(why -> e.getKey() + " " + why))
          .flatMap(Optional::stream)
          .findFirst();
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  private static Optional<String> differs(Path p, Entry expected) {
    try {
      Optional<String> open = Ownership.othersMayChange(p, false);
      if (open.isPresent()) return Optional.of("can be changed by others: " + open.get());
      if (expected instanceof Link l) {
        return Files.isSymbolicLink(p) && Files.readSymbolicLink(p).toString().equals(l.target())
            ? Optional.empty() : Optional.of("is not a link to " + l.target());
      }
      if (expected instanceof File f) {
        if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) return Optional.of("is not a regular file");
        if (Ownership.checkable(p) && ((Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 0777) != f.mode()) {
          return Optional.of("changed its mode");
        }
        return sha256(p).equals(f.sha256()) ? Optional.empty() : Optional.of("changed its content (SHA-256)");
      }
      return Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? Optional.empty() : Optional.of("is not a folder");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String relative(Path folder, Path p) {
    return folder.relativize(p).toString().replace(p.getFileSystem().getSeparator(), "/");
  }

  static String sha256(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
      return sha256(in);
    }
  }

  /** The SHA-256 of what {@code in} holds, read to its end. */
  static String sha256(InputStream in) throws IOException {
    MessageDigest md = digest();
    byte[] buffer = new byte[1 << 16];
    for (int n; (n = in.read(buffer)) > 0; ) md.update(buffer, 0, n);
    return HexFormat.of().formatHex(md.digest());
  }

  static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
