/** The STIX patterning language: parser, syntax tree, exact evaluator and compiled bulk matcher. Does no I/O. */
module dev.parley.pattern {
  requires transitive com.fasterxml.jackson.databind;
  requires org.antlr.antlr4.runtime;

  exports dev.parley.pattern;
  exports dev.parley.pattern.eval;
  exports dev.parley.pattern.match;
  exports dev.parley.pattern.observe;
  exports dev.parley.pattern.syntax;
  exports dev.parley.pattern.value;
}
