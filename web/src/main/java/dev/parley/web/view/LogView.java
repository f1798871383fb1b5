package dev.parley.web.view;

import java.util.List;

/** The log page. */
public record LogView(Layout layout, String checkpoint, long size, String key, List<String> signatures, String lookup, List<Row> entries,
    String message, String entryIndex, String entryHex) {}
