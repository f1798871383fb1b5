// The STIX 2.1 patterning language, written from the prose of STIX 2.1 section 9.
// Precedence (9.5.3), highest first: parentheses, AND, OR, FOLLOWEDBY; qualifiers bind to the
// nearest observation expression (9.5.2: "qualifiers not being greedy"), several in a row each to
// everything before it (9.5.1: "a MUST be an Observation Expression or a preceding Qualifier").
// Chains are loops, not left recursion: the parse tree stays flat however long a chain is, and
// every decision needs one token of lookahead past an object path (SLL prediction suffices).
grammar StixPattern;

pattern : followedBy EOF ;

// 9.5.2 observation operators, all left to right
followedBy : observationOr (FOLLOWEDBY observationOr)* ;
observationOr : observationAnd (OR observationAnd)* ;
observationAnd : qualified (AND qualified)* ;
qualified : observationPrimary qualifier* ;
observationPrimary
  : LBRACK comparisonOr RBRACK        # bracket
  | LPAREN followedBy RPAREN          # group
  ;

// 9.5.1 qualifiers
qualifier
  : WITHIN number SECONDS                      # within
  | REPEATS IntLiteral TIMES                   # repeats
  | START TimestampLiteral STOP TimestampLiteral # startStop
  ;

// 9.6 comparison expressions: AND binds tighter than OR
comparisonOr : comparisonAnd (OR comparisonAnd)* ;
comparisonAnd : comparison (AND comparison)* ;
comparison
  : LPAREN comparisonOr RPAREN                       # nested
  | objectPath NOT? operator constant                # compare
  | objectPath NOT? IN LPAREN (constant (COMMA constant)*)? RPAREN # in
  | objectPath NOT? (LIKE | MATCHES | ISSUBSET | ISSUPERSET) StringLiteral # text
  | NOT? EXISTS objectPath                           # exists
  ;
operator : EQ | NEQ | LT | LE | GT | GE ;

// 9.7 object paths
objectPath : objectType COLON pathKey pathStep* ;
objectType : Identifier | HyphenatedIdentifier ;
pathKey : Identifier | StringLiteral | keyword ;
pathStep
  : DOT pathKey                 # member
  | LBRACK IntLiteral RBRACK    # index
  | LBRACK ASTERISK RBRACK      # anyIndex
  ;
// keywords are legal property names after a dot (e.g. file:hashes.START would be odd but valid)
keyword : AND | OR | NOT | FOLLOWEDBY | LIKE | MATCHES | ISSUBSET | ISSUPERSET | EXISTS | IN
        | WITHIN | SECONDS | REPEATS | TIMES | START | STOP | BoolLiteral ;

// 9.2 constants
constant
  : StringLiteral | IntLiteral | FloatLiteral | BoolLiteral
  | TimestampLiteral | BinaryLiteral | HexLiteral ;
number : IntLiteral | FloatLiteral ;

AND : 'AND' ;
OR : 'OR' ;
NOT : 'NOT' ;
FOLLOWEDBY : 'FOLLOWEDBY' ;
LIKE : 'LIKE' ;
MATCHES : 'MATCHES' ;
ISSUBSET : 'ISSUBSET' ;
ISSUPERSET : 'ISSUPERSET' ;
EXISTS : 'EXISTS' ;
IN : 'IN' ;
WITHIN : 'WITHIN' ;
SECONDS : 'SECONDS' ;
REPEATS : 'REPEATS' ;
TIMES : 'TIMES' ;
START : 'START' ;
STOP : 'STOP' ;
BoolLiteral : 'true' | 'false' ;

// t'...', b'...', h'...' are checked after parsing so that errors can say what is wrong inside
TimestampLiteral : 't\'' ~['\r\n]* '\'' ;
BinaryLiteral : 'b\'' ~[']* '\'' ;
HexLiteral : 'h\'' ~['\r\n]* '\'' ;
// any escape is lexed; only \' and \\ survive the checks (9.2)
StringLiteral : '\'' ( ~['\\] | '\\' . )* '\'' ;
FloatLiteral : '-'? [0-9]* '.' [0-9]+ ([eE] [+-]? [0-9]+)? ;
IntLiteral : '-'? [0-9]+ ;

Identifier : [a-zA-Z_] [a-zA-Z0-9_]* ;
HyphenatedIdentifier : [a-zA-Z_] [a-zA-Z0-9_-]* ;

// the published grammar's spellings; printing uses = and !=
EQ : '=' | '==' ;
NEQ : '!=' | '<>' ;
LE : '<=' ;
LT : '<' ;
GE : '>=' ;
GT : '>' ;
COLON : ':' ;
DOT : '.' ;
COMMA : ',' ;
LBRACK : '[' ;
RBRACK : ']' ;
LPAREN : '(' ;
RPAREN : ')' ;
ASTERISK : '*' ;

// 9.4: any code point with WSpace=Y delimits
WS : [ \t\r\n\u000B\u000C\u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]+ -> skip ;
// anything else becomes a token the parser rejects with a position
Unexpected : . ;
