package dev.parley.web.view;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** The links the pages make, encoded where they carry text. */
public final class Links {
  private Links() {}

  public static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  public static String collection(UUID collection) {
    return "/ui/c/" + collection;
  }

  public static String object(UUID collection, String stixId) {
    return "/ui/c/" + collection + "/o/" + encode(stixId);
  }
}
