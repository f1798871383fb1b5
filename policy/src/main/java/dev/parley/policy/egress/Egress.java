package dev.parley.policy.egress;

import dev.parley.policy.Definition;
import dev.parley.policy.MarkingStatus;
import dev.parley.policy.Markings;
import dev.parley.policy.Tlp;
import dev.parley.policy.agreement.Agreement;
import dev.parley.policy.agreement.DanglingRefs;
import dev.parley.policy.agreement.Share;
import dev.parley.stix.marking.TlpIds;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.function.Predicate;

/**
 * Decides whether an object version may go to a peer, fail closed: served only if every rule of the
 * agreement allows it. The rules, as numbered in the specification of federation:
 *
 * <ol>
 *   <li>its collection is shared with the peer, and its type allowed;
 *   <li>its TLP is at most {@code max_tlp}: the most restrictive TLP object marking, or
 *       {@code unmarked} when there is none; every granular TLP marking too; a marking that is
 *       neither TLP nor a statement withholds;
 *   <li>received from a peer: CLEAR goes on, GREEN only where its source allows relay, AMBER and
 *       above never (an object without a TLP marking counts as at least GREEN here: only a CLEAR
 *       marking says it may go anywhere); and nothing goes back to the peer it came from;
 *   <li>nothing it names is withheld from the peer, or not held here (unless {@code dangling_refs}
 *       serves those): {@link #referencesServable};
 *   <li>a standard TLP marking definition is always servable (from a shared collection), and a
 *       reference to one never dangles.
 * </ol>
 *
 * <p>When several rules withhold a version, the one named is the first in {@link Rule}'s order.
 * Pure and thread-safe.
 */
public final class Egress {
  private static final Decision SERVED = new Decision.Served();

  private Egress() {}

  /**
   * Rules 1, 2, 3 and 5 for {@code candidate} and the peer {@code peer} under {@code agreement}. Rule
   * 4 needs what else the node holds: see {@link #decide(String, Agreement, Candidate, Set, Predicate, Predicate)}.
   */
  public static Decision decide(String peer, Agreement agreement, Candidate candidate) {
    Optional<Share> share = agreement.shareFor(candidate.collection());
    if (share.isEmpty()) return new Decision.Withheld(Rule.COLLECTION);
    if (candidate.markings().definition() instanceof Definition.StandardTlp) return SERVED;
    for (Rule rule : Rule.values()) {
      if (withholds(rule, peer, share.get(), candidate)) return new Decision.Withheld(rule);
    }
    return SERVED;
  }

  /**
   * All five rules: those of {@link #decide(String, Agreement, Candidate)}, then rule 4 over
   * {@code references} ({@link dev.parley.policy.References#of}) with the share entry's
   * {@code dangling_refs}.
   */
  public static Decision decide(String peer, Agreement agreement, Candidate candidate, Set<String> references,
      Predicate<String> servableToPeer, Predicate<String> held) {
    return decide(peer, agreement, candidate, references, servableToPeer, held, (ref, share) -> true);
  }

  /**
   * All five rules, where the node may hold several objects under one id (versions, copies in other
   * collections, copies other peers sent): a reference is servable only when, besides the peer
   * reading that id, {@code copiesAllow} says that no object the node holds under it is withheld by
   * rule 2 under the referencing object's share entry ({@link #copyWithheld}). An object names an id,
   * not one of the copies; a peer's CLEAR copy of the id of the node's RED object released the
   * node's GREEN note about it (a hostile run).
   */
  public static Decision decide(String peer, Agreement agreement, Candidate candidate, Set<String> references,
      Predicate<String> servableToPeer, Predicate<String> held, BiPredicate<String, Share> copiesAllow) {
    Decision decision = decide(peer, agreement, candidate);
    if (!decision.served() || candidate.markings().definition() instanceof Definition.StandardTlp) return decision;
    Share share = agreement.shareFor(candidate.collection()).orElseThrow();
    boolean danglingServe = share.danglingRefs() == DanglingRefs.SERVE;
    if (!referencesServable(references, servableToPeer, danglingServe, held)) return new Decision.Withheld(Rule.REFERENCE);
    for (String ref : references) {
      if (!TlpIds.isTlp(ref) && held.test(ref) && !copiesAllow.test(ref, share)) return new Decision.Withheld(Rule.REFERENCE);
    }
    return decision;
  }

