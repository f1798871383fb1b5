package dev.parley.node.witness;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The one HTTP client of witnessing and monitoring: short timeouts, bodies capped. Thread-safe. */
final class Http {
  static final int MAX_BODY = 1 << 20;

  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

  /** A response: status, content type (or ""), body. */
  record Reply(int status, String contentType, byte[] body) {}

  Reply get(URI uri) throws IOException {
    return send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build());
  }

  Reply post(URI uri, byte[] body) throws IOException {
    return send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).header("Content-Type", "text/plain; charset=utf-8")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
  }

  /** The body of a 200, else an IOException naming the URL and status. */
  byte[] fetch(URI uri) throws IOException {
    Reply r = get(uri);
    if (r.status() != 200) throw new IOException(uri + " answered HTTP " + r.status());
    return r.body();
  }

  private Reply send(HttpRequest request) throws IOException {
    try {
      HttpResponse<java.io.InputStream> r = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
      byte[] body;
      try (java.io.InputStream in = r.body()) {
        body = in.readNBytes(MAX_BODY + 1);
      }
      if (body.length > MAX_BODY) throw new IOException(request.uri() + " answered more than " + MAX_BODY + " bytes");
      return new Reply(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), body);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } catch (IOException e) {
      String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      throw why.startsWith(request.uri().toString()) ? e : new IOException(request.uri() + ": " + why, e);
    }
  }
}
