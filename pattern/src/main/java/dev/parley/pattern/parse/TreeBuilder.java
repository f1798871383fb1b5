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
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.tree.TerminalNode;

/** Builds the sealed syntax tree from the ANTLR parse tree, checking as it goes (STIX 2.1 §9). */
final class TreeBuilder {

  Pattern pattern(PatternContext ctx) {
    return new Pattern(followedBy(ctx.followedBy()));
  }

  private PatternExpression followedBy(FollowedByContext ctx) {
    PatternExpression e = or(ctx.observationOr(0));
    for (int i = 1; i < ctx.observationOr().size(); i++) {
      e = new PatternExpression.Combined(ObservationOperator.FOLLOWEDBY, e, or(ctx.observationOr(i)));
    }
    return e;
  }

  private PatternExpression or(ObservationOrContext ctx) {
    PatternExpression e = and(ctx.observationAnd(0));
    for (int i = 1; i < ctx.observationAnd().size(); i++) {
      e = new PatternExpression.Combined(ObservationOperator.OR, e, and(ctx.observationAnd(i)));
    }
    return e;
  }

  private PatternExpression and(ObservationAndContext ctx) {
    PatternExpression e = qualified(ctx.qualified(0));
    for (int i = 1; i < ctx.qualified().size(); i++) {
      e = new PatternExpression.Combined(ObservationOperator.AND, e, qualified(ctx.qualified(i)));
    }
    return e;
  }

  private PatternExpression qualified(QualifiedContext ctx) {
    PatternExpression e = ctx.observationPrimary() instanceof BracketContext b
        ? bracket(b)
        : followedBy(((GroupContext) ctx.observationPrimary()).followedBy());
    List<Class<?>> seen = new ArrayList<>();
    for (QualifierContext q : ctx.qualifier()) {
      Qualifier qualifier = qualifier(q);
      if (seen.contains(qualifier.getClass())) {
        // §9.5.1: "MUST NOT have more than one Qualifier of a particular type"
        throw Rejection.at(q.getStart(), "more than one " + q.getStart().getText() + " qualifier");
      }
      seen.add(qualifier.getClass());
      e = new PatternExpression.Qualified(e, qualifier);
    }
    return e;
  }

  private Qualifier qualifier(QualifierContext ctx) {
    if (ctx instanceof WithinContext w) {
      BigDecimal seconds = Constants.decimal(w.number().getStart());
      if (seconds.signum() <= 0) {
        throw Rejection.at(w.number().getStart(), "WITHIN needs a positive number of seconds");
      }
      return new Qualifier.Within(seconds);
    }
    if (ctx instanceof RepeatsContext r) {
      long times = Constants.integer(r.IntLiteral().getSymbol());
      if (times <= 0 || times > Integer.MAX_VALUE) {
        throw Rejection.at(r.IntLiteral().getSymbol(), "REPEATS needs a positive count");
      }
      return new Qualifier.Repeats((int) times);
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
    ComparisonExpression e = comparisonAnd(ctx.comparisonAnd(0));
    for (int i = 1; i < ctx.comparisonAnd().size(); i++) {
      e = new ComparisonExpression.Or(e, comparisonAnd(ctx.comparisonAnd(i)));
    }
    return e;
  }

  private ComparisonExpression comparisonAnd(ComparisonAndContext ctx) {
    ComparisonExpression e = comparison(ctx.comparison(0));
    for (int i = 1; i < ctx.comparison().size(); i++) {
      e = new ComparisonExpression.And(e, comparison(ctx.comparison(i)));
    }
    return e;
  }

  private ComparisonExpression comparison(ComparisonContext ctx) {
    if (ctx instanceof NestedContext n) return comparisonOr(n.comparisonOr());
    if (ctx instanceof CompareContext c) {
      ComparisonOperator op = operator(c.operator().getStart());
      Constant value = Constants.constant(c.constant().getStart());
      if (op.isOrdering() && value instanceof Constant.BooleanConstant) {
        throw Rejection.at(c.constant().getStart(), "booleans have no order; use = or !=");
      }
      return new ComparisonExpression.Comparison(path(c.objectPath()), op, c.NOT() != null, value);
    }
    if (ctx instanceof InContext in) {
      List<Constant> values = new ArrayList<>();
      for (ConstantContext v : in.constant()) values.add(Constants.constant(v.getStart()));
      Constants.checkHomogeneous(values, in.constant());
      return new ComparisonExpression.Comparison(
          path(in.objectPath()), ComparisonOperator.IN, in.NOT() != null,
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
    String type = ObjectTypes.check(ctx.objectType().getStart());
    List<PathStep> steps = new ArrayList<>();
    steps.add(new PathStep.Key(key(ctx.pathKey())));
    for (PathStepContext step : ctx.pathStep()) {
      if (step instanceof MemberContext m) steps.add(new PathStep.Key(key(m.pathKey())));
      else if (step instanceof IndexContext i) steps.add(new PathStep.Index(index(i.IntLiteral())));
      else steps.add(new PathStep.AnyIndex());
    }
    return new ObjectPath(type, steps);
  }

  private static String key(PathKeyContext ctx) {
    Token token = ctx.getStart();
    return token.getType() == StixPatternLexer.StringLiteral
        ? Constants.string(token).value()
        : token.getText();
  }

  private static int index(TerminalNode node) {
    long index = Constants.integer(node.getSymbol());
    if (index < 0 || index > Integer.MAX_VALUE) {
      throw Rejection.at(node.getSymbol(), "a list index must be 0 or more");
    }
    return (int) index;
  }
}
