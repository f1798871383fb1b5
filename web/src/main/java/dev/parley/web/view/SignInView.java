package dev.parley.web.view;

/** The sign-in form. */
public record SignInView(String csrf, String message) {}
