package dev.parley.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The binaries' cache folder. Regression: they were extracted to a world-writable folder under
 * java.io.tmpdir, and any {@code <version>/.complete} found there was trusted, so another local user
 * could swap the programs that a root-run node executes.
 */
class BinariesTest {
  @TempDir static Path dir;
  static Archive archive;
  static Path cache;

  @BeforeAll
  static void extractOnce() throws IOException {
    // as root, nobody must be able to pass every folder above the cache (JUnit makes this one rwx------)
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    archive = Archive.forThisPlatform();
    cache = dir.resolve("cache");
    Binaries.prepared(cache, archive);
  }

  private static Path prepared() throws IOException {
    return Binaries.prepared(cache, archive);
  }

  @Test
  void prepared_freshCache_privateFolderMatchingItsManifest() throws Exception {
    Path bin = prepared();
    assertThat(bin.getParent()).isEqualTo(cache.toRealPath());
    assertThat(Files.getPosixFilePermissions(cache))
        .isEqualTo(PosixFilePermissions.fromString(Programs.isRoot() ? "rwxr-xr-x" : "rwx------"));
    Manifest manifest = Manifest.read(bin).orElseThrow();
    assertThat(manifest.archive()).isEqualTo(archive.sha256());
    assertThat(manifest.entries()).containsKeys("bin/postgres", "bin/initdb", "bin/pg_ctl");
    assertThat(manifest.differences(bin)).isEmpty();
    try (Stream<Path> walk = Files.walk(bin)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        if (Files.isSymbolicLink(p)) continue;
        assertThat(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS)).as(p.toString())
            .doesNotContain(PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);
      }
    }
    // checked, not extracted again
    Object key = Files.readAttributes(bin.resolve(Manifest.FILE), BasicFileAttributes.class).fileKey();
    assertThat(Files.readAttributes(prepared().resolve(Manifest.FILE), BasicFileAttributes.class).fileKey())
        .isEqualTo(key);
  }

  @Test
  void prepared_programReplaced_extractedAgain() throws Exception {
    Path postgres = prepared().resolve("bin/postgres");
    String original = Manifest.sha256(postgres);
    Files.writeString(postgres, "#!/bin/sh\necho replaced\n"); // its .complete marker was all the old check looked at
    assertThat(Manifest.sha256(prepared().resolve("bin/postgres"))).isEqualTo(original);
  }

  @Test
  void prepared_fileAddedOrModeChanged_extractedAgain() throws Exception {
    Path bin = prepared();
    Files.writeString(bin.resolve("lib/libextra.so"), "not PostgreSQL's");
    assertThat(prepared().resolve("lib/libextra.so")).doesNotExist();
    Files.setPosixFilePermissions(bin.resolve("bin/initdb"), PosixFilePermissions.fromString("rwxrwxrwx"));
    assertThat(Files.getPosixFilePermissions(prepared().resolve("bin/initdb"))).isEqualTo(PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  @Test
  void prepared_manifestOfAnotherArchive_extractedAgain() throws Exception {
    Path manifest = prepared().resolve(Manifest.FILE);
    List<String> lines = Files.readAllLines(manifest);
    lines.set(1, "archive\t" + "0".repeat(64));
    Files.write(manifest, lines);
    assertThat(Manifest.read(prepared()).orElseThrow().archive()).isEqualTo(archive.sha256());
  }

  @Test
  void prepared_cacheOpenToOthers_madePrivateAgain() throws Exception {
    Files.setPosixFilePermissions(cache, PosixFilePermissions.fromString("rwxrwxrwx"));
    prepared();
    assertThat(Files.getPosixFilePermissions(cache)).doesNotContain(PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);
  }

  @Test
  void prepared_folderAboveWritableByOthers_refused() throws Exception {
    Path open = Files.createDirectories(dir.resolve("open"));
    Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx")); // and no sticky bit
    assertThatThrownBy(() -> Binaries.prepared(open.resolve("parley"), archive)).isInstanceOf(IOException.class)
        .hasMessageContaining("will not run PostgreSQL from").hasMessageContaining("may be written by other users");
    assertThat(open.toFile().list()).as("nothing made there").isEmpty();
  }
}
