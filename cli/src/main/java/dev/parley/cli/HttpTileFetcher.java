package dev.parley.cli;

import dev.parley.tlog.verify.LogFetcher;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Fetches the resources of a C2SP tiled log over HTTP(S) from a base URL such as {@code
 * https://node.example/log/}, for {@code parley log verify}. Safe for use from one thread at a time.
 */
final class HttpTileFetcher implements LogFetcher {
  /** Larger than any tile (8 KiB), bundle (256 × 64 KiB) or sensible checkpoint. */
  private static final long MAX_BODY = 17L * 1024 * 1024;

  private final HttpClient client;
  private final URI base;

  HttpTileFetcher(URI base) {
    String text = base.toString();
    this.base = URI.create(text.endsWith("/") ? text : text + "/");
    this.client = HttpClient.newBuilder()
        .connectTimeout(Duration.ofSeconds(10))
        .followRedirects(HttpClient.Redirect.NORMAL)
        .build();
  }

  @Override
  public byte[] fetch(String path) throws IOException {
    URI uri = base.resolve(path);
    HttpRequest request = HttpRequest.newBuilder(uri)
        .timeout(Duration.ofSeconds(30))
        .header("Accept-Encoding", "identity")
        .GET()
        .build();
    HttpResponse<byte[]> response;
    try {
      response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while fetching " + uri, e);
    } catch (IOException e) {
      String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      throw new IOException("cannot fetch " + uri + ": " + (e instanceof ConnectException ? "connection refused" : why), e);
    }
    if (response.statusCode() == 404) {
      throw new FileNotFoundException(uri + ": 404 Not Found");
    }
    if (response.statusCode() != 200) {
      throw new IOException(uri + ": HTTP " + response.statusCode() + reason(response.body()));
    }
    if (response.body().length > MAX_BODY) {
      throw new IOException(uri + ": body larger than " + MAX_BODY + " bytes");
    }
    return response.body();
  }

  /** The server's own words on a failure (a node says why its log is unavailable), kept short. */
  private static String reason(byte[] body) {
    String text = new String(body, 0, Math.min(body.length, 300), StandardCharsets.UTF_8).strip();
    if (text.isEmpty()) return "";
    return ": " + text.replaceAll("\\s+", " ");
  }
}
