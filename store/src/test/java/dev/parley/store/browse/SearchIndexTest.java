package dev.parley.store.browse;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.stix.Json;
import dev.parley.store.Database;
import dev.parley.store.collections.Collection;
import dev.parley.store.collections.CollectionStore;
import dev.parley.store.objects.NewObject;
import dev.parley.store.objects.ObjectStore;
import dev.parley.store.objects.WriteHook;
import dev.parley.store.testing.TestDatabases;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The search index from what the writer computed in the JVM ({@code Searchable}, migration V43)
 * holds the same rows, and finds the same objects for the same queries, as the index the SQL
 * functions of V40, V42 and V44 derive from the bodies.
 */
class SearchIndexTest {
  private static final String RED = "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1";
  private static final String GREEN = "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb";
  private final Database db = TestDatabases.fresh();
  private final BrowseStore browse = new BrowseStore(db);
  private final ObjectStore objects = new ObjectStore(db, WriteHook.NONE);
  private final UUID first = UUID.randomUUID();
  private final UUID second = UUID.randomUUID();

  SearchIndexTest() {
    new CollectionStore(db).create(new Collection(first, "api1", "one", null, null));
    new CollectionStore(db).create(new Collection(second, "api1", "two", null, null));
  }

  private static final String COMMON = "\"spec_version\":\"2.1\",\"created\":\"2020-01-01T00:00:00.000Z\",\"modified\":\"2020-01-01T00:00:00.000Z\"";

  /** Bodies that reach every member the index reads, and some that only SQL can read as it does. */
  private static List<String> bodies() {
    List<String> b = new ArrayList<>();
    b.add("{\"type\":\"malware\",\"id\":\"malware--" + UUID.randomUUID() + "\"," + COMMON
        + ",\"name\":\"Emotet LOADER\",\"description\":\"Drops \\u00c9t\\u00e9 payloads\\nover SMB\",\"is_family\":true"
        + ",\"object_marking_refs\":[\"" + RED + "\",\"" + GREEN + "\"]}");
    b.add("{\"type\":\"indicator\",\"id\":\"indicator--" + UUID.randomUUID() + "\"," + COMMON
        + ",\"pattern\":\"[ipv4-addr:value = '198.51.100.7']\",\"pattern_type\":\"stix\",\"valid_from\":\"2020-01-01T00:00:00Z\"}");
    b.add("{\"type\":\"ipv4-addr\",\"id\":\"ipv4-addr--" + UUID.randomUUID() + "\",\"spec_version\":\"2.1\",\"value\":\"198.51.100.7\""
        + ",\"object_marking_refs\":[\"" + GREEN + "\"]}");
    b.add("{\"type\":\"user-account\",\"id\":\"user-account--" + UUID.randomUUID() + "\",\"spec_version\":\"2.1\""
        + ",\"display_name\":\"Jane ROE\",\"user_id\":\"1001\"}");
    b.add("{\"type\":\"directory\",\"id\":\"directory--" + UUID.randomUUID() + "\",\"spec_version\":\"2.1\",\"path\":\"C:\\\\Windows\\\\Temp\"}");
    // jsonb orders keys by length, then bytes: the values come out in that order, not as written
    b.add("{\"type\":\"file\",\"id\":\"file--" + UUID.randomUUID() + "\",\"spec_version\":\"2.1\",\"name\":\"a.exe\",\"hashes\":{"
        + "\"SHA-256\":\"AAAA\",\"MD5\":\"BBBB\",\"x-long-custom\":\"CCCC\",\"SHA-1\":\"DDDD\",\"ssdeep\":\"EEEE\"}}");
    b.add("{\"type\":\"file\",\"id\":\"file--" + UUID.randomUUID() + "\",\"spec_version\":\"2.1\",\"name\":\"\",\"hashes\":{}}");
    b.add("{\"type\":\"relationship\",\"id\":\"relationship--" + UUID.randomUUID() + "\"," + COMMON
        + ",\"relationship_type\":\"indicates\",\"source_ref\":\"indicator--1\",\"target_ref\":\"malware--2\",\"description\":\"Seen\"}");
    b.add("{\"type\":\"relationship\",\"id\":\"relationship--" + UUID.randomUUID() + "\"," + COMMON
        + ",\"relationship_type\":\"related-to\",\"source_ref\":\"indicator--3\"}");
    b.add("{\"type\":\"sighting\",\"id\":\"sighting--" + UUID.randomUUID() + "\"," + COMMON
        + ",\"sighting_of_ref\":\"indicator--1\",\"name\":null,\"object_marking_refs\":[]}");
    b.add("{\"type\":\"identity\",\"id\":\"identity--" + UUID.randomUUID() + "\"," + COMMON
        + ",\"name\":\"\\ud83d\\ude00 \\u00e9quipe \\u0130stanbul\",\"identity_class\":\"group\"}");
    // V44: external ids (objects only, absent and null ids skipped), aliases and x_mitre_aliases (JSON nulls skipped)
    b.add("{\"type\":\"attack-pattern\",\"id\":\"attack-pattern--" + UUID.randomUUID() + "\"," + COMMON
        + ",\"name\":\"Drive-by Compromise\",\"external_references\":[{\"source_name\":\"mitre-attack\",\"external_id\":\"T0817\"},"
        + "{\"source_name\":\"paper\",\"url\":\"https://example.com/x\"},\"stray\",{\"source_name\":\"capec\",\"external_id\":\"CAPEC-1\"},"
        + "{\"source_name\":\"n\",\"external_id\":null}]}");
    b.add("{\"type\":\"intrusion-set\",\"id\":\"intrusion-set--" + UUID.randomUUID() + "\"," + COMMON
        + ",\"name\":\"Sandstorm\",\"aliases\":[\"Sandstorm\",\"Quartz Bear\",null,\"\"],\"x_mitre_aliases\":[],"
        + "\"external_references\":[]}");
    b.add("{\"type\":\"malware\",\"id\":\"malware--" + UUID.randomUUID() + "\"," + COMMON
        + ",\"is_family\":true,\"x_mitre_aliases\":[\"Gadget\",\"GADGET-2\"],\"aliases\":\"not a list\"}");
    // members that are not text: the writer leaves these to SQL, whose ->> spells them its own way
    b.add("{\"type\":\"x-thing\",\"id\":\"x-thing--" + UUID.randomUUID() + "\",\"spec_version\":\"2.1\",\"name\":\"ids\""
        + ",\"external_references\":[{\"source_name\":\"s\",\"external_id\":17}],\"aliases\":[true,\"x\"]}");
    b.add("{\"type\":\"x-thing\",\"id\":\"x-thing--" + UUID.randomUUID() + "\",\"spec_version\":\"2.1\",\"name\":42,\"value\":{\"a\":1}}");
    b.add("{\"type\":\"x-thing\",\"id\":\"x-thing--" + UUID.randomUUID() + "\",\"spec_version\":\"2.1\",\"name\":\"n\""
        + ",\"hashes\":{\"MD5\":7},\"object_marking_refs\":[\"" + RED + "\",1]}");
    b.add("{\"type\":\"relationship\",\"id\":\"relationship--" + UUID.randomUUID() + "\"," + COMMON
        + ",\"relationship_type\":\"related-to\",\"source_ref\":[\"indicator--3\"],\"target_ref\":\"malware--2\"}");
    return b;
  }

