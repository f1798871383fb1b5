package dev.parley.web.view;

/** A link's text and target (a path of this node, or null for plain text). */
public record Link(String text, String href) {}
