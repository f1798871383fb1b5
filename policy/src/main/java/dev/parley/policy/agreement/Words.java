package dev.parley.policy.agreement;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The words of an agreement file that name the constants of an enum: the constant's name in lower case. */
final class Words {
  private Words() {}

  static String of(Enum<?> constant) {
    return constant.name().toLowerCase(Locale.ROOT);
  }

  /** The constant {@code word} names, written exactly (lower case). */
  static <E extends Enum<E>> Optional<E> parse(Class<E> type, String word) {
    for (E constant : type.getEnumConstants()) {
      if (of(constant).equals(word)) return Optional.of(constant);
    }
    return Optional.empty();
  }

  /** "a, b or c": the words of every constant, for messages. */
  static String list(Class<? extends Enum<?>> type) {
    return join(Arrays.stream(type.getEnumConstants()).map(Words::of).toList(), "or");
  }

  /** "a, b {@code conjunction} c". */
  static String join(List<String> words, String conjunction) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < words.size(); i++) {
      if (i > 0) out.append(i == words.size() - 1 ? " " + conjunction + " " : ", ");
      out.append(words.get(i));
    }
    return out.toString();
  }
}
