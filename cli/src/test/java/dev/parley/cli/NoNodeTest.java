package dev.parley.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Only {@code serve} makes a node. Regression: {@code import}, {@code export}, {@code token},
 * {@code collection} and {@code log} made a fresh data folder (43 MB) where there was no node, and
 * then failed.
 */
class NoNodeTest {
  @TempDir Path dir;

  /** Every command that opens a node's store, without its {@code --data}. */
  private List<String[]> commands() throws Exception {
    Path bundle = Files.writeString(dir.resolve("in.json"), TestCli.indicator(TestCli.newId("indicator"), "2020-01-01T00:00:00.000Z"));
    return List.of(
        new String[] {"import", bundle.toString(), "--collection", "shared"},
        new String[] {"export", "--collection", "shared"},
        new String[] {"token", "create", "--name", "peer", "--read", "shared"},
        new String[] {"token", "list"},
        new String[] {"token", "revoke", "peer"},
        new String[] {"collection", "create", "--title", "shared"},
        new String[] {"collection", "list"},
        new String[] {"log", "checkpoint"},
        new String[] {"log", "prove", "--object", "indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f", "--collection", "shared"});
  }

  private static String[] with(String[] command, String... more) {
    List<String> all = new ArrayList<>(List.of(command));
    all.addAll(List.of(more));
    return all.toArray(new String[0]);
  }

  @Test
  void commands_dataFolderMissing_sayNoNodeAndMakeNothing() throws Exception {
    Path missing = dir.resolve("parley-data");
    for (String[] command : commands()) {
      TestCli.Result r = TestCli.runExactly(with(command, "--data", missing.toString()));
      assertThat(r.code()).as(String.join(" ", command) + ": " + r.err()).isEqualTo(ExitCodes.INVALID);
      assertThat(r.err()).as(String.join(" ", command)).contains("no Parley node in " + missing).contains("--data DIR").contains("--db JDBC_URL");
      assertThat(missing).as(String.join(" ", command)).doesNotExist();
    }
  }

  @Test
  void commands_folderWithoutNode_sayNoNodeAndLeaveItEmpty() throws Exception {
    Path empty = Files.createDirectories(dir.resolve("empty"));
    for (String[] command : commands()) {
      TestCli.Result r = TestCli.runExactly(with(command, "--data", empty.toString()));
      assertThat(r.code()).as(String.join(" ", command) + ": " + r.err()).isEqualTo(ExitCodes.INVALID);
      assertThat(r.err()).contains("holds no node");
      assertThat(empty.toFile().list()).as(String.join(" ", command)).isEmpty();
    }
  }

  @Test
  void commands_withoutData_makeNoParleyDataHere() throws Exception {
    Path here = Path.of("parley-data").toAbsolutePath();
    assertThat(here).as("the module's folder holds no node to begin with").doesNotExist();
    for (String[] command : commands()) {
      TestCli.Result r = TestCli.runExactly(command);
      assertThat(r.code()).as(String.join(" ", command) + ": " + r.err()).isEqualTo(ExitCodes.INVALID);
      assertThat(r.err()).contains("no Parley node in parley-data");
      assertThat(here).as(String.join(" ", command)).doesNotExist();
    }
  }
}
