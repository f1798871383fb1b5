package dev.parley.web.view;

/** The collection browser's filters as the user wrote them (echoed back into the form). */
public record Filters(String type, String tlp, String from, String to, String q, int limit) {}