  /**
   * Rule 2 alone for {@code copy}, an object held under an id that a candidate of {@code share}
   * names: whether its TLP, its unmarked state, its granular markings or a marking the node does not
   * understand would withhold it from that share. A standard TLP marking definition never is.
   */
  public static boolean copyWithheld(Share share, Candidate copy) {
    if (copy.markings().definition() instanceof Definition.StandardTlp) return false;
    for (Rule rule : new Rule[] {Rule.TLP, Rule.UNMARKED, Rule.GRANULAR, Rule.UNKNOWN_MARKING}) {
      if (withholds(rule, "", share, copy)) return true;
    }
    return false;
  }

  /**
   * Rule 4: whether every identifier in {@code refs} may reach the peer. A standard TLP marking
   * definition always may (rule 5), held or not; an object not {@code held} may only when
   * {@code danglingServe} (it may still arrive, marked RED); any other must be {@code servableToPeer}.
   * The caller's {@code servableToPeer} decides the referenced object with these same rules; a cycle
   * of references is the caller's to cut (serving all of a cycle whose members pass every other rule
   * leaks nothing).
   */
  public static boolean referencesServable(Set<String> refs, Predicate<String> servableToPeer, boolean danglingServe,
      Predicate<String> held) {
    for (String ref : refs) {
      if (TlpIds.isTlp(ref)) continue;
      if (!held.test(ref)) {
        if (danglingServe) continue;
        return false;
      }
      if (!servableToPeer.test(ref)) return false;
    }
    return true;
  }

  private static boolean withholds(Rule rule, String peer, Share share, Candidate c) {
    Markings m = c.markings();
    Tlp max = share.maxTlp();
    return switch (rule) {
      case COLLECTION, REFERENCE -> false; // decided before rule 5 and after every other rule
      case TYPE -> !share.allowsType(c.type());
      case ECHO -> c.provenance() instanceof Provenance.Received r && r.peer().equals(peer);
      case TLP -> m.objectTlp().map(t -> t.above(max)).orElse(false);
      // an unmarked object from a peer counts as at least GREEN here too, as for rule 3: its source never said CLEAR;
      // one with a marking the node does not understand is for UNKNOWN_MARKING, after this, to withhold (hostile run 10p:
      // explain said "unmarked" for an object marked with a mistyped TLP id)
      case UNMARKED -> m.objectTlp().isEmpty() && !unknownMarking(m, c) && share.unmarked().level()
          .map(t -> c.provenance() instanceof Provenance.Received ? Tlp.max(Tlp.GREEN, t) : t).map(t -> t.above(max)).orElse(true);
      case GRANULAR -> m.granularTlp().map(t -> t.above(max)).orElse(false);
      case UNKNOWN_MARKING -> unknownMarking(m, c);
      case RELAY -> c.provenance() instanceof Provenance.Received r && !relayable(relayLevel(m, share), r.sourceAllowsRelay());
    };
  }

  /** Whether the candidate carries a marking the node does not understand (or malformed markings). */
  private static boolean unknownMarking(Markings m, Candidate c) {
    return m.malformed() || m.others().stream().anyMatch(id -> c.status(id) != MarkingStatus.STATEMENT);
  }

  /**
   * The level rule 3 judges: the TLP object marking, or, for an unmarked object, at least GREEN (the
   * source never said CLEAR); and every granular marking.
   */
  private static Tlp relayLevel(Markings m, Share share) {
    Tlp level = m.objectTlp().orElseGet(() -> Tlp.max(Tlp.GREEN, share.unmarked().level().orElse(Tlp.RED)));
    return m.granularTlp().map(g -> Tlp.max(g, level)).orElse(level);
  }

  private static boolean relayable(Tlp level, boolean sourceAllowsRelay) {
    return switch (level) {
      case CLEAR -> true;
      case GREEN -> sourceAllowsRelay;
      case AMBER, AMBER_STRICT, RED -> false;
    };
  }
}
