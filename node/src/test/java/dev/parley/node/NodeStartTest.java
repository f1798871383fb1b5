package dev.parley.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.store.FolderInUseException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a node checks before it makes anything, and that one data folder runs one node. */
class NodeStartTest {
  @TempDir Path dir;

  private NodeConfig config(Path data, int port) {
    return NodeConfig.defaults().withDataDir(data).withListen("127.0.0.1", port);
  }

  /** Regression: a second node on a folder that a running node held started silently, then answered 503 once the first stopped. */
  @Test
  void start_folderHeldByRunningNode_refusedNamingPidAndPort() throws Exception {
    Path data = dir.resolve("data");
    try (Node first = Node.start(config(data, 0))) {
      assertThatThrownBy(() -> Node.start(config(data, 0))).isInstanceOf(FolderInUseException.class)
          .hasMessageContaining("PID " + ProcessHandle.current().pid()).hasMessageContaining("port " + first.port());
      HttpResponse<String> health = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + first.port() + "/healthz")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(health.statusCode()).as("the first node serves on").isEqualTo(200);
      assertThat(first.firstAdminToken()).isPresent();
    }
    try (Node again = Node.start(config(data, 0))) {
      assertThat(again.firstAdminToken()).as("made once, at the first start").isEmpty();
    }
  }

  /** Regression: serve on a busy port made a whole data folder, and its administrator token was never shown. */
  @Test
  void start_portTaken_failsAndMakesNothing() throws Exception {
    Path data = dir.resolve("data");
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      assertThatThrownBy(() -> Node.start(config(data, taken.getLocalPort()))).isInstanceOf(NodeException.class)
          .isNotInstanceOf(NodeConfigException.class).hasMessageContaining("127.0.0.1:" + taken.getLocalPort());
    }
    assertThat(data).doesNotExist();
  }

  @Test
  void start_tlsFileMissing_invalidInputAndNothingMade() {
    Path data = dir.resolve("data");
    // invalid input (exit 1 in serve), not a usage error: ARCHITECTURE.md, "Invariants"
    assertThatThrownBy(() -> Node.start(config(data, 0).withTls(dir.resolve("no.pem"), dir.resolve("no.key"))))
        .isInstanceOf(NodeException.class).isNotInstanceOf(NodeConfigException.class).hasMessageContaining("no.pem").hasMessageContaining("no such file");
    assertThat(data).doesNotExist();
  }

  @Test
  void start_hostNotOfThisMachine_configErrorAndNothingMade() {
    Path data = dir.resolve("data");
    assertThatThrownBy(() -> Node.start(config(data, 0).withListen("192.0.2.1", 0))) // TEST-NET-1, RFC 5737
        .isInstanceOf(NodeConfigException.class).hasMessageContaining("not an address of this machine");
    assertThat(data).doesNotExist();
  }

  @Test
  void config_portOutOfRange_refused() {
    assertThatThrownBy(() -> config(dir, 99999)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0 to 65535");
    assertThatThrownBy(() -> config(dir, -1)).isInstanceOf(IllegalArgumentException.class);
  }
}