  private static NewObject object(String text) throws Exception {
    return NewObject.of((ObjectNode) Json.mapper().readTree(text), text);
  }

  private void indexAll() {
    while (browse.indexSearch(10_000) > 0) {
      // until every member is indexed
    }
  }

  /** Every row of object_search, in key order, as text. */
  private List<String> rows() {
    return db.withConnection(c -> {
      List<String> out = new ArrayList<>();
      try (Statement s = c.createStatement();
          ResultSet r = s.executeQuery("select pk, text, source_ref, target_ref, markings::text from object_search order by pk")) {
        while (r.next()) out.add(r.getLong(1) + "|" + r.getString(2) + "|" + r.getString(3) + "|" + r.getString(4) + "|" + r.getString(5));
      }
      return out;
    });
  }

  private long count(String sql) {
    return db.withConnection(c -> {
      try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
        r.next();
        return r.getLong(1);
      }
    });
  }

  private List<String> found(UUID collection, String text, List<String> markings) {
    BrowseStore.Filter f = new BrowseStore.Filter(List.of(), markings, null, null, text);
    return browse.list(collection, null, 0, 100, f).items().stream().map(BrowseStore.Item::stixId).toList();
  }

  private List<List<String>> queries() {
    List<List<String>> out = new ArrayList<>();
    for (UUID c : List.of(first, second)) {
      for (String q : List.of("emotet", "loader", "été", "\u00e9t\u00e9", "smb", "198.51.100", "jane roe", "windows\\temp", "a.exe",
          "dddd aaaa", "bbbb dddd", "seen", "équipe", "\u0130stanbul", "42", "{\"a\": 1}", "bbbb", "t0817", "capec-1",
          "quartz bear", "gadget-2", "17", "true x")) {
        out.add(found(c, q, List.of()));
      }
      out.add(found(c, null, List.of(RED)));
      out.add(found(c, null, List.of(GREEN)));
      out.add(browse.relationships(c, null, "indicator--1", 10).stream().map(BrowseStore.Item::stixId).toList());
      out.add(browse.relationships(c, null, "malware--2", 10).stream().map(BrowseStore.Item::stixId).toList());
    }
    return out;
  }

  @Test
  void indexSearch_textComputedByWriter_sameRowsAndResultsAsDerivedInSql() throws Exception {
    List<NewObject> batch = new ArrayList<>();
    for (String body : bodies()) batch.add(object(body));
    objects.add(first, batch);
    objects.add(second, batch.subList(0, 5)); // the same versions in a second collection: no second pending row
    assertThat(count("select count(*) from object_search_pending")).isEqualTo(14); // all but the four left to SQL

    indexAll();
    assertThat(count("select count(*) from object_search_pending")).isZero();
    assertThat(count("select count(*) from object_search")).isEqualTo(batch.size());
    // the same, row by row, as the SQL functions give
    assertThat(count("select count(*) from object_search s join object_version v on v.pk = s.pk"
        + " where s.text is distinct from parley_search_text(v.body) or s.markings is distinct from parley_marking_refs(v.body)"
        + " or s.source_ref is distinct from (case when v.type = 'relationship' then (v.body::jsonb) ->> 'source_ref' end)"
        + " or s.target_ref is distinct from (case when v.type = 'relationship' then (v.body::jsonb) ->> 'target_ref' end)")).isZero();
    List<String> fromWriter = rows();
    List<List<String>> answers = queries();
    assertThat(answers.get(0)).hasSize(1);
    // the file's hashes in jsonb's order (MD5, SHA-1, ssdeep, SHA-256, x-long-custom), not as written
    assertThat(answers.get(9)).isEmpty();
    assertThat(answers.get(10)).hasSize(1);

    // the index as before: derived from the bodies in SQL alone
    db.withConnection(c -> {
      try (Statement s = c.createStatement()) {
        s.execute("truncate object_search, object_search_cursor");
      }
      return null;
    });
    indexAll();
    assertThat(rows()).containsExactlyElementsOf(fromWriter);
    assertThat(queries()).containsExactlyElementsOf(answers);
  }
}
