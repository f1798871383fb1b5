package dev.parley.store.embedded;

import dev.parley.store.PrivateFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

/**
 * Who may connect to an embedded server: the superuser {@code postgres} with a password that this
 * class generates and keeps next to the data folder ({@code postgres.password}, mode 0600), over
 * loopback TCP only, with SCRAM-SHA-256; nothing else. The server has no Unix socket.
 *
 * <p>A folder is locked down before its server first listens: a new folder right after
 * {@code initdb}, a folder made by an earlier Parley (which trusted every local connection) at its
 * next start. The password is set in single-user mode, which takes no connection at all, so no
 * server ever listens with the old rules while the new ones are written.
 */
final class Credentials {
  /** The whole of pg_hba.conf; any other content (initdb's, an earlier Parley's {@code trust}) is replaced. */
  static final String HBA = """
      # Written by Parley at start whenever it differs: the superuser's password (postgres.password,
      # next to this folder) over loopback TCP, and nothing else. There is no Unix socket.
      host all all 127.0.0.1/32 scram-sha-256
      host all all ::1/128 scram-sha-256
      """;

  private Credentials() {}

  /** The file that holds the password of the server whose data is in {@code dataDir}. */
  static Path passwordFile(Path dataDir) {
    return dataDir.resolveSibling(dataDir.getFileName() + ".password");
  }

  /** The password, read from its file. */
  static String read(Path dataDir) throws IOException {
    Path file = passwordFile(dataDir);
    try {
      return Files.readString(file, StandardCharsets.UTF_8).strip();
    } catch (NoSuchFileException e) {
      throw new IOException("the password of the embedded PostgreSQL (" + file + ") is missing", e);
    }
  }

  /**
   * Makes the stopped server of {@code dataDir} take only the password, and returns it: when the
   * password file is missing (a new or an earlier Parley's folder) or pg_hba.conf is not {@link #HBA},
   * the password (the file's, else a new one, written first) is set in single-user mode, then
   * pg_hba.conf is written. A process killed in between leaves a folder that the next start
   * finishes.
   */
  static String lockDown(Path bin, Path dataDir, boolean root) throws IOException {
    Path hba = dataDir.resolve("pg_hba.conf");
    Path file = passwordFile(dataDir);
    boolean hbaOurs = Files.isRegularFile(hba) && Files.readString(hba, StandardCharsets.UTF_8).equals(HBA);
    if (hbaOurs && Files.isRegularFile(file)) return read(dataDir);
    String password;
    if (Files.isRegularFile(file)) {
      password = read(dataDir);
    } else {
      password = generate();
      try {
        PrivateFiles.create(file, password);
      } catch (FileAlreadyExistsException e) {
        password = read(dataDir); // made meanwhile by a process that has since let the folder go
      }
    }
    setPassword(bin, dataDir, password, root);
    Files.writeString(hba, HBA, StandardCharsets.UTF_8); // in place: the file keeps its owner (nobody when root)
    return password;
  }

  private static void setPassword(Path bin, Path dataDir, String password, boolean root) throws IOException {
    if (!password.matches("[A-Za-z0-9_-]{20,}")) throw new IOException("the password in " + passwordFile(dataDir) + " is not one Parley made");
    // one command a line; a failing statement is not echoed to the log (log_min_error_statement)
    String input = "SET password_encryption = 'scram-sha-256';\nALTER ROLE postgres WITH PASSWORD '" + password + "';\n";
    String out = Programs.run(bin, root, List.of(bin.resolve("bin/postgres").toString(), "--single", "-D", dataDir.toString(),
        "-c", "listen_addresses=", "-c", "unix_socket_directories=", "-c", "log_min_error_statement=panic", "postgres"), input, password);
    if (out.contains("ERROR:") || out.contains("FATAL:")) throw new IOException("cannot set the embedded PostgreSQL's password: " + out.strip());
  }

  private static String generate() {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
