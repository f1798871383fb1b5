package dev.parley.policy.agreement;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.stix.Canonical;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The agreement with one peer: what it may read here ({@link Share}), what this node pulls from it
 * and pushes to it, where it may write, whether what came from it may go on to other peers, and the
 * feedback exchanged. The file format, defaults, refusals and the canonical form are specified in
 * {@code policy/AGREEMENT-FORMAT.md}.
 *
 * <p>The lists are kept in canonical order (by collection), so two agreements that say the same are
 * equal and hash alike whatever order their files wrote. Immutable.
 */
public record Agreement(
    List<Share> share, List<Receive> receive, List<Push> push, List<Accept> accept, boolean relay, Set<Feedback> feedback) {

  /** No sharing, no sync, no relay: what applies to a peer without an agreement. */
  public static final Agreement NONE = new Agreement(List.of(), List.of(), List.of(), List.of(), false, Set.of());

  public Agreement {
    share = sorted(share, Comparator.comparing(Share::collection));
    receive = sorted(receive, Comparator.comparing(Receive::collection).thenComparing(Receive::into));
    push = sorted(push, Comparator.comparing(Push::collection).thenComparing(Push::to));
    accept = sorted(accept, Comparator.comparing(Accept::collection));
    feedback = Set.copyOf(feedback);
    distinct(share, Share::collection, "share");
    distinct(receive, Function.identity(), "receive");
    distinct(push, Function.identity(), "push");
    distinct(accept, Function.identity(), "accept");
  }

  /**
   * Reads an agreement file; local collections are resolved to their ids by {@code resolver}. Never
   * throws for bad input: every problem comes back located.
   */
  public static Parsed parse(String json, CollectionResolver resolver) {
    return AgreementReader.read(json, resolver);
  }

  /** The share entry of the local collection {@code collectionId}, if the peer may read it. */
  public Optional<Share> shareFor(String collectionId) {
    for (Share s : share) {
      if (s.collection().equals(collectionId)) return Optional.of(s);
    }
    return Optional.empty();
  }

  /** The agreement as JSON, every default written out and local collections as ids. */
  public ObjectNode toJsonNode() {
    return AgreementWriter.write(this);
  }

  /** The canonical form: {@link #toJsonNode()} in RFC 8785 form. {@link #parse} reads it back to an equal agreement. */
  public String toJson() {
    return Canonical.string(toJsonNode());
  }

  /** The SHA-256 of the canonical form, in lower-case hexadecimal: what a log entry commits to. */
  public String hash() {
    return HexFormat.of().formatHex(Canonical.sha256(toJsonNode()));
  }

  private static <T> List<T> sorted(List<T> list, Comparator<? super T> order) {
    return list.stream().sorted(order).toList();
  }

  private static <T> void distinct(List<T> entries, Function<T, ?> key, String list) {
    Set<Object> seen = new HashSet<>();
    for (T entry : entries) {
      Objects.requireNonNull(entry, list);
      if (!seen.add(key.apply(entry))) throw new IllegalArgumentException(list + ": an entry twice: " + entry);
    }
  }
}
