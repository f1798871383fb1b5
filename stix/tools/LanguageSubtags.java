import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Derives the validator's table of language subtags from the IANA Language Subtag Registry
 * (https://www.iana.org/assignments/language-subtag-registry, RFC 5646 §3.1's record-jar format).
 * Run with the JDK alone:
 *
 * <pre>java stix/tools/LanguageSubtags.java language-subtag-registry \
 *     &gt; stix/src/main/resources/dev/parley/stix/validate/language-subtags.txt</pre>
 *
 * <p>The table keeps what validity (RFC 5646 §2.2.9) needs: which language, extlang, script,
 * region and variant subtags are registered, and the grandfathered tags; in lower case (§2.1.1:
 * tags are case-insensitive), ranges such as {@code qaa..qtz} spelled out, one line per type.
 */
public class LanguageSubtags {
  private static final List<String> TYPES = List.of("language", "extlang", "script", "region", "variant", "grandfathered");

  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println("usage: java LanguageSubtags.java <language-subtag-registry>");
      System.exit(2);
    }
    String fileDate = null;
    Map<String, TreeSet<String>> byType = new LinkedHashMap<>();
    for (String t : TYPES) byType.put(t, new TreeSet<>());
    for (Map<String, String> record : records(Files.readString(Path.of(args[0]), StandardCharsets.UTF_8))) {
      if (record.containsKey("File-Date")) fileDate = record.get("File-Date");
      TreeSet<String> set = byType.get(record.getOrDefault("Type", ""));
      if (set == null) continue; // redundant tags add nothing: their subtags are registered one by one
      String value = record.containsKey("Subtag") ? record.get("Subtag") : record.get("Tag");
      if (value == null) throw new IllegalStateException("a " + record.get("Type") + " record without Subtag or Tag");
      expand(value.toLowerCase(Locale.ROOT), set);
    }
    if (fileDate == null) throw new IllegalStateException("no File-Date: is this the IANA registry?");
    StringBuilder out = new StringBuilder();
    out.append("# IANA Language Subtag Registry, File-Date: ").append(fileDate).append('\n');
    out.append("# derived by stix/tools/LanguageSubtags.java: registered subtags by type, lower case, ranges spelled out\n");
    for (Map.Entry<String, TreeSet<String>> e : byType.entrySet()) {
      out.append(e.getKey()).append('\t').append(String.join(" ", e.getValue())).append('\n');
    }
    System.out.print(out);
  }

  /** Records are separated by lines of "%%"; a line that starts with a space continues a field. */
  private static List<Map<String, String>> records(String text) {
    List<Map<String, String>> records = new ArrayList<>();
    Map<String, String> current = new LinkedHashMap<>();
    String lastField = null;
    for (String line : text.split("\r?\n")) {
      if (line.equals("%%")) {
        records.add(current);
        current = new LinkedHashMap<>();
        lastField = null;
      } else if (!line.isEmpty() && Character.isWhitespace(line.charAt(0)) && lastField != null) {
        current.merge(lastField, " " + line.strip(), String::concat);
      } else if (line.indexOf(':') > 0) {
        lastField = line.substring(0, line.indexOf(':')).strip();
        current.putIfAbsent(lastField, line.substring(line.indexOf(':') + 1).strip()); // first Description wins
      }
    }
    records.add(current);
    return records;
  }

  /** "qaa..qtz" (same length, letters or digits counting up) into its members; a plain subtag as itself. */
  private static void expand(String value, TreeSet<String> into) {
    int dots = value.indexOf("..");
    if (dots < 0) {
      into.add(value);
      return;
    }
    char[] at = value.substring(0, dots).toCharArray();
    String last = value.substring(dots + 2);
    while (true) {
      String s = new String(at);
      into.add(s);
      if (s.equals(last)) return;
      int i = at.length - 1;
      while (at[i] == 'z' || at[i] == '9') {
        at[i] = at[i] == 'z' ? 'a' : '0';
        i--;
      }
      at[i]++;
    }
  }
}
