package dev.parley.store.embedded;

import com.sun.security.auth.module.UnixSystem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Who could change a path other than this process's user: read from its owner and mode with the
 * {@code unix} file attribute view (Linux, macOS). Where that view is missing (Windows) nothing is
 * checked: there a folder's access list decides, and the files take their folder's.
 */
final class Ownership {
  private static final int GROUP_OR_OTHERS_WRITE = 0022;
  private static final int STICKY = 01000;

  private Ownership() {}

  /** Whether owners and modes can be checked on {@code p}'s file system. */
  static boolean checkable(Path p) {
    return p.getFileSystem().supportedFileAttributeViews().contains("unix");
  }

  /** This process's user id (looked up once: the look-up reads the user database too). */
  static long uid() {
    return Uid.VALUE;
  }

  private static final class Uid {
    static final long VALUE = new UnixSystem().getUid();
  }

  /**
   * Why a user other than this process's (and root) could change what {@code p} is or holds, or
   * empty: another user owns it, or its group or others may write it. {@code sticky} accepts a
   * folder that others may write but in which only owners may rename or delete (as {@code /tmp}).
   * Links are judged by their owner only (their mode is not used).
   */
  static Optional<String> othersMayChange(Path p, boolean sticky) throws IOException {
    if (!checkable(p)) return Optional.empty();
    Map<String, Object> attributes = Files.readAttributes(p, "unix:uid,mode,isSymbolicLink,isDirectory", LinkOption.NOFOLLOW_LINKS);
    int owner = (Integer) attributes.get("uid");
    if (owner != uid() && owner != 0) return Optional.of(p + " is owned by another user (uid " + owner + ")");
    if ((Boolean) attributes.get("isSymbolicLink")) return Optional.empty();
    int mode = (Integer) attributes.get("mode");
    boolean stickyFolder = sticky && (mode & STICKY) != 0 && (Boolean) attributes.get("isDirectory");
    if ((mode & GROUP_OR_OTHERS_WRITE) != 0 && !stickyFolder) {
      return Optional.of(p + " may be written by other users (mode " + String.format("%04o", mode & 07777) + ")");
    }
    return Optional.empty();
  }
}
