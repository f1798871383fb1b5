package dev.parley.web.view;

import java.util.List;

/** The operators' page: accounts, collections, peers and agreements, and what one peer would receive. */
public record OpsView(Layout layout, List<AccountRow> accounts, List<Card> collections, List<PeerRow> peers, String newToken,
    String message, String explainPeer, String explainCollection, List<Explained> explained) {
  /** An account and its rights, written as {@code collection: read write}. */
  public record AccountRow(String name, boolean admin, boolean peer, String rights) {}

  /** One decision of {@code policy explain}. */
  public record Explained(String id, String version, String verdict, String rule) {}
}
