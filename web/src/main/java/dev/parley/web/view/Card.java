package dev.parley.web.view;

/** A collection on the dashboard: its objects (latest versions) and link. */
public record Card(String id, String title, String description, long count, String link, boolean canRead) {}
