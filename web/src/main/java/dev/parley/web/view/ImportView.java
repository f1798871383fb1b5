package dev.parley.web.view;

import java.util.List;

/** The import page, or one import's progress. */
public record ImportView(Layout layout, List<Card> collections, String job, String message) {}
