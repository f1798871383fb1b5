/** Transparency-log math: RFC 9162 trees and proofs, C2SP tiles, signed notes and checkpoints. Does no I/O, no SQL, no HTTP. */
module dev.parley.tlog {
  requires org.bouncycastle.provider;

  exports dev.parley.tlog;
  exports dev.parley.tlog.checkpoint;
  exports dev.parley.tlog.entry;
  exports dev.parley.tlog.note;
  exports dev.parley.tlog.tiles;
  exports dev.parley.tlog.tree;
  exports dev.parley.tlog.verify;
  exports dev.parley.tlog.witness;
}
