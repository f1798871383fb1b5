package dev.parley.web.view;

import java.util.List;

/**
 * An object's page; {@code externalIds} are the {@code external_id}s of its external references
 * (an ATT&CK technique's T0828, a vulnerability's CVE id), shown under its name.
 */
public record ObjectView(Layout layout, String collectionId, String collectionTitle, Row head, List<String> externalIds,
    List<Property> properties, List<Link> markings, List<Version> versions, List<Change> diff, String diffA, String diffB,
    String proofUrl, String graphUrl, String logIndex, String json) {
  /** One version of the object. */
  public record Version(String version, String added, String link) {}

  /** A property that differs between two versions. */
  public record Change(String property, String before, String after) {}
}
