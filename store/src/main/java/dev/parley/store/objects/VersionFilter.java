package dev.parley.store.objects;

import java.time.Instant;
import java.util.List;

/** The {@code match[version]} filter: any of first, last, exact versions; or all. */
public record VersionFilter(boolean all, boolean first, boolean last, List<Instant> exact) {
  public static final VersionFilter LAST = new VersionFilter(false, false, true, List.of());
  public static final VersionFilter ALL = new VersionFilter(true, false, false, List.of());

  public VersionFilter {
    exact = List.copyOf(exact);
    if (!all && !first && !last && exact.isEmpty()) throw new IllegalArgumentException("an empty version filter");
  }
}
