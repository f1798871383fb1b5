package dev.parley.web.view;

import java.util.List;

/**
 * The import page, or one import's progress. For a peer's account, which imports nothing here,
 * {@code peerWrites} lists where its agreement lets it write through TAXII; otherwise it is empty.
 */
public record ImportView(Layout layout, List<Card> collections, boolean peer, List<TaxiiTarget> peerWrites, String job, String message) {
  public ImportView {
    collections = List.copyOf(collections);
    peerWrites = List.copyOf(peerWrites);
  }

  /** A collection a peer writes to through TAXII: its title and the path its objects are POSTed to. */
  public record TaxiiTarget(String title, String objects) {}
}
