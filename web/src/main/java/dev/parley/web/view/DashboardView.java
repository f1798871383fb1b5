package dev.parley.web.view;

import java.util.List;

/** The dashboard. */
public record DashboardView(Layout layout, List<Card> collections, List<Row> recent, long logSize, String checkpoint, List<PeerRow> peers) {}
