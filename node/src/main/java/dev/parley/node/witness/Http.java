package dev.parley.node.witness;

import dev.parley.store.peers.PeerTrust;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/** The one HTTP client of witnessing and monitoring: short timeouts, bodies capped. Thread-safe. */
final class Http {
  static final int MAX_BODY = 1 << 20;

  /** The longest a body may take to arrive, from its headers. */
  static final Duration BODY_WITHIN = Duration.ofSeconds(30);
  private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "parley-witness-http-watchdog");
    t.setDaemon(true);
    return t;
  });

  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
  /** A client per distinct set of certificates pinned for peers (peer add --cacert). */
  private final Map<String, HttpClient> pinned = new ConcurrentHashMap<>();
  private final Duration bodyWithin;

  Http() {
    this(BODY_WITHIN);
  }

  /** A client whose bodies must arrive within {@code bodyWithin} of their headers. */
  Http(Duration bodyWithin) {
    this.bodyWithin = bodyWithin;
  }

  /** A peer's TLS refused: its certificate does not match the certificates pinned for it, or is not trusted here. */
  static final class TlsRefused extends IOException {
    TlsRefused(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** A response: status, content type (or ""), body. */
  record Reply(int status, String contentType, byte[] body) {}

  Reply get(URI uri) throws IOException {
    return get(uri, null);
  }

  /** A GET, its TLS checked against {@code tlsTrust} (a peer's pinned certificates, PEM) when not null. */
  Reply get(URI uri, String tlsTrust) throws IOException {
    return send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(), tlsTrust);
  }

  Reply post(URI uri, String tlsTrust, byte[] body) throws IOException {
    return send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).header("Content-Type", "text/plain; charset=utf-8")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), tlsTrust);
  }

  /** The body of a 200, else an IOException naming the URL and status. */
  byte[] fetch(URI uri) throws IOException {
    return fetch(uri, null);
  }

  /** {@link #fetch(URI)} from a peer whose certificates are pinned ({@code tlsTrust}, or null for the JVM's trust store). */
  byte[] fetch(URI uri, String tlsTrust) throws IOException {
    Reply r = get(uri, tlsTrust);
    if (r.status() != 200) throw new IOException(uri + " answered HTTP " + r.status());
    return r.body();
  }

  private Reply send(HttpRequest request, String tlsTrust) throws IOException {
    HttpClient to = tlsTrust == null ? client : pinned.computeIfAbsent(tlsTrust, t -> HttpClient.newBuilder()
        .connectTimeout(Duration.ofSeconds(3)).sslContext(PeerTrust.context(t)).build());
    try {
      HttpResponse<InputStream> r = to.send(request, HttpResponse.BodyHandlers.ofInputStream());
      byte[] body;
      // a request's timeout covers only the wait for the headers: a peer that then sent a byte a
      // second held the witness's or the monitor's round for ever. Closing the stream ends the read
      // set before the stream is closed: the read fails while the close runs, before the task is done
      AtomicBoolean fired = new AtomicBoolean();
      ScheduledFuture<?> stop = WATCHDOG.schedule(() -> {
        fired.set(true);
        close(r.body());
      }, bodyWithin.toMillis(), TimeUnit.MILLISECONDS);
      try (InputStream in = r.body()) {
        body = in.readNBytes(MAX_BODY + 1);
      } catch (IOException e) {
        if (fired.get()) throw new IOException(request.uri() + ": the answer did not end within " + bodyWithin.toMillis() / 1000.0 + " s", e);
        throw e;
      } finally {
        stop.cancel(false);
      }
      if (body.length > MAX_BODY) throw new IOException(request.uri() + " answered more than " + MAX_BODY + " bytes");
      return new Reply(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), body);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } catch (IOException e) {
      String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      if (e instanceof javax.net.ssl.SSLHandshakeException) {
        if (why.contains("PKIX")) {
          why = PeerTrust.refused(tlsTrust != null, why);
        } else {
          why = "TLS failed: " + why.replaceAll("^[a-z.]+Exception: ", "");
        }
        throw new TlsRefused(request.uri() + ": " + why, e);
      }
      throw why.startsWith(request.uri().toString()) ? e : new IOException(request.uri() + ": " + why, e);
    }
  }

  private static void close(InputStream in) {
    try {
      in.close();
    } catch (IOException e) {
      // closed already
    }
  }
}
