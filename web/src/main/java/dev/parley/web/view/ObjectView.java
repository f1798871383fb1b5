package dev.parley.web.view;

import java.util.List;

/** An object's page. */
public record ObjectView(Layout layout, String collectionId, String collectionTitle, Row head, List<Property> properties,
    List<Link> markings, List<Version> versions, List<Change> diff, String diffA, String diffB, String proofUrl, String graphUrl,
    String logIndex, String json) {
  /** One version of the object. */
  public record Version(String version, String added, String link) {}

  /** A property that differs between two versions. */
  public record Change(String property, String before, String after) {}
}
