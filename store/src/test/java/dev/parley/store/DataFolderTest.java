package dev.parley.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.store.objects.WriteHook;
import dev.parley.store.testing.TestDatabases;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One process holds a data folder: the node; commands work beside it; a folder's database outlives no holder. */
class DataFolderTest {
  @TempDir Path dir;
  private Process child;

  @AfterEach
  void killChild() {
    if (child != null) child.destroyForcibly();
  }

  private StoreConfig config() {
    return StoreConfig.defaults().withDataDir(dir);
  }

  /** Starts {@link HoldingProcess} on the folder and waits until it holds it. */
  private Process holder() throws Exception {
    child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), HoldingProcess.class.getName(), dir.toString())
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
    assertThat(out.readLine()).isEqualTo("holding true");
    return child;
  }

  private long postmaster() throws Exception {
    return Long.parseLong(Files.readAllLines(dir.resolve("postgres/postmaster.pid")).get(0).trim());
  }

  private static boolean alive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  @Test
  void open_folderHeldByLiveProcess_refusedNamingItsPidWhileCommandsWorkBeside() throws Exception {
    Process node = holder();
    assertThatThrownBy(() -> Stores.open(config(), WriteHook.NONE)).isInstanceOf(FolderInUseException.class)
        .hasMessageContaining("PID " + node.pid());
    try (Stores beside = Stores.openExisting(config(), WriteHook.NONE)) {
      assertThat(beside.folder()).as("the node holds the folder").isNull();
      assertThat(beside.db().ping()).isTrue();
    }
    assertThat(node.isAlive()).isTrue();
    assertThat(alive(postmaster())).as("a command leaves the node's database running").isTrue();
  }

  /** A node started while a command holds the folder waits for the command to end (hostile run 12ad: refused beside token create). */
  @Test
  void open_folderHeldByACommand_theNodeWaitsForIt() throws Exception {
    Stores.open(config(), WriteHook.NONE).close();
    child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), HoldingProcess.class.getName(), dir.toString(), "command", "3000")
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
    assertThat(out.readLine()).isEqualTo("holding true");
    assertThat(NodeLock.holder(dir).command()).isTrue();
    try (Stores node = Stores.open(config(), WriteHook.NONE)) {
      assertThat(node.folder()).isNotNull();
      assertThat(node.db().ping()).isTrue();
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
  }

  /** Regression: a node that found the server of a SIGKILLed node attached to it and left it running when it stopped. */
  @Test
  void open_serverOrphanedBySigkilledNode_stoppedAndNoneLeftAfterClose() throws Exception {
    Process node = holder();
    long orphan = postmaster();
    node.destroyForcibly(); // SIGKILL: the server it started goes on running
    assertThat(node.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(alive(orphan)).isTrue();
    assertThat(dir.resolve(NodeLock.FILE)).as("left behind, and no obstacle").exists();

    long started;
    try (Stores stores = Stores.open(config(), WriteHook.NONE)) {
      assertThat(alive(orphan)).as("the orphan is stopped").isFalse();
      started = postmaster();
      assertThat(started).isNotEqualTo(orphan);
      assertThat(stores.db().ping()).isTrue();
    }
    assertThat(alive(started)).isFalse();
    assertThat(alive(orphan)).isFalse();
    assertThat(dir.resolve("postgres/postmaster.pid")).doesNotExist();
  }

  @Test
  void openExisting_noNodeRunning_holdsTheFolderAndStopsItsServerAfter() throws Exception {
    Stores.open(config(), WriteHook.NONE).close();
    long started;
    try (Stores command = Stores.openExisting(config(), WriteHook.NONE)) {
      assertThat(command.folder()).isNotNull();
      started = postmaster();
      assertThatThrownBy(() -> Stores.open(config(), WriteHook.NONE)).isInstanceOf(FolderInUseException.class)
          .hasMessageContaining("PID " + ProcessHandle.current().pid()).hasMessageContaining("a command");
    }
    assertThat(alive(started)).isFalse();
  }

  /** Regression: every command made a fresh data folder (43 MB) where there was none, and then failed. */
  @Test
  void openExisting_noFolder_noNodeAndNothingMade() {
    Path missing = dir.resolve("parley-data");
    assertThatThrownBy(() -> Stores.openExisting(config().withDataDir(missing))).isInstanceOf(NoNodeException.class)
        .hasMessageContaining("does not exist");
    assertThatThrownBy(() -> Stores.openExisting(config().withDataDir(missing), WriteHook.NONE)).isInstanceOf(NoNodeException.class);
    assertThat(missing).doesNotExist();
    assertThatThrownBy(() -> Stores.openExisting(config(), WriteHook.NONE)).isInstanceOf(NoNodeException.class)
        .hasMessageContaining("holds no node");
    assertThat(dir.toFile().list()).isEmpty();
  }

  @Test
  void externalDatabase_eachNodeHoldsItsOwnFolder() throws Exception {
    String schema = "folder_test_" + ProcessHandle.current().pid();
    StoreConfig first = config().withDataDir(dir.resolve("a")).withDatabase(TestDatabases.url(), schema);
    // two nodes of one database; a node with its log keeps the log's key in its folder
    try (Stores a = Stores.open(first); Stores b = Stores.open(first.withDataDir(dir.resolve("b")), WriteHook.NONE)) {
      assertThat(a.db().ping() && b.db().ping()).isTrue();
      assertThatThrownBy(() -> Stores.open(first)).isInstanceOf(FolderInUseException.class);
      try (Stores command = Stores.openExisting(first)) {
        assertThat(command.folder()).isNull();
      }
      // a node of a new folder on this database makes a key that its log refuses: refused, and the key is not left
      // behind to refuse every later start (hostile run be D3)
      Path fresh = dir.resolve("d");
      assertThatThrownBy(() -> Stores.open(first.withDataDir(fresh))).hasMessageContaining("a log's key never changes");
      assertThat(fresh.resolve("log.key")).doesNotExist();
    }
    Path noKey = dir.resolve("c");
    assertThatThrownBy(() -> Stores.openExisting(first.withDataDir(noKey))).isInstanceOf(NoNodeException.class)
        .hasMessageContaining("log key");
    assertThat(noKey).doesNotExist();
  }
}
