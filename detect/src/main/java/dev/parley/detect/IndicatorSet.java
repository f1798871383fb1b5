package dev.parley.detect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.pattern.ParseResult;
import dev.parley.pattern.Patterns;
import dev.parley.pattern.match.MatchState;
import dev.parley.pattern.value.Comparisons;
import dev.parley.policy.Markings;
import dev.parley.policy.Tlp;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The indicators to detect with, from STIX objects in any order: the latest version of each id
 * (greatest {@code modified}; of equal ones, the last read), without revoked ones: an id any of whose
 * owner's versions is revoked stays revoked, whatever versions come before or after it (STIX 2.1
 * §3.2, {@code revoked}: "Revoking an object is permanent"); a {@code pattern_type} other than
 * {@code stix}, a pattern that does not parse, or one whose REPEATS no bounded state could count
 * ({@link MatchState#uncountable}: it would never match, silently) is skipped, counted and named
 * with why; so is one whose LIKE and MATCHES expressions would take its source past
 * {@link #SOURCE_STATES} automaton states in all. Validity is not judged here: it depends on each
 * record's event time.
 */
public final class IndicatorSet {
  /**
   * The automaton states (4 bytes each) the LIKE and MATCHES expressions of one source's indicators may
   * hold in all, 16 MB: a peer's two hundred expressions of a dozen characters such as
   * {@code (a{1000}){40}} held 40,000 states each, and ran a node out of a 128 MB heap. Ordinary
   * expressions take about one state a character ({@code .{1,255}}: 511), so a source's ten thousand
   * of them fit many times over. An indicator that would take its source past the bound, in the
   * order they are judged (arrival, for a node following its collections), is skipped and named;
   * the states of indicators revoked or replaced are given back, and the skipped ones of that source
   * admitted again in the order they were skipped.
   */
  public static final long SOURCE_STATES = 4_000_000;
  private final List<Indicator> indicators;
  private final Counts counts;
  private final List<String> problems;

  /** What loading found: indicators compiled, versions superseded, and the skipped ones by reason. */
  public record Counts(int active, int superseded, int revoked, int otherPatternType, int invalid, int uncountable, int oversized) {
    /**
     * Indicators not detected with: other pattern types, invalid ones, those whose REPEATS could never be
     * counted, and those past their source's automaton states ({@link #SOURCE_STATES}).
     */
    public int skipped() {
      return otherPatternType + invalid + uncountable + oversized;
    }
  }

  private IndicatorSet(List<Indicator> indicators, Counts counts, List<String> problems) {
    this.indicators = List.copyOf(indicators);
    this.counts = counts;
    this.problems = List.copyOf(problems);
  }

  public List<Indicator> indicators() {
    return indicators;
  }

  public Counts counts() {
    return counts;
  }

  /** One line per invalid, uncountable or oversized indicator: its id and why. */
  public List<String> problems() {
    return problems;
  }

  /**
   * Collects indicator objects; other objects are ignored. Not thread-safe. What {@link #build}
   * makes of an id's latest version (its pattern parsed, its validity read) is kept until a newer
   * version of that id arrives, so building again after a few more objects costs a pass over the
   * set, not a parse of every pattern in it: a node that follows its collections builds after every
   * poll while a large receive goes on. {@link #takeChanged} says which ids a follower must look at.
   */
  public static final class Builder {
    /**
     * By id. A hash map: a node following a large collection looks every changed id up twice, and in
     * a tree of a million ids those look-ups were a tenth of its time; {@link #build} sorts by id.
     */
    private final Map<String, Latest> latest = new HashMap<>();
    private final Set<String> changed = new HashSet<>();
    /**
     * The sources any of whose versions of an id was revoked, by id: only revoked ids take an entry.
     * Kept apart from {@link #latest}, which holds one version, so that a revocation read before the
     * versions that follow it, or from a source that owns the id only later, is never lost.
     */
    private final Map<String, Set<Integer>> revokedBy = new HashMap<>();
    /** The automaton states the active indicators of each source hold, by source ({@link #SOURCE_STATES}). */
    private final Map<Integer, Long> heldStates = new HashMap<>();
    /** The ids skipped for their source's automaton states, by source: judged again when states are given back. */
    private final Map<Integer, Set<String>> oversizedBy = new HashMap<>();

    private int superseded;
    /** Versions refused as invalid STIX ({@link #refuse}), with why. */
    private final List<String> refused = new ArrayList<>();

    /**
     * What an id's latest version is to detection: an indicator (and the automaton states it holds), or
     * why it is not one (problem: for those whose pattern is invalid or cannot be searched).
     */
    private record Judged(Indicator indicator, Skip skip, String problem, long states, Indicator waiting) {
      Judged(Indicator indicator, Skip skip, String problem) {
        this(indicator, skip, problem, 0, null);
      }
    }

    private enum Skip { REVOKED, OTHER_PATTERN_TYPE, INVALID, UNCOUNTABLE, OVERSIZED }

    private static final Judged REVOKED = new Judged(null, Skip.REVOKED, null);

    /**
     * An id's latest version: only what detection makes of it, judged as it is offered ({@link
     * #verdict}), never its JSON. The JSON of an indicator takes one or two kilobytes of heap, its
     * judged form a few hundred bytes: a node following hundreds of thousands of indicators kept every
     * one's JSON before; and judged only when first asked for, the first read of a node holding
     * 850,000 indicators held every one's JSON at once and ran out of a heap of 1 GB that the judged
     * forms fit in (hostile run bb D11). A version superseded later was parsed for nothing; most
     * ids have one version.
     */
    private static final class Latest {
      final Instant modified;
      /** Made or imported on this node (or written by an administrator), not by a peer or a local account. */
      final boolean local;
      /** Where the version came from: {@link #LOCAL} (this node, any local account), or the peer that sent it. */
      final int source;
      /**
       * Whose the version is, for owning the id: {@link #LOCAL} (made or imported here), the peer that
       * sent it, or the local account's group that wrote it ({@link #holder}).
       */
      final int holder;
      /** The budget group of this version's writer ({@link #add(ObjectNode, int, int, Instant)}). */
      final int group;
      /** When the owner's first version offered was added here. */
      final Instant firstAdded;
      /** What the version is to detection, before its automaton states are counted ({@link #admit}). */
      final Judged verdict;
      /** The verdict admitted: holding its automaton states, or skipped for want of them; null until asked for. */
      private Judged judged;
      /** A version of the owner's, this one or another, was revoked: the id is no indicator, for good. */
      private boolean revoked;
      /**
       * The source whose version of the id was added here first, and when: kept when this node's own
       * version takes over from a peer's, since that peer's revocation still counts.
       */
      private int origin = NO_PEER;
      private Instant originAdded;

      Latest(Instant modified, int source, int group, Instant firstAdded, Judged verdict) {
        this.modified = modified;
        this.holder = holder(source, group);
        this.local = holder == LOCAL;
        this.source = source;
        this.group = group;
        this.firstAdded = firstAdded;
        this.verdict = verdict;
      }

    }

    /**
     * What {@code l}, the latest version of {@code id}, is to detection, judged once; an indicator
     * takes its automaton states from its source's {@link #SOURCE_STATES}, or is skipped when they
     * are not left.
     */
    private Judged judged(String id, Latest l) {
      if (l.revoked) {
        release(l);
        return REVOKED;
      }
      if (l.judged == null) l.judged = l.verdict.indicator() == null ? l.verdict : admit(id, l.group, l.verdict);
      return l.judged;
    }

    /**
     * The indicator active, holding its automaton states, when its source (its writer's group) has
     * them left; else skipped, kept to be admitted when states are given back ({@link #release}).
     */
    private Judged admit(String id, int source, Judged verdict) {
      Indicator indicator = verdict.indicator() != null ? verdict.indicator() : verdict.waiting();
      long states = Patterns.automatonStates(indicator.pattern());
      if (states == 0) return verdict.indicator() != null ? verdict : new Judged(indicator, null, null);
      long held = heldStates.getOrDefault(source, 0L);
      if (held + states > SOURCE_STATES) {
        oversizedBy.computeIfAbsent(source, k -> new LinkedHashSet<>()).add(id);
        return new Judged(null, Skip.OVERSIZED, id + ": skipped: its LIKE and MATCHES expressions take " + states
            + " automaton states, and its source's indicators may hold " + SOURCE_STATES + " in all (" + held + " held)", 0, indicator);
      }
      heldStates.put(source, held + states);
      return new Judged(indicator, null, null, states, null);
    }

    /**
     * Gives back the automaton states {@code l} holds (it is replaced or revoked): the ids of its source
     * skipped for want of them are admitted again in the order they were skipped, and those now active
     * are changed for a follower (a hostile run's stayed skipped until a restart).
     */
    private void release(Latest l) {
      Judged was = l.judged;
      l.judged = null;
      if (was == null || was.states() == 0) return;
      heldStates.merge(l.group, -was.states(), Long::sum);
      Set<String> skipped = oversizedBy.remove(l.group);
      if (skipped == null) return;
      for (String id : skipped) {
        Latest other = latest.get(id);
        if (other == null || other == l || other.revoked || other.judged == null || other.judged.skip() != Skip.OVERSIZED) continue;
        other.judged = admit(id, other.group, other.judged);
        if (other.judged.indicator() != null) changed.add(id);
      }
    }

    /** The source of a version made or imported here. */
    public static final int LOCAL = 0;

    /**
     * The first budget group of local accounts: the versions a local account wrote (over TAXII) are
     * of source {@link #LOCAL}, owned by this node, and of group ACCOUNT_GROUPS + n, n one per account,
     * above every peer's id, so that each writer's indicators spend automaton states, searches and
     * sightings of their own ({@link Indicator#group}).
     */
    public static final int ACCOUNT_GROUPS = 1 << 30;

    private static final int NO_PEER = -1;

    /**
     * The budget group of local account {@code name}: {@link #ACCOUNT_GROUPS} plus 30 bits of the
     * SHA-256 of its name, the same at every start. The keys of counted records name groups and
     * outlive a restart; numbered in the order the accounts were first read, a group's number moved
     * when the order did, and records sent again after a restart counted again (hostile run 12m).
     */
    public static int accountGroup(String name) {
      byte[] h;
      try {
        h = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("SHA-256 is missing from this Java", e);
      }
      int bits = (h[0] & 0xff) << 24 | (h[1] & 0xff) << 16 | (h[2] & 0xff) << 8 | h[3] & 0xff;
      return ACCOUNT_GROUPS + (bits & (ACCOUNT_GROUPS - 1));
    }

    /**
     * Whose a version is, for owning its id: the peer that sent it, this node ({@link #LOCAL}: made or
     * imported here, or written by an administrator), or the local account that wrote it (its group).
     * A local account that may write one collection is not the node's operator: its version of an id
     * another holds never replaces or revokes that one (hostile run 12l: a write account rewrote, then
     * revoked for good, the administrator's indicator held in a collection it could not read).
     */
    private static int holder(int source, int group) {
      return source == LOCAL && group >= ACCOUNT_GROUPS ? group : source;
    }

    /** Offers one STIX object made or imported here. */
    public Builder add(ObjectNode object) {
      return add(object, LOCAL, Instant.MIN);
    }


    /**
     * Offers one STIX object from {@code source} ({@link #LOCAL} when it was made or imported here,
     * else the peer that sent it), added to this node at {@code added}. An id has one owner, whose
     * versions alone count: this node when it holds a version of its own, else the peer whose version
     * was added first. A version from any other source never replaces the owner's, whatever its
     * {@code modified}: a peer that knows the id of an indicator this node made, or another peer sent,
     * could otherwise change its pattern or revoke it here (STIX 2.1 §3.6: only its creator versions
     * an object), and take the sightings of the pattern it wrote as feedback (a hostile run did,
     * with another peer's indicator). Of the owner's versions the greatest {@code modified} wins, and
     * of equal ones the last offered; but once any of the owner's versions is revoked, the id is
     * revoked whatever the other versions say and in whatever order they come (STIX 2.1 §3.2: future
     * versions of a revoked object must not be created, so one that claims {@code revoked: false} is
     * not obeyed). It is not refused where it is stored: a refusal would tell its writer what a
     * collection it may not read holds; detection alone ignores it.
     */
    public Builder add(ObjectNode object, int source, Instant added) {
      return add(object, source, source, added);
    }

    /**
     * As {@link #add(ObjectNode, int, Instant)}, the version written by budget group {@code group}: the
     * peer ({@code source}) for a peer's, {@link #LOCAL} for one made or imported here, a local
     * account's group ({@link #ACCOUNT_GROUPS}) for one it wrote; the indicator's automaton states
     * are its group's ({@link #SOURCE_STATES}). A local account's version is that account's, as a
     * peer's is the peer's: it owns an id no one held before it, and never replaces or revokes the
     * version of this node, a peer or another account ({@link #holder}), as a peer's version never
     * replaces or revokes an account's that was added before it.
     */
    public Builder add(ObjectNode object, int source, int group, Instant added) {
      if (!"indicator".equals(object.path("type").asText())) return this;
      String id = object.path("id").asText("");
      // only the JSON true revokes: "true", 1 or [true] is no boolean, and such a version is invalid (judge)
      if (object.path("revoked").isBoolean() && object.path("revoked").booleanValue()) {
        revokedBy.merge(id, Set.of(holder(source, group)), Builder::union);
      }
      offer(id, object, source, group, added);
      // whichever version was read, and in whatever order: a revocation that counts ends the id for good
      Latest l = latest.get(id);
      if (l != null && !l.revoked && revokedForGood(id, l)) {
        l.revoked = true;
        release(l);
        changed.add(id);
      }
      return this;
    }

    private void offer(String id, ObjectNode object, int source, int group, Instant added) {
      Instant modified = Comparisons.timestamp(object.path("modified").asText(""));
      if (modified == null) modified = Instant.MIN;
      Latest known = latest.get(id);
      int holder = holder(source, group);
      int origin = known == null ? NO_PEER : known.origin;
      Instant originAdded = known == null ? null : known.originAdded;
      // the origin is the writer of the version added first, of every writer's (of versions added at one time,
      // this node's own is the first); a local account is never the origin, its revocation counts only while it
      // holds the id, and a peer that came after it is none either: whatever order the versions are read in
      boolean account = holder >= ACCOUNT_GROUPS;
      if (originAdded == null || added.isBefore(originAdded) || added.equals(originAdded) && holder == LOCAL) {
        origin = account ? NO_PEER : source;
        originAdded = added;
      }
      if (known != null) {
        known.origin = origin;
        known.originAdded = originAdded;
      }
      Instant firstAdded = added;
      if (known != null) {
        superseded++;
        if (known.holder != holder) {
          // this node's own takes every id; else the writer whose version was added first keeps it, a peer or a
          // local account alike (hostile run 12x: a peer that could write only its inbox revoked, or re-patterned,
          // an indicator a local analyst's account wrote, which a peer's version then took over whenever it came)
          boolean takesOver = holder == LOCAL || !known.local && added.isBefore(known.firstAdded);
          if (!takesOver) return;
        } else {
          if (modified.isBefore(known.modified)) return;
          firstAdded = known.firstAdded.isBefore(added) ? known.firstAdded : added;
        }
      }
      boolean revokedNow = revokedForGood(id, holder, origin);
      Latest now = new Latest(modified, source, group, firstAdded, revokedNow ? REVOKED : judge(id, object, source, group));
      now.origin = origin;
      now.originAdded = originAdded;
      now.revoked = revokedNow;
      if (known != null) release(known);
      latest.put(id, now);
      changed.add(id);
    }

    /**
     * Whether a revocation that counts was read for the id: the owner's, this node's own, or that of the
     * peer whose version arrived before any other, which this node's own version may have taken over
     * from (a local account's later version with {@code revoked: false} brought a peer's revoked
     * indicator back, and a peer's revocation went unheeded after an operator's local edit: a hostile
     * run). A peer that sent the id only after this node held it is neither.
     */
    private boolean revokedForGood(String id, Latest l) {
      return revokedForGood(id, l.holder, l.origin);
    }

    private boolean revokedForGood(String id, int holder, int origin) {
      Set<Integer> sources = revokedBy.get(id);
      if (sources == null) return false;
      // this node's own revocation is the owner's: once it holds a version of its own, it owns the id
      return sources.contains(holder) || origin != NO_PEER && sources.contains(origin);
    }

    private static Set<Integer> union(Set<Integer> a, Set<Integer> b) {
      if (a.containsAll(b)) return a;
      Set<Integer> both = new HashSet<>(a);
      both.addAll(b);
      return Set.copyOf(both);
    }

    /**
     * The ids whose latest version changed since the last call (or since this builder was made),
     * and forgets them: each is now an indicator of the next {@link #build}, or no longer one.
     */
    public Set<String> takeChanged() {
      Set<String> out = Set.copyOf(changed);
      changed.clear();
      return out;
    }

    /** What the latest version of {@code id} is to detection now: an indicator, or null (none, revoked, invalid, another pattern type). */
    public Indicator active(String id) {
      Latest l = latest.get(id);
      return l == null ? null : judged(id, l).indicator();
    }

    /**
     * Why the latest version of {@code id} is skipped although its pattern is valid (its REPEATS
     * could never be counted: {@link MatchState#uncountable}; its expressions would take its source
     * past {@link #SOURCE_STATES}), or null: an operator must hear of it.
     */
    public String whySkipped(String id) {
      Latest l = latest.get(id);
      if (l == null) return null;
      Judged j = judged(id, l);
      return j.skip() == Skip.UNCOUNTABLE || j.skip() == Skip.OVERSIZED ? j.problem() : null;
    }

    /**
     * Counts a version that is not a valid STIX object ({@code why}) as an invalid indicator, offered
     * in its place: as a node refuses it where it would be stored, detection never sees it, and an
     * id's other versions are judged without it.
     */
    public Builder refuse(String id, String why) {
      refused.add(id + ": " + why);
      return this;
    }

    public IndicatorSet build() {
      List<Indicator> out = new ArrayList<>(latest.size());
      List<String> problems = new ArrayList<>(refused);
      int revoked = 0;
      int other = 0;
      int invalid = refused.size();
      int uncountable = 0;
      int oversized = 0;
      List<Map.Entry<String, Latest>> byId = new ArrayList<>(latest.entrySet());
      byId.sort(Map.Entry.comparingByKey());
      for (Map.Entry<String, Latest> e : byId) {
        Judged j = judged(e.getKey(), e.getValue());
        if (j.indicator() != null) {
          out.add(j.indicator());
          continue;
        }
        switch (j.skip()) {
          case REVOKED -> revoked++;
          case OTHER_PATTERN_TYPE -> other++;
          case INVALID -> {
            invalid++;
            problems.add(j.problem());
          }
          case UNCOUNTABLE -> {
            uncountable++;
            problems.add(j.problem());
          }
          case OVERSIZED -> {
            oversized++;
            problems.add(j.problem());
          }
        }
      }
      return new IndicatorSet(out, new Counts(out.size(), superseded, revoked, other, invalid, uncountable, oversized), problems);
    }

    private static Judged judge(String id, ObjectNode o, int owner, int group) {
      JsonNode revoked = o.get("revoked");
      if (revoked != null && !revoked.isBoolean()) return new Judged(null, Skip.INVALID, id + ": revoked must be true or false");
      if (revoked != null && revoked.booleanValue()) return new Judged(null, Skip.REVOKED, null);
      if (!"stix".equals(o.path("pattern_type").asText("stix"))) return new Judged(null, Skip.OTHER_PATTERN_TYPE, null);
      Instant from = Comparisons.timestamp(o.path("valid_from").asText(""));
      JsonNode untilNode = o.get("valid_until");
      Instant until = untilNode == null ? null : Comparisons.timestamp(untilNode.asText(""));
      if (from == null || untilNode != null && until == null) {
        return new Judged(null, Skip.INVALID, id + ": valid_from and valid_until must be STIX timestamps");
      }
      if (until != null && !until.isAfter(from)) {
        // STIX 2.1 §4.7: valid_until MUST be greater than valid_from
        return new Judged(null, Skip.INVALID, id + ": valid_until must be later than valid_from");
      }
      ParseResult parsed = Patterns.parse(o.path("pattern").asText(""));
      if (parsed instanceof ParseResult.Invalid bad) return new Judged(null, Skip.INVALID, id + ": " + bad.error());
      var uncountable = MatchState.uncountable(((ParseResult.Valid) parsed).pattern());
      if (uncountable.isPresent()) return new Judged(null, Skip.UNCOUNTABLE, id + ": skipped: " + uncountable.get());
      return new Judged(new Indicator(id, IndicatorPatterns.normalise(((ParseResult.Valid) parsed).pattern()), from, until, tlp(o), owner,
          group), null, null);
    }

    /**
     * The most restrictive TLP that marks the indicator or any part of it: its object markings and
     * its granular markings alike (§7.2.3: a pattern marked TLP:RED under an object marked CLEAR is
     * RED data, and a sighting of it may repeat it; a hostile run saw such a sighting go out CLEAR).
     */
    private static Tlp tlp(ObjectNode o) {
      Markings m = Markings.of(o);
      Tlp object = m.objectTlp().orElse(null);
      Tlp granular = m.granularTlp().orElse(null);
      return object == null ? granular : granular == null ? object : object.max(granular);
    }
  }
}
