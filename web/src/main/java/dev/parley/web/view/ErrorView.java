package dev.parley.web.view;

/** A page that says what went wrong, without a stack trace. */
public record ErrorView(Layout layout, int status, String message) {}
