package dev.parley.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.detect.Detector;
import dev.parley.ingest.Ingest;
import dev.parley.node.Node;
import dev.parley.pattern.Patterns;
import dev.parley.policy.egress.Egress;
import dev.parley.stix.StixReader;
import dev.parley.store.Stores;
import dev.parley.sync.Sync;
import dev.parley.tlog.tree.MerkleTree;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * The invariants of ARCHITECTURE.md that module-info.java cannot state. The modules' descriptors
 * keep internal packages internal and drivers and web servers out of modules that do not require
 * them; but Javalin grants every module that reads it {@code java.sql} (through the servlet API), so
 * "the node does not speak SQL" is checked here, on the compiled classes: a class that names a type
 * has that type's internal name in its constant pool.
 */
class ArchitectureTest {
  @Test
  void node_compiledClasses_nameNoSqlType() {
    assertThat(referencing(Node.class, "java/sql/", "org/postgresql/")).isEmpty();
  }

  @Test
  void web_compiledClasses_nameNoSqlType() throws ClassNotFoundException {
    // by name: the command line's module does not read the web module, which only the node requires
    assertThat(referencing(Class.forName("dev.parley.web.WebUi"), "java/sql/", "org/postgresql/")).isEmpty();
  }

  @Test
  void cli_compiledClasses_nameNoSqlType() {
    assertThat(referencing(Parley.class, "java/sql/", "org/postgresql/")).isEmpty();
  }

  @Test
  void ingest_compiledClasses_nameNoSqlOrHttpType() {
    assertThat(referencing(Ingest.class, "java/sql/", "org/postgresql/", "io/javalin/", "java/net/http/")).isEmpty();
  }

  @Test
  void sync_compiledClasses_nameNoSqlOrServerType() {
    assertThat(referencing(Sync.class, "java/sql/", "org/postgresql/", "io/javalin/", "org/eclipse/jetty/")).isEmpty();
  }

  @Test
  void cli_onlyServeUsesTheNode() {
    assertThat(referencing(Parley.class, "dev/parley/node/"))
        .allSatisfy(c -> assertThat(c).startsWith("dev/parley/cli/ServeCommand"));
  }

  @Test
  void pureLibraries_nameNoSqlHttpOrFileType() {
    for (Class<?> module : List.of(StixReader.class, Patterns.class, MerkleTree.class, Egress.class,
        Detector.class)) {
      assertThat(referencing(module, "java/sql/", "java/net/http/", "java/net/Socket", "java/net/URLConnection", "io/javalin/",
              "java/nio/file/Files", "java/nio/channels/", "java/io/FileInputStream", "java/io/FileOutputStream",
              "java/io/RandomAccessFile"))
          .as("classes of %s", module.getPackageName())
          .isEmpty();
    }
  }

  @Test
  void store_compiledClasses_nameNoHttpType() {
    assertThat(referencing(Stores.class, "io/javalin/", "java/net/http/", "org/eclipse/jetty/")).isEmpty();
  }

  /** The classes of {@code anchor}'s module (its compiled classes, a folder or a jar) that name a type starting with one of {@code prefixes}. */
  private static List<String> referencing(Class<?> anchor, String... prefixes) {
    Path root;
    try {
      root = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    List<String> offenders = new ArrayList<>();
    int[] scanned = {0};
    try {
      if (Files.isDirectory(root)) {
        try (Stream<Path> files = Files.walk(root)) {
          for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
            check(root.relativize(f).toString().replace('\\', '/'), Files.readAllBytes(f), prefixes, offenders);
            scanned[0]++;
          }
        }
      } else {
        try (ZipFile jar = new ZipFile(root.toFile())) {
          for (ZipEntry e : Collections.list(jar.entries())) {
            if (!e.getName().endsWith(".class")) continue;
            try (InputStream in = jar.getInputStream(e)) {
              check(e.getName(), in.readAllBytes(), prefixes, offenders);
              scanned[0]++;
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    assertThat(scanned[0]).as("classes found for %s", anchor).isPositive();
    return offenders;
  }

  private static void check(String name, byte[] classFile, String[] prefixes, List<String> offenders) {
    String pool = new String(classFile, StandardCharsets.ISO_8859_1);
    for (String prefix : prefixes) {
      if (pool.contains(prefix)) offenders.add(name + " names " + prefix);
    }
  }
}
