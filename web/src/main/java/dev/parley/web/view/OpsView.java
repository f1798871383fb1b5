package dev.parley.web.view;

import java.util.List;
import java.util.Map;

/** The operators' page: accounts, collections, peers and agreements, and what one peer would receive. */
public record OpsView(Layout layout, List<AccountRow> accounts, List<Card> collections, List<PeerRow> peers, String newToken,
    String message, String explainPeer, String explainCollection, List<Explained> explained) {
  /**
   * An account and its rights, written as {@code collection: read write}; {@code chosen}: per
   * collection id ({@code *} first, for every collection) the right its form shows chosen (none,
   * read, write, read-write).
   */
  public record AccountRow(String name, boolean admin, boolean peer, String rights, Map<String, String> chosen) {}

  /** The values of a right's select, in the order shown. */
  public static final List<String> CHOICES = List.of("none", "read", "write", "read-write");

  /** The title of the collection {@code id}, or the id when it is not among the collections. */
  public String title(String id) {
    return collections.stream().filter(c -> c.id().equals(id)).map(Card::title).findFirst().orElse(id);
  }

  /** One decision of {@code policy explain}. */
  public record Explained(String id, String version, String verdict, String rule) {}
}
