package dev.parley.cli;

import dev.parley.store.peers.PeerTrust;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A peer's URLs: its TAXII API root as given, and its node's log key beside it. */
final class PeerUrls {
  private PeerUrls() {}

  /** The API root URL, checked: absolute http(s), with a host, ending in a slash (added when missing). */
  static URI apiRoot(String text) {
    URI uri;
    try {
      uri = new URI(text.endsWith("/") ? text : text + "/");
    } catch (URISyntaxException e) {
      throw new CommandFailure(ExitCodes.USAGE, "--url is not a URL: " + e.getMessage());
    }
    if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
      throw new CommandFailure(ExitCodes.USAGE, "--url must be the http:// or https:// URL of a TAXII API root, e.g. https://peer.example:8443/api1/");
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw new CommandFailure(ExitCodes.USAGE, "--url must be an API root URL, without query or fragment: " + text);
    }
    if (uri.getRawUserInfo() != null) {
      // it would be stored and shown by peer list and in messages; the credential goes with --token
      throw new CommandFailure(ExitCodes.USAGE, "--url must not hold a user or password (user@host): give the credential with --token");
    }
    return uri;
  }

  /** Where the peer's node serves its log's verifier key: {@code /log/key} on the API root's host. */
  static URI logKeyUrl(URI apiRoot) {
    return apiRoot.resolve("/log/key");
  }

  /**
   * Fetches the peer's log verifier key (one line of text), its TLS checked against {@code tlsTrust}
   * (the certificates pinned for it, PEM) when not null.
   */
  static String fetchLogKey(URI apiRoot, String tlsTrust) throws IOException {
    URI uri = logKeyUrl(apiRoot);
    HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
    if (tlsTrust != null) builder.sslContext(PeerTrust.context(tlsTrust));
    HttpClient client = builder.build();
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build();
    try {
      HttpResponse<byte[]> r = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
      if (r.statusCode() != 200) throw new IOException(uri + " answered HTTP " + r.statusCode());
      if (r.body().length > 4096) throw new IOException(uri + " answered more than a key");
      return new String(r.body(), StandardCharsets.UTF_8).strip();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while fetching " + uri, e);
    } catch (IOException e) {
      if (e.getMessage() != null && e.getMessage().startsWith(uri.toString())) throw e;
      String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      if (e instanceof javax.net.ssl.SSLHandshakeException && why.contains("PKIX")) {
        why = PeerTrust.refused(tlsTrust != null, why);
      } else if (e instanceof ConnectException) {
        why = "connection refused";
      }
      throw new IOException("cannot reach " + uri + ": " + why, e);
    }
  }
}
