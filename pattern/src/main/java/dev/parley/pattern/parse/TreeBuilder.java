package dev.parley.pattern.parse;

import dev.parley.pattern.parse.StixPatternParser.*;
import dev.parley.pattern.syntax.ComparisonExpression;
import dev.parley.pattern.syntax.ComparisonOperator;
import dev.parley.pattern.syntax.Constant;
import dev.parley.pattern.syntax.ObjectPath;
import dev.parley.pattern.syntax.ObservationOperator;
import dev.parley.pattern.syntax.PathStep;
import dev.parley.pattern.syntax.Pattern;
import dev.parley.pattern.syntax.PatternExpression;
import dev.parley.pattern.syntax.Qualifier;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.tree.ParseTree;
import org.antlr.v4.runtime.tree.TerminalNode;

/**
 * Builds the sealed syntax tree from the ANTLR parse tree, checking as it goes (STIX 2.1 §9). It
 * reads each node's children once: ANTLR's typed accessors ({@code ctx.expr(i)}) scan every child
 * on each call, which made a chain of n operands cost n² steps.
 */
final class TreeBuilder {

  Pattern pattern(PatternContext ctx) {
    return new Pattern(followedBy(ctx.followedBy()));
  }

  private PatternExpression followedBy(FollowedByContext ctx) {
    List<PatternExpression> operands = new ArrayList<>();
    for (ObservationOrContext or : operands(ctx, ObservationOrContext.class)) operands.add(or(or));
    return PatternExpression.combine(ObservationOperator.FOLLOWEDBY, operands);
  }

  private PatternExpression or(ObservationOrContext ctx) {
    List<PatternExpression> operands = new ArrayList<>();
    for (ObservationAndContext and : operands(ctx, ObservationAndContext.class)) operands.add(and(and));
    return PatternExpression.combine(ObservationOperator.OR, operands);
  }

  private PatternExpression and(ObservationAndContext ctx) {
    List<PatternExpression> operands = new ArrayList<>();
    for (QualifiedContext q : operands(ctx, QualifiedContext.class)) operands.add(qualified(q));
    return PatternExpression.combine(ObservationOperator.AND, operands);
  }

  /**
   * An expression and its qualifiers, each applying to everything before it (§9.5.1: "a MUST be an
   * Observation Expression or a preceding Qualifier"): {@code [a] WITHIN 5 SECONDS WITHIN 6
   * SECONDS} is {@code ([a] WITHIN 5 SECONDS) WITHIN 6 SECONDS}, as the published grammar nests it.
   */
  private PatternExpression qualified(QualifiedContext ctx) {
    List<ParseTree> children = ctx.children;
    PatternExpression e = children.get(0) instanceof BracketContext b
        ? bracket(b)
        : followedBy(((GroupContext) children.get(0)).followedBy());
    for (int i = 1; i < children.size(); i++) {
      e = new PatternExpression.Qualified(e, qualifier((QualifierContext) children.get(i)));
    }
    return e;
  }

  private Qualifier qualifier(QualifierContext ctx) {
    if (ctx instanceof WithinContext w) {
      Token number = w.number().getStart();
      BigDecimal seconds = number.getType() == StixPatternLexer.IntLiteral
          ? BigDecimal.valueOf(Constants.integer(number))
          : Constants.decimal(number);
      if (seconds.signum() <= 0) throw Rejection.at(number, "WITHIN needs a positive number of seconds");
      return new Qualifier.Within(seconds);
    }
    if (ctx instanceof RepeatsContext r) {
      Token count = r.IntLiteral().getSymbol();
      if (count.getText().startsWith("-") || count.getText().matches("0+")) {
        throw Rejection.at(count, "REPEATS needs a positive count, not " + Constants.shown(count.getText()));
      }
      return new Qualifier.Repeats((int) Constants.whole(count, 1, Integer.MAX_VALUE, "the REPEATS count", ""));
    }
    StartStopContext s = (StartStopContext) ctx;
    Token startToken = s.TimestampLiteral(0).getSymbol();
    var start = Constants.timestamp(startToken);
    var stop = Constants.timestamp(s.TimestampLiteral(1).getSymbol());
    if (!start.isBefore(stop)) throw Rejection.at(startToken, "START must be earlier than STOP");
    return new Qualifier.StartStop(start, stop);
  }

  private PatternExpression bracket(BracketContext ctx) {
    ComparisonExpression comparisons = comparisonOr(ctx.comparisonOr());
    ObjectTypes.checkAndJoinsOneType(comparisons, ctx.getStart());
    return new PatternExpression.Observation(comparisons);
  }

