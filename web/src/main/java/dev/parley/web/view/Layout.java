package dev.parley.web.view;

import java.util.List;

/** What every page's frame shows: the title, who is signed in, the CSRF token of forms, the "seen as peer" choice. */
public record Layout(String title, String account, String csrf, boolean admin, String asPeer, List<String> peers, String path) {
  public Layout {
    peers = List.copyOf(peers);
  }

  /** {@code link} with the "seen as peer" choice kept. */
  public String keep(String link) {
    if (asPeer == null) return link;
    return link + (link.contains("?") ? "&" : "?") + "as=" + Links.encode(asPeer);
  }
}
