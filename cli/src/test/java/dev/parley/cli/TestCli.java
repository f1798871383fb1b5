package dev.parley.cli;

import dev.parley.store.StoreConfig;
import dev.parley.store.Stores;
import dev.parley.store.objects.WriteHook;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import picocli.CommandLine;

/**
 * Runs {@code parley} commands in this JVM against one temporary data folder. The folder's embedded
 * database is kept open here, so each command attaches to it instead of starting its own.
 */
final class TestCli {
  private static Path dir;
  private static Stores stores;

  private TestCli() {}

  /** What a command printed and returned. */
  record Result(int code, String out, String err) {}

  static synchronized Path dataDir() {
    if (dir == null) {
      try {
        dir = Files.createTempDirectory("parley-cli-test");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      stores = Stores.open(StoreConfig.defaults().withDataDir(dir), WriteHook.NONE);
      Runtime.getRuntime().addShutdownHook(new Thread(stores::close));
    }
    return dir;
  }

  static Stores stores() {
    dataDir();
    return stores;
  }

  /** Runs {@code parley args... --data DIR}. */
  static Result run(String... args) {
    return runOn(dataDir(), args);
  }

  /** Runs {@code parley args... --data DIR} on another data folder (a node's). */
  static Result runOn(Path data, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--data");
    all.add(data.toString());
    return runExactly(all.toArray(new String[0]));
  }

  /** {@link #runOn}, which must exit with {@code code} (the command, its output and its errors are the failure's message). */
  static Result expect(int code, Path data, String... args) {
    Result r = runOn(data, args);
    org.assertj.core.api.Assertions.assertThat(r.code()).as(String.join(" ", args) + "\n" + r.out() + r.err()).isEqualTo(code);
    return r;
  }

  /** Runs {@code parley args...} as given. */
  static synchronized Result runExactly(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    PrintStream systemOut = System.out;
    ByteArrayOutputStream raw = new ByteArrayOutputStream();
    System.setOut(new PrintStream(raw, true, StandardCharsets.UTF_8)); // export writes bytes to standard output
    int code;
    try {
      code = Parley.configure(new CommandLine(new Parley())).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
          .execute(args);
    } finally {
      System.out.flush();
      System.setOut(systemOut);
    }
    return new Result(code, out + raw.toString(StandardCharsets.UTF_8), err.toString());
  }

  /** A fresh collection with a random alias; returns the alias. */
  static String newCollection() {
    String alias = "c" + UUID.randomUUID().toString().substring(0, 8);
    Result r = run("collection", "create", "--title", "test " + alias, "--alias", alias);
    if (r.code() != 0) throw new IllegalStateException(r.err());
    return alias;
  }

  static String indicator(String id, String modified) {
    return "{\"type\":\"indicator\",\"spec_version\":\"2.1\",\"id\":\"" + id + "\",\"created\":\"2016-01-01T00:00:00.000Z\","
        + "\"modified\":\"" + modified + "\",\"name\":\"x\",\"pattern\":\"[ipv4-addr:value = '10.0.0.1']\","
        + "\"pattern_type\":\"stix\",\"valid_from\":\"2016-01-01T00:00:00Z\"}";
  }

  static String newId(String type) {
    return type + "--" + UUID.randomUUID();
  }

  static Path file(String name, String content) {
    try {
      Path f = dataDir().resolve(name);
      Files.writeString(f, content);
      return f;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