  private ComparisonExpression comparisonOr(ComparisonOrContext ctx) {
    List<ComparisonExpression> operands = new ArrayList<>();
    for (ComparisonAndContext and : operands(ctx, ComparisonAndContext.class)) operands.add(comparisonAnd(and));
    return ComparisonExpression.or(operands);
  }

  private ComparisonExpression comparisonAnd(ComparisonAndContext ctx) {
    List<ComparisonExpression> operands = new ArrayList<>();
    for (ComparisonContext c : operands(ctx, ComparisonContext.class)) operands.add(comparison(c));
    return ComparisonExpression.and(operands);
  }

  private ComparisonExpression comparison(ComparisonContext ctx) {
    if (ctx instanceof NestedContext n) return comparisonOr(n.comparisonOr());
    if (ctx instanceof CompareContext c) {
      ComparisonOperator op = operator(c.operator().getStart());
      Token literal = c.constant().getStart();
      Constant value = Constants.constant(literal);
      if (op.isOrdering() && value instanceof Constant.BooleanConstant) {
        throw Rejection.at(literal, "booleans have no order; use = or !=");
      }
      ObjectPath path = path(c.objectPath());
      if (op == ComparisonOperator.EQ || op == ComparisonOperator.NE) HashValues.check(path, value, literal);
      return new ComparisonExpression.Comparison(path, op, c.NOT() != null, value);
    }
    if (ctx instanceof InContext in) {
      ObjectPath path = path(in.objectPath());
      List<ConstantContext> literals = in.constant();
      List<Constant> values = new ArrayList<>(literals.size());
      for (ConstantContext v : literals) {
        Constant value = Constants.constant(v.getStart());
        HashValues.check(path, value, v.getStart());
        values.add(value);
      }
      Constants.checkHomogeneous(values, literals);
      return new ComparisonExpression.Comparison(path, ComparisonOperator.IN, in.NOT() != null,
          new Constant.SetConstant(values));
    }
    if (ctx instanceof TextContext t) {
      ComparisonOperator op = ComparisonOperator.valueOf(t.getChild(t.NOT() == null ? 1 : 2).getText());
      Token literal = t.StringLiteral().getSymbol();
      Constant.StringConstant value = Constants.string(literal);
      Constants.checkTextOperand(op, value.value(), literal);
      return new ComparisonExpression.Comparison(path(t.objectPath()), op, t.NOT() != null, value);
    }
    ExistsContext x = (ExistsContext) ctx;
    return new ComparisonExpression.Exists(path(x.objectPath()), x.NOT() != null);
  }

  private static ComparisonOperator operator(Token token) {
    return switch (token.getType()) {
      case StixPatternLexer.EQ -> ComparisonOperator.EQ;
      case StixPatternLexer.NEQ -> ComparisonOperator.NE;
      case StixPatternLexer.LT -> ComparisonOperator.LT;
      case StixPatternLexer.LE -> ComparisonOperator.LE;
      case StixPatternLexer.GT -> ComparisonOperator.GT;
      default -> ComparisonOperator.GE;
    };
  }

  private ObjectPath path(ObjectPathContext ctx) {
    List<ParseTree> children = ctx.children; // objectType ':' pathKey pathStep*
    String type = ObjectTypes.check(((ParserRuleContext) children.get(0)).getStart());
    List<PathStep> steps = new ArrayList<>();
    steps.add(new PathStep.Key(key((PathKeyContext) children.get(2))));
    for (int s = 3; s < children.size(); s++) {
      ParseTree step = children.get(s);
      if (step instanceof MemberContext m) steps.add(new PathStep.Key(key(m.pathKey())));
      else if (step instanceof IndexContext i) steps.add(new PathStep.Index(index(i.IntLiteral())));
      else steps.add(new PathStep.AnyIndex());
    }
    return ObjectPath.shared(type, steps);
  }

  private static String key(PathKeyContext ctx) {
    Token token = ctx.getStart();
    return token.getType() == StixPatternLexer.StringLiteral
        ? Constants.string(token).value()
        : token.getText();
  }

  private static int index(TerminalNode node) {
    Token token = node.getSymbol();
    if (token.getText().startsWith("-")) throw Rejection.at(token, "a list index must be 0 or more");
    return (int) Constants.whole(token, 0, Integer.MAX_VALUE, "the list index", "");
  }

  /** The operands of a chain rule ({@code x (OP x)*}), read in one pass over its children. */
  private static <T extends ParserRuleContext> List<T> operands(ParserRuleContext chain, Class<T> type) {
    List<T> out = new ArrayList<>((chain.getChildCount() + 1) / 2);
    for (ParseTree child : chain.children) {
      if (type.isInstance(child)) out.add(type.cast(child));
    }
    return out;
  }
}
