package dev.parley.web.view;

import java.util.List;

/** One property of an object as shown: plain text, links to other objects (refs), or JSON text. */
public record Property(String name, String text, List<Link> links, boolean json) {
  public Property {
    links = links == null ? List.of() : List.copyOf(links);
  }
}
