package dev.parley.stix;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/** What a misspelt name may have meant, among the names a command or a file format knows. */
public final class Spelling {
  private Spelling() {}

  /** The names within a few edits of {@code given}, or that contain it, closest first. */
  public static List<String> closest(String given, Collection<String> known) {
    int limit = Math.max(2, given.length() / 4);
    List<String> close = new ArrayList<>();
    for (String name : known) {
      if (distance(given, name) <= limit || (given.length() >= 3 && name.contains(given))) close.add(name);
    }
    close.sort(Comparator.comparingInt((String name) -> distance(given, name)).thenComparing(name -> name));
    return close;
  }

  /**
   * The edits from {@code a} to {@code b}: insertions, deletions, substitutions and transpositions
   * of two neighbouring characters (the optimal string alignment distance), so that {@code psuh} is
   * one edit from {@code push}, as a reader counts it.
   */
  public static int distance(String a, String b) {
    int[] beforePrevious = new int[b.length() + 1];
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) previous[j] = j;
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          current[j] = Math.min(current[j], beforePrevious[j - 2] + 1);
        }
      }
      int[] recycled = beforePrevious;
      beforePrevious = previous;
      previous = current;
      current = recycled;
    }
    return previous[b.length()];
  }
}
