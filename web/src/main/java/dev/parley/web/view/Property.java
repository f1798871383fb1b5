package dev.parley.web.view;

import java.util.List;

/**
 * One property of an object as shown: plain text, links to other objects (refs), external
 * references, or JSON text.
 */
public record Property(String name, String text, List<Link> links, boolean json, List<Reference> references) {
  public Property {
    links = links == null ? List.of() : List.copyOf(links);
    references = references == null ? List.of() : List.copyOf(references);
  }

  public Property(String name, String text, List<Link> links, boolean json) {
    this(name, text, links, json, null);
  }
}
