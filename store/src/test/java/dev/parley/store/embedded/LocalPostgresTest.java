package dev.parley.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalPostgresTest {
  @TempDir Path dir;

  @Test
  void start_freshFolder_initializesServesAndReusesData() throws Exception {
    Path data = dir.resolve("pg");
    try (LocalPostgres pg = LocalPostgres.start(data)) {
      try (Connection c = DriverManager.getConnection(pg.jdbcUrl())) {
        c.createStatement().execute("create table kept (v int)");
        c.createStatement().execute("insert into kept values (42)");
      }
    }
    assertThat(Files.exists(data.resolve("PG_VERSION"))).isTrue();
    try (LocalPostgres again = LocalPostgres.start(data);
        Connection c = DriverManager.getConnection(again.jdbcUrl());
        ResultSet rs = c.createStatement().executeQuery("select v from kept")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getInt(1)).isEqualTo(42);
    }
  }

  @Test
  void start_serverAlreadyRunning_attachesWithoutStoppingIt() throws Exception {
    Path data = dir.resolve("pg");
    try (LocalPostgres first = LocalPostgres.start(data)) {
      try (LocalPostgres second = LocalPostgres.start(data)) {
        assertThat(second.port()).isEqualTo(first.port());
      }
      try (Connection c = DriverManager.getConnection(first.jdbcUrl())) {
        assertThat(c.isValid(2)).isTrue();
      }
    }
  }
}
