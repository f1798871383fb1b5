package dev.parley.web.view;

/**
 * One object in a list: id, type, its name (or value, or id), TLP badge, when added, its version and
 * page, and its status when it is withdrawn: {@code revoked} (STIX {@code revoked}) or {@code
 * deprecated} (ATT&CK's {@code x_mitre_deprecated}), else null.
 */
public record Row(String id, String type, String name, String tlp, String added, String version, String link, String collection,
    String status) {}
