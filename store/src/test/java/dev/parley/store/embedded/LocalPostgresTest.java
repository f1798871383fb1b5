package dev.parley.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalPostgresTest {
  @TempDir Path dir;

  private static Connection connect(LocalPostgres pg) throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", "postgres");
    p.setProperty("password", pg.password());
    return DriverManager.getConnection(pg.jdbcUrl(), p);
  }

  /** A connection as {@code postgres} with no password, or with {@code password}; what any local process could try. */
  private static Connection connectAs(int port, String password) throws SQLException {
    return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres"
        + (password == null ? "" : "&password=" + password) + "&connectTimeout=5");
  }

  @Test
  void start_freshFolder_initializesServesAndReusesData() throws Exception {
    Path data = dir.resolve("pg");
    try (LocalPostgres pg = LocalPostgres.start(data)) {
      try (Connection c = connect(pg)) {
        c.createStatement().execute("create table kept (v int)");
        c.createStatement().execute("insert into kept values (42)");
      }
    }
    assertThat(Files.exists(data.resolve("PG_VERSION"))).isTrue();
    try (LocalPostgres again = LocalPostgres.start(data);
        Connection c = connect(again);
        ResultSet rs = c.createStatement().executeQuery("select v from kept")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getInt(1)).isEqualTo(42);
    }
  }

  /** Regression: initdb -A trust let any local process connect as postgres, with no password, and do anything. */
  @Test
  void start_connectionWithoutPassword_refused() throws Exception {
    Path data = dir.resolve("pg");
    try (LocalPostgres pg = LocalPostgres.start(data)) {
      assertThatThrownBy(() -> connectAs(pg.port(), null)).isInstanceOf(SQLException.class).hasMessageContaining("password");
      assertThatThrownBy(() -> connectAs(pg.port(), "guess")).isInstanceOf(SQLException.class).hasMessageContaining("password authentication failed");
      try (Connection c = connectAs(pg.port(), pg.password())) {
        assertThat(c.isValid(2)).isTrue();
      }
      Path file = dir.resolve("pg.password");
      assertThat(Files.readString(file).strip()).isEqualTo(pg.password());
      assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
      assertThat(Files.readString(data.resolve("pg_hba.conf"))).isEqualTo(Credentials.HBA).doesNotContain("trust");
    }
  }

  /**
   * A folder made by an earlier Parley ({@code initdb -A trust}) whose node was killed and left its
   * server running: the next start stops that server, sets a password and accepts nothing else.
   */
  @Test
  void start_folderMadeWithTrustAndServerLeftRunning_stoppedAndLockedDown() throws Exception {
    Path data = dir.resolve("pg");
    boolean root = Programs.isRoot();
    Path bin = Binaries.prepared();
    Files.createDirectories(data);
    if (root) {
      Files.setAttribute(data, "unix:uid", Programs.NOBODY);
      Files.setAttribute(data, "unix:gid", Programs.NOBODY);
      Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwx------"));
    }
    Programs.run(bin, root, List.of(bin.resolve("bin/initdb").toString(), "-A", "trust", "-U", "postgres", "-D", data.toString(),
        "-E", "UTF-8", "--locale=C"));
    int oldPort;
    try (var s = new ServerSocket(0)) {
      oldPort = s.getLocalPort();
    }
    Programs.run(bin, root, List.of(bin.resolve("bin/pg_ctl").toString(), "-D", data.toString(), "-w", "-l", data.resolve("server.log").toString(),
        "-o", "-p " + oldPort + " -c listen_addresses=127.0.0.1 -c unix_socket_directories=", "start"));
    long oldPid = Postmaster.read(data).orElseThrow().pid();
    try (Connection c = connectAs(oldPort, null)) { // the hole: anyone gets in
      c.createStatement().execute("create table kept (v int)");
      c.createStatement().execute("insert into kept values (7)");
    }

    try (LocalPostgres pg = LocalPostgres.start(data)) {
      assertThat(ProcessHandle.of(oldPid).map(ProcessHandle::isAlive).orElse(false)).as("the orphaned server is stopped").isFalse();
      assertThatThrownBy(() -> connectAs(pg.port(), null)).isInstanceOf(SQLException.class);
      try (Connection c = connect(pg); ResultSet rs = c.createStatement().executeQuery("select v from kept")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getInt(1)).isEqualTo(7);
      }
      assertThat(Files.readString(data.resolve("pg_hba.conf"))).isEqualTo(Credentials.HBA);
    }
  }

  @Test
  void start_passwordFileLost_newPasswordSetInSingleUserMode() throws Exception {
    Path data = dir.resolve("pg");
    String first;
    try (LocalPostgres pg = LocalPostgres.start(data)) {
      first = pg.password();
    }
    Files.delete(dir.resolve("pg.password"));
    try (LocalPostgres pg = LocalPostgres.start(data, false); Connection c = connect(pg)) {
      assertThat(pg.password()).isNotEqualTo(first);
      assertThat(c.isValid(2)).isTrue();
      assertThatThrownBy(() -> connectAs(pg.port(), first)).isInstanceOf(SQLException.class);
    }
  }

  @Test
  void start_noDatabaseAndNoCreate_refusedAndNothingMade() {
    Path data = dir.resolve("pg");
    assertThatThrownBy(() -> LocalPostgres.start(data, false)).isInstanceOf(EmbeddedDatabaseException.class)
        .hasMessageContaining("no database");
    assertThat(data).doesNotExist();
    assertThat(dir.resolve("pg.password")).doesNotExist();
  }

  @Test
  void attach_serverRunning_connectsWithPasswordAndLeavesItRunning() throws Exception {
    Path data = dir.resolve("pg");
    assertThat(LocalPostgres.attach(data)).isEmpty();
    try (LocalPostgres first = LocalPostgres.start(data)) {
      try (LocalPostgres second = LocalPostgres.attach(data).orElseThrow(); Connection c = connect(second)) {
        assertThat(second.port()).isEqualTo(first.port());
        assertThat(c.isValid(2)).isTrue();
      }
      try (Connection c = connect(first)) {
        assertThat(c.isValid(2)).isTrue();
      }
    }
    assertThat(LocalPostgres.attach(data)).isEmpty();
  }
}
