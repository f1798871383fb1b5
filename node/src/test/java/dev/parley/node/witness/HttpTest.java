package dev.parley.node.witness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.parley.store.peers.PeerTrust;
import dev.parley.store.testing.TestCertificates;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The witnessing client's bounds against a peer that answers its headers and then holds the body: a
 * byte every 100 ms, for ever, or more bytes than a checkpoint or a cosignature can need. A request's
 * timeout covers only the headers; the round of the witness or the monitor must still end.
 */
class HttpTest {
  private static HttpServer peer;
  private static final ExecutorService THREADS = Executors.newCachedThreadPool();

  @BeforeAll
  static void start() throws IOException {
    peer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    peer.createContext("/trickle", x -> {
      try {
        x.sendResponseHeaders(200, 0);
        for (int i = 0; i < 10_000; i++) {
          x.getResponseBody().write('a');
          x.getResponseBody().flush();
          Thread.sleep(100);
        }
      } catch (IOException | InterruptedException gone) {
        // the client hung up
      } finally {
        x.close();
      }
    });
    peer.createContext("/large", x -> {
      try {
        byte[] chunk = new byte[64 * 1024];
        x.sendResponseHeaders(200, 0);
        for (int i = 0; i < 64; i++) x.getResponseBody().write(chunk); // 4 MiB
      } catch (IOException gone) {
        // the client hung up
      } finally {
        x.close();
      }
    });
    peer.createContext("/checkpoint", x -> {
      byte[] body = "origin\n1\nAAAA\n".getBytes(StandardCharsets.UTF_8);
      x.getResponseHeaders().add("Content-Type", "text/plain; charset=utf-8");
      x.sendResponseHeaders(200, body.length);
      x.getResponseBody().write(body);
      x.close();
    });
    peer.setExecutor(THREADS);
    peer.start();
  }

  @AfterAll
  static void stop() {
    peer.stop(0);
    THREADS.shutdownNow();
  }

  private static URI at(String path) {
    return URI.create("http://127.0.0.1:" + peer.getAddress().getPort() + path);
  }

  @Test
  void trickledBody_endsAtItsBound_namedSo() {
    Http http = new Http(Duration.ofSeconds(1));
    long start = System.nanoTime();
    assertThatThrownBy(() -> http.fetch(at("/trickle"))).isInstanceOf(IOException.class)
        .hasMessageContaining("/trickle").hasMessageContaining("did not end within 1.0 s");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void bodyLargerThanTheCap_refused() {
    assertThatThrownBy(() -> new Http().fetch(at("/large"))).isInstanceOf(IOException.class)
        .hasMessageContaining("answered more than " + Http.MAX_BODY + " bytes");
  }

  @Test
  void wholeBodyInTime_read() throws IOException {
    Http.Reply r = new Http(Duration.ofSeconds(1)).get(at("/checkpoint"));
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.contentType()).startsWith("text/plain");
    assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("origin\n1\nAAAA\n");
  }

  /**
   * The witness and the monitor reach a peer over HTTPS as sync does: against the certificates pinned
   * for it ({@code peer add --cacert}), its host name checked; another certificate is refused, named.
   */
  @Test
  void https_pinnedCertificate_read_anotherRefusedNamed(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    var served = TestCertificates.selfSigned(dir, "peer");
    var other = TestCertificates.selfSigned(dir, "other");
    javax.net.ssl.SSLContext tls = served.serverContext();
    com.sun.net.httpserver.HttpsServer https = com.sun.net.httpserver.HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    https.setHttpsConfigurator(new com.sun.net.httpserver.HttpsConfigurator(tls));
    https.createContext("/log/checkpoint", x -> {
      byte[] body = "origin\n1\nAAAA\n".getBytes(StandardCharsets.UTF_8);
      x.sendResponseHeaders(200, body.length);
      x.getResponseBody().write(body);
      x.close();
    });
    https.setExecutor(THREADS);
    https.start();
    try {
      URI uri = URI.create("https://127.0.0.1:" + https.getAddress().getPort() + "/log/checkpoint");
      String pinned = PeerTrust.canonical(Files.readString(served.cert()));
      assertThat(new String(new Http().fetch(uri, pinned), StandardCharsets.UTF_8)).isEqualTo("origin\n1\nAAAA\n");
      String wrong = PeerTrust.canonical(Files.readString(other.cert()));
      assertThatThrownBy(() -> new Http().fetch(uri, wrong)).isInstanceOf(Http.TlsRefused.class)
          .hasMessageContaining(PeerTrust.MISMATCH);
      assertThatThrownBy(() -> new Http().fetch(uri)).isInstanceOf(Http.TlsRefused.class) // the JVM's trust store does not hold it
          .hasMessageContaining("not trusted here");
    } finally {
      https.stop(0);
    }
  }
}
