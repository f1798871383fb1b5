package dev.parley.stix.validate;

import java.util.Optional;

/** URLs as a url SCO's value must hold them (RFC 3986, STIX 2.1 §6.15.1). */
public final class UrlValues {
  private UrlValues() {}

  /**
   * {@code url} in a form RFC 3986 allows: every character not allowed where it stands
   * percent-encoded, every '%' that starts no percent-encoded octet as "%25", the rest as it is (a
   * valid URL comes back unchanged). Empty when it has no scheme, or is still not a URL after that
   * (a host that is neither a name nor an address literal).
   */
  public static Optional<String> rfc3986(String url) {
    String encoded = Urls.encode(url);
    return encoded != null && Urls.problem(encoded) == null ? Optional.of(encoded) : Optional.empty();
  }
}
