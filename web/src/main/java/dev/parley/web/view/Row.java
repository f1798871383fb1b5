package dev.parley.web.view;

/** One object in a list: id, type, its name (or value, or id), TLP badge, when added, its version and page. */
public record Row(String id, String type, String name, String tlp, String added, String version, String link, String collection) {}
