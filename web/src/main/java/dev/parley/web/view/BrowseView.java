package dev.parley.web.view;

import java.util.List;

/** A page of a collection. */
public record BrowseView(Layout layout, String collectionId, String title, List<Row> rows, String nextLink, String firstLink,
    Filters filters, String message, List<String> types, List<String> tlps) {}
