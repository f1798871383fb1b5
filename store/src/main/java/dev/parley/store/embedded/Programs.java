package dev.parley.store.embedded;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the PostgreSQL programs ({@code initdb}, {@code pg_ctl}, {@code postgres}) of an extracted
 * set of binaries. PostgreSQL refuses to run as root: when this JVM is root, they run as the
 * unprivileged user {@code nobody} through util-linux {@code setpriv}, keeping only the capability
 * to pass folders above the data folder that only root may enter.
 */
final class Programs {
  static final int NOBODY = 65534;

  private Programs() {}

  /** Runs {@code command}; returns what it printed. */
  static String run(Path bin, boolean root, List<String> command) throws IOException {
    return run(bin, root, command, "", null);
  }

  /**
   * Runs {@code command} with {@code input} on its standard input; returns what it printed. A
   * {@code secret} (a password in the input) is blanked out of anything this reports.
   */
  static String run(Path bin, boolean root, List<String> command, String input, String secret) throws IOException {
    List<String> full = new ArrayList<>();
    if (root) {
      full.addAll(List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups",
          "--inh-caps=+dac_override", "--ambient-caps=+dac_override", "--"));
    }
    full.addAll(command);
    ProcessBuilder pb = new ProcessBuilder(full).redirectErrorStream(true);
    pb.environment().put("LC_ALL", "C");
    pb.environment().put("LD_LIBRARY_PATH", bin.resolve("lib").toString());
    Process p = pb.start();
    try (OutputStream in = p.getOutputStream()) {
      in.write(input.getBytes(StandardCharsets.UTF_8));
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (secret != null) out = out.replace(secret, "***");
    String name = Path.of(command.get(0)).getFileName().toString();
    try {
      if (!p.waitFor(180, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException(name + " did not finish in 180 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running " + name, e);
    }
    if (p.exitValue() != 0) throw new IOException(name + " failed (exit " + p.exitValue() + "): " + out.strip());
    return out;
  }

  /** Whether this process runs as uid 0; where /proc is missing (not Linux), by the user name. */
  static boolean isRoot() {
    Path self = Path.of("/proc/self");
    if (!self.getFileSystem().supportedFileAttributeViews().contains("unix") || !Files.isDirectory(self)) {
      return "root".equals(System.getProperty("user.name"));
    }
    try {
      return ((Integer) Files.getAttribute(self, "unix:uid")) == 0;
    } catch (IOException e) {
      return "root".equals(System.getProperty("user.name"));
    }
  }
}
